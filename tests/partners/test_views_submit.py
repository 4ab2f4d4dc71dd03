"""Sending a clip from the site: the upload page, the submission form for a finished upload (the
no-JavaScript path writes the restriction text from the controls on the server), its errors,
and the edit page of a returned clip."""

import pytest

from catalog.models import AssetStatus, VideoAsset
from devdata.videos import synthetic_video
from footage.models import Upload
from footage.uploads.services import upload_from_path
from partners.models import ReviewDecision, RightsAttestation
from tests.factories import AssetFactory, CategoryFactory, PartnerFactory, UserFactory
from tests.partners.site_helpers import member_of

pytestmark = pytest.mark.django_db
NEW = "/partner/clips/new/"


@pytest.fixture
def member():
    return member_of()


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def ready_upload(member, tmp_path):
    path = tmp_path / "harbour.mp4"
    synthetic_video(5, target=str(path))
    return upload_from_path(
        partner=member.partner, path=path, created_by=member.user, filename="harbour.mp4"
    )


def details(**changes):
    data = {
        "title": "Storm over the harbour",
        "description": "Waves break over the harbour wall.",
        "shotlist": "1. Wide of harbour; 2. Waves on wall.",
        "location_name": "Dover",
        "location_country": "GB",
        "recorded_at": "2026-11-20",
        "tags": "storm, harbour, weather",
        "restriction_mode": "deny",
        "territories": "Chinese mainland, Japan",
        "embargo_until": "",
        "editorial_only": "on",
        "filmed_by_submitter": "on",
        "people_consented": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_upload_page_serves_tus_js_client_from_our_static_files(member_client):
    page = member_client.get("/partner/upload/").content.decode()

    assert "/static/vendor/tus-js-client/tus.min.js" in page
    assert "/static/js/partner-upload.js" in page
    assert 'data-endpoint="/api/v1/uploads/"' in page and "<progress" in page
    assert "<script>" not in page  # CSP: no inline script


@pytest.mark.parametrize("path", ["/partner/upload/", f"{NEW}?upload=abc"])
def test_anonymous_visitors_sign_in_and_buyers_are_refused(client, path):
    assert client.get(path).status_code == 302
    client.force_login(UserFactory())
    assert client.get(path).status_code == 403


def test_the_form_shows_what_the_file_holds(member_client, ready_upload):
    page = member_client.get(NEW, {"upload": ready_upload.public_id}).content.decode()

    assert "00:05" in page and "harbour.mp4" in page and "64×36, 1 fps" in page
    assert "Restrictions" in page and "/static/js/restriction-controls.js" in page


def test_another_partners_upload_is_not_found(client, ready_upload):
    rival = member_of(PartnerFactory(name="Rival"), email="rival@example.com")
    client.force_login(rival.user)

    assert client.get(NEW, {"upload": ready_upload.public_id}).status_code == 404
    response = client.post(f"{NEW}?upload={ready_upload.public_id}", details())
    assert response.status_code == 404
    assert not VideoAsset.objects.exists()


def test_submitting_without_javascript_writes_the_restrictions_and_lands_on_the_dashboard(
    member_client, member, ready_upload
):
    news = CategoryFactory(name="Weather", slug="weather")

    response = member_client.post(
        f"{NEW}?upload={ready_upload.public_id}", details(categories=["weather"]), follow=True
    )

    assert response.redirect_chain == [("/partner/", 302)]
    page = response.content.decode()
    assert "Sent for review: “Storm over the harbour”" in page
    clip = VideoAsset.objects.get()
    assert clip.partner == member.partner and clip.status == AssetStatus.REVIEW
    assert clip.restrictions == "No access Chinese mainland, Japan. Editorial use only"
    assert clip.duration_seconds == 5 and list(clip.categories.all()) == [news]
    assert sorted(clip.tags.values_list("name", flat=True)) == ["harbour", "storm", "weather"]
    assert RightsAttestation.objects.get(asset=clip).submitted_by == member.user
    assert "In review" in page and "Storm over the harbour" in page


def test_a_missing_attestation_or_title_reshows_the_form_with_sentences(
    member_client, ready_upload
):
    response = member_client.post(
        f"{NEW}?upload={ready_upload.public_id}", details(title="", people_consented=None)
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Confirm that the people filmed consented." in page
    assert "This field is required." in page
    assert 'value="Chinese mainland, Japan"' in page  # what was typed is kept
    assert not VideoAsset.objects.exists()
    ready_upload.refresh_from_db()
    assert ready_upload.status == Upload.Status.READY


def test_an_unknown_territory_is_named(member_client, ready_upload):
    response = member_client.post(
        f"{NEW}?upload={ready_upload.public_id}", details(territories="Narnia")
    )

    assert response.status_code == 400
    assert "“Narnia” is not a territory" in response.content.decode()
    assert not VideoAsset.objects.exists()


def test_a_used_upload_cannot_be_sent_twice(member_client, ready_upload):
    member_client.post(f"{NEW}?upload={ready_upload.public_id}", details())

    response = member_client.get(NEW, {"upload": ready_upload.public_id})

    assert response.status_code == 409
    assert "already been sent as a clip" in response.content.decode()
    assert VideoAsset.objects.count() == 1


def test_a_returned_clip_is_edited_and_sent_again(member_client, member):
    clip = AssetFactory(
        partner=member.partner,
        status=AssetStatus.DRAFT,
        title="Shaky harbour",
        restrictions="No access Chinese mainland",
    )
    ReviewDecision.objects.create(asset=clip, verdict="returned", note="Add a shotlist.")
    edit = f"/partner/clips/{clip.public_id}/edit/"

    page = member_client.get(edit).content.decode()
    assert "Add a shotlist." in page and 'value="Chinese mainland"' in page

    response = member_client.post(
        edit, details(title="Steady harbour", editorial_only=None, territories="PRC")
    )

    assert response.status_code == 302 and response["Location"] == "/partner/"
    clip.refresh_from_db()
    assert clip.status == AssetStatus.REVIEW and clip.title == "Steady harbour"
    assert clip.restrictions == "No access Chinese mainland"


def test_a_clip_in_review_cannot_be_edited(member_client, member):
    clip = AssetFactory(partner=member.partner, status=AssetStatus.REVIEW)

    response = member_client.get(f"/partner/clips/{clip.public_id}/edit/", follow=True)

    assert "only a returned clip can be edited" in response.content.decode()


def test_another_partners_clip_cannot_be_edited(member_client):
    clip = AssetFactory(status=AssetStatus.DRAFT)

    assert member_client.get(f"/partner/clips/{clip.public_id}/edit/").status_code == 404


def test_restrictions_beyond_the_controls_are_kept_unless_the_partner_says_otherwise(
    member_client, member
):
    text = "No access Chinese mainland. Must credit Reuters"
    clip = AssetFactory(partner=member.partner, status=AssetStatus.DRAFT, restrictions=text)
    ReviewDecision.objects.create(asset=clip, verdict="returned", note="Fix the title.")
    edit = f"/partner/clips/{clip.public_id}/edit/"
    assert "Keep this restriction text" in member_client.get(edit).content.decode()

    member_client.post(edit, details(restriction_mode="none", keep_restrictions="1"))

    clip.refresh_from_db()
    assert clip.status == AssetStatus.REVIEW and clip.restrictions == text


def test_the_form_page_takes_a_fixed_number_of_queries(
    member_client, ready_upload, django_assert_max_num_queries
):
    for n in range(20):
        CategoryFactory(name=f"Topic {n}", slug=f"topic-{n}")

    with django_assert_max_num_queries(8):
        response = member_client.get(NEW, {"upload": ready_upload.public_id})

    assert response.status_code == 200


def test_a_signed_release_form_goes_with_the_clip(member_client, ready_upload):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("release.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")

    response = member_client.post(
        f"{NEW}?upload={ready_upload.public_id}", {**details(), "release_form": pdf}
    )

    assert response.status_code == 302
    attestation = RightsAttestation.objects.get()
    assert attestation.release_form.name
    with attestation.release_form.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-1.4")


def test_a_release_form_that_is_not_a_document_is_refused_and_leaves_nothing(
    member_client, ready_upload
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    junk = SimpleUploadedFile("release.pdf", b"just some words, not a PDF")

    response = member_client.post(
        f"{NEW}?upload={ready_upload.public_id}", {**details(), "release_form": junk}
    )

    assert response.status_code == 400
    assert "A release form must be a PDF document" in response.content.decode()
    assert not VideoAsset.objects.exists()
    assert not Upload.objects.filter(purpose=Upload.Purpose.RELEASE_FORM, status="ready").exists()
