"""A clip as one IPTC ninjs 2.2 item (News in JSON), what newsroom systems ingest.

The item validates against IPTC's schema (tests/newsroom/schemas/ninjs-schema_2.2.json), which
allows no property of its own at the top level. Rights travel twice: as text a desk reads
(`usageterms`) and as an ODRL policy a machine evaluates (`rightsinfo.encodedrights`, the same
policy GET /api/v1/assets/{id}/rights/ answers).

A withdrawn clip is a kill notice: `pubstatus` "canceled", what identifies it and an editor's
note, but no renditions and no description (a clip is often withdrawn for legal reasons, and a
kill notice must not spread what it kills), and a policy that permits nothing.
"""

import json
import mimetypes
import os
import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from catalog.models import AssetStatus, VideoAsset
from common.links import absolute_url
from footage.evidence.summary import evidence_of
from footage.models import Credentials
from rights import RestrictionError
from rights.odrl import odrl_policy
from rights.registry import load as territory_registry

ODRL_LANGID = "http://www.w3.org/ns/odrl/2/"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
DIGITAL_SOURCE_TYPES = "http://cv.iptc.org/newscodes/digitalsourcetype/"
IPTC_TERM = re.compile(r"[A-Za-z]{1,60}")
# Roles of the trust indicators an item links to (ninjs asks for a complete URI).
TRUST_VERIFICATION = "urn:clipwire:trust:verification"
TRUST_CREDENTIALS = "urn:clipwire:trust:content-credentials"
ISO_COUNTRY = "http://cvx.iptc.org/iso3166-1a2/"  # IPTC's IRIs for ISO 3166-1 alpha-2 codes
# The clips' metadata (title, description, shotlist) is written in English.
METADATA_LANGUAGE = "en"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)

# The renditions an item offers, by the footage app's Rendition.Kind: (ninjs name, title).
# The master is not among them: it is reached only through a licence.
RENDITION_NAMES = {
    "preview": ("preview", "Watermarked preview"),
    "poster": ("poster", "Poster frame"),
    "thumb_small": ("thumbnail-small", "Thumbnail"),
    "thumb_medium": ("thumbnail", "Thumbnail"),
    "thumb_large": ("thumbnail-large", "Thumbnail"),
}


def item_uri(asset: VideoAsset) -> str:
    """The item's identifier: stable, not a page address (NINJS_URI_PREFIX + public id)."""
    return f"{settings.NINJS_URI_PREFIX}{asset.public_id}"


def partner_uri(partner) -> str:
    return f"urn:clipwire:partner:{partner.slug}"


def versioned_at(asset: VideoAsset, at: datetime | None = None) -> datetime:
    """When the item took its present form: the last write to the clip, or the end of its
    embargo once that has passed and came later (the item then loses `embargoed` and becomes
    visible; the feed orders by the same instant, newsroom.feed.FEED_KEY)."""
    at = at or timezone.now()
    embargo = asset.embargo_until
    if embargo is not None and asset.updated_at < embargo <= at:
        return embargo
    return asset.updated_at


