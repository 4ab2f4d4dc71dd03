"""A worker killed mid-render: the heartbeat, the sweep that queues the rendition again (or
gives up with a reason), and the files no row points to any more."""

import io
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.utils import timezone

from catalog.models import VideoAsset
from footage import encoding
from footage.models import Rendition
from footage.rendering import rendition_run
from footage.services import renditions_retry_failed
from footage.sweep import orphan_files_sweep, renditions_sweep_stale
from tests.footage.conftest import ingest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_this_tests_masters():
    """The sweep sees only this test's masters: the folder is shared by the session, and other
    tests' files, no longer named by a row, would be orphans older than the grace under a
    moved clock (the file system stamps them by the real one)."""
    shutil.rmtree(settings.MASTERS_ROOT, ignore_errors=True)


def killed_mid_render(rendition, *, quiet_for=timedelta(hours=1), attempts=1, stalls=0):
    """The row as a worker killed with -9 leaves it: running, part done, its heartbeat old."""
    Rendition.objects.filter(pk=rendition.pk).update(
        status=Rendition.Status.RUNNING,
        progress=5,
        attempts=attempts,
        stalls=stalls,
        source="",
        heartbeat_at=timezone.now() - quiet_for,
    )


def sweep(capture, *args) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("renditions_sweep", *args, stdout=out)
    return out.getvalue()


def test_the_preview_beats_while_it_renders(clip_with_sound, monkeypatch, tmp_path):
    monkeypatch.setattr(encoding, "HEARTBEAT_SECONDS", 0)  # every frame is "a while later"
    beats = []
    encoding.render_preview(
        str(clip_with_sound), str(tmp_path / "out.mp4"), watermark_text="x", progress=beats.append
    )
    assert len(beats) >= 4 * 25 // 2  # 4 s at 25 fps: about one beat per frame, not per 5%
    assert beats == sorted(beats) and beats[-1] == 1.0


def test_a_running_render_keeps_its_heartbeat_fresh(
    clip_111, django_capture_on_commit_callbacks, monkeypatch
):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    preview = asset.renditions.get(kind="preview")
    assert preview.heartbeat_at is not None and preview.stalls == 0
    seen = []
    real = encoding.render_preview

    def watch(source, target, *, watermark_text, progress):
        def spy(fraction):
            progress(fraction)
            seen.append(Rendition.objects.get(pk=preview.pk).heartbeat_at)

        return real(source, target, watermark_text=watermark_text, progress=spy)

    monkeypatch.setattr(encoding, "render_preview", watch)
    Rendition.objects.filter(pk=preview.pk).update(source="")
    started = timezone.now()
    assert rendition_run(rendition_id=preview.pk) == "done"
    assert seen and all(beat >= started for beat in seen)


def test_a_live_worker_is_left_alone(clip_111, django_capture_on_commit_callbacks):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    preview = asset.renditions.get(kind="preview")
    killed_mid_render(preview, quiet_for=timedelta(seconds=30))
    assert sweep(django_capture_on_commit_callbacks) == ""
    assert rendition_run(rendition_id=preview.pk) == "already running"
    preview.refresh_from_db()
    assert (preview.status, preview.stalls) == (Rendition.Status.RUNNING, 0)


def test_a_render_whose_worker_died_is_queued_again_and_finishes(
    clip_111, django_capture_on_commit_callbacks
):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    preview = asset.renditions.get(kind="preview")
    killed_mid_render(preview)
    out = sweep(django_capture_on_commit_callbacks)  # the immediate backend runs the task
    assert f"Stale rendition {preview.pk} queued again" in out
    preview.refresh_from_db()
    assert (preview.status, preview.progress, preview.stalls) == ("done", 100, 1)
    assert preview.attempts == 2


def test_after_the_last_allowed_stall_it_is_failed_with_a_reason_and_can_be_rerun(
    clip_111, django_capture_on_commit_callbacks, settings
):
    settings.RENDITION_MAX_ATTEMPTS = 3
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    preview = asset.renditions.get(kind="preview")
    killed_mid_render(preview, attempts=3, stalls=2)
    out = sweep(django_capture_on_commit_callbacks)
    assert f"Stale rendition {preview.pk} marked failed" in out
    preview.refresh_from_db()
    assert preview.status == Rendition.Status.FAILED and preview.stalls == 3
    assert "worker stopped while making this rendition 3 times" in preview.error
    assert "Re-run failed renditions" in preview.error
    # Staff's "Re-run failed renditions" now queues it, with a fresh allowance.
    with django_capture_on_commit_callbacks(execute=True):
        assert renditions_retry_failed(assets=VideoAsset.objects.filter(pk=asset.pk)) == 1
    preview.refresh_from_db()
    assert (preview.status, preview.stalls, preview.error) == ("done", 0, "")


