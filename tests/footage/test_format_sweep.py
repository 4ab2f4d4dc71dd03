"""Delivery formats after a worker died, and their files once no row needs them
(footage.format_sweep, run by `manage.py renditions_sweep`); the formats in admin."""

import io
import shutil
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalog.models import VideoAsset
from devdata.videos import synthetic_video
from footage import deliveries
from footage.models import PreparedFormat
from footage.signals import format_failed
from footage.sweep import orphan_files_sweep
from tests.factories import AssetFactory
from tests.footage.test_sweep import age

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_this_tests_masters():
    shutil.rmtree(settings.MASTERS_ROOT, ignore_errors=True)


@pytest.fixture
def clip():
    asset = AssetFactory(width=320, height=180, frame_rate=25, duration_seconds=1)
    data = synthetic_video(1, width=320, height=180, fps=25, audio=True, preset="ultrafast")
    asset.master.save("quay.mp4", ContentFile(data), save=False)
    VideoAsset.objects.filter(pk=asset.pk).update(master=asset.master.name)
    return asset


def prepared(capture, asset, code="h264-web") -> PreparedFormat:
    with capture(execute=True):
        deliveries.format_prepare(asset, code)
    return PreparedFormat.objects.get(asset=asset, format=code)


def killed(row, *, attempts=1, quiet_for=timedelta(hours=1)):
    """The row as a worker killed with -9 leaves it: running, part done, its heartbeat old."""
    PreparedFormat.objects.filter(pk=row.pk).update(
        status="running", progress=40, attempts=attempts, heartbeat_at=timezone.now() - quiet_for
    )


def sweep(capture, *args) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("renditions_sweep", "--no-files", *args, stdout=out)
    return out.getvalue()


def test_a_format_whose_worker_died_is_queued_again_and_made(
    clip, django_capture_on_commit_callbacks
):
    row = prepared(django_capture_on_commit_callbacks, clip)
    killed(row)
    assert f"Stale format {row.pk} would be queued again" in sweep(
        django_capture_on_commit_callbacks, "--dry-run"
    )
    assert PreparedFormat.objects.get(pk=row.pk).status == "running"
    out = sweep(django_capture_on_commit_callbacks)  # the immediate backend runs the task
    assert f"Stale format {row.pk} queued again: h264-web of asset {clip.public_id}" in out
    row.refresh_from_db()
    assert (row.status, row.progress, row.stalls, row.attempts) == ("done", 100, 1, 2)


def test_a_live_worker_is_left_alone(clip, django_capture_on_commit_callbacks):
    row = prepared(django_capture_on_commit_callbacks, clip)
    killed(row, quiet_for=timedelta(seconds=30))
    assert sweep(django_capture_on_commit_callbacks) == ""
    assert PreparedFormat.objects.get(pk=row.pk).status == "running"


def test_after_the_last_allowed_run_it_is_failed_and_told(clip, django_capture_on_commit_callbacks):
    row = prepared(django_capture_on_commit_callbacks, clip)
    killed(row, attempts=settings.FORMAT_MAX_ATTEMPTS)
    heard = []
    format_failed.connect(receiver := lambda sender, **kw: heard.append(kw))
    try:
        out = sweep(django_capture_on_commit_callbacks)
    finally:
        format_failed.disconnect(receiver)
    assert f"Stale format {row.pk} marked failed" in out
    row.refresh_from_db()
    assert row.status == "failed" and "could not be made" in row.error
    assert "worker stopped" in row.detail
    assert [(h["asset"].pk, h["format"], h["error"]) for h in heard] == [
        (clip.pk, "h264-web", row.error)
    ]
    state = deliveries.format_state(clip, "h264-web")
    assert (state.state, state.error) == ("failed", row.error)


