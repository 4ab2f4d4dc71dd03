import pytest
from django.db import connection
from django.forms import modelform_factory
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from catalog.models import ALLOWED_TRANSITIONS, AssetStatus, IllegalTransition, VideoAsset
from catalog.services import asset_change_status
from tests.factories import AssetFactory

pytestmark = pytest.mark.django_db

LEGAL = [(src, dst) for src, targets in ALLOWED_TRANSITIONS.items() for dst in targets]
ILLEGAL = [
    (src, dst)
    for src in AssetStatus.values
    for dst in AssetStatus.values
    if dst not in ALLOWED_TRANSITIONS[src]
]


def test_transition_table_is_the_documented_one():
    assert sorted(LEGAL) == sorted(
        [
            ("draft", "review"),
            ("review", "published"),
            ("review", "draft"),
            ("published", "withdrawn"),
            ("withdrawn", "draft"),
        ]
    )


@pytest.mark.parametrize(("source", "target"), LEGAL)
def test_legal_transition_changes_status_and_writes_an_audit_row(source, target, staff_user):
    asset = AssetFactory(status=source)
    asset_change_status(asset=asset, status=target, actor=staff_user)
    asset.refresh_from_db()
    assert asset.status == target
    entry = AuditEntry.objects.get(action="asset.status", target_id=str(asset.pk))
    assert entry.before == {"status": source}
    assert entry.after == {"status": target}
    assert entry.actor == staff_user


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_illegal_transition_is_refused_naming_the_asset_and_changes_nothing(source, target):
    asset = AssetFactory(status=source, title="Flooded high street")
    with pytest.raises(IllegalTransition) as refusal:
        asset_change_status(asset=asset, status=target)
    assert "Flooded high street" in str(refusal.value)
    assert asset.public_id in str(refusal.value)
    asset.refresh_from_db()
    assert asset.status == source
    assert not AuditEntry.objects.filter(action="asset.status").exists()


def test_publishing_stamps_the_publication_time():
    asset = AssetFactory(status=AssetStatus.REVIEW)
    assert asset.published_at is None
    asset_change_status(asset=asset, status=AssetStatus.PUBLISHED)
    asset.refresh_from_db()
    assert asset.published_at is not None


def test_unknown_status_is_refused():
    asset = AssetFactory(status=AssetStatus.DRAFT)
    with pytest.raises(IllegalTransition, match="cannot become deleted"):
        asset_change_status(asset=asset, status="deleted")


def test_service_decides_from_the_stored_status_not_a_stale_copy():
    asset = AssetFactory(status=AssetStatus.REVIEW)
    stale = VideoAsset.objects.get(pk=asset.pk)
    asset_change_status(asset=asset, status=AssetStatus.PUBLISHED)
    # `stale` still says review, but the row is published: publishing again must be refused.
    with pytest.raises(IllegalTransition, match="is published"):
        asset_change_status(asset=stale, status=AssetStatus.PUBLISHED)


def test_status_cannot_be_set_through_a_model_form():
    form_class = modelform_factory(VideoAsset, fields="__all__")
    assert "status" not in form_class.base_fields
    assert "published_at" not in form_class.base_fields


def test_status_change_locks_the_row_on_postgres(on_postgres):
    asset = AssetFactory(status=AssetStatus.REVIEW)
    with CaptureQueriesContext(connection) as captured:
        asset_change_status(asset=asset, status=AssetStatus.PUBLISHED)
    assert any("FOR UPDATE" in q["sql"] for q in captured.captured_queries)
