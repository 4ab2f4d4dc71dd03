"""A clip's evidence read from its master, the duplicates that hold it back from publication,
staff's decisions, and what the API shows buyers and partners."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files import File

from audit.models import AuditEntry
from catalog.models import AssetStatus
from catalog.services import AssetRuleError, asset_change_status
from footage.evidence.duplicates import DuplicateError, duplicate_resolve, holding_reason
from footage.evidence.services import evidence_read
from footage.evidence.summary import partner_duplicates
from footage.models import Duplicate, Evidence
from footage.services import asset_attach_master
from tests.factories import AssetFactory, UserFactory
from tests.footage.evidence_files import match_between, phone_clip

pytestmark = pytest.mark.django_db


def _with_master(asset, path, capture):
    """Attach the master and run what its commit queues (renditions, the evidence task)."""
    with capture(execute=True), open(path, "rb") as handle:
        asset_attach_master(asset=asset, file=File(handle, name=path.name))
    return asset


@pytest.fixture
def filmed_in_beijing(tmp_path, django_capture_on_commit_callbacks):
    """A clip that says it was filmed in London yesterday, whose file says Beijing."""
    yesterday = datetime.now(UTC) - timedelta(days=1)
    asset = AssetFactory(
        status=AssetStatus.REVIEW, recorded_at=yesterday.date(), location_country="GB"
    )
    path = phone_clip(
        tmp_path / "IMG_0042.mov",
        recorded_at=yesterday,
        location="+39.9042+116.4074/",
        make="Apple",
        model="iPhone 15 Pro",
    )
    return _with_master(asset, path, django_capture_on_commit_callbacks)


def test_evidence_is_read_when_the_master_arrives(filmed_in_beijing):
    asset = filmed_in_beijing
    evidence = Evidence.objects.get(asset=asset)  # read by the task the master queued
    assert evidence.master_name == asset.master.name
    assert evidence.capture_country == "CN" and evidence.device_model == "iPhone 15 Pro"
    assert [item["code"] for item in evidence.discrepancies] == ["location_country"]


def test_a_new_master_is_read_again_and_its_old_evidence_replaced(
    filmed_in_beijing, tmp_path, django_capture_on_commit_callbacks
):
    asset = filmed_in_beijing
    path = phone_clip(tmp_path / "again.mov", location="+51.5074-000.1278/")
    _with_master(asset, path, django_capture_on_commit_callbacks)
    evidence = Evidence.objects.get(asset=asset)
    assert evidence.master_name == asset.master.name
    assert evidence.capture_country == "GB" and evidence.discrepancies == []
    assert evidence.device_model == ""


def test_a_changed_claim_is_compared_again_without_reading_the_file(
    filmed_in_beijing, staff_api_client
):
    asset = filmed_in_beijing
    asset.location_country = "CN"
    asset.save(update_fields=["location_country"])
    body = staff_api_client.get(VERIFY.format(asset.public_id)).json()
    assert body["capture"]["consistent"] is True and body["capture"]["discrepancies"] == []


def test_evidence_of_a_master_replaced_meanwhile_is_thrown_away(filmed_in_beijing, monkeypatch):
    from footage.evidence import services

    asset = filmed_in_beijing
    real_read = services._read

    def read_then_replace(target):
        reading = real_read(target)
        type(asset).objects.filter(pk=asset.pk).update(master="masters/newer.mov")
        return reading

    monkeypatch.setattr(services, "_read", read_then_replace)
    before = Evidence.objects.get(asset=asset).read_at
    assert evidence_read(asset_id=asset.pk) is None
    assert Evidence.objects.get(asset=asset).read_at == before


def test_another_partners_copy_holds_the_clip_until_staff_decide(filmed_in_beijing):
    asset = filmed_in_beijing
    original = AssetFactory()
    match = match_between(asset, original)
    with pytest.raises(AssetRuleError, match=original.public_id):
        asset_change_status(asset=asset, status=AssetStatus.PUBLISHED)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.REVIEW
    staff = UserFactory(staff=True)
    duplicate_resolve(
        duplicate=match,
        resolution=Duplicate.Resolution.FILMED_FIRST,
        reason="The partner sent the raw file from the phone, 20 minutes before the other post.",
        actor=staff,
    )
    asset_change_status(asset=asset, status=AssetStatus.PUBLISHED)
    assert asset.status == AssetStatus.PUBLISHED
    entry = AuditEntry.objects.get(action="asset.duplicate_resolved")
    assert (
        entry.after["resolution"] == "filmed_first" and entry.after["other"] == original.public_id
    )


def test_a_clip_rejected_as_a_copy_stays_held(filmed_in_beijing):
    asset = filmed_in_beijing
    match = match_between(asset, AssetFactory())
    duplicate_resolve(
        duplicate=match,
        resolution=Duplicate.Resolution.REJECTED,
        reason="A screen recording of the other partner's post.",
        actor=UserFactory(staff=True),
    )
    assert "rejected as a copy" in holding_reason(asset)
    with pytest.raises(AssetRuleError):
        asset_change_status(asset=asset, status=AssetStatus.PUBLISHED)


def test_the_same_partners_copy_is_only_a_warning(filmed_in_beijing):
    asset = filmed_in_beijing
    match_between(
        asset, AssetFactory(partner=asset.partner), resolution=Duplicate.Resolution.SAME_PARTNER
    )
    assert holding_reason(asset) is None
    asset_change_status(asset=asset, status=AssetStatus.PUBLISHED)


@pytest.mark.parametrize(
    "resolution, reason, message",
    [
        ("open", "because", "Choose a decision"),
        ("filmed_first", "   ", "Give the reason"),
        ("not_duplicate", "x" * 2001, "at most 2,000"),
    ],
)
def test_a_decision_needs_a_choice_and_a_reason(filmed_in_beijing, resolution, reason, message):
    match = match_between(filmed_in_beijing, AssetFactory())
    with pytest.raises(DuplicateError, match=message):
        duplicate_resolve(duplicate=match, resolution=resolution, reason=reason, actor=None)
    match.refresh_from_db()
    assert match.resolution == "open" and match.reason == ""
    assert not AuditEntry.objects.filter(action="asset.duplicate_resolved").exists()


def test_partners_see_only_clips_they_may_know_of(filmed_in_beijing):
    asset = filmed_in_beijing
    published = AssetFactory()
    unpublished = AssetFactory(status=AssetStatus.REVIEW)
    own = AssetFactory(partner=asset.partner, status=AssetStatus.DRAFT)
    match_between(asset, published)
    match_between(unpublished, asset)
    match_between(asset, own, resolution=Duplicate.Resolution.SAME_PARTNER)
    shown = {row["asset"] for row in partner_duplicates(asset)}
    assert shown == {published.public_id, own.public_id}


VERIFY = "/api/v1/assets/{}/verification/"


def test_buyers_read_how_a_clip_was_verified(api_client, filmed_in_beijing, settings):
    asset = filmed_in_beijing
    asset.location_country = "CN"
    asset.save(update_fields=["location_country"])
    asset_change_status(asset=asset, status=AssetStatus.PUBLISHED)
    body = api_client.get(VERIFY.format(asset.public_id)).json()
    assert body["provenance"]["state"] == "none"
    capture = body["capture"]
    assert capture["country"] == "CN" and capture["device"] == "Apple iPhone 15 Pro"
    assert capture["consistent"] is True and capture["discrepancies"] == []
    assert body["duplicates_resolved"] is True and body["reviewed_at"]
    results = {check["code"]: check["result"] for check in body["checks"]}
    assert results == {
        "content_credentials": "not_available",
        "recorded_date": "passed",
        "location_country": "passed",
        "duplicates": "passed",
        "staff_review": "passed",
    }
    text = str(body)
    assert "39.9" not in text and "116.4" not in text  # never the coordinates


def test_verification_follows_the_clips_territory_rules(api_client, settings, tmp_path):
    settings.GEO_TRUSTED_HEADER = "CF-IPCountry"
    asset = AssetFactory(restrictions="No access Chinese mainland")
    response = api_client.get(VERIFY.format(asset.public_id), HTTP_CF_IPCOUNTRY="CN")
    assert response.status_code == 451
    assert response.json()["reasons"] == ["No access in Chinese mainland (CN)"]
    shown = api_client.get(VERIFY.format(asset.public_id), HTTP_CF_IPCOUNTRY="GB")
    assert shown.status_code == 200
    assert shown.json()["checks"] == [
        {
            "code": "evidence",
            "result": "not_available",
            "detail": "The file has not been checked yet.",
        }
    ]


def test_an_unpublished_clip_has_no_public_verification(api_client, filmed_in_beijing):
    assert api_client.get(VERIFY.format(filmed_in_beijing.public_id)).status_code == 404


def test_a_discrepancy_reaches_the_buyer_as_a_failed_check(staff_api_client, filmed_in_beijing):
    body = staff_api_client.get(VERIFY.format(filmed_in_beijing.public_id)).json()
    assert body["capture"]["consistent"] is False
    assert body["capture"]["discrepancies"] == [
        "The file's location is in China; the clip says it was filmed in United Kingdom."
    ]
    failed = [check["code"] for check in body["checks"] if check["result"] == "failed"]
    assert failed == ["location_country"]


def test_the_clip_page_says_how_the_clip_was_verified(client, filmed_in_beijing):
    asset = filmed_in_beijing
    asset.location_country = "CN"
    asset.save(update_fields=["location_country"])
    asset_change_status(asset=asset, status=AssetStatus.PUBLISHED)
    page = client.get(asset.get_absolute_url()).content.decode()
    assert "How this clip was verified" in page
    assert "The location in the file is in China, as the clip says." in page
    assert "no other partner&#x27;s copy found" in page
    assert "39.90" not in page and "116.40" not in page


@pytest.mark.parametrize("kind", ["signed", "one byte changed", "plain"])
def test_content_credentials_of_an_uploaded_master(
    kind, signed_mp4, plain_mp4, tmp_path, django_capture_on_commit_callbacks, staff_api_client
):
    from tests.content_credentials import changed_in_media

    path = tmp_path / "master.mp4"
    if kind == "plain":
        path.write_bytes(plain_mp4.read_bytes())
    elif kind == "signed":
        path.write_bytes(signed_mp4.read_bytes())
    else:
        path.write_bytes(changed_in_media(signed_mp4.read_bytes()))
    asset = _with_master(
        AssetFactory(status=AssetStatus.REVIEW), path, django_capture_on_commit_callbacks
    )
    provenance = staff_api_client.get(VERIFY.format(asset.public_id)).json()["provenance"]
    evidence = Evidence.objects.get(asset=asset)
    if kind == "signed":
        assert provenance["state"] == "valid"
        assert provenance["claim_generator"].startswith("StormCam")
        assert provenance["digital_source_type"] == "digitalCapture"
        assert evidence.actions[:1] == ["c2pa.created"]
    elif kind == "plain":
        assert provenance == {
            "state": "none",
            "signer": "",
            "claim_generator": "",
            "digital_source_type": "",
        }
    else:
        assert provenance["state"] == "invalid"
        assert evidence.validation_codes  # the codes staff see in the panel
