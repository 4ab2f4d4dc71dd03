"""Clipwire's own Content Credentials on what a licensee downloads (docs/verification.md).

signed_copy() wraps a master in a C2PA manifest that Clipwire signs: the claim names Clipwire
as its generator, says the file was published here (c2pa.published) and carries the
partner's master as its parent ingredient, with the partner's own credentials when the master
had some. The media bytes are not touched: for MP4/MOV the library inserts one box. Formats
C2PA cannot embed into (MXF, MPEG-TS, Matroska) get a sidecar `.c2pa` manifest store instead,
bound to the master's bytes by a hash; the master itself is delivered unchanged.

The certificate chain (C2PA_SIGNING_CERT, leaf first) and key (C2PA_SIGNING_KEY) are PEM files;
`manage.py signing_keys_ensure` makes a development pair.
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePath

import c2pa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from django.conf import settings

CLAIM_GENERATOR = "Clipwire"
DELIVERY_ASSERTION = "com.clipwire.delivery"
SIDECAR_SUFFIX = ".c2pa"
SIDECAR_MIME_TYPE = "application/c2pa"

# A master's MIME type by its file's suffix (masters are stored under their upload's suffix).
MIME_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".mxf": "application/mxf",
    ".ts": "video/mp2t",
    ".m2ts": "video/mp2t",
    ".mts": "video/mp2t",
    ".mkv": "video/x-matroska",
    ".webm": "video/webm",
    ".avi": "video/x-msvideo",
}
# The formats whose manifest goes inside the file (ISO BMFF: one more box, nothing re-encoded).
EMBEDDABLE = {"video/mp4", "video/quicktime"}

_CURVES = {"secp256r1": c2pa.C2paSigningAlg.ES256, "secp384r1": c2pa.C2paSigningAlg.ES384}
_CURVES["secp521r1"] = c2pa.C2paSigningAlg.ES512


class SigningUnavailable(Exception):
    """The file cannot be signed: no usable certificate and key, or the library refused; the
    message says which, for staff."""


@dataclass(frozen=True)
class SignedDelivery:
    path: Path  # what the licensee receives: the signed copy, or the master itself
    sidecar_path: Path | None  # the detached manifest store, for formats that cannot embed one


def mime_type_for(name: str) -> str:
    return MIME_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")


def embeds(mime_type: str) -> bool:
    """Whether a delivery in this format carries its manifest inside (else in a sidecar)."""
    return mime_type in EMBEDDABLE


def signing_problem() -> str | None:
    """Why signing cannot work with the configured files, or None when it can."""
    try:
        _credentials()
    except SigningUnavailable as error:
        return str(error)
    return None


def signing_fingerprint() -> str:
    """A short digest of what shapes a signed copy besides its master: the certificate chain,
    the signer's name and our version. A signed copy made under other ones is remade."""
    chain, _, _ = _credentials()
    text = f"{settings.C2PA_SIGNER_NAME}\n{claim_generator_version()}\n".encode() + chain
    return hashlib.sha256(text).hexdigest()[:16]


def claim_generator_version() -> str:
    try:
        return version("clipwire")
    except PackageNotFoundError:  # a checkout that was not installed
        return "dev"


