"""Why an upload cannot be used as asked, one class per answer the tus protocol gives: each
carries its HTTP status and machine-readable code (common.errors), the message says what is
wrong, in a sentence for the partner. The partner API (partners.api.uploads) raises them on to
the API's exception handler."""

from common.errors import ServiceError


class UploadError(ServiceError):
    """An upload cannot be used as asked; the message says why, for the partner."""

    status, code = 400, "invalid"


class UploadInvalid(UploadError):
    """A header or value the protocol needs is missing or malformed (400)."""

    status, code = 400, "invalid"


class UploadNotFound(UploadError):
    """No such upload for this partner (404)."""

    status, code = 404, "not_found"


class UploadGone(UploadError):
    """The upload expired unfinished, or its file was refused: its bytes are gone (410)."""

    status, code = 410, "gone"


class UploadConflict(UploadError):
    """The request's offset is not the upload's, or the upload takes no more bytes (409)."""

    status, code = 409, "offset_conflict"


class UploadBusy(UploadError):
    """Another request is writing this upload now (423); the client retries."""

    status, code = 423, "busy"


class UploadTooLarge(UploadError):
    """Over the size a master or a release form may have, or past the declared length (413)."""

    status, code = 413, "too_large"


class UploadChecksumMismatch(UploadError):
    """The body does not match its Upload-Checksum; nothing of it was kept (460)."""

    status, code = 460, "checksum_mismatch"


class UploadRefused(UploadError):
    """The complete file failed its checks by content (422); the upload is failed, file gone."""

    status, code = 422, "refused"


class UploadLimitReached(UploadError):
    """The partner has as many unfinished uploads as a partner may (429)."""

    status, code = 429, "too_many_uploads"