def item_version(instant: datetime) -> str:
    """The version as a string that grows with every change: microseconds since 1970. A
    column would add a write to every save; updated_at already changes with each one and is
    stored to the microsecond on PostgreSQL and SQLite alike."""
    return str((instant - EPOCH) // MICROSECOND)


def rfc3339(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def asset_policy(asset: VideoAsset, *, at: datetime | None = None) -> dict:
    """The clip's rights as an ODRL policy: what its restrictions allow at `at` (default now),
    nothing once it is withdrawn or when its restriction text cannot be read."""
    at = at or timezone.now()
    uri = item_uri(asset)
    partner = asset.partner
    arguments = {
        "uid": f"{uri}:policy:{item_version(versioned_at(asset, at))}",
        "target": uri,
        "assigner": {"uid": partner_uri(partner), "name": partner.name},
        "at": at,
    }
    if asset.status == AssetStatus.WITHDRAWN:
        return odrl_policy(None, error=_withdrawn_sentence(asset), **arguments)
    try:
        rules = asset.restriction_set()
    except RestrictionError as error:
        return odrl_policy(None, error=asset.restrictions_error or str(error), **arguments)
    return odrl_policy(rules, **arguments)


def asset_ninjs(asset: VideoAsset, *, request=None, at: datetime | None = None) -> dict:
    """The clip as one ninjs 2.2 object. Give `request` for absolute rendition URLs; load the
    asset with VideoAsset.objects.with_relations() so a page of items costs a few queries."""
    at = at or timezone.now()
    instant = versioned_at(asset, at)
    withdrawn = asset.status == AssetStatus.WITHDRAWN
    partner = asset.partner
    item = {
        "uri": item_uri(asset),
        "standard": {"name": "ninjs", "version": "2.2", "schema": NINJS_SCHEMA},
        "type": "video",
        "representationtype": "partial" if withdrawn else "full",
        "version": item_version(instant),
        "firstcreated": rfc3339(asset.published_at or asset.created_at),
        "versioncreated": rfc3339(instant),
        "pubstatus": "canceled" if withdrawn else "usable",
        "language": METADATA_LANGUAGE,
        "headlines": [{"role": "main", "value": asset.title}],
        "title": asset.title,
        "slugline": asset.slug,
        "altids": [{"role": "clipwire:public_id", "value": asset.public_id}],
        "by": partner.name,
        "copyrightholder": partner.name,
        "infosources": [{"name": partner.name, "uri": partner_uri(partner), "role": "source"}],
    }
    if asset.recorded_at is not None:
        item["contentcreated"] = f"{asset.recorded_at.isoformat()}T00:00:00Z"
    if withdrawn:
        item["ednote"] = _withdrawn_sentence(asset)
        item["usageterms"] = "Withdrawn: this clip may no longer be used."
    else:
        if asset.embargo_until is not None and asset.embargo_until > at:
            item["embargoed"] = rfc3339(asset.embargo_until)
        descriptions = _descriptions(asset)
        if descriptions:
            item["descriptions"] = descriptions
        item.update(_location(asset))
        subjects = _subjects(asset)
        if subjects:
            item["subjects"] = subjects
        renditions = _renditions(asset, request)
        if renditions:
            item["renditions"] = renditions
        item["usageterms"] = usage_terms(asset)
        item.update(trust_fields(asset, request))
    policy = asset_policy(asset, at=at)
    item["rightsinfo"] = {"langid": ODRL_LANGID, "encodedrights": json.dumps(policy)}
    return item


def trust_fields(asset: VideoAsset, request) -> dict:
    """`trustindicators` (how the clip was verified, and its Content Credentials when the file
    carries valid ones) and `digitalsourcetype` (IPTC's term, from the file's credentials), as
    docs/verification.md describes. Load the asset with select_related("evidence")."""
    evidence = evidence_of(asset)
    verification = reverse("api:asset-verification", kwargs={"public_id": asset.public_id})
    indicators = [
        {
            "role": TRUST_VERIFICATION,
            "title": "How this clip was verified",
            "href": absolute_url(request, verification),
        }
    ]
    fields = {"trustindicators": indicators}
    if evidence is None:
        return fields
    if evidence.credentials in (Credentials.VALID, Credentials.TRUSTED):
        indicators.append(
            {
                "role": TRUST_CREDENTIALS,
                "title": "Content Credentials (C2PA) signed by "
                f"{evidence.signer or 'an unnamed signer'}",
                "href": absolute_url(request, f"{verification}#provenance"),
            }
        )
    if IPTC_TERM.fullmatch(evidence.digital_source_type):  # a term, never a stray string
        fields["digitalsourcetype"] = {
            "uri": f"{DIGITAL_SOURCE_TYPES}{evidence.digital_source_type}",
            "literal": evidence.digital_source_type,
        }
    return fields


def usage_terms(asset: VideoAsset) -> str:
    """The restriction text exactly as supplied, then the duties it puts on a licensee."""
    text = asset.restrictions.strip()
    terms = f"Restrictions: {text}" if text else "No restrictions beyond the licence's terms."
    try:
        duties = asset.restriction_set().duties
    except RestrictionError:
        return f"{terms} (These restrictions cannot be read; the clip cannot be licensed.)"
    if duties:
        terms += "\nDuties: " + "; ".join(duties)
    return terms


def _withdrawn_sentence(asset: VideoAsset) -> str:
    return (
        f"Kill notice: “{asset.title}” was withdrawn on {asset.updated_at:%Y-%m-%d}. Do not use "
        "it; its licences stay on record, but it can no longer be downloaded."
    )


def _descriptions(asset: VideoAsset) -> list[dict]:
    texts = (("summary", asset.description), ("shotlist", asset.shotlist))
    return [
        {"role": role, "contenttype": "text/plain", "value": text} for role, text in texts if text
    ]


def _location(asset: VideoAsset) -> dict:
    code = asset.location_country.code
    found = {}
    if asset.location_name:
        found["located"] = asset.location_name
    if code:
        name = territory_registry().name(code)  # the names reasons use, read once
        found.setdefault("located", name)
        found["places"] = [
            {"name": name, "rel": "country", "uri": f"{ISO_COUNTRY}{code}", "literal": code}
        ]
    return found


def _subjects(asset: VideoAsset) -> list[dict]:
    """Categories and tags, each with a URN that stays when a page moves."""
    subjects = [
        {
            "name": category.name,
            "rel": "category",
            "uri": f"urn:clipwire:category:{category.slug}",
            "literal": category.slug,
        }
        for category in asset.categories.all()
    ]
    subjects += [
        {"name": tag.name, "rel": "tag", "uri": f"urn:clipwire:tag:{tag.slug}", "literal": tag.slug}
        for tag in asset.tags.all()
    ]
    return subjects


def _renditions(asset: VideoAsset, request) -> list[dict]:
    """Preview, poster and thumbnails that are ready; never the master."""
    found = []
    by_kind = {r.kind: r for r in asset.renditions.all() if r.is_ready}
    for kind, (name, title) in RENDITION_NAMES.items():
        if kind == "poster" and asset.poster:  # staff's chosen poster comes first
            found.append(_file_rendition(asset.poster, name, "Poster", request))
            continue
        rendition = by_kind.get(kind)
        if rendition is None:
            continue
        entry = _file_rendition(rendition.file, name, title, request)
        if rendition.width and rendition.height:
            entry["width"], entry["height"] = rendition.width, rendition.height
        if kind == "preview":
            entry["contenttype"] = "video/mp4"
            entry["duration"] = asset.duration_seconds
        found.append(entry)
    return found


def _file_rendition(file, name: str, title: str, request) -> dict:
    entry = {"name": name, "title": title, "href": absolute_url(request, file.url)}
    contenttype, _ = mimetypes.guess_type(file.name)
    if contenttype:
        entry["contenttype"] = contenttype
    size = _local_size(file)
    if size is not None:
        entry["sizeinbytes"] = size
    return entry


def _local_size(file) -> int | None:
    """The file's size where the storage is a local disk (a stat); on object storage a size
    would cost a request per file per item, so it is left out there."""
    try:
        path = file.storage.path(file.name)
    except NotImplementedError:
        return None
    try:
        return os.stat(path).st_size
    except OSError:
        return None
