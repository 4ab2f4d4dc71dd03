"""The Verification panel staff see in the review queue and on the clip's admin page
(docs/verification.md, "What staff see"): the Content Credentials, the capture metadata against
the claims with each discrepancy, the duplicates side by side with links and a way to decide,
and the decision history. Staff may see the coordinates; nobody else does."""

from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from audit.models import AuditEntry
from catalog.models import VideoAsset
from footage.evidence.claims import discrepancies_now
from footage.evidence.duplicates import Resolution, asset_duplicates
from footage.models import Evidence


def verification_panel(asset: VideoAsset):
    if not asset.pk or not asset.master:
        return "No master yet: the file is checked when one is uploaded."
    evidence = Evidence.objects.filter(asset=asset).first()
    if evidence is None or evidence.master_name != asset.master.name:
        return "Being checked: a worker is reading the master (this page shows it when done)."
    return format_html(
        '<div class="verification">{}{}{}{}</div>',
        _credentials(evidence),
        _capture(asset, evidence),
        _duplicates(asset),
        _history(asset),
    )


def _rows(rows) -> str:
    return format_html_join("", "<tr><th scope='row'>{}</th><td>{}</td></tr>", rows)


def _credentials(evidence: Evidence) -> str:
    rows = [("State", evidence.get_credentials_display())]
    if evidence.credentials != "none":
        rows += [
            ("Signer", evidence.signer or "—"),
            ("Claim generator", evidence.claim_generator or "—"),
            ("Digital source type", evidence.digital_source_type or "—"),
            ("Actions", ", ".join(evidence.actions) or "—"),
        ]
    if evidence.validation_codes:
        rows.append(("Validation failures", ", ".join(evidence.validation_codes)))
    if evidence.error:
        rows.append(("Could not read", evidence.error))
    return format_html("<h3>Content Credentials (C2PA)</h3><table>{}</table>", _rows(rows))


def _capture(asset: VideoAsset, evidence: Evidence) -> str:
    where = "—"
    if evidence.latitude is not None:
        country = evidence.capture_country.name if evidence.capture_country else "at sea"
        where = f"{evidence.latitude:.5f}, {evidence.longitude:.5f} ({country})"
    claimed_where = asset.location_country.name if asset.location_country else "not given"
    rows = [
        (
            "Recorded (file)",
            f"{evidence.recorded_at:%Y-%m-%d %H:%M} UTC" if evidence.recorded_at else "—",
        ),
        ("Recorded (claim)", f"{asset.recorded_at:%Y-%m-%d}" if asset.recorded_at else "not given"),
        ("Location (file)", where),
        ("Country (claim)", f"{claimed_where} ({asset.location_name or 'no place named'})"),
        ("Device", f"{evidence.device_make} {evidence.device_model}".strip() or "—"),
        ("Encoder", evidence.encoder or "—"),
        ("Rotation", f"{evidence.rotation}°"),
        ("Read", f"{evidence.read_at:%Y-%m-%d %H:%M} UTC"),
    ]
    found = discrepancies_now(asset, evidence)
    if found:
        found = format_html_join("", "<li>{}</li>", ((item["detail"],) for item in found))
        verdict = format_html('<p class="errornote">Discrepancies:</p><ul>{}</ul>', found)
    else:
        verdict = mark_safe(
            "<p>The file agrees with the clip's date and country where both give one.</p>"
        )
    return format_html(
        "<h3>Capture metadata against the claims</h3><table>{}</table>{}", _rows(rows), verdict
    )


def _poster(asset: VideoAsset) -> str:
    url = asset.thumbnail_url
    if not url:
        return "no poster yet"
    return format_html(
        '<img src="{}" alt="Poster of {}" width="160" height="90">', url, asset.public_id
    )


def _clip_cell(asset: VideoAsset) -> str:
    link = reverse("admin:catalog_videoasset_change", args=[asset.pk])
    return format_html(
        '{}<br><a href="{}">{}</a><br>{} · {} · received {}',
        _poster(asset),
        link,
        asset.title,
        asset.partner.name,
        asset.get_status_display(),
        f"{asset.created_at:%Y-%m-%d %H:%M} UTC",
    )


def _duplicates(asset: VideoAsset) -> str:
    matches = list(asset_duplicates(asset))
    if not matches:
        return mark_safe("<h3>Duplicates</h3><p>No match in the whole catalogue.</p>")
    rows = []
    for match in matches:
        other = match.other if match.asset_id == asset.pk else match.asset
        mine = match.asset_covered if match.asset_id == asset.pk else match.other_covered
        theirs = match.other_covered if match.asset_id == asset.pk else match.asset_covered
        first = "this clip" if asset.created_at <= other.created_at else "the other clip"
        decide = ""
        if match.resolution != Resolution.SAME_PARTNER:
            url = reverse("admin:footage_duplicate_change", args=[match.pk])
            decide = format_html(' <a href="{}">Decide</a>', url)
        decision = match.get_resolution_display()
        if match.reason:
            decision = format_html(
                "{}: “{}” ({}, {})",
                decision,
                match.reason,
                match.resolved_by or "staff",
                f"{match.resolved_at:%Y-%m-%d}",
            )
        rows.append(
            (
                _clip_cell(asset),
                _clip_cell(other),
                f"{match.similarity:.0%}" + (" (mirrored)" if match.mirrored else ""),
                f"{mine:.0%} of this clip in the other; {theirs:.0%} of the other in this one",
                first,
                format_html("{}{}", decision, decide),
            )
        )
    body = format_html_join("", "<tr>" + "<td>{}</td>" * 6 + "</tr>", rows)
    return format_html(
        "<h3>Duplicates</h3><table><tr><th>This clip</th><th>Match</th><th>Similarity</th>"
        "<th>Overlap</th><th>Received first</th><th>Decision</th></tr>{}</table>",
        body,
    )


def _history(asset: VideoAsset) -> str:
    # A decision is audited against the clip that was read second; the other clip's panel
    # finds it by the public id the entry names.
    about = Q(target_type="catalog.videoasset", target_id=str(asset.pk)) | Q(
        after__other=asset.public_id
    )
    entries = (
        AuditEntry.objects.filter(about, action="asset.duplicate_resolved")
        .select_related("actor")
        .order_by("-created_at")[:20]
    )
    if not entries:
        return ""
    lines = format_html_join(
        "",
        "<li>{}: {} decided “{}” about {}: {}</li>",
        (
            (
                f"{entry.created_at:%Y-%m-%d %H:%M} UTC",
                entry.actor or "staff",
                Resolution(entry.after.get("resolution")).label
                if entry.after.get("resolution") in Resolution.values
                else entry.after.get("resolution"),
                entry.after.get("other", ""),
                entry.after.get("reason", ""),
            )
            for entry in entries
        ),
    )
    return format_html("<h3>Decision history</h3><ul>{}</ul>", lines)