def test_files_a_current_row_names_are_kept_and_the_rest_go(
    clip, django_capture_on_commit_callbacks
):
    settings.ORPHAN_FILE_GRACE_SECONDS = 60
    row = prepared(django_capture_on_commit_callbacks, clip)
    masters = storages["masters"]
    folder = row.file.name.rsplit("/", 1)[0]
    kept = [row.file.name, masters.save(f"{folder}/h264-web.c2pa", ContentFile(b"manifest"))]
    unnamed = masters.save(f"{folder}/prores-hq.mov", ContentFile(b"a run that died"))
    gone = masters.save("formats/deleted-clip/h264-web.mp4", ContentFile(b"clip deleted"))
    fresh = masters.save("formats/deleted-clip/prores-hq.mov", ContentFile(b"being stored"))
    for name in [*kept, unnamed, gone]:
        age(masters, name)
    age(masters, fresh, days=0)  # written now, by the test's clock

    swept = {orphan.name for orphan in orphan_files_sweep(dry_run=True)}
    assert swept == {unnamed, gone} and all(masters.exists(n) for n in swept)
    assert {orphan.name for orphan in orphan_files_sweep()} == {unnamed, gone}
    assert all(masters.exists(name) for name in [*kept, fresh])
    assert not masters.exists(unnamed) and not masters.exists(gone)


def test_the_file_of_an_older_master_goes_and_its_row_forgets_it(
    clip, django_capture_on_commit_callbacks
):
    settings.ORPHAN_FILE_GRACE_SECONDS = 60
    row = prepared(django_capture_on_commit_callbacks, clip)
    masters = storages["masters"]
    age(masters, row.file.name)
    newer = masters.save("clips/newer.mp4", ContentFile(b"a new master"))
    VideoAsset.objects.filter(pk=clip.pk).update(master=newer)
    PreparedFormat.objects.filter(pk=row.pk).update(updated_at=timezone.now() - timedelta(days=2))

    swept = [o.name for o in orphan_files_sweep() if o.name.startswith("formats/")]
    assert swept == [row.file.name]
    assert not masters.exists(row.file.name)
    row.refresh_from_db()
    assert not row.file and row.status == "done"
    assert deliveries.format_state(VideoAsset.objects.get(pk=clip.pk), "h264-web").state == (
        "absent"
    )


def test_admin_lists_formats_by_status_and_prepares_failed_ones_again(
    clip, staff_client, django_capture_on_commit_callbacks
):
    row = prepared(django_capture_on_commit_callbacks, clip)
    PreparedFormat.objects.filter(pk=row.pk).update(status="failed", error="It broke.")
    changelist = reverse("admin:footage_preparedformat_changelist")
    page = staff_client.get(changelist, {"status__exact": "failed", "q": clip.public_id})
    assert page.status_code == 200 and "It broke." not in page.content.decode()
    assert list(page.context["cl"].queryset) == [row]
    assert staff_client.get(changelist, {"q": "nosuchclip00"}).context["cl"].result_count == 0

    detail = staff_client.get(reverse("admin:footage_preparedformat_change", args=[row.pk]))
    assert detail.status_code == 200 and "It broke." in detail.content.decode()
    assert staff_client.get(reverse("admin:footage_preparedformat_add")).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            changelist, {"action": "prepare_again", "_selected_action": [row.pk]}, follow=True
        )
    assert "Queued 1 failed formats again." in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.error, row.attempts) == ("done", "", 1)

    clip_page = staff_client.get(reverse("admin:catalog_videoasset_change", args=[clip.pk]))
    assert "Prepared formats" in clip_page.content.decode()
    assert "<td>h264-web</td><td>Done</td><td>100%</td>" in clip_page.content.decode()


def test_a_format_whose_task_was_lost_is_queued_again_once_an_hour(
    clip, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    row = prepared(django_capture_on_commit_callbacks, clip)  # queued; the task never runs
    lost_for = timedelta(seconds=settings.RENDITION_STALE_SECONDS * 6 + 60)
    PreparedFormat.objects.filter(pk=row.pk).update(updated_at=timezone.now() - lost_for)

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    out = sweep(django_capture_on_commit_callbacks)
    assert f"Format {row.pk} (h264-web of {clip.public_id}) pending since" in out
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("done", 1)
    assert "pending since" not in sweep(django_capture_on_commit_callbacks)


def test_a_format_pending_a_short_while_is_left_to_its_queue(
    clip, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    row = prepared(django_capture_on_commit_callbacks, clip)
    assert sweep(django_capture_on_commit_callbacks) == ""
    assert PreparedFormat.objects.get(pk=row.pk).status == "pending"
