"""Asking for a clip's delivery formats: one task however many ask, the same file for every
buyer after, failures retried then told in words, a format of an older master made again,
and the signals that say so (footage.preparing, footage.format_runs)."""

import pytest
from django.core.files.base import ContentFile
from django_tasks import default_task_backend
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from catalog.models import VideoAsset
from devdata.videos import synthetic_video
from footage import deliveries, format_runs
from footage.encoding import probe
from footage.errors import FormatNotReady, FormatUnavailable
from footage.format_runs import format_run
from footage.models import PreparedFormat
from footage.preparing import format_prepare, formats_prepare_again
from footage.signals import format_failed, format_ready
from footage.tasks import FORMAT_PRIORITY, prepare_format, prepare_format_enqueue, read_evidence
from tests.factories import AssetFactory

pytestmark = pytest.mark.django_db
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(scope="module")
def master_bytes() -> bytes:
    return synthetic_video(2, width=320, height=180, fps=25, audio=True, preset="ultrafast")


def with_master(asset, data: bytes, name="harbour.mp4"):
    asset.master.save(name, ContentFile(data), save=False)
    VideoAsset.objects.filter(pk=asset.pk).update(master=asset.master.name)
    return asset


@pytest.fixture
def clip(master_bytes):
    asset = AssetFactory(width=320, height=180, frame_rate=25, duration_seconds=2)
    return with_master(asset, master_bytes)


@pytest.fixture
def queued():
    """Every task queued while the test runs (whatever the backend does with it)."""
    seen = []

    def note(sender, task_result, **kwargs):
        seen.append((task_result.task.name, task_result.args))

    task_enqueued.connect(note)
    yield seen
    task_enqueued.disconnect(note)


@pytest.fixture
def told():
    """Every format_ready and format_failed sent."""
    heard = []

    def ready(sender, asset, format, **kwargs):
        heard.append(("ready", asset.pk, format))

    def failed(sender, asset, format, error, **kwargs):
        heard.append(("failed", asset.pk, format, error))

    format_ready.connect(ready)
    format_failed.connect(failed)
    yield heard
    format_ready.disconnect(ready)
    format_failed.disconnect(failed)


def ask(capture, asset, code="h264-web"):
    with capture(execute=True):
        return deliveries.format_prepare(asset, code)


def read(delivery) -> bytes:
    with delivery.file as handle:
        return handle.read()


def test_two_requests_queue_one_task_and_every_buyer_gets_the_same_file(
    clip, django_capture_on_commit_callbacks, queued, settings
):
    settings.TASKS = DUMMY  # queued, not run, until the "worker" below runs it
    first = ask(django_capture_on_commit_callbacks, clip)
    second = ask(django_capture_on_commit_callbacks, VideoAsset.objects.get(pk=clip.pk))
    row = PreparedFormat.objects.get()
    assert queued == [(prepare_format.name, [row.pk])]
    assert first == second
    assert (first.state, first.progress) == ("preparing", 0) and 5 <= first.retry_after <= 600
    assert len(default_task_backend.results) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert format_run(prepared_id=row.pk) == "done"
        assert format_run(prepared_id=row.pk) == "already done"  # a second worker's copy
    third = ask(django_capture_on_commit_callbacks, clip)
    assert (third.state, third.progress, third.retry_after) == ("ready", 100, 0)
    assert len(queued) == 1

    one, two = (deliveries.format_open(clip, "h264-web") for _ in range(2))
    assert read(one) == read(two) and one.size == two.size > 0
    assert (one.suffix, one.content_type, one.signed) == (".mp4", "video/mp4", False)
    row.refresh_from_db()
    stem = clip.master.name.rsplit("/", 1)[-1].split(".")[0]
    assert row.file.name == f"formats/{stem}/h264-web.mp4"
    assert (row.width, row.height, row.frame_rate, row.attempts) == (320, 180, 25, 1)
    made = probe(row.file.path)
    assert (made.width, made.height, made.video_codec) == (320, 180, "h264")


def test_a_format_made_in_the_background_is_told_and_listed(
    clip, django_capture_on_commit_callbacks, told, django_assert_num_queries
):
    state = ask(django_capture_on_commit_callbacks, clip)  # the immediate backend runs it
    assert state.state == "preparing"  # as it stood when asked
    assert told == [("ready", clip.pk, "h264-web")]
    with django_assert_num_queries(1):
        states = deliveries.formats_state(clip)
    assert list(states) == ["original", "h264-web", "prores-hq"]
    assert {code: s.state for code, s in states.items()} == {
        "original": "ready",
        "h264-web": "ready",
        "prores-hq": "absent",
    }
    assert deliveries.format_state(clip, "prores-hq").state == "absent"


