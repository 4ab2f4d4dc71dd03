"""What the submission tests share: a partner's member and key, ready uploads, files on disk.
Plain functions rather than fixtures, so other partner test modules' conftest stays theirs."""

from pathlib import Path

from django.conf import settings
from rest_framework.test import APIClient

from devdata.videos import synthetic_video
from footage.models import Upload
from footage.uploads.services import upload_from_path
from partners.services.members import partner_key_create, partner_member_create
from tests.factories import PartnerFactory

FAKE_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def member_of(partner=None, email="filmer@example.com"):
    partner = partner or PartnerFactory()
    return partner_member_create(partner=partner, email=email)


def key_client(member) -> APIClient:
    _, raw = partner_key_create(member=member)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def video_file(tmp_path, seconds=3, name="storm.mp4") -> Path:
    path = Path(tmp_path) / name
    if not path.exists():
        synthetic_video(seconds, target=str(path))
    return path


def ready_upload(partner, tmp_path, seconds=3, name="storm.mp4") -> Upload:
    return upload_from_path(partner=partner, path=video_file(tmp_path, seconds, name))


def release_form_upload(partner, tmp_path) -> Upload:
    """A ready signed release form (a PDF): made as the tus helper's finished form is."""
    path = Path(tmp_path) / "release.pdf"
    path.write_bytes(FAKE_PDF)
    upload = Upload.objects.create(
        partner=partner,
        purpose=Upload.Purpose.RELEASE_FORM,
        filename="release.pdf",
        length=len(FAKE_PDF),
        offset=len(FAKE_PDF),
        status=Upload.Status.READY,
        expires_at="2099-01-01T00:00:00Z",
    )
    target = Path(settings.UPLOADS_ROOT) / upload.public_id
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(FAKE_PDF)
    return upload


def files_under(root) -> set[Path]:
    root = Path(root)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def stored_files() -> set[Path]:
    """Every file in masters storage and under UPLOADS_ROOT."""
    return files_under(settings.MASTERS_ROOT) | files_under(settings.UPLOADS_ROOT)
