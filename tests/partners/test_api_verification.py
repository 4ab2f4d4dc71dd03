"""A partner reads what its clip's file says, and the clips it matches that it may know of."""

import pytest

from catalog.models import AssetStatus
from tests.factories import AssetFactory
from tests.footage.evidence_files import match_between, read_evidence_of
from tests.partners.clips import key_client, member_of

pytestmark = pytest.mark.django_db
CLIPS = "/api/v1/partner/clips/"


def test_the_clip_shows_its_evidence_and_only_matches_the_partner_may_know_of():
    member = member_of()
    clip = AssetFactory(partner=member.partner, status=AssetStatus.REVIEW, location_country="GB")
    read_evidence_of(
        clip,
        credentials="valid",
        signer="Newsroom Cam Inc.",
        claim_generator="CamApp/2.1",
        digital_source_type="digitalCapture",
        capture_country="FR",
        latitude=48.85,
        longitude=2.35,
        device_make="Google",
        device_model="Pixel 9",
    )
    published, hidden = AssetFactory(), AssetFactory(status=AssetStatus.REVIEW)
    match_between(clip, published, similarity=0.9, asset_covered=0.8, other_covered=0.3)
    match_between(hidden, clip)  # another partner's clip in review: never named to this partner

    body = key_client(member).get(f"{CLIPS}{clip.public_id}/").json()

    assert body["verification"]["provenance"] == {
        "state": "valid",
        "signer": "Newsroom Cam Inc.",
        "claim_generator": "CamApp/2.1",
        "digital_source_type": "digitalCapture",
    }
    capture = body["verification"]["capture"]
    assert capture["country"] == "FR" and capture["device"] == "Google Pixel 9"
    assert capture["consistent"] is False
    assert capture["discrepancies"] == [
        "The file's location is in France; the clip says it was filmed in United Kingdom."
    ]
    assert body["duplicates"] == [{"asset": published.public_id, "similarity": 0.9, "overlap": 0.8}]
    assert hidden.public_id not in str(body)


def test_the_list_stays_without_the_per_clip_evidence():
    member = member_of()
    AssetFactory(partner=member.partner, status=AssetStatus.REVIEW)
    row = key_client(member).get(CLIPS).json()["results"][0]
    assert "verification" not in row and "duplicates" not in row
