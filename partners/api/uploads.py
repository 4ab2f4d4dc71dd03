"""Resumable uploads over HTTP: tus 1.0 (core, creation, termination, checksum, expiration) at
/api/v1/uploads/, for a partner key or a signed-in member (with the CSRF header). What an upload
may be, and the one-writer rule, are footage.uploads'; this module reads the protocol's headers,
streams the PATCH body to it untouched and answers in the protocol's terms. Its refusals
(footage.uploads.errors, each with its status and code) go on to the API's exception handler,
as every view's do; TusView.finalize_response adds the protocol's headers to those answers too,
which is all a tus error needs beyond the API's one error shape.

DRF never parses a PATCH body here: the parser below accepts the tus media type without reading
it, and the view hands the WSGI request's stream to upload_append, which copies it in blocks.
"""

import base64
import binascii

from django.urls import reverse
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import BaseParser
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from catalog.durations import format_duration
from common.members import request_person
from common.models import PUBLIC_ID_PATTERN
from common.schema import ApiSchema, error_responses
from footage.models import Upload
from footage.uploads import errors
from footage.uploads.services import (
    CHECKSUMS,
    checksum_parse,
    upload_append,
    upload_create,
    upload_for,
    upload_is_expired,
    upload_max_bytes,
    upload_terminate,
)
from partners.api.permissions import PARTNER_AUTHENTICATION, IsPartnerMember

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination,checksum,expiration"
CHUNK_MEDIA_TYPE = "application/offset+octet-stream"


