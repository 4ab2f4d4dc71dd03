"""What a clip's verification says, in the one shape the API, the clip page, ninjs and the
partner area show (docs/verification.md, "What buyers see"): the provenance, the capture
metadata against the claims, whether its duplicates are resolved, and the checks made, by
machine and by staff, each with a sentence. Never coordinates: a phone's location may be a
person's home."""

from django.conf import settings
from django.db.models import Exists, Q
from django_countries import countries

from catalog.models import VideoAsset
from footage.evidence.capture import device_name
from footage.evidence.claims import discrepancies_now
from footage.evidence.duplicates import Resolution, asset_duplicates
from footage.models import Credentials, Duplicate, Evidence

PASSED, WARNING, FAILED, NOT_AVAILABLE = "passed", "warning", "failed", "not_available"

CREDENTIAL_SENTENCES = {
    Credentials.TRUSTED: "The file carries Content Credentials signed by {signer}, a signer on "
    "our trust list, and they validate: the file is as the signer made it.",
    Credentials.VALID: "The file carries Content Credentials signed by {signer}; they validate, "
    "though the signer is not on our trust list.",
    Credentials.INVALID: "The file carries Content Credentials that do not validate: it was "
    "changed after signing or the signature is broken ({codes}).",
    Credentials.NONE: "The file carries no Content Credentials (C2PA); most phones and cameras "
    "do not yet write them.",
}


def evidence_of(asset: VideoAsset) -> Evidence | None:
    """The evidence read from the clip's current master, or None. Loaded with
    select_related("evidence"), it costs no query."""
    if not asset.master:
        return None
    if "evidence" in asset._state.fields_cache:
        evidence = asset._state.fields_cache["evidence"]
    else:
        evidence = Evidence.objects.filter(asset=asset).first()
    if evidence is None or evidence.master_name != asset.master.name:
        return None
    return evidence


def provenance_part(evidence: Evidence | None) -> dict:
    if evidence is None:
        return {"state": None, "signer": "", "claim_generator": "", "digital_source_type": ""}
    return {
        "state": evidence.credentials,
        "signer": evidence.signer,
        "claim_generator": evidence.claim_generator,
        "digital_source_type": evidence.digital_source_type,
    }


def capture_part(asset: VideoAsset, evidence: Evidence | None) -> dict:
    if evidence is None:
        return {
            "recorded_at": None,
            "country": "",
            "device": "",
            "consistent": None,
            "discrepancies": [],
        }
    found = discrepancies_now(asset, evidence)
    return {
        "recorded_at": evidence.recorded_at,
        "country": evidence.capture_country.code or "",
        "device": device_name(evidence.device_make, evidence.device_model),
        "consistent": not found,
        "discrepancies": [item["detail"] for item in found],
    }


def verification_summary(asset: VideoAsset) -> dict:
    """The buyer's view of the clip's verification (the API's `verification` resource)."""
    evidence = _evidence_with_matches(asset)
    # Matches are found only between read masters: no evidence, or none found, no query.
    found = asset_duplicates(asset) if evidence is not None and evidence.has_matches else []
    matches = [match for match in found if match.resolution != Resolution.SAME_PARTNER]
    resolved = all(match.resolution != Resolution.OPEN for match in matches)
    return {
        "provenance": provenance_part(evidence),
        "capture": capture_part(asset, evidence),
        "duplicates_resolved": resolved,
        "checked_at": evidence.read_at if evidence else None,
        "reviewed_at": asset.published_at,
        "checks": _checks(asset, evidence, matches),
    }


def _evidence_with_matches(asset: VideoAsset) -> Evidence | None:
    """The current evidence, annotated with whether any other partner's clip matches: one
    query for a clip page, however the clip fared."""
    if not asset.master:
        return None
    involved = Q(asset_id=asset.pk) | Q(other_id=asset.pk)
    matches = Duplicate.objects.filter(involved).exclude(resolution=Resolution.SAME_PARTNER)
    return (
        Evidence.objects.filter(asset=asset, master_name=asset.master.name)
        .annotate(has_matches=Exists(matches))
        .first()
    )


