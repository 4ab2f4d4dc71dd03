"""What the upload tests share: a partner member with a key, tus headers and requests, files under
UPLOADS_ROOT, and a TCP proxy that cuts a connection after so many bytes."""

import base64
import contextlib
import hashlib
import socket
import threading
from pathlib import Path

from django.conf import settings

from partners.services.members import partner_key_create, partner_member_create
from tests.factories import PartnerFactory

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
CHUNK = "application/offset+octet-stream"
URL = "/api/v1/uploads/"


def partner_with_key(partner=None, email="filmer@example.com"):
    partner = partner or PartnerFactory()
    member = partner_member_create(partner=partner, email=email)
    _, raw = partner_key_create(member=member)
    return partner, member, raw


def auth(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Api-Key {raw}", **TUS}


def metadata(**values) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def create(client, raw, length, **meta):
    """Ask for an upload of `length` bytes (a tus creation POST), metadata as keywords."""
    extra = {"HTTP_UPLOAD_LENGTH": str(length)}
    if meta:
        extra["HTTP_UPLOAD_METADATA"] = metadata(**meta)
    return client.post(URL, **auth(raw), **extra)


def patch(client, raw, location, data, offset, **extra):
    """Send `data` to an upload from `offset` (a tus PATCH)."""
    return client.generic(
        "PATCH", location, data=data, content_type=CHUNK,
        **auth(raw), HTTP_UPLOAD_OFFSET=str(offset), **extra,
    )  # fmt: skip


def uploads_on_disk() -> set[Path]:
    root = Path(settings.UPLOADS_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def sha1_header(data: bytes) -> str:
    return "sha1 " + base64.b64encode(hashlib.sha1(data, usedforsecurity=False).digest()).decode()


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


class CuttingProxy:
    """A TCP proxy in front of `target` (host, port) that closes both sockets once `cut_after`
    bytes of the first PATCH request have gone from client to server; everything else passes
    untouched."""

    def __init__(self, target: tuple[str, int], cut_after: int):
        self.target, self.cut_after = target, cut_after
        self.cut_done = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self.listener.close()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, source, sink, upstream):
        sent, cut_after = 0, None
        try:
            while data := source.recv(65536):
                first_patch = sent == 0 and data.startswith(b"PATCH") and not self.cut_done.is_set()
                if upstream and first_patch:
                    self.cut_done.set()
                    cut_after = self.cut_after
                if cut_after is not None and sent + len(data) >= cut_after:
                    sink.sendall(data[: cut_after - sent])
                    break
                sink.sendall(data)
                sent += len(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()
