"""Reading the evidence a master carries and finding the clips it duplicates: run by
footage.tasks in a worker whenever a master arrives or changes, by `evidence_read` for the
catalogue already there, and before a clip is published if its master was never read
(docs/verification.md).

Safe to run twice and against a master that changes under it: each write checks, under the
clip's row lock, that the master is still the one that was read, and throws the result away
otherwise (the newer master's own run writes its evidence)."""

import logging
import mimetypes
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from catalog.models import VideoAsset
from footage.errors import MediaError
from footage.evidence import index
from footage.evidence.capture import Capture, capture_read
from footage.evidence.claims import Claim, discrepancies
from footage.evidence.fingerprints import fingerprint_file
from footage.evidence.matching import compare
from footage.evidence.pdq import HASH_BYTES
from footage.evidence.provenance import read_credentials
from footage.evidence.summary import evidence_of
from footage.models import Duplicate, Evidence, Fingerprint
from footage.storages import local_path

logger = logging.getLogger(__name__)


@dataclass
class _Reading:
    source: str
    capture: Capture
    provenance: object | None
    frames: object | None
    error: str


def evidence_read(*, asset_id: int) -> Evidence | None:
    """Read the evidence of the clip's current master, index its fingerprint and record the
    clips it duplicates. None when the clip or its master is gone or changed meanwhile.

    The fingerprint and its index rows are committed first and searched after, so of two
    copies arriving together the later search always sees the earlier one. The Evidence row,
    which says the clip was checked, is written with the matches in the second transaction:
    a clip is never taken for checked before its duplicates are recorded. Reading a master
    again keeps the matches staff decided; a new master starts afresh (asset_attach_master
    drops the old fingerprint and matches)."""
    asset = VideoAsset.objects.filter(pk=asset_id).only("pk", "master").first()
    if asset is None or not asset.master:
        return None
    reading = _read(asset)
    with transaction.atomic():
        if _current(asset_id, reading.source) is None:
            return None
        fingerprint = _store_fingerprint(asset, reading)
    found = index.duplicates_search(fingerprint, compare) if fingerprint is not None else []
    with transaction.atomic():
        locked = _current(asset_id, reading.source)
        if locked is None:
            return None
        _store_duplicates(locked, found)
        return _store_evidence(locked, reading, compared=fingerprint is not None)


def evidence_ensure(asset: VideoAsset) -> Evidence | None:
    """The evidence of the clip's current master, read now if it was never read (a clip about
    to be published whose worker has not run yet). None for a clip without a master."""
    if not asset.master:
        return None
    return evidence_of(asset) or evidence_read(asset_id=asset.pk)


def _read(asset: VideoAsset) -> _Reading:
    """Each reader on its own: a failure of one (kept for staff in `error`) leaves the others'
    findings standing, so a broken credentials reader does not switch off duplicate search."""
    source = asset.master.name
    mime = mimetypes.guess_type(source)[0] or "application/octet-stream"
    capture, provenance, frames, errors = Capture(), None, None, []
    try:
        with asset.master.open("rb") as master, local_path(master) as path:
            capture = _guarded(asset, errors, "capture metadata", capture_read, path) or capture
            provenance = _guarded(
                asset, errors, "Content Credentials", read_credentials, path, mime
            )
            frames = _guarded(asset, errors, "fingerprint", fingerprint_file, path)
    except OSError as error:  # the master itself could not be opened
        errors.append(f"The master could not be opened: {error}")
    return _Reading(source, capture, provenance, frames, " ".join(errors))


def _guarded(asset, errors: list, what: str, reader, *arguments):
    try:
        return reader(*arguments)
    except MediaError as refusal:
        errors.append(f"{what}: {refusal}")
    except Exception as crash:  # the reason is kept for staff; nothing escapes the worker
        logger.exception("%s of asset %s could not be read", what, asset.pk)
        errors.append(f"{what}: reading failed: {type(crash).__name__}: {crash}")
    return None


def _current(asset_id: int, source: str) -> VideoAsset | None:
    locked = VideoAsset.objects.select_for_update().filter(pk=asset_id).first()
    if locked is None or locked.master.name != source:
        return None
    return locked


def _store_evidence(asset: VideoAsset, reading: _Reading, *, compared: bool) -> Evidence:
    capture, provenance = reading.capture, reading.provenance
    claim = Claim(
        recorded_on=asset.recorded_at,
        country=asset.location_country.code or "",
        received_at=asset.created_at,
    )
    fields = {
        "master_name": reading.source,
        "read_at": timezone.now(),
        "error": reading.error,
        "recorded_at": capture.recorded_at,
        "latitude": capture.latitude,
        "longitude": capture.longitude,
        "capture_country": capture.country,
        "device_make": capture.device_make,
        "device_model": capture.device_model,
        "encoder": capture.encoder,
        "rotation": capture.rotation,
        "compared": compared,
        "discrepancies": discrepancies(capture, claim),
    }
    if provenance is not None:
        fields |= {
            "error": " ".join(part for part in (reading.error, provenance.error) if part),
            "credentials": provenance.state,
            "signer": provenance.signer[:300],
            "claim_generator": provenance.claim_generator[:300],
            "digital_source_type": provenance.digital_source_type[:60],
            "actions": list(provenance.actions),
            "validation_codes": list(provenance.validation_codes),
        }
    evidence, _ = Evidence.objects.update_or_create(asset=asset, defaults=fields)
    return evidence


def _store_fingerprint(asset: VideoAsset, reading: _Reading) -> Fingerprint | None:
    frames = reading.frames
    if frames is None or not frames.hashes:
        Fingerprint.objects.filter(asset=asset).delete()  # its index rows go with it
        return None
    fingerprint, _ = Fingerprint.objects.update_or_create(
        asset=asset,
        defaults={
            "master_name": reading.source,
            "made_at": timezone.now(),
            "hashes": frames.hashes,
            "mirrored": frames.mirrored,
            "coarse": frames.coarse,
            "frames": len(frames.hashes) // HASH_BYTES,
        },
    )
    index.fingerprint_index(fingerprint)
    return fingerprint


def _store_duplicates(asset: VideoAsset, found) -> None:
    """Record the matches not yet recorded, either way round; decided ones stay as they are."""
    others = VideoAsset.objects.in_bulk([asset_id for asset_id, _ in found])
    known = {
        pair
        for pair in Duplicate.objects.filter(Q(asset=asset) | Q(other=asset)).values_list(
            "asset_id", "other_id"
        )
    }
    known = {other for pair in known for other in pair}
    now = timezone.now()
    rows = []
    for asset_id, match in found:
        other = others.get(asset_id)
        if other is None or other.pk == asset.pk or other.pk in known:
            continue  # gone meanwhile, itself, or already recorded
        same = other.partner_id == asset.partner_id
        rows.append(
            Duplicate(
                asset=asset,
                other=other,
                similarity=round(match.similarity, 4),
                asset_covered=round(match.a_covered, 4),
                other_covered=round(match.b_covered, 4),
                mirrored=match.mirrored,
                found_at=now,
                resolution=Duplicate.Resolution.SAME_PARTNER if same else Duplicate.Resolution.OPEN,
            )
        )
    Duplicate.objects.bulk_create(rows, ignore_conflicts=True)


def master_replaced(asset: VideoAsset) -> None:
    """A new master: the old one's fingerprint (with its index rows) and matches go now, in
    the caller's transaction, so nothing matches the old picture while the new one is read."""
    Fingerprint.objects.filter(asset=asset).delete()
    Duplicate.objects.filter(Q(asset=asset) | Q(other=asset)).delete()