class UnreadBodyParser(BaseParser):
    """Accepts any body without reading it: a tus PATCH body is streamed to disk by the view
    itself (which answers 415 to any type but the protocol's), and a creation has none."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return {}


class TusError(exceptions.APIException):
    """What the protocol refuses before an upload is asked for: a version (412), a media type
    (415)."""

    def __init__(self, status_code: int, detail: str, code: str):
        self.status_code = status_code
        super().__init__(detail, code)


# --- the schema's words -------------------------------------------------------------------

TUS_RESUMABLE = OpenApiParameter(
    "Tus-Resumable", str, OpenApiParameter.HEADER, required=True, enum=[TUS_VERSION],
    description="The tus protocol version the client speaks; anything else answers 412.",
)  # fmt: skip
UPLOAD_LENGTH = OpenApiParameter(
    "Upload-Length", {"type": "integer", "format": "int64", "minimum": 1},
    OpenApiParameter.HEADER, required=True,
    description="The whole file's size in bytes (at most MASTER_MAX_BYTES for a master, "
    "RELEASE_FORM_MAX_BYTES for a release form; more answers 413).",
)  # fmt: skip
UPLOAD_METADATA = OpenApiParameter(
    "Upload-Metadata", str, OpenApiParameter.HEADER,
    description="Comma-separated `key base64(value)` pairs: `filename`, `filetype`, and "
    "`purpose` (`master`, the default, or `release_form`).",
)  # fmt: skip
UPLOAD_OFFSET = OpenApiParameter(
    "Upload-Offset", {"type": "integer", "format": "int64", "minimum": 0},
    OpenApiParameter.HEADER, required=True,
    description="Where this body starts: the upload's offset as HEAD last said (else 409).",
)  # fmt: skip
UPLOAD_CHECKSUM = OpenApiParameter(
    "Upload-Checksum", str, OpenApiParameter.HEADER,
    description=f"`<algorithm> <base64 digest>` of this body ({', '.join(CHECKSUMS)}); a "
    "mismatch keeps nothing of the body and answers 460.",
)  # fmt: skip
PUBLIC_ID = OpenApiParameter(
    "public_id", str, OpenApiParameter.PATH, pattern=f"^{PUBLIC_ID_PATTERN}$",
    description="The upload's id (the last part of its Location).",
)  # fmt: skip


def answer_header(name: str, description: str, codes: bool | list = True, kind=OpenApiTypes.STR):
    """A header the answers carry (all of them, or those of `codes`)."""
    return OpenApiParameter(
        name, kind, OpenApiParameter.HEADER, description=description, response=codes
    )


TUS_RESUMABLE_OUT = answer_header("Tus-Resumable", "Always 1.0.0, on every answer.")


UPLOAD_ERRORS = {
    400: "A tus header is missing or malformed (Content-Length, Upload-Offset, "
    "Upload-Checksum, Upload-Metadata…).",
    404: "No such upload for this partner.",
    409: "Upload-Offset is not the upload's offset (ask again with HEAD), or the upload "
    "takes no more bytes.",
    410: "The upload expired unfinished, or its finished file was refused.",
    412: "Tus-Resumable is missing or not 1.0.0.",
    413: "The file, or this body at this offset, is over the size allowed.",
    415: f"A PATCH body must be sent as {CHUNK_MEDIA_TYPE}.",
    422: "The finished file failed its checks by content; the upload is failed and its "
    "file deleted.",
    423: "Another request is writing this upload now; retry in a moment.",
    429: "Too many unfinished uploads for this partner (UPLOADS_MAX_UNFINISHED), or too "
    "many requests.",
    460: "The body does not match Upload-Checksum; nothing of it was kept.",
}


class UploadSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    duration = serializers.SerializerMethodField(help_text="MM:SS, for a finished master.")
    expires_at = serializers.DateTimeField(help_text="When it is deleted if not submitted.")

    class Meta:
        model = Upload
        fields = [
            "id", "purpose", "status", "filename", "filetype", "offset", "length", "error",
            "duration", "duration_seconds", "width", "height", "frame_rate", "created_at",
            "expires_at",
        ]  # fmt: skip

    def get_duration(self, upload) -> str:
        return format_duration(upload.duration_seconds)


# --- the views ----------------------------------------------------------------------------


class TusView(APIView):
    authentication_classes = PARTNER_AUTHENTICATION
    permission_classes = [IsPartnerMember]
    parser_classes = [UnreadBodyParser]
    # A file goes up in many PATCHes (tus-js-client may send small chunks fast) and a 429 is
    # not retried by tus clients: uploads count against a scope of their own, not `user`.
    throttle_classes = [AnonRateThrottle, ScopedRateThrottle]
    throttle_scope = "uploads"

    def initial(self, request, *args, **kwargs):
        # The protocol's version is settled before anything else, as tus servers do.
        unversioned = request.headers.get("Tus-Resumable") != TUS_VERSION
        tus_method = request.method in ("HEAD", "POST", "PATCH", "DELETE")
        if unversioned and tus_method and hasattr(self, request.method.lower()):
            raise TusError(
                412, f"This server speaks tus {TUS_VERSION}: send Tus-Resumable: "
                f"{TUS_VERSION}.", "unsupported_version",
            )  # fmt: skip
        super().initial(request, *args, **kwargs)

    def check_permissions(self, request):
        if request.method != "OPTIONS":  # discovery is open, as the protocol has it
            super().check_permissions(request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Tus-Resumable"] = TUS_VERSION
        if response.status_code == 412:
            response["Tus-Version"] = TUS_VERSION
        response.setdefault("Cache-Control", "no-store")
        return response

    def options(self, request, *args, **kwargs):
        """Tus discovery: the version, extensions, size limit and checksum algorithms."""
        response = Response(status=status.HTTP_204_NO_CONTENT)
        response["Tus-Version"] = TUS_VERSION
        response["Tus-Extension"] = TUS_EXTENSIONS
        response["Tus-Max-Size"] = str(upload_max_bytes(Upload.Purpose.MASTER))
        response["Tus-Checksum-Algorithm"] = ",".join(CHECKSUMS)
        return response


def metadata_parse(text: str) -> dict[str, str]:
    """Upload-Metadata `key base64,key2 base64` as a dict; a malformed pair is a 400."""
    values = {}
    for pair in filter(None, (part.strip() for part in text.split(","))):
        key, _, encoded = pair.partition(" ")
        try:
            values[key] = base64.b64decode(encoded.strip(), validate=True).decode()
        except (binascii.Error, ValueError):
            raise errors.UploadInvalid(
                f"Upload-Metadata: the value of {key[:40]!r} is not base64 of UTF-8 text."
            ) from None
    return values


def whole_number(value: str | None, name: str) -> int:
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 18:
        raise errors.UploadInvalid(f"{name} must be a whole number of bytes.")
    return int(value)


def body_stream(request):
    """The PATCH body to read in blocks. Under gunicorn, its length reader itself: gunicorn's
    wsgi.input (Body) pulls 1 KB at a time from it, re-buffering each 8 KB socket read, which
    held a PATCH to ~40 MB/s on a 2-core machine; the length reader hands whole socket reads.
    Only while nothing has been read through the Body (its buffer is empty), else Django's."""
    wsgi_input = request._request.META.get("wsgi.input")
    reader = getattr(wsgi_input, "reader", None)
    buffered = getattr(wsgi_input, "buf", None)
    gunicorn = type(wsgi_input).__module__ == "gunicorn.http.body" and hasattr(reader, "length")
    if gunicorn and buffered is not None and buffered.tell() == 0:
        return reader
    return request._request  # Django's LimitedStream over the WSGI body


def upload_headers(response, upload: Upload) -> Response:
    response["Upload-Offset"] = str(upload.offset)
    response["Upload-Length"] = str(upload.length)
    if upload.status == Upload.Status.RECEIVING:
        response["Upload-Expires"] = http_date(upload.expires_at.timestamp())
    return response


