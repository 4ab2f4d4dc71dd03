"""Why an upload cannot be used as asked, one class per answer the tus protocol gives.

The partner API (partners.api.uploads) maps each class to its HTTP status; the domain only says
what is wrong, in a sentence for the partner."""


class UploadError(Exception):
    """An upload cannot be used as asked; the message says why, for the partner."""


class UploadInvalid(UploadError):
    """A header or value the protocol needs is missing or malformed (400)."""


class UploadNotFound(UploadError):
    """No such upload for this partner (404)."""


class UploadGone(UploadError):
    """The upload expired unfinished, or its file was refused: its bytes are gone (410)."""


class UploadConflict(UploadError):
    """The request's offset is not the upload's, or the upload takes no more bytes (409)."""


class UploadBusy(UploadError):
    """Another request is writing this upload now (423); the client retries."""


class UploadTooLarge(UploadError):
    """Over the size a master or a release form may have, or past the declared length (413)."""


class UploadChecksumMismatch(UploadError):
    """The body does not match its Upload-Checksum; nothing of it was kept (460)."""


class UploadRefused(UploadError):
    """The complete file failed its checks by content (422); the upload is failed, file gone."""


class UploadLimitReached(UploadError):
    """The partner has as many unfinished uploads as a partner may (429)."""