def _checks(asset, evidence, matches) -> list[dict]:
    if evidence is None:
        return [
            {
                "code": "evidence",
                "result": NOT_AVAILABLE,
                "detail": "The file has not been checked yet.",
            }
        ]
    checks = [_credentials_check(evidence), *_capture_checks(asset, evidence)]
    if evidence.compared:
        checks.append(_duplicates_check(matches))
    else:
        checks.append(
            {
                "code": "duplicates",
                "result": NOT_AVAILABLE,
                "detail": "The file could not be compared with our catalogue.",
            }
        )
    if asset.published_at:
        checks.append(
            {
                "code": "staff_review",
                "result": PASSED,
                "detail": "Reviewed by our staff and put on sale on "
                f"{asset.published_at:%-d %B %Y}.",
            }
        )
    return checks


def _credentials_check(evidence: Evidence) -> dict:
    state = evidence.credentials
    result = {
        Credentials.TRUSTED: PASSED,
        Credentials.VALID: PASSED,
        Credentials.INVALID: FAILED,
        Credentials.NONE: NOT_AVAILABLE,
    }[state]
    detail = CREDENTIAL_SENTENCES[state].format(
        signer=evidence.signer or "an unnamed signer",
        codes=", ".join(evidence.validation_codes) or "no code given",
    )
    return {"code": "content_credentials", "result": result, "detail": detail}


def _capture_checks(asset, evidence: Evidence) -> list[dict]:
    found = {item["code"]: item["detail"] for item in discrepancies_now(asset, evidence)}
    hours = settings.VERIFY_DATE_TOLERANCE_HOURS
    date = {"code": "recorded_date"}
    if "recorded_date" in found or "recorded_after_received" in found:
        date |= {
            "result": FAILED,
            "detail": found.get("recorded_date") or found["recorded_after_received"],
        }
    elif evidence.recorded_at and asset.recorded_at:
        date |= {
            "result": PASSED,
            "detail": f"The recording time in the file agrees with the date given (within "
            f"{hours} hours).",
        }
    else:
        date |= {
            "result": NOT_AVAILABLE,
            "detail": "The file or the clip gives no recording date to compare.",
        }
    place = {"code": "location_country"}
    if "location_country" in found:
        place |= {"result": FAILED, "detail": found["location_country"]}
    elif evidence.capture_country and asset.location_country:
        place |= {
            "result": PASSED,
            "detail": f"The location in the file is in "
            f"{countries.name(evidence.capture_country.code)}, as the clip says.",
        }
    else:
        place |= {
            "result": NOT_AVAILABLE,
            "detail": "The file or the clip gives no location to compare.",
        }
    return [date, place]


def _duplicates_check(matches) -> dict:
    if not matches:
        return {
            "code": "duplicates",
            "result": PASSED,
            "detail": "Compared with every clip in our catalogue: no other partner's copy found.",
        }
    open_ = [match for match in matches if match.resolution == Resolution.OPEN]
    if open_:
        return {
            "code": "duplicates",
            "result": WARNING,
            "detail": "A similar clip from another partner awaits our staff's decision.",
        }
    last = max(matches, key=lambda match: match.resolved_at or match.found_at)
    return {
        "code": "duplicates",
        "result": PASSED,
        "detail": f"A similar clip from another partner was found; our staff decided "
        f"“{last.get_resolution_display().lower()}” on {last.resolved_at:%-d %B %Y}.",
    }


def partner_duplicates(asset: VideoAsset) -> list[dict]:
    """The clip's matches a partner may know of: its own clips and published ones, never
    another partner's unpublished clip."""
    rows = []
    for match in asset_duplicates(asset):
        other = match.other if match.asset_id == asset.pk else match.asset
        if other.partner_id != asset.partner_id and not other.is_published:
            continue
        covered = match.asset_covered if match.asset_id == asset.pk else match.other_covered
        rows.append({"asset": other.public_id, "similarity": match.similarity, "overlap": covered})
    return rows
