"""The partner clips API: submit from an upload, list and read your clips with their progress
and sales, edit and resend a returned clip; another partner's clip is not found."""

import pytest

from catalog.models import AssetStatus, VideoAsset
from footage.models import Upload
from ledger.models import Earning
from partners.services.review import asset_return
from tests.factories import AssetFactory, CategoryFactory, PartnerFactory, UserFactory
from tests.partners.clips import (
    key_client,
    member_of,
    ready_upload,
    release_form_upload,
    stored_files,
)

pytestmark = pytest.mark.django_db
CLIPS = "/api/v1/partner/clips/"


def body(upload, **extra):
    return {
        "upload": upload.public_id,
        "title": "Tornado over the plains",
        "rights": {"filmed_by_submitter": True, "people_consented": True},
        **extra,
    }


@pytest.fixture
def member():
    return member_of()


@pytest.fixture
def api(member):
    return key_client(member)


def test_a_submission_makes_a_clip_in_review_with_its_duration_from_the_file(api, member, tmp_path):
    upload = ready_upload(member.partner, tmp_path, seconds=111)
    CategoryFactory(slug="weather")

    response = api.post(
        CLIPS,
        body(
            upload,
            categories=["weather"],
            tags=["tornado"],
            restriction_controls={
                "territory_mode": "deny",
                "territories": ["Chinese mainland", "HK"],
                "embargo_until": "2026-12-01T00:00:00Z",
                "editorial_only": True,
            },
        ),
        format="json",
    )

    assert response.status_code == 201, response.json()
    clip = response.json()
    assert clip["status"] == "review"
    assert clip["duration"] == "01:51"
    assert clip["restrictions"] == (
        "No access Chinese mainland, Hong Kong. Embargo until 2026-12-01 00:00 UTC. "
        "Editorial use only"
    )
    assert clip["categories"] == ["weather"] and clip["tags"] == ["tornado"]
    assert {r["status"] for r in clip["renditions"]} == {"pending"}
    assert {r["kind"] for r in clip["renditions"]} >= {"poster", "preview"}
    assert clip["attestation"]["filmed_by_submitter"] is True
    assert clip["attestation"]["release_form"] is False
    assert (clip["sales"], clip["earnings"], clip["review_note"]) == (0, [], None)
    assert clip["page_url"] is None


def test_a_release_form_goes_with_the_attestation(api, member, tmp_path):
    upload = ready_upload(member.partner, tmp_path)
    form = release_form_upload(member.partner, tmp_path)
    payload = body(upload)
    payload["rights"]["release_form"] = form.public_id

    response = api.post(CLIPS, payload, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["attestation"]["release_form"] is True


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"rights": {"filmed_by_submitter": True}}, "rights.people_consented", "required"),
        (
            {"rights": {"filmed_by_submitter": True, "people_consented": False}},
            "rights.people_consented",
            "agreed to be filmed",
        ),
        ({"rights": None}, "rights", "null"),
        ({"restrictions": "No access Narnia"}, "restrictions", "Cannot read “No access Narnia”"),
        (
            {"restriction_controls": {"territory_mode": "allow", "territories": ["Atlantis"]}},
            "restriction_controls.territories",
            "“Atlantis” is not a territory",
        ),
        ({"categories": ["nope"]}, "categories", "No category has the slug “nope”"),
        ({"upload": "aaaaaaaaaaaa"}, "upload", "No upload aaaaaaaaaaaa of yours"),
    ],
)
def test_bad_input_is_a_400_with_a_sentence_and_leaves_nothing(
    api, member, tmp_path, change, field, words
):
    upload = ready_upload(member.partner, tmp_path)
    before = stored_files()

    response = api.post(CLIPS, {**body(upload), **change}, format="json")

    assert response.status_code == 400
    error = response.json()
    assert field in error["fields"]
    assert words in error["detail"]
    assert not VideoAsset.objects.exists()
    assert stored_files() == before
    assert Upload.objects.get(pk=upload.pk).status == Upload.Status.READY


def test_an_upload_of_another_partner_not_ready_or_used_is_refused(api, member, tmp_path):
    theirs = ready_upload(PartnerFactory(), tmp_path)
    unfinished = Upload.objects.create(
        partner=member.partner, length=100, offset=1, expires_at="2099-01-01T00:00:00Z"
    )
    mine = ready_upload(member.partner, tmp_path)
    assert api.post(CLIPS, body(mine), format="json").status_code == 201

    for upload, words in [
        (theirs, "No upload"),
        (unfinished, "still receiving"),
        (mine, "already used"),
    ]:
        response = api.post(CLIPS, body(upload), format="json")
        assert response.status_code == 400
        assert words in response.json()["detail"]
    assert VideoAsset.objects.count() == 1


