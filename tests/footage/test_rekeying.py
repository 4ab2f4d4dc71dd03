"""Public files of clips that are not public: names nobody can guess, and addresses that stop
working when a clip is withdrawn and come back (new) when it is published again."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from catalog.models import AssetStatus
from catalog.services import asset_change_status
from footage.models import Rendition
from footage.rekeying import asset_rekey_public_files
from tests.footage.conftest import ingest

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^renditions/[a-z_]+/[0-9a-f]{32}\.(jpg|mp4)$")


def publish(asset, capture):
    with capture(execute=True):
        for status in (AssetStatus.REVIEW, AssetStatus.PUBLISHED):
            asset_change_status(asset=asset, status=status)


def public_urls(asset) -> dict[str, str]:
    return {r.kind: r.file.url for r in Rendition.objects.filter(asset=asset)}


def test_rendition_files_have_random_names_that_say_nothing_of_the_clip(
    clip_111, django_capture_on_commit_callbacks
):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    names = [r.file.name for r in asset.renditions.all()]
    assert len(names) == 5 and all(RANDOM_NAME.match(name) for name in names), names
    assert not any(asset.public_id in name or asset.slug in name for name in names)
    assert len({name.rsplit("/", 1)[1][:32] for name in names}) == 5


def test_withdrawing_a_clip_stops_the_addresses_it_handed_out(
    client, clip_111, django_capture_on_commit_callbacks
):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    publish(asset, django_capture_on_commit_callbacks)
    handed_out = public_urls(asset)
    assert all(client.get(url).status_code == 200 for url in handed_out.values())

    with django_capture_on_commit_callbacks(execute=True):
        asset_change_status(asset=asset, status=AssetStatus.WITHDRAWN)

    assert all(client.get(url).status_code == 404 for url in handed_out.values())
    now = public_urls(asset)
    assert set(now) == set(handed_out) and not set(now.values()) & set(handed_out.values())
    assert all(Rendition.objects.get(asset=asset, kind=kind).is_ready for kind in now)


def test_publishing_again_brings_the_preview_back_under_its_new_address(
    client, clip_111, django_capture_on_commit_callbacks
):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    publish(asset, django_capture_on_commit_callbacks)
    old_preview = asset.renditions.get(kind="preview").file.url
    with django_capture_on_commit_callbacks(execute=True):
        asset_change_status(asset=asset, status=AssetStatus.WITHDRAWN)
        asset_change_status(asset=asset, status=AssetStatus.DRAFT)
    publish(asset, django_capture_on_commit_callbacks)
    preview = asset.renditions.get(kind="preview").file.url
    page = client.get(asset.get_absolute_url()).content.decode()
    assert preview in page and old_preview not in page
    assert client.get(preview).status_code == 200
    assert client.get(old_preview).status_code == 404


def test_the_staff_chosen_poster_moves_too(client, clip_111, django_capture_on_commit_callbacks):
    from catalog.models import VideoAsset

    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    poster = default_storage.save("assets/posters/chosen.jpg", ContentFile(b"jpeg bytes"))
    VideoAsset.objects.filter(pk=asset.pk).update(poster=poster)
    publish(asset, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        asset_change_status(asset=asset, status=AssetStatus.WITHDRAWN)
    asset.refresh_from_db()
    assert asset.poster.name != poster and not default_storage.exists(poster)
    with asset.poster.open("rb") as moved:
        assert moved.read() == b"jpeg bytes"


def test_publishing_alone_moves_nothing(clip_111, django_capture_on_commit_callbacks):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    before = public_urls(asset)
    publish(asset, django_capture_on_commit_callbacks)
    assert public_urls(asset) == before


def test_a_file_the_worker_replaced_meanwhile_is_left_to_the_worker(
    clip_111, django_capture_on_commit_callbacks, monkeypatch
):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    poster = asset.renditions.get(kind="poster")
    rerendered = default_storage.save("renditions/poster/new.jpg", ContentFile(b"newer"))
    real_save = default_storage.save

    def save_while_the_worker_finishes(name, content, **kwargs):
        Rendition.objects.filter(pk=poster.pk).update(file=rerendered)  # the worker wins
        return real_save(name, content, **kwargs)

    monkeypatch.setattr(default_storage, "save", save_while_the_worker_finishes)
    asset_rekey_public_files(asset_id=asset.pk)
    poster.refresh_from_db()
    assert poster.file.name == rerendered and default_storage.exists(rerendered)
