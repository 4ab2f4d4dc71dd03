"""Resumable uploads (tus 1.0): the bytes on disk (files), the protocol's writes and the checks
a finished upload passes (services). The HTTP side, which knows who may upload, is the partner
area's (partners.api.uploads)."""
