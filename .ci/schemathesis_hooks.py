"""Schemathesis hooks for .ci/schemathesis (SCHEMATHESIS_HOOKS): the tus PATCH body
(application/offset+octet-stream) is raw bytes, sent as schemathesis sends octet-stream."""

import schemathesis

schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")