class UploadCreateView(TusView):
    @extend_schema(
        operation_id="uploads_create",
        summary="Start a resumable upload (tus creation)",
        parameters=[
            TUS_RESUMABLE,
            UPLOAD_LENGTH,
            UPLOAD_METADATA,
            TUS_RESUMABLE_OUT,
            answer_header("Location", "The upload's URL, to PATCH to.", [201]),
            answer_header("Upload-Expires", "When it is deleted unless finished.", [201]),
        ],
        request=None,
        responses={
            201: OpenApiResponse(description="Created; Location is the upload's address."),
            **error_responses(UPLOAD_ERRORS, 400, 412, 413, 429),
        },
        tags=["uploads"],
    )
    def post(self, request):
        length = whole_number(request.headers.get("Upload-Length"), "Upload-Length")
        metadata = metadata_parse(request.headers.get("Upload-Metadata", ""))
        upload = upload_create(
            partner=request.partner,
            length=length,
            purpose=metadata.get("purpose") or Upload.Purpose.MASTER,
            filename=metadata.get("filename", ""),
            filetype=metadata.get("filetype", ""),
            created_by=request_person(request),
        )
        response = Response(status=status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(
            reverse("api:upload-detail", kwargs={"public_id": upload.public_id})
        )
        response["Upload-Expires"] = http_date(upload.expires_at.timestamp())
        return response


class TusSchema(ApiSchema):
    def _get_request_body(self, direction="request"):
        body = super()._get_request_body(direction)
        if body and self.method == "PATCH":
            body["required"] = True  # a PATCH without the bytes is refused (415)
        return body


class UploadDetailView(TusView):
    schema = TusSchema()

    def _upload(self, request, public_id) -> Upload:
        return upload_for(partner=request.partner, public_id=public_id)

    @extend_schema(
        operation_id="uploads_retrieve",
        summary="An upload's progress and, once finished, what the file holds",
        parameters=[PUBLIC_ID, TUS_RESUMABLE_OUT],
        responses={200: UploadSerializer},
        tags=["uploads"],
    )
    def get(self, request, public_id):
        return Response(UploadSerializer(self._upload(request, public_id)).data)

    def head(self, request, public_id):
        """Tus: the offset to resume from. Gone (410) once expired unfinished or refused."""
        upload = self._upload(request, public_id)
        if upload.status == Upload.Status.FAILED or upload_is_expired(upload):
            raise errors.UploadGone("This upload is gone.")
        return upload_headers(Response(status=status.HTTP_200_OK), upload)

    @extend_schema(
        operation_id="uploads_append",
        summary="Send bytes at the upload's offset (tus core, with the checksum extension)",
        parameters=[
            PUBLIC_ID,
            TUS_RESUMABLE,
            UPLOAD_OFFSET,
            UPLOAD_CHECKSUM,
            TUS_RESUMABLE_OUT,
            answer_header("Upload-Offset", "Bytes stored now.", [204], OpenApiTypes.INT64),
        ],
        request={CHUNK_MEDIA_TYPE: OpenApiTypes.BINARY},
        responses={
            204: OpenApiResponse(
                description="Stored; Upload-Offset is the new offset. At the last byte the "
                "file was checked and the upload is ready."
            ),
            **error_responses(UPLOAD_ERRORS, 400, 409, 410, 412, 413, 415, 422, 423, 460),
        },
        tags=["uploads"],
    )
    def patch(self, request, public_id):
        content_type = request.content_type.split(";")[0].strip().lower()
        if content_type != CHUNK_MEDIA_TYPE:
            raise TusError(415, f"Send the bytes as Content-Type: {CHUNK_MEDIA_TYPE}.", "media")
        upload = self._upload(request, public_id)
        offset = whole_number(request.headers.get("Upload-Offset"), "Upload-Offset")
        size = whole_number(request.META.get("CONTENT_LENGTH") or None, "Content-Length")
        checksum = checksum_parse(request.headers.get("Upload-Checksum"))
        upload = upload_append(
            upload=upload,
            offset=offset,
            stream=body_stream(request),
            content_length=size,
            checksum=checksum,
        )
        return upload_headers(Response(status=status.HTTP_204_NO_CONTENT), upload)

    @extend_schema(
        operation_id="uploads_destroy",
        summary="End an upload and delete its bytes (tus termination)",
        parameters=[PUBLIC_ID, TUS_RESUMABLE, TUS_RESUMABLE_OUT],
        responses={
            204: OpenApiResponse(description="Deleted."),
            **error_responses(UPLOAD_ERRORS, 409, 412, 423),
        },
        tags=["uploads"],
    )
    def delete(self, request, public_id):
        upload_terminate(upload=self._upload(request, public_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