def test_a_failure_is_retried_then_reported_in_words_and_staff_can_prepare_it_again(
    clip, django_capture_on_commit_callbacks, told, queued, monkeypatch, settings
):
    settings.FORMAT_MAX_ATTEMPTS = 3
    runs = []
    real = format_runs.transcode

    def broken(source, target, offer, *, progress=None):
        runs.append(offer.code)
        raise RuntimeError("x264 [error]: /srv/clipwire/private/tmp/abc: disk full")

    monkeypatch.setattr(format_runs, "transcode", broken)
    ask(django_capture_on_commit_callbacks, clip)
    assert len(runs) == 3 and len(queued) == 3  # the first run and two more
    row = PreparedFormat.objects.get()
    assert (row.status, row.attempts) == ("failed", 3)
    assert "could not be made" in row.error and "/" not in row.error and "x264" not in row.error
    assert "disk full" in row.detail  # for staff
    assert told == [("failed", clip.pk, "h264-web", row.error)]
    state = ask(django_capture_on_commit_callbacks, clip)  # asking again does not retry
    assert (state.state, state.error) == ("failed", row.error) and len(runs) == 3
    with pytest.raises(FormatNotReady):
        deliveries.format_open(clip, "h264-web")

    monkeypatch.setattr(format_runs, "transcode", real)
    with django_capture_on_commit_callbacks(execute=True):
        assert formats_prepare_again(PreparedFormat.objects.all()) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.error) == ("done", 1, "")
    assert deliveries.format_state(clip, "h264-web").state == "ready"


def test_a_run_that_fails_once_succeeds_on_the_next(
    clip, django_capture_on_commit_callbacks, told, monkeypatch
):
    real, calls = format_runs.transcode, []

    def flaky(source, target, offer, *, progress=None):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("No space left on device")
        return real(source, target, offer, progress=progress)

    monkeypatch.setattr(format_runs, "transcode", flaky)
    ask(django_capture_on_commit_callbacks, clip)
    row = PreparedFormat.objects.get()
    assert (row.status, row.attempts, row.error) == ("done", 2, "")
    assert told == [("ready", clip.pk, "h264-web")]


def test_a_format_of_an_older_master_is_made_again(
    clip, master_bytes, django_capture_on_commit_callbacks, queued
):
    ask(django_capture_on_commit_callbacks, clip)
    old = PreparedFormat.objects.get().file.name
    with_master(clip, synthetic_video(2, width=320, height=180, fps=25, audio=True), "new.mp4")
    clip = VideoAsset.objects.get(pk=clip.pk)
    assert deliveries.format_state(clip, "h264-web").state == "absent"  # stale: not served
    with pytest.raises(FormatNotReady):
        deliveries.format_open(clip, "h264-web")

    ask(django_capture_on_commit_callbacks, clip)
    row = PreparedFormat.objects.get()
    assert len(queued) == 2 and row.status == "done" and row.source == clip.master.name
    assert row.file.name != old and row.file.storage.exists(row.file.name)
    assert not row.file.storage.exists(old)  # the older master's file went with it


def test_a_format_not_offered_is_refused_and_nothing_changes(clip, queued):
    for code in ("h264-hd", "xdcam-hd422", "mp3", ""):  # larger than the master, or no format
        with pytest.raises(FormatUnavailable) as refused:
            deliveries.format_prepare(clip, code)
        assert refused.value.status == 404 and "h264-web, prores-hq" in refused.value.detail
    bare = AssetFactory(width=320, height=180)
    with pytest.raises(FormatUnavailable, match="no master"):
        deliveries.format_prepare(bare, "h264-web")
    assert not PreparedFormat.objects.exists() and queued == []


def test_the_original_is_the_master_itself(clip, master_bytes):
    assert deliveries.format_state(clip, "original").state == "ready"
    delivery = deliveries.format_open(clip, "original")
    assert read(delivery) == master_bytes and delivery.suffix == ".mp4"
    assert deliveries.format_sidecar_open(clip, "original") is None


def test_a_prepared_mp4_carries_the_marketplace_manifest_with_the_master_as_parent(
    clip, django_capture_on_commit_callbacks, clipwire_signing, tmp_path
):
    from footage.evidence.provenance import read_credentials

    ask(django_capture_on_commit_callbacks, clip)
    delivery = deliveries.format_open(clip, "h264-web")
    assert delivery.signed
    saved = tmp_path / "web.mp4"
    saved.write_bytes(read(delivery))
    found = read_credentials(saved, "video/mp4")
    assert (found.state, found.signer) == ("valid", "Clipwire")
    assert found.actions == ["c2pa.opened", "c2pa.transcoded", "c2pa.published"]
    (parent,) = found.ingredients  # the partner's master, not the transcoded file
    assert (parent["title"], parent["relationship"]) == (clip.title, "parentOf")
    assert deliveries.format_sidecar_open(clip, "h264-web") is None


