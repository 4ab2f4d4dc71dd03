import pytest

from devdata.videos import synthetic_video
from tests.partners.selling import (  # noqa: F401 (fixtures of the money tests)
    money_buyer,
    seller,
    seller_api,
    seller_clip,
    seller_member,
)
from tests.partners.tus import partner_with_key


@pytest.fixture(autouse=True)
def own_uploads_root(settings, tmp_path):
    """Every partner test keeps its uploads in its own folder."""
    settings.UPLOADS_ROOT = tmp_path / "uploads"


@pytest.fixture
def keyed():
    """A partner and a key of theirs (tests.partners.tus.partner_with_key)."""
    return partner_with_key()


@pytest.fixture
def video(tmp_path) -> bytes:
    """Five seconds of a real (synthetic) MP4, as bytes."""
    path = tmp_path / "storm.mp4"
    synthetic_video(5, target=str(path))
    return path.read_bytes()
