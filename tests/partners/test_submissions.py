"""asset_submit: a partner's finished upload becomes a clip in review, or nothing at all."""

from pathlib import Path

import pytest

from audit.models import AuditEntry
from catalog.models import AssetStatus, VideoAsset
from footage.models import Rendition, Upload
from footage.uploads.files import upload_path
from partners.models import RightsAttestation
from partners.services.review import asset_return
from partners.services.submissions import (
    SubmissionError,
    asset_resubmit,
    asset_submit,
    asset_update,
)
from tests.factories import AssetFactory, CategoryFactory, PartnerFactory, UserFactory
from tests.partners.clips import (
    member_of,
    ready_upload,
    release_form_upload,
    stored_files,
)

pytestmark = pytest.mark.django_db


def submit(partner, person, upload, **extra):
    fields = {
        "title": "Tornado over the plains",
        "filmed_by_submitter": True,
        "people_consented": True,
        **extra,
    }
    return asset_submit(partner=partner, person=person, upload=upload, **fields)


def test_a_ready_upload_becomes_a_clip_in_review_with_renditions_queued(
    tmp_path, django_capture_on_commit_callbacks
):
    member = member_of()
    upload = ready_upload(member.partner, tmp_path, seconds=111)
    news = CategoryFactory(name="News")

    with django_capture_on_commit_callbacks() as callbacks:
        asset = submit(
            member.partner,
            member.user,
            upload,
            restrictions="No access Chinese mainland/Hong Kong",
            categories=[news],
            tags=["tornado", "weather"],
            location_country="US",
        )

    asset = VideoAsset.objects.get(pk=asset.pk)
    assert asset.status == AssetStatus.REVIEW
    assert asset.duration == "01:51"
    assert (asset.width, asset.height) == (64, 36)
    assert asset.master.name and asset.master.storage.exists(asset.master.name)
    assert asset.restrictions == "No access Chinese mainland/Hong Kong"
    assert [c.name for c in asset.categories.all()] == ["News"]
    assert sorted(asset.tags.values_list("name", flat=True)) == ["tornado", "weather"]
    assert set(asset.renditions.values_list("status", flat=True)) == {Rendition.Status.PENDING}
    assert RightsAttestation.objects.get(asset=asset).submitted_by == member.user
    assert Upload.objects.get(pk=upload.pk).status == Upload.Status.USED
    actions = set(
        AuditEntry.objects.filter(target_id=str(asset.pk)).values_list("action", flat=True)
    )
    assert {"asset.create", "asset.master", "asset.status", "partner.asset_submitted"} <= actions
    assert len(callbacks) >= 2  # the renditions' tasks and the upload's file, after the commit


def test_after_the_commit_the_uploads_file_is_gone(tmp_path, django_capture_on_commit_callbacks):
    member = member_of()
    upload = ready_upload(member.partner, tmp_path)
    before = stored_files()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        asset = submit(member.partner, member.user, upload)
    for callback in callbacks:
        if "upload_file_delete" in callback.__code__.co_names:
            callback()

    # The master moved into private storage; the upload's own file is gone.
    assert stored_files() - before == {Path(asset.master.path)}
    assert not upload_path(upload).exists()


def test_a_release_form_is_copied_into_private_storage(tmp_path):
    member = member_of()
    upload = ready_upload(member.partner, tmp_path)
    form = release_form_upload(member.partner, tmp_path)

    asset = submit(member.partner, member.user, upload, release_form=form)

    attestation = asset.rights_attestation
    assert attestation.release_form.name.startswith("releases/")
    assert attestation.release_form.storage.exists(attestation.release_form.name)
    assert Upload.objects.get(pk=form.pk).status == Upload.Status.USED


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"filmed_by_submitter": False}, "rights.filmed_by_submitter", "filmed this footage"),
        ({"people_consented": False}, "rights.people_consented", "agreed to be filmed"),
        ({"people_consented": None}, "rights.people_consented", "agreed to be filmed"),
        ({"restrictions": "No access Narnia"}, "restrictions", "“Narnia” is not a territory"),
        ({"title": ""}, "title", "This field cannot be blank"),
    ],
)
def test_bad_input_is_refused_and_leaves_nothing(tmp_path, extra, field, words):
    member = member_of()
    upload = ready_upload(member.partner, tmp_path)
    before = stored_files()

    with pytest.raises(SubmissionError) as error:
        submit(member.partner, member.user, upload, **extra)

    assert error.value.field == field
    assert words in error.value.message
    assert not VideoAsset.objects.exists()
    assert not RightsAttestation.objects.exists()
    assert stored_files() == before  # the upload's own file stays, for another try
    assert Upload.objects.get(pk=upload.pk).status == Upload.Status.READY


def test_another_partners_upload_is_no_such_upload(tmp_path):
    member = member_of()
    theirs = ready_upload(PartnerFactory(), tmp_path)

    with pytest.raises(SubmissionError, match="No such upload"):
        submit(member.partner, member.user, theirs)

    assert not VideoAsset.objects.exists()


