"""A clip's description and shotlist are bounded: past LONGEST_CLIP_TEXT the admin says so
beside the field, on both databases alike (PostgreSQL refused a search vector over 1 MB with
an error on save, SQLite took anything)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog.models import VideoAsset
from catalog.models.assets import LONGEST_CLIP_TEXT
from tests.catalog.test_admin import asset_form
from tests.factories import AssetFactory, PartnerFactory

pytestmark = pytest.mark.django_db

MANY_WORDS = " ".join(f"w{n:07d}" for n in range(220_000))  # 2 MB of distinct words


@pytest.mark.parametrize("field", ["description", "shotlist"])
@pytest.mark.parametrize(
    "text", ["x" * (LONGEST_CLIP_TEXT + 1), MANY_WORDS], ids=["one over", "2MB"]
)
def test_admin_refuses_text_over_the_limit_beside_the_field(staff_client, field, text):
    response = staff_client.post(
        reverse("admin:catalog_videoasset_add"), asset_form(PartnerFactory(), **{field: text})
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert f"at most {LONGEST_CLIP_TEXT}" in errors[field][0]
    assert not VideoAsset.objects.exists()


def test_model_validation_holds_the_limit_and_the_limit_itself_is_kept():
    with pytest.raises(ValidationError, match="description"):
        AssetFactory.build(description="x" * (LONGEST_CLIP_TEXT + 1)).full_clean(
            exclude=["partner", "profile"]
        )
    asset = AssetFactory(description="word " * (LONGEST_CLIP_TEXT // 5))
    assert len(asset.description) == LONGEST_CLIP_TEXT
