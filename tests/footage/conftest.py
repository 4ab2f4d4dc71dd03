"""Footage the tests make with PyAV, and the ingest command as a newsroom runs it."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from catalog.models import VideoAsset
from devdata.videos import synthetic_video
from tests.factories import PartnerFactory


def masters_on_disk() -> set[Path]:
    root = Path(settings.MASTERS_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def clip_111(tmp_path) -> Path:
    path = tmp_path / "tornado.mp4"
    synthetic_video(111, target=str(path))
    return path


@pytest.fixture
def clip_with_sound(tmp_path) -> Path:
    path = tmp_path / "flood.mp4"
    synthetic_video(
        4, width=1280, height=720, fps=25, audio=True, preset="ultrafast", target=str(path)
    )
    return path


def ingest(path, capture, **extra):
    partner = extra.pop("partner", None) or PartnerFactory(slug="storm-desk")
    out = io.StringIO()
    with capture(execute=True):
        call_command(
            "ingest_video", str(path), "--partner", partner.slug, "--title", "Tornado", stdout=out,
            **extra,
        )  # fmt: skip
    return VideoAsset.objects.get(public_id=out.getvalue().strip())
