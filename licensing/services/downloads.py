"""Downloads of a licensed master: whether a licence may still be used, short-lived links, and
opening the master when a link is followed.

A buyer organisation may require a project code and a note on every download
(Buyer.require_project_code, require_download_note): a link is asked with them
(download_requirements), keeps them, and the Download row its fetch makes copies them.

A link's token is random (secrets.token_urlsafe) and only its SHA-256 is stored (DownloadLink):
the URL reveals nothing and cannot be forged or guessed. Tokens of the earlier signed format
are no longer accepted (403); their holders ask for a new link.

A link is for one delivery format (docs/delivery.md; the original master by default) the
licence's resolution tier grants, once its file is prepared (licensing.services.formats). What
it serves is that file in Clipwire's Content Credentials (footage.deliveries,
docs/verification.md): a signed MP4/MOV, or, for MXF and MPEG-TS, the file unchanged with a
`.c2pa` manifest offered beside it (download_manifest_open).
"""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from catalog.formats import ORIGINAL
from catalog.models import AssetStatus
from licensing.models import ApiKey, Buyer, Download, DownloadLink, License
from licensing.models.licenses import DOWNLOAD_NOTE_MAX, DOWNLOAD_PROJECT_CODE_MAX
from licensing.services.errors import (
    AssetWithdrawn,
    DeliveryUnsigned,
    DownloadLinkExpired,
    DownloadLinkInvalid,
    DownloadRequirementMissing,
    FormatPreparing,
    LicenseUnusable,
    NoSidecarManifest,
)
from licensing.services.formats import deliveries, format_ask, licensed_offer
from licensing.services.territory import ensure_territory_allows
from licensing.services.texts import bounded_text

DOWNLOAD_LINK_MINUTES = 15
TOKEN_BYTES = 32
TOKEN_MAX_LENGTH = 64  # token_urlsafe(32) is 43 characters; longer input is not ours


def _now():
    return timezone.now()  # the seam tests move time through


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ensure_license_usable(license: License, buyer: Buyer, *, request_territory: str | None):
    """Raise LicenseUnusable (403), AssetWithdrawn (410) or PurchaseUnavailable (451, naming the
    territory that refused) unless the buyer may fetch the master from here now."""
    if license.revoked_at is not None:
        raise LicenseUnusable(f"Licence {license.public_id} was revoked: {license.revoke_reason}")
    if license.asset.status != AssetStatus.PUBLISHED:
        raise AssetWithdrawn(
            f"This clip was withdrawn from the catalogue, so its master can no longer be "
            f"downloaded. Licence {license.public_id} stays on record.",
            [{"asset": license.asset.public_id, "license": license.public_id}],
        )
    if not license.is_active():
        raise LicenseUnusable(
            f"Licence {license.public_id} is not in force: it runs "
            f"{license.starts_at:%Y-%m-%d} to {license.ends_at:%Y-%m-%d}."
        )
    ensure_territory_allows(
        license.asset, buyer=buyer, request_territory=request_territory, use=license.line.use
    )


REQUIREMENT_WORDS = {"project_code": "a project code", "note": "a note"}


def download_requirements(buyer: Buyer, *, project_code="", note="") -> tuple[str, str]:
    """The project code and note trimmed and bounded (InputInvalid, 400, naming the field),
    and present where the buyer organisation requires them: DownloadRequirementMissing (400,
    code download_requirement, naming the field) when one is missing or blank."""
    project_code = bounded_text(
        project_code,
        field="project_code",
        label="The project code",
        max_length=DOWNLOAD_PROJECT_CODE_MAX,
    )
    note = bounded_text(note, field="note", label="The download note", max_length=DOWNLOAD_NOTE_MAX)
    missing = [
        field
        for field, required, given in (
            ("project_code", buyer.require_project_code, project_code),
            ("note", buyer.require_download_note, note),
        )
        if required and not given
    ]
    if missing:
        words = " and ".join(REQUIREMENT_WORDS[field] for field in missing)
        raise DownloadRequirementMissing(
            f"{buyer.name} requires {words} on every download; give "
            f"{'them' if len(missing) > 1 else 'it'} to make a download link.",
            [{"field": field} for field in missing],
            fields=missing,
        )
    return project_code, note