def test_the_list_shows_your_clips_with_sales_earnings_and_the_review_note(
    api, member, django_assert_max_num_queries
):
    returned = AssetFactory(partner=member.partner, status=AssetStatus.REVIEW)
    asset_return(returned, UserFactory(staff=True), "Trim the first ten seconds.")
    sold = AssetFactory(partner=member.partner)
    sell_twice_refund_once(sold)
    ledger = Earning.objects.filter(partner=member.partner)
    net = sum(ledger.values_list("amount", flat=True))
    currency = ledger.values_list("currency", flat=True).first()
    AssetFactory.create_batch(3, partner=member.partner, status=AssetStatus.REVIEW)
    AssetFactory(partner=PartnerFactory())  # another partner's: never listed

    with django_assert_max_num_queries(12):
        response = api.get(CLIPS)

    assert response.status_code == 200
    listed = {clip["id"]: clip for clip in response.json()["results"]}
    assert len(listed) == 5
    assert listed[returned.public_id]["review_note"] == "Trim the first ten seconds."
    assert listed[returned.public_id]["status"] == "draft"
    assert listed[sold.public_id]["sales"] == 2
    assert listed[sold.public_id]["refunds"] == 1
    assert listed[sold.public_id]["earnings"] == [{"currency": currency, "amount": f"{net:.2f}"}]
    assert net > 0
    assert listed[sold.public_id]["page_url"].endswith(sold.get_absolute_url())


def test_queries_do_not_grow_with_the_page(api, member, django_assert_max_num_queries):
    AssetFactory.create_batch(20, partner=member.partner, status=AssetStatus.REVIEW)

    with django_assert_max_num_queries(12):
        response = api.get(CLIPS, {"page_size": 20})

    assert len(response.json()["results"]) == 20


def test_another_partners_clip_is_not_found_everywhere(api, member):
    theirs = AssetFactory(partner=PartnerFactory(), status=AssetStatus.DRAFT)
    url = f"{CLIPS}{theirs.public_id}/"

    assert api.get(url).status_code == 404
    assert api.patch(url, {"title": "Mine now"}, format="json").status_code == 404
    assert api.post(f"{url}submit/").status_code == 404
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status) != ("Mine now", AssetStatus.REVIEW)


def test_a_returned_clip_is_edited_and_sent_back_to_review(api, member):
    asset = AssetFactory(partner=member.partner, status=AssetStatus.REVIEW)
    asset_return(asset, UserFactory(staff=True), "Say where it was filmed.")
    url = f"{CLIPS}{asset.public_id}/"

    edited = api.patch(
        url,
        {"location_name": "Moore, Oklahoma", "restriction_controls": {"no_social_media": True}},
        format="json",
    )
    sent = api.post(f"{url}submit/")

    assert edited.status_code == 200, edited.json()
    assert edited.json()["restrictions"] == "No social media"
    assert edited.json()["location_name"] == "Moore, Oklahoma"
    assert sent.status_code == 200
    assert sent.json()["status"] == "review"


def test_a_clip_not_returned_cannot_be_edited_or_resent(api, member):
    asset = AssetFactory(partner=member.partner, status=AssetStatus.REVIEW)
    url = f"{CLIPS}{asset.public_id}/"

    edit = api.patch(url, {"title": "Other"}, format="json")
    resend = api.post(f"{url}submit/")

    assert (edit.status_code, resend.status_code) == (409, 409)
    assert "in review" in edit.json()["detail"]


def test_a_bad_edit_changes_nothing(api, member):
    asset = AssetFactory(partner=member.partner, status=AssetStatus.REVIEW, restrictions="")
    asset_return(asset, UserFactory(staff=True), "Say where it was filmed.")

    response = api.patch(
        f"{CLIPS}{asset.public_id}/", {"restrictions": "Japan outt"}, format="json"
    )

    assert response.status_code == 400
    assert "Japan outt" in response.json()["detail"]
    asset.refresh_from_db()
    assert asset.restrictions == ""


def sell_twice_refund_once(asset):
    """Two orders of the clip through the buyers' API, the second refunded: the partner's
    ledger then has two sales and one refund."""
    from licensing.models import Order
    from licensing.services.orders import order_refund
    from tests.licensing.conftest import client_for, make_buyer, order, with_master

    with_master(asset)
    _, raw = make_buyer()
    buyer_api = client_for(raw)
    first = order(buyer_api, [{"asset": asset.public_id, "license": "editorial"}], key="k1")
    second = order(buyer_api, [{"asset": asset.public_id, "license": "commercial"}], key="k2")
    assert (first.status_code, second.status_code) == (201, 201), second.json()
    order_refund(order=Order.objects.get(public_id=second.json()["id"]))


def test_one_clip_is_read_in_a_fixed_number_of_queries(api, member, django_assert_max_num_queries):
    clip = AssetFactory(partner=member.partner, status=AssetStatus.REVIEW)

    with django_assert_max_num_queries(12):
        response = api.get(f"{CLIPS}{clip.public_id}/")

    assert response.status_code == 200
    assert response.json()["id"] == clip.public_id


def test_a_signed_in_member_posts_with_the_csrf_token_only(member, tmp_path):
    from rest_framework.test import APIClient

    site = APIClient(enforce_csrf_checks=True)
    site.force_login(member.user)

    response = site.post(CLIPS, body(ready_upload(member.partner, tmp_path)), format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not VideoAsset.objects.exists()