def signed_copy(
    master_path: str | Path,
    mime_type: str,
    out_path: str | Path,
    *,
    title: str,
    asset_public_id: str,
    parent: tuple[str | Path, str] | None = None,
) -> SignedDelivery:
    """Sign the master at `master_path` for delivery. An MP4/MOV is written, signed, to
    `out_path`; for any other format the master stays as it is and its manifest store is
    written to `out_path` with the suffix `.c2pa`. Raises SigningUnavailable.

    `parent` (a path and its MIME type) is the partner's master when the file signed is a
    delivery format made from it (footage.preparing): the master is then the parent
    ingredient, and the actions say the file was transcoded before it was published."""
    master_path, out_path = Path(master_path), Path(out_path)
    parent_path, parent_type = parent or (master_path, mime_type)
    chain, key, algorithm = _credentials()
    try:
        with _context() as context:  # the Builder keeps what it needs from it
            definition = _definition(
                title, asset_public_id, mime_type, transcoded=parent is not None
            )
            builder = c2pa.Builder(definition, context=context)
        signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(algorithm, chain, key, None))
    except c2pa.C2paError as error:  # a key that does not fit the certificate, say
        raise SigningUnavailable(f"The C2PA library could not sign the file: {error}") from error
    try:
        with open(parent_path, "rb") as master:
            # The master is the parent: its credentials, when it has some, come along whole.
            builder.add_ingredient(
                {"title": title, "relationship": "parentOf"}, parent_type, master
            )
        builder.set_intent(c2pa.C2paBuilderIntent.EDIT)
        if embeds(mime_type):
            with open(master_path, "rb") as source, open(out_path, "w+b") as target:
                builder.sign(signer, mime_type, source, target)
            return SignedDelivery(path=out_path, sidecar_path=None)
        builder.set_no_embed()
        sidecar = out_path.with_suffix(SIDECAR_SUFFIX)
        # The library copies the asset to the destination even when it embeds nothing.
        handle, scratch = tempfile.mkstemp(dir=out_path.parent, suffix=out_path.suffix)
        try:
            with open(master_path, "rb") as source, os.fdopen(handle, "w+b") as target:
                manifest = builder.sign(signer, mime_type, source, target)
        finally:
            os.unlink(scratch)
        sidecar.write_bytes(manifest)
        return SignedDelivery(path=master_path, sidecar_path=sidecar)
    except c2pa.C2paError as error:
        raise SigningUnavailable(f"The C2PA library could not sign the file: {error}") from error
    finally:
        signer.close()
        builder.close()


def _definition(title: str, asset_public_id: str, mime_type: str, *, transcoded=False) -> dict:
    actions = [{"action": "c2pa.transcoded"}] if transcoded else []
    actions.append({"action": "c2pa.published"})
    return {
        "claim_generator_info": [{"name": CLAIM_GENERATOR, "version": claim_generator_version()}],
        "title": title,
        "format": mime_type,
        "assertions": [
            {"label": "c2pa.actions", "data": {"actions": actions}},
            {
                "label": DELIVERY_ASSERTION,
                "data": {"marketplace": settings.C2PA_SIGNER_NAME, "asset": asset_public_id},
            },
        ],
    }


def _credentials() -> tuple[bytes, bytes, c2pa.C2paSigningAlg]:
    """The chain, the key and the algorithm the key signs with; SigningUnavailable when the
    files are missing or are not a certificate and a key C2PA can use."""
    cert_path, key_path = settings.C2PA_SIGNING_CERT or "", settings.C2PA_SIGNING_KEY or ""
    try:
        chain, key = Path(cert_path).read_bytes(), Path(key_path).read_bytes()
    except OSError as error:
        raise SigningUnavailable(
            f"No signing certificate and key for Content Credentials ({error.strerror}: "
            f"{error.filename}). Set C2PA_SIGNING_CERT and C2PA_SIGNING_KEY, or run "
            f"`manage.py signing_keys_ensure` for a development pair."
        ) from None
    if b"-----BEGIN CERTIFICATE-----" not in chain:
        raise SigningUnavailable(f"{cert_path} holds no PEM certificate (C2PA_SIGNING_CERT).")
    return chain, key, _algorithm(key, key_path)


@cache
def _algorithm(key: bytes, key_path: str) -> c2pa.C2paSigningAlg:
    try:
        private = serialization.load_pem_private_key(key, password=None)
    except (ValueError, TypeError) as error:
        raise SigningUnavailable(
            f"{key_path} is not an unencrypted PEM private key (C2PA_SIGNING_KEY): {error}"
        ) from None
    if isinstance(private, ec.EllipticCurvePrivateKey) and private.curve.name in _CURVES:
        return _CURVES[private.curve.name]
    if isinstance(private, rsa.RSAPrivateKey):
        return c2pa.C2paSigningAlg.PS256
    if isinstance(private, ed25519.Ed25519PrivateKey):
        return c2pa.C2paSigningAlg.ED25519
    raise SigningUnavailable(f"C2PA cannot sign with the key in {key_path}.")


def _context() -> c2pa.Context:
    """Offline signing: no thumbnails of the footage in the manifest, no network."""
    return c2pa.Context.from_dict(
        {
            "verify": {"verify_trust": False, "remote_manifest_fetch": False, "ocsp_fetch": False},
            "builder": {"thumbnail": {"enabled": False}},
        }
    )