def download_link_create(
    *,
    license: License,
    buyer: Buyer,
    request_territory: str | None,
    api_key: ApiKey | None = None,
    project_code: str = "",
    note: str = "",
    format: str = ORIGINAL,
) -> tuple[str, object]:
    """A token for the licence's file in `format` (the master by default), valid
    DOWNLOAD_LINK_MINUTES; returns (token, expires_at). A link made with an API key stops
    working when that key is revoked. The project code and note (download_requirements) are
    kept on the link and copied onto the Download when it is followed.

    A format the licence does not grant is FormatNotOffered (400) or AboveLicensedTier (403);
    one not prepared yet is queued and FormatPreparing (202) says when to ask again; one that
    could not be made is FormatFailed (503) with the reason (licensing.services.formats)."""
    if license.buyer_id != buyer.pk:
        raise LicenseUnusable(f"Licence {license.public_id} belongs to another buyer.")
    project_code, note = download_requirements(buyer, project_code=project_code, note=note)
    ensure_license_usable(license, buyer, request_territory=request_territory)
    if not license.asset.master:
        raise LicenseUnusable("The master file of this clip is not available yet; try later.")
    offer = licensed_offer(license, format)
    state = format_ask(license, offer)
    if state.state != "ready":
        raise FormatPreparing(
            f"The {offer.code} file of this clip is being prepared ({state.progress}% done); "
            f"ask again in {state.retry_after} seconds, or wait for the delivery.ready webhook.",
            state,
        )
    now = _now()
    DownloadLink.objects.filter(buyer=buyer, expires_at__lte=now).delete()  # keep the table small
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = DownloadLink.objects.create(
        token_hash=token_hash(token),
        license=license,
        buyer=buyer,
        api_key=api_key,
        expires_at=now + timedelta(minutes=DOWNLOAD_LINK_MINUTES),
        project_code=project_code,
        note=note,
        format=offer.code,
    )
    return token, link.expires_at


def download_offers_manifest(license: License, format: str = ORIGINAL) -> bool:
    """Whether the format's file comes with a separate `.c2pa` manifest (MXF, MPEG-TS)."""
    return deliveries().format_offers_sidecar(license.asset, format)


def _live_link(token: str) -> DownloadLink:
    """The link behind `token`, checked again: DownloadLinkInvalid (403), DownloadLinkExpired
    (410), and LicenseUnusable / AssetWithdrawn / PurchaseUnavailable when the licence, the clip
    or the territory no longer allows it, or the master is missing."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        raise DownloadLinkInvalid("This is not a valid download link.")
    link = (
        DownloadLink.objects.select_related("license__asset", "license__line", "buyer", "api_key")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None or link.license.buyer_id != link.buyer_id:
        raise DownloadLinkInvalid("This is not a valid download link.")
    if link.expires_at <= _now():
        raise DownloadLinkExpired("This download link has expired; ask for a new one.")
    if link.api_key is not None and link.api_key.revoked_at is not None:
        raise LicenseUnusable("The API key this link was made with has been revoked.")
    return link


def _usable_link(token: str, request_territory: str | None):
    """The live link of `token` whose licence may be used here now, still grants its format
    (a refunded upgrade or a new master may have moved it above the licence's tier) and whose
    master is stored; raises as _live_link, ensure_license_usable and licensed_offer do, or
    LicenseUnusable."""
    link = _live_link(token)
    ensure_license_usable(link.license, link.buyer, request_territory=request_territory)
    licensed_offer(link.license, link.format)
    master = link.license.asset.master
    if not master or not master.storage.exists(master.name):
        raise LicenseUnusable("The master file of this clip is not available yet; try later.")
    return link


def download_open(*, token: str, request_territory: str | None):
    """Check a download link again, open what the licensee receives and record the download.

    Returns (license, delivery, format): delivery.file is the signed copy (or the master of a format
    whose manifest is a sidecar). Raises as _live_link does, and DeliveryUnsigned (503) when
    the file cannot be signed and unsigned files may not go out."""
    link = _usable_link(token, request_territory)
    license, buyer = link.license, link.buyer
    delivering = deliveries()
    try:
        delivery = delivering.format_open(license.asset, link.format)
    except delivering.SigningUnavailable as error:
        raise DeliveryUnsigned(_UNSIGNED) from error
    Download.objects.create(
        license=license,
        buyer=buyer,
        territory=buyer.territory,
        size=delivery.size,
        project_code=link.project_code,
        note=link.note,
        format=link.format,
    )
    return license, delivery, link.format


def download_manifest_open(*, token: str, request_territory: str | None):
    """The `.c2pa` manifest of a clip whose file cannot carry one (MXF, MPEG-TS), behind the
    same link as the file; not recorded as a download. Returns (license, delivery, format);
    raises as download_open does, and NoSidecarManifest (404) when the file carries its manifest."""
    link = _usable_link(token, request_territory)
    license = link.license
    delivering = deliveries()
    try:
        delivery = delivering.format_sidecar_open(license.asset, link.format)
    except delivering.SigningUnavailable as error:
        raise DeliveryUnsigned(_UNSIGNED) from error
    if delivery is None:
        raise NoSidecarManifest(
            "This clip's file carries its Content Credentials inside; there is no separate "
            "manifest to download."
        )
    return license, delivery, link.format


_UNSIGNED = (
    "The file cannot be given its Content Credentials right now, so it is not served; try "
    "later. Staff see why in the log."
)


def download_filename(license: License, suffix: str = ".mp4", format: str = ORIGINAL) -> str:
    """The name a download is saved under: the clip's title, the licence, the format (unless
    it is the original) and the file's suffix (the format's, or .c2pa for its manifest)."""
    title = slugify(license.asset.title)[:80] or "clip"
    named = "" if format == ORIGINAL else f"-{format}"
    return f"{title}-{license.public_id}{named}{suffix or '.mp4'}"
