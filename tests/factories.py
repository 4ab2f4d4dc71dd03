import io
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from catalog.models import AssetStatus, Category, ContentPartner, Story, Tag, VideoAsset


def image_bytes(fmt: str = "PNG", size=(32, 18), colour="steelblue") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def image_upload(name: str = "picture.png", fmt: str = "PNG", size=(32, 18)) -> SimpleUploadedFile:
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}.get(fmt, "")
    return SimpleUploadedFile(name, image_bytes(fmt, size), content_type=content_type)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery")

    class Params:
        staff = factory.Trait(is_staff=True, is_superuser=True)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentPartner

    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = ContentPartner.Kind.AGENCY
    country = "GB"
    revenue_share = Decimal("0.500")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class AssetFactory(factory.django.DjangoModelFactory):
    """A published asset by default; `status=...` creates one in another state directly."""

    class Meta:
        model = VideoAsset
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Clip number {n}")
    slug = factory.Sequence(lambda n: f"clip-number-{n}")
    description = "Footage of a street market."
    shotlist = "1. Wide of market; 2. Close of stall."
    duration_seconds = 111
    partner = factory.SubFactory(PartnerFactory)
    location_name = "London, United Kingdom"
    location_country = "GB"
    status = AssetStatus.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda a: (
            timezone.now() if a.status in (AssetStatus.PUBLISHED, AssetStatus.WITHDRAWN) else None
        )
    )

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def index_for_search(self, create, extracted, **kwargs):
        if create:
            from catalog.services import asset_refresh_search_document

            asset_refresh_search_document(self)

    @factory.post_generation
    def compile_restrictions(self, create, extracted, **kwargs):
        if create:
            from catalog.services import assets_recompile_restrictions
            from catalog.stored_rules import COMPILED_FIELDS

            assets_recompile_restrictions(VideoAsset.objects.filter(pk=self.pk))
            self.refresh_from_db(fields=[*COMPILED_FIELDS, "profile"])


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    summary = "A story about footage."
    body = "Some **bold** words."
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def related_assets(self, create, extracted, **kwargs):
        if create and extracted:
            self.related_assets.set(extracted)
