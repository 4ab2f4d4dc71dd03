"""Masters are real media files read as local files only: playlists and other files that point
at further files are refused however they arrive, and nothing that points elsewhere is ever
rendered, even if it was stored before the check existed."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError
from django.urls import reverse

from catalog.models import VideoAsset
from devdata.videos import synthetic_video
from footage import encoding
from footage.encoding import MediaError
from footage.models import Rendition
from footage.rendering import rendition_run
from footage.services import master_check
from tests.factories import PartnerFactory
from tests.footage.conftest import ingest, masters_on_disk


def hls_playlist(target) -> bytes:
    """An HLS playlist whose one segment is another file: FFmpeg, left to itself, plays it."""
    return (
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:200\n"
        f"#EXTINF:111.0,\nfile://{target}\n#EXT-X-ENDLIST\n"
    ).encode()


def concat_list(target) -> bytes:
    return f"ffconcat version 1.0\nfile '{target}'\n".encode()


def dash_manifest(target) -> bytes:
    return (
        '<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" '
        'mediaPresentationDuration="PT111S"><Period><AdaptationSet><Representation id="1" '
        f'bandwidth="1"><BaseURL>file://{target}</BaseURL></Representation></AdaptationSet>'
        "</Period></MPD>\n"
    ).encode()


def test_ffmpeg_left_to_itself_would_play_the_playlist(tmp_path, clip_111):
    # Why the check exists: the plain open follows the playlist into the other file.
    import av

    playlist = tmp_path / "evil.m3u8"
    playlist.write_bytes(hls_playlist(clip_111))
    with av.open(str(playlist)) as container:
        assert container.format.name == "hls" and container.streams.video


@pytest.mark.parametrize("name", ["evil.m3u8", "evil.mp4", "evil"])
def test_an_hls_playlist_is_refused_by_content_whatever_its_name(tmp_path, clip_111, name):
    playlist = tmp_path / name
    playlist.write_bytes(hls_playlist(clip_111))
    with pytest.raises(MediaError, match="HLS playlist") as refused:
        master_check(playlist)
    assert "MP4/MOV" in str(refused.value)


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("list.ffconcat", concat_list, "concat list"),
        ("manifest.mpd", dash_manifest, "DASH manifest"),
    ],
)
def test_other_lists_of_files_are_refused(tmp_path, clip_111, name, make, kind):
    path = tmp_path / name
    path.write_bytes(make(clip_111))
    with pytest.raises(MediaError, match=kind):
        master_check(path)


def test_a_gif_is_refused_as_a_container_masters_may_not_use(tmp_path):
    from PIL import Image

    path = tmp_path / "moving.gif"
    frames = [Image.new("RGB", (32, 18), colour) for colour in ("red", "blue", "green")]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=500)
    with pytest.raises(MediaError, match="container format masters may use"):
        master_check(path)


@pytest.mark.parametrize(("suffix", "container"), [("mkv", "matroska"), ("ts", "mpegts")])
def test_the_allowed_containers_other_than_mp4_pass(tmp_path, suffix, container):
    import av

    path = tmp_path / f"clip.{suffix}"
    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream("libx264", rate=5)
        stream.width, stream.height, stream.pix_fmt = 64, 36, "yuv420p"
        for index in range(15):
            frame = av.VideoFrame(64, 36, "yuv420p")
            for plane in frame.planes:
                plane.update(bytes([index * 8]) * plane.buffer_size)
            frame.pts = index
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    assert master_check(path).duration_seconds == 3


def test_a_real_small_mp4_still_passes(clip_111):
    assert master_check(clip_111).duration_seconds == 111


@pytest.mark.django_db
def test_ingest_video_refuses_the_playlist_and_changes_nothing(
    tmp_path, clip_111, django_capture_on_commit_callbacks
):
    playlist = tmp_path / "evil.m3u8"
    playlist.write_bytes(hls_playlist(clip_111))
    before = masters_on_disk()
    with pytest.raises(CommandError, match=r"evil\.m3u8: This file is an HLS playlist"):
        ingest(playlist, django_capture_on_commit_callbacks)
    assert not VideoAsset.objects.exists() and masters_on_disk() == before


@pytest.mark.django_db
def test_admin_refuses_a_playlist_pointing_at_another_clips_master(
    staff_client, tmp_path, clip_111, django_capture_on_commit_callbacks
):
    other = ingest(clip_111, django_capture_on_commit_callbacks)
    upload = SimpleUploadedFile(
        "evil.m3u8", hls_playlist(other.master.path), content_type="application/vnd.apple.mpegurl"
    )
    before = masters_on_disk()
    data = {
        "title": "Evil",
        "slug": "evil",
        "partner": PartnerFactory().pk,
        "master_upload": upload,
    }
    response = staff_client.post(reverse("admin:catalog_videoasset_add"), data)
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["master_upload"])
    assert "HLS playlist" in errors and "not a video" in errors
    assert list(VideoAsset.objects.all()) == [other] and masters_on_disk() == before


@pytest.mark.django_db
def test_a_playlist_stored_before_the_check_is_never_rendered(
    tmp_path, clip_111, django_capture_on_commit_callbacks
):
    victim = ingest(clip_111, django_capture_on_commit_callbacks)
    intruder = ingest(clip_111, django_capture_on_commit_callbacks, partner=victim.partner)
    # As if stored by the old code, which kept the upload's suffix: the intruder's master is
    # now "….m3u8", a playlist to the victim's master.
    storage = intruder.master.storage
    name = storage.save("clips/evil.m3u8", ContentFile(hls_playlist(victim.master.path)))
    VideoAsset.objects.filter(pk=intruder.pk).update(master=name)
    preview = intruder.renditions.get(kind="preview")
    Rendition.objects.filter(pk=preview.pk).update(source="")  # so it renders again
    kept = preview.file.name
    assert rendition_run(rendition_id=preview.pk) == "failed"
    preview.refresh_from_db()
    assert preview.status == Rendition.Status.FAILED and "HLS playlist" in preview.error
    assert preview.file.name == kept  # the earlier, honest preview was not replaced


def test_poster_frames_and_previews_open_through_the_same_check(tmp_path, clip_111):
    playlist = tmp_path / "evil.m3u8"
    playlist.write_bytes(hls_playlist(clip_111))
    with pytest.raises(MediaError, match="HLS playlist"):
        encoding.poster_frame(str(playlist))
    with pytest.raises(MediaError, match="HLS playlist"):
        encoding.render_preview(str(playlist), str(tmp_path / "out.mp4"), watermark_text="x")


def test_a_corrupt_file_is_still_called_unreadable(tmp_path):
    path = tmp_path / "cut.mp4"
    path.write_bytes(synthetic_video(5)[:600])
    with pytest.raises(MediaError, match="video"):
        master_check(path)


@pytest.mark.django_db
def test_masters_check_lists_a_playlist_stored_before_the_check(
    clip_111, django_capture_on_commit_callbacks
):
    import io

    from django.core.management import call_command

    good = ingest(clip_111, django_capture_on_commit_callbacks)
    bad = ingest(clip_111, django_capture_on_commit_callbacks, partner=good.partner)
    name = bad.master.storage.save("clips/old.m3u8", ContentFile(hls_playlist(good.master.path)))
    VideoAsset.objects.filter(pk=bad.pk).update(master=name)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 stored masters are not acceptable"):
        call_command("masters_check", stdout=out)
    assert bad.public_id in out.getvalue() and "HLS playlist" in out.getvalue()
    assert good.public_id not in out.getvalue()