def test_the_admin_action_requeues_what_the_sweep_gave_up_on(
    staff_client, clip_111, django_capture_on_commit_callbacks, settings
):
    settings.RENDITION_MAX_ATTEMPTS = 1
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    preview = asset.renditions.get(kind="preview")
    killed_mid_render(preview)
    sweep(django_capture_on_commit_callbacks, "--no-files")
    assert Rendition.objects.get(pk=preview.pk).status == Rendition.Status.FAILED
    page = staff_client.get(f"/admin/catalog/videoasset/{asset.pk}/change/").content.decode()
    assert "Last heartbeat" in page and "The worker stopped while making this rendition" in page
    data = {"action": "rerun_failed_renditions", "_selected_action": [asset.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/admin/catalog/videoasset/", data, follow=True)
    assert "Queued 1 failed renditions again." in response.content.decode()
    assert Rendition.objects.get(pk=preview.pk).status == Rendition.Status.DONE


def test_a_dry_run_lists_the_stale_rendition_and_changes_nothing(
    clip_111, django_capture_on_commit_callbacks
):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    preview = asset.renditions.get(kind="preview")
    killed_mid_render(preview)
    out = sweep(django_capture_on_commit_callbacks, "--dry-run")
    assert f"Stale rendition {preview.pk} would be queued again" in out
    preview.refresh_from_db()
    assert (preview.status, preview.stalls, preview.attempts) == ("running", 0, 1)


def test_rows_from_before_heartbeats_are_judged_by_their_last_change(
    clip_111, django_capture_on_commit_callbacks
):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    preview = asset.renditions.get(kind="preview")
    long_ago = timezone.now() - timedelta(hours=2)
    Rendition.objects.filter(pk=preview.pk).update(
        status="running", heartbeat_at=None, updated_at=long_ago
    )
    assert [s.rendition.pk for s in renditions_sweep_stale(dry_run=True)] == [preview.pk]


# Files no row points to.


def age(storage, name, days=2):
    """Stamp a file `days` old by the test's clock (the file system's is the real one)."""
    past = (timezone.now() - timedelta(days=days)).timestamp()
    os.utime(storage.path(name), (past, past))


def test_orphan_files_are_listed_dry_then_deleted_and_referenced_files_never(
    clip_111, django_capture_on_commit_callbacks
):
    from catalog.services import asset_delete

    kept = ingest(clip_111, django_capture_on_commit_callbacks)
    gone = ingest(clip_111, django_capture_on_commit_callbacks, partner=kept.partner)
    kept_files = [(default_storage, r.file.name) for r in kept.renditions.all()]
    kept_files.append((storages["masters"], kept.master.name))
    # A deleted clip whose files were left behind (the commit hook never ran: a crash).
    left = [(default_storage, r.file.name) for r in gone.renditions.all()]
    left.append((storages["masters"], gone.master.name))
    with django_capture_on_commit_callbacks(execute=False):
        asset_delete(asset=gone)
    abandoned = storages["masters"].save("clips/upload.mp4", ContentFile(b"half a master"))
    left.append((storages["masters"], abandoned))
    fresh = default_storage.save("renditions/preview/being-written.mp4", ContentFile(b"x"))
    age(default_storage, fresh, days=0)  # written now, by the test's clock
    for storage, name in kept_files + left:
        age(storage, name)
    left_named = [
        ("masters" if storage is storages["masters"] else "default", name) for storage, name in left
    ]

    listed = sweep(django_capture_on_commit_callbacks, "--dry-run")
    assert all(f"would be deleted: {alias}:{name}" in listed for alias, name in left_named)
    assert all(storage.exists(name) for storage, name in left)

    sweep(django_capture_on_commit_callbacks)
    assert not any(storage.exists(name) for storage, name in left)
    assert all(storage.exists(name) for storage, name in kept_files)
    assert default_storage.exists(fresh)  # inside the grace: maybe a row is about to name it
    assert not any(name in listed for _storage, name in kept_files)


def test_a_file_any_model_names_is_never_an_orphan(settings):
    from tests.factories import AssetFactory

    poster = default_storage.save("assets/posters/chosen.jpg", ContentFile(b"jpeg"))
    AssetFactory(poster=poster)
    age(default_storage, poster)
    settings.ORPHAN_FILE_GRACE_SECONDS = 0
    assert poster not in {orphan.name for orphan in orphan_files_sweep()}
    assert Path(default_storage.path(poster)).exists()


def test_signed_copies_go_with_their_master(settings):
    from tests.factories import AssetFactory

    masters = storages["masters"]
    current = masters.save("clips/harbour-k2.mp4", ContentFile(b"master"))
    AssetFactory(master=current)
    stem = Path(current).stem
    kept = masters.save(f"signed/{stem}/abc.mp4", ContentFile(b"signed copy"))
    gone = masters.save("signed/deleted-clip/def.mp4", ContentFile(b"signed copy"))
    sidecar = masters.save("signed/replaced-master/0a1.c2pa", ContentFile(b"manifest"))
    for name in (kept, gone, sidecar):
        age(masters, name)
    settings.ORPHAN_FILE_GRACE_SECONDS = 60
    swept = {orphan.name for orphan in orphan_files_sweep()}
    assert swept == {gone, sidecar}
    assert masters.exists(kept) and not masters.exists(gone) and not masters.exists(sidecar)