def test_an_mxf_gets_its_manifest_beside_it(
    clip, django_capture_on_commit_callbacks, clipwire_signing, tmp_path
):
    from footage.evidence.provenance import read_credentials

    # The row says 1080p, so XDCAM is offered; the small picture is framed, not enlarged.
    VideoAsset.objects.filter(pk=clip.pk).update(width=1920, height=1080)
    clip = VideoAsset.objects.get(pk=clip.pk)
    ask(django_capture_on_commit_callbacks, clip, "xdcam-hd422")
    assert deliveries.format_offers_sidecar(clip, "xdcam-hd422")
    delivery = deliveries.format_open(clip, "xdcam-hd422")
    assert (delivery.suffix, delivery.content_type, delivery.signed) == (
        ".mxf",
        "application/mxf",
        True,
    )
    manifest = deliveries.format_sidecar_open(clip, "xdcam-hd422")
    assert (manifest.suffix, manifest.content_type) == (".c2pa", "application/c2pa")
    saved = tmp_path / "xdcam.mxf"
    saved.write_bytes(read(delivery))
    found = read_credentials(saved, "application/mxf", sidecar=read(manifest))
    assert (found.state, found.signer) == ("valid", "Clipwire")


def test_unsigned_files_do_not_go_out_when_signing_is_required(
    clip, django_capture_on_commit_callbacks, settings
):
    ask(django_capture_on_commit_callbacks, clip)  # made while signing was off (the tests')
    settings.C2PA_SIGN_DOWNLOADS, settings.C2PA_UNSIGNED_FALLBACK = True, False
    with pytest.raises(deliveries.SigningUnavailable, match="prepare it again"):
        deliveries.format_open(clip, "h264-web")
    settings.C2PA_UNSIGNED_FALLBACK = True
    assert not read_and_close(deliveries.format_open(clip, "h264-web")).signed


def read_and_close(delivery):
    delivery.file.close()
    return delivery


@pytest.mark.django_db(transaction=True)
def test_buyers_asking_at_the_same_moment_queue_one_task(
    on_postgres, master_bytes, settings, queued
):
    from tests.licensing.test_concurrency import race

    settings.TASKS = DUMMY  # each thread has its own backend: the signal counts for all
    clip = with_master(AssetFactory(width=320, height=180, frame_rate=25), master_bytes)
    clip = VideoAsset.objects.get(pk=clip.pk)

    states = race(8, lambda i: deliveries.format_prepare(clip, "h264-web"))

    assert {s.state for s in states} == {"preparing"}, states
    row = PreparedFormat.objects.get()
    mine = [q for q in queued if q[0] == prepare_format.name]  # not the newsroom's
    assert mine == [(prepare_format.name, [row.pk])]

    # Made from an older master: each of them finds it stale, one of them queues it again.
    PreparedFormat.objects.update(status="done", source="clips/older.mp4", file="x.mp4")
    states = race(8, lambda i: deliveries.format_prepare(clip, "h264-web"))
    assert {s.state for s in states} == {"preparing"}, states
    mine = [q for q in queued if q[0] == prepare_format.name]
    assert mine == [(prepare_format.name, [row.pk])] * 2


def test_a_run_overtaken_by_a_new_master_leaves_the_new_run_alone(
    clip, master_bytes, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY  # queued, not run: the runs below are driven by hand
    with django_capture_on_commit_callbacks(execute=True):
        format_prepare(clip, "h264-web")
    row = PreparedFormat.objects.get(asset=clip, format="h264-web")
    old_run = format_runs._claim(row.pk)
    with_master(clip, master_bytes, name="replaced.mp4")  # a new master: asked for again
    clip.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        format_prepare(clip, "h264-web")
    new_run = format_runs._claim(row.pk)
    assert (old_run.attempts, new_run.attempts) == (1, 1)  # the allowance restarted

    assert format_runs._failed(old_run, "Could not be made.", "old master gone") == "superseded"
    format_runs._beat(old_run)(0.5)

    row.refresh_from_db()
    assert (row.status, row.progress, row.error) == ("running", 0, "")
    assert row.source == clip.master.name


def test_a_format_goes_before_previews_and_evidence_in_the_database_queue(clip, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    read_evidence.enqueue(clip.pk)  # queued first, at the default priority
    prepare_format_enqueue(1)

    first = DBTaskResult.objects.ready().first()
    assert (first.task_path, first.priority) == ("footage.tasks.prepare_format", FORMAT_PRIORITY)
