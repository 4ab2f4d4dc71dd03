"""A master's Content Credentials (C2PA), read with the official C2PA library, c2pa-python.

read_credentials() answers one of four states (docs/verification.md):

- "none": the file carries no manifest, or is in a format C2PA cannot carry one in (MXF,
  MPEG-TS, Matroska). Not a failure: most footage has no credentials.
- "valid": a manifest whose signature and hashes check out; the signer is not on our trust
  list (or no trust list is configured).
- "trusted": valid, and the signing certificate chains to an anchor in C2PA_TRUST_ANCHORS.
- "invalid": the manifest does not validate (the file was changed after signing, the
  signature is bad, the manifest is malformed or cannot be read); validation_codes says why.

Reading never goes to the network: remote manifests and OCSP are not fetched.
"""

import json
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import c2pa
from django.conf import settings

log = logging.getLogger(__name__)

NONE, VALID, TRUSTED, INVALID = "none", "valid", "trusted", "invalid"
_STATES = {"Valid": VALID, "Trusted": TRUSTED, "Invalid": INVALID}
# Failure codes that say only that the signer is not on the trust list: the manifest still
# validates, so they make a file "valid" rather than "trusted", never "invalid".
UNTRUSTED_CODES = {"signingCredential.untrusted"}
UNREADABLE = "manifest.unreadable"  # our code for a manifest the library could not read
MAX_INGREDIENT_DEPTH = 8


@dataclass(frozen=True)
class Provenance:
    state: str
    signer: str = ""
    claim_generator: str = ""
    actions: list[str] = field(default_factory=list)
    digital_source_type: str = ""  # IPTC's term: digitalCapture, trainedAlgorithmicMedia...
    validation_codes: list[str] = field(default_factory=list)
    ingredients: list[dict] = field(default_factory=list)  # [{"title", "relationship", ...}]
    error: str = ""  # why the file could not be read, when it could not


def read_credentials(
    path: str | Path, mime_type: str, *, sidecar: bytes | None = None
) -> Provenance:
    """The Content Credentials of the file at `path` (MIME type `mime_type`). `sidecar` is a
    detached manifest store (a `.c2pa` file's bytes) to check the file against instead of one
    embedded in it."""
    try:
        with open(path, "rb") as stream:
            reader = c2pa.Reader(
                mime_type, stream, manifest_data=sidecar, context=reading_context()
            )
            try:
                store = json.loads(reader.json())
            finally:
                reader.close()
    except c2pa.C2paError.ManifestNotFound:
        return Provenance(state=NONE)
    except c2pa.C2paError.NotSupported:
        return Provenance(state=NONE)  # C2PA has no way to embed a manifest in this format
    except c2pa.C2paError as error:
        log.info("Content Credentials of %s could not be read: %s", path, error)
        return Provenance(state=INVALID, validation_codes=[UNREADABLE], error=str(error))
    return provenance_from_store(store)


def provenance_from_store(store: dict) -> Provenance:
    """A Provenance from the manifest store c2pa.Reader.json() describes."""
    manifests = store.get("manifests") or {}
    active = manifests.get(store.get("active_manifest") or "")
    if active is None:
        return Provenance(state=INVALID, validation_codes=[UNREADABLE], error="No active manifest.")
    failures = [
        status["code"]
        for status in store.get("validation_status") or []
        if status.get("code") and status["code"] not in UNTRUSTED_CODES
    ]
    state = _STATES.get(store.get("validation_state") or "", INVALID if failures else VALID)
    if state != INVALID:
        failures = []
    elif not failures:
        failures = [UNREADABLE]
    signature = active.get("signature_info") or {}
    return Provenance(
        state=state,
        signer=signature.get("issuer") or signature.get("common_name") or "",
        claim_generator=claim_generator(active),
        actions=[action.get("action", "") for action in _actions(active)],
        digital_source_type=_source_type(active, manifests),
        validation_codes=list(dict.fromkeys(failures)),
        ingredients=[
            {
                "title": ingredient.get("title", ""),
                "relationship": ingredient.get("relationship", ""),
                "format": ingredient.get("format", ""),
                "manifest": ingredient.get("active_manifest") or "",
            }
            for ingredient in active.get("ingredients") or []
        ],
    )


def claim_generator(manifest: dict) -> str:
    """The software that made the claim: v1 claims name it in one string, v2 claims in
    claim_generator_info (name and version)."""
    if text := manifest.get("claim_generator"):
        return str(text)
    info = manifest.get("claim_generator_info") or []
    if isinstance(info, dict):
        info = [info]
    for entry in info:
        if name := entry.get("name"):
            version = entry.get("version")
            return f"{name}/{version}" if version else str(name)
    return ""


def _actions(manifest: dict) -> list[dict]:
    found = []
    for assertion in manifest.get("assertions") or []:
        label = assertion.get("label", "")
        if label == "c2pa.actions" or label.startswith("c2pa.actions.v"):
            found.extend((assertion.get("data") or {}).get("actions") or [])
    return found


def _source_type(manifest: dict, manifests: dict, depth: int = 0) -> str:
    """The IPTC digital source type of the first action that names one; when this manifest's
    actions name none (an edit of an earlier asset), the parent ingredient's."""
    for action in _actions(manifest):
        if uri := action.get("digitalSourceType"):
            return short_source_type(uri)
    if depth >= MAX_INGREDIENT_DEPTH:
        return ""
    for ingredient in manifest.get("ingredients") or []:
        parent = manifests.get(ingredient.get("active_manifest") or "")
        if ingredient.get("relationship") == "parentOf" and parent is not None:
            return _source_type(parent, manifests, depth + 1)
    return ""


def short_source_type(uri: str) -> str:
    """IPTC's term from its URI: http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture
    -> digitalCapture."""
    return uri.rstrip("/").rsplit("/", 1)[-1]


def reading_context() -> c2pa.Context:
    """The library's settings for reading: offline, and checking trust only against
    C2PA_TRUST_ANCHORS (no trust list, nothing is trusted)."""
    return _context(_trust_anchors(), os.getpid())  # a Context is not shared across a fork


def _trust_anchors() -> str:
    location = getattr(settings, "C2PA_TRUST_ANCHORS", "") or ""
    if not location:
        return ""
    return Path(location).read_text()


@lru_cache(maxsize=4)
def _context(anchors: str, pid: int) -> c2pa.Context:
    config = {
        "verify": {
            "verify_trust": bool(anchors),
            "verify_timestamp_trust": False,
            "remote_manifest_fetch": False,
            "ocsp_fetch": False,
        }
    }
    if anchors:
        config["trust"] = {"trust_anchors": anchors}
    return c2pa.Context.from_dict(config)
