import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from catalog.models import AssetStatus, Category, ContentPartner, Tag, VideoAsset

pytestmark = pytest.mark.django_db(transaction=True)


def test_generate_catalog_fills_every_table_consistently(capsys):
    call_command("generate_catalog", "--assets", "300", "--seed", "7", "--batch-size", "120")
    assert "Added 300 assets" in capsys.readouterr().out
    assert VideoAsset.objects.count() == 300
    assert ContentPartner.objects.exists() and Category.objects.exists() and Tag.objects.exists()
    assets = list(VideoAsset.objects.annotate(n_cat=Count("categories"), n_tag=Count("tags")))
    assert all(a.n_cat >= 1 for a in assets)
    assert all(a.duration_seconds > 0 for a in assets)
    assert all(a.title.casefold() in a.search_document for a in assets)
    assert len({a.public_id for a in assets}) == 300
    published = [a for a in assets if a.status == AssetStatus.PUBLISHED]
    assert published and all(a.published_at for a in published)
    assert {a.status for a in assets} <= set(AssetStatus.values)


def test_generated_assets_are_searchable_and_listed(client):
    call_command("generate_catalog", "--assets", "200", "--seed", "3")
    tag = Tag.objects.filter(assets__status=AssetStatus.PUBLISHED).first()
    expected = VideoAsset.objects.published().filter(tags=tag).count()
    response = client.get("/api/v1/assets/", {"tag": tag.slug, "page_size": 100})
    assert response.json()["count"] == expected > 0
    word = VideoAsset.objects.published().first().title.split()[-1]
    assert client.get("/api/v1/assets/", {"search": word}).json()["count"] >= 1


def test_generating_twice_adds_rather_than_collides():
    call_command("generate_catalog", "--assets", "50", "--seed", "1")
    call_command("generate_catalog", "--assets", "50", "--seed", "1")
    assert VideoAsset.objects.count() == 100
    # the ORM still allocates fresh keys after rows were inserted with explicit ones
    from tests.factories import AssetFactory

    highest = max(VideoAsset.objects.values_list("pk", flat=True))
    assert AssetFactory().pk > highest


@pytest.mark.parametrize("args", [["--assets", "0"], ["--assets", "5", "--batch-size", "0"]])
def test_generate_catalog_refuses_nonsense(args):
    with pytest.raises(CommandError):
        call_command("generate_catalog", *args)


def test_generated_assets_store_compiled_restrictions():
    call_command("generate_catalog", "--assets", "400", "--seed", "11")
    assets = list(VideoAsset.objects.published())
    assert any(a.territory_scope != "none" for a in assets)
    assert not any(a.restrictions_error for a in assets)
    for territory in ("GB", "CN", "US", "FR", None):
        expected = {a.pk for a in assets if a.availability(territory).allowed}
        stored = set(
            VideoAsset.objects.published().available_in(territory).values_list("pk", flat=True)
        )
        assert stored == expected, territory