def test_an_unfinished_upload_is_refused(tmp_path):
    member = member_of()
    upload = Upload.objects.create(
        partner=member.partner, length=1000, offset=10, expires_at="2099-01-01T00:00:00Z"
    )

    with pytest.raises(SubmissionError, match="still receiving"):
        submit(member.partner, member.user, upload)


def test_an_upload_is_used_once(tmp_path):
    member = member_of()
    upload = ready_upload(member.partner, tmp_path)
    submit(member.partner, member.user, upload)
    masters = stored_files()

    with pytest.raises(SubmissionError, match="already used"):
        submit(member.partner, member.user, Upload.objects.get(pk=upload.pk))
    # Even from a stale copy that still says ready: the row lock finds it used.
    with pytest.raises(SubmissionError, match="used"):
        submit(member.partner, member.user, upload)

    assert VideoAsset.objects.count() == 1
    assert stored_files() == masters


def test_a_failure_after_the_master_is_stored_removes_it(tmp_path, monkeypatch):
    member = member_of()
    upload = ready_upload(member.partner, tmp_path)
    before = stored_files()

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("partners.services.submissions.asset_change_status", broken)
    with pytest.raises(RuntimeError):
        submit(member.partner, member.user, upload)

    assert not VideoAsset.objects.exists()
    assert stored_files() == before


def test_a_returned_clip_is_edited_and_sent_back(tmp_path):
    member = member_of()
    asset = submit(member.partner, member.user, ready_upload(member.partner, tmp_path))
    asset_return(asset, UserFactory(staff=True), "Say where it was filmed.")

    asset_update(
        asset=asset,
        partner=member.partner,
        person=member.user,
        title="Tornado, Kansas",
        restrictions="Editorial use only",
        tags=["kansas"],
    )
    asset_resubmit(asset=asset, partner=member.partner, person=member.user)

    asset.refresh_from_db()
    assert (asset.title, asset.status, asset.editorial_only) == (
        "Tornado, Kansas",
        AssetStatus.REVIEW,
        True,
    )
    assert list(asset.tags.values_list("name", flat=True)) == ["kansas"]


def test_a_clip_in_review_cannot_be_edited(tmp_path):
    member = member_of()
    asset = submit(member.partner, member.user, ready_upload(member.partner, tmp_path))

    with pytest.raises(SubmissionError, match="only a clip returned to you"):
        asset_update(asset=asset, partner=member.partner, person=member.user, title="New")
    with pytest.raises(SubmissionError, match="No such clip"):
        asset_resubmit(asset=asset, partner=PartnerFactory(), person=None)


def test_a_draft_staff_made_is_not_the_partners_to_change(tmp_path):
    # Given a draft of the partner's that no review returned (made by ingest, or withdrawn
    # and moved back by staff)
    member = member_of()
    asset = AssetFactory(
        partner=member.partner, status=AssetStatus.DRAFT, restrictions="No access Chinese mainland"
    )

    # Then the partner can neither change it nor send it for review
    with pytest.raises(SubmissionError, match="only a clip returned to you"):
        asset_update(asset=asset, partner=member.partner, person=member.user, restrictions="")
    with pytest.raises(SubmissionError, match="only a clip returned to you"):
        asset_resubmit(asset=asset, partner=member.partner, person=member.user)
    asset.refresh_from_db()
    assert (asset.status, asset.restrictions) == (AssetStatus.DRAFT, "No access Chinese mainland")


def test_a_release_form_is_kept_under_a_name_its_content_gives(tmp_path):
    member = member_of()
    form = release_form_upload(member.partner, tmp_path)
    Upload.objects.filter(pk=form.pk).update(filename="evil.html")
    form.refresh_from_db()

    asset = submit(
        member.partner, member.user, ready_upload(member.partner, tmp_path), release_form=form
    )

    assert asset.rights_attestation.release_form.name.endswith(".pdf")


def test_a_release_form_changed_after_its_check_is_refused(tmp_path):
    member = member_of()
    form = release_form_upload(member.partner, tmp_path)
    upload_path(form).write_bytes(b"<html>not a form</html>")
    upload = ready_upload(member.partner, tmp_path)

    with pytest.raises(SubmissionError, match="release form must be a PDF"):
        submit(member.partner, member.user, upload, release_form=form)

    assert not VideoAsset.objects.exists()


def test_an_upload_whose_file_is_gone_is_refused_and_leaves_nothing(tmp_path):
    member = member_of()
    upload = ready_upload(member.partner, tmp_path)
    upload_path(upload).unlink()

    with pytest.raises(SubmissionError, match="has no file") as refusal:
        submit(member.partner, member.user, upload)

    assert refusal.value.fields == ("upload",)
    assert not VideoAsset.objects.exists()
    assert Upload.objects.get(pk=upload.pk).status == Upload.Status.READY


def test_a_missing_file_later_in_the_submission_is_not_called_a_missing_upload(
    tmp_path, monkeypatch
):
    member = member_of()
    upload = ready_upload(member.partner, tmp_path)

    def lost(**kwargs):
        raise FileNotFoundError("the storage lost it")

    monkeypatch.setattr("partners.services.submissions.asset_attach_master", lost)
    with pytest.raises(FileNotFoundError, match="the storage lost it"):
        submit(member.partner, member.user, upload)
    assert not VideoAsset.objects.exists()
