"""What a licensee receives for a clip: the master wrapped in Clipwire's Content Credentials
(footage.signing), made once per master and kept in the masters' storage, beside the masters
(docs/verification.md). Licensing reaches this module through settings.DOWNLOAD_DELIVERY.

A signed copy is stored as `signed/<master's stem>/<fingerprint><suffix>`: the fingerprint
covers the signing certificate, the signer's name, our version, the clip's title and id, so a
new key, a new title or a replaced master (a new stem) gets a new copy, and a copy older than
its master is remade. Making one removes the others of the same master. For a format that
carries no embedded manifest (MXF, MPEG-TS...) the master is delivered unchanged and the
stored file is its `.c2pa` sidecar.

Everything goes through the storage API, so masters on S3 work as local ones do: the master
is copied to a temporary file (unless the storage is local), signed there, and saved back.

The delivery formats of catalog.formats (footage.preparing) are offered here too, for
licensing: format_prepare(asset, code) -> FormatState, format_state, formats_state,
format_open(asset, code) -> Delivery, format_sidecar_open, format_offers_sidecar, and the
refusals FormatUnavailable (404) and FormatNotReady (409). For "original" these are the
master's own delivery_open, sidecar_open and offers_sidecar.
"""

import hashlib
import logging
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings

from catalog.formats import ORIGINAL
from footage.errors import FormatNotReady, FormatUnavailable
from footage.preparing import (
    ABSENT,
    FAILED,
    PREPARING,
    READY,
    FormatState,
    format_prepare,
    format_state,
    formats_state,
    prepared_offers_sidecar,
    prepared_open,
    prepared_sidecar_open,
)
from footage.signing import (
    SIDECAR_MIME_TYPE,
    SIDECAR_SUFFIX,
    SigningUnavailable,
    embeds,
    mime_type_for,
    signed_copy,
    signing_fingerprint,
)
from footage.storages import PARTIAL_PREFIX, Delivery, local_path, open_delivery, store_whole

log = logging.getLogger(__name__)
SIGNED_FOLDER = "signed"
__all__ = [  # what licensing uses: this module's own and footage.preparing's
    "ABSENT",
    "FAILED",
    "PREPARING",
    "READY",
    "SIGNED_FOLDER",
    "Delivery",
    "FormatNotReady",
    "FormatState",
    "FormatUnavailable",
    "SigningUnavailable",
    "delivery_open",
    "ensure_signed",
    "format_offers_sidecar",
    "format_open",
    "format_prepare",
    "format_sidecar_open",
    "format_state",
    "formats_state",
    "offers_sidecar",
    "sidecar_open",
    "signed_name",
]


def offers_sidecar(asset) -> bool:
    """Whether this clip's delivery comes with a separate `.c2pa` manifest."""
    return bool(settings.C2PA_SIGN_DOWNLOADS and asset.master) and not embeds(
        mime_type_for(asset.master.name)
    )


def delivery_open(asset) -> Delivery:
    """The file a licensee downloads for `asset`. Raises SigningUnavailable when it cannot be
    signed, unless C2PA_UNSIGNED_FALLBACK lets the master go out unsigned (logged)."""
    master = asset.master
    mime_type = mime_type_for(master.name)
    suffix = PurePosixPath(master.name).suffix.lower()
    name, signed = master.name, False
    if settings.C2PA_SIGN_DOWNLOADS:
        try:
            stored = ensure_signed(asset)
            signed = True
            if embeds(mime_type):
                name = stored
        except SigningUnavailable as error:
            if not settings.C2PA_UNSIGNED_FALLBACK:
                raise
            log.warning("Serving %s unsigned (C2PA_UNSIGNED_FALLBACK): %s", asset.public_id, error)
    return open_delivery(master.storage, name, suffix, mime_type, signed=signed)


def sidecar_open(asset) -> Delivery | None:
    """The `.c2pa` manifest for a clip delivered without an embedded one, or None when its
    delivery embeds the manifest. Raises SigningUnavailable (no fallback: a manifest that
    cannot be made cannot be served unsigned)."""
    if not offers_sidecar(asset):
        return None
    name = ensure_signed(asset)
    return open_delivery(asset.master.storage, name, SIDECAR_SUFFIX, SIDECAR_MIME_TYPE, signed=True)


def format_open(asset, code: str) -> Delivery:
    """The file a licensee downloads for one format of `asset`: the signed master for
    "original" (delivery_open), else the prepared file. Raises FormatUnavailable,
    FormatNotReady and SigningUnavailable."""
    if code == ORIGINAL:
        return delivery_open(asset)
    return prepared_open(asset, code)


def format_sidecar_open(asset, code: str) -> Delivery | None:
    """The `.c2pa` manifest beside one format of `asset`, or None when the file carries it."""
    if code == ORIGINAL:
        return sidecar_open(asset)
    return prepared_sidecar_open(asset, code)


def format_offers_sidecar(asset, code: str) -> bool:
    """Whether one format of `asset` comes with a separate `.c2pa` manifest."""
    return offers_sidecar(asset) if code == ORIGINAL else prepared_offers_sidecar(code)


def signed_name(asset) -> str:
    """Where the signed copy (or the sidecar) of the asset's current master is kept."""
    master = PurePosixPath(asset.master.name)
    mime_type = mime_type_for(master.name)
    suffix = master.suffix.lower() if embeds(mime_type) else SIDECAR_SUFFIX
    shaping = "\n".join([signing_fingerprint(), asset.title, asset.public_id, master.name])
    digest = hashlib.sha256(shaping.encode()).hexdigest()[:20]
    return f"{SIGNED_FOLDER}/{master.stem}/{digest}{suffix}"


def ensure_signed(asset) -> str:
    """The storage name of the asset's signed copy or sidecar, made now if missing or stale."""
    master = asset.master
    storage = master.storage
    name = signed_name(asset)
    if storage.exists(name):
        if not _older_than_master(storage, name, master.name):
            return name
        storage.delete(name)
    with tempfile.TemporaryDirectory(prefix="clipwire-sign-") as scratch:
        with master.open("rb"), local_path(master) as master_path:
            result = signed_copy(
                master_path,
                mime_type_for(master.name),
                Path(scratch) / f"signed{PurePosixPath(name).suffix}",
                title=asset.title,
                asset_public_id=asset.public_id,
            )
        produced = result.sidecar_path or result.path
        saved = store_whole(storage, name, produced)
    if saved != name:  # another request stored the same copy first; keep that one
        storage.delete(saved)
    _forget_others(storage, name)
    log.info("Signed delivery of %s stored as %s", asset.public_id, name)
    return name


def _older_than_master(storage, name: str, master_name: str) -> bool:
    try:
        return storage.get_modified_time(name) < storage.get_modified_time(master_name)
    except (NotImplementedError, OSError):
        return False


def _forget_others(storage, keep: str):
    """Delete the master's earlier signed copies (another key, title or version)."""
    folder = str(PurePosixPath(keep).parent)
    try:
        _, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for other in files:
        if other.startswith(PARTIAL_PREFIX):
            continue  # another request's copy being written: it renames it into place
        if f"{folder}/{other}" != keep:
            storage.delete(f"{folder}/{other}")
