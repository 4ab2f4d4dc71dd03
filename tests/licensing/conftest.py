from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from catalog.models import VideoAsset
from devdata.videos import synthetic_video
from ledger.models import Earning
from licensing.models import License, Order
from licensing.services.buyers import buyer_create
from tests.factories import AssetFactory

ORDERS = "/api/v1/orders/"
LICENSES = "/api/v1/licenses/"


def make_buyer(name="Newsroom", country="GB", credits="1000", invoice_limit=None, email=None):
    email = email or f"{name.lower().replace(' ', '.')}@example.com"
    limit = Decimal(invoice_limit) if invoice_limit is not None else None
    return buyer_create(
        name=name, country=country, email=email, credits=Decimal(credits), invoice_limit=limit
    )


def client_for(raw_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    return client


def with_master(asset, seconds=2):
    asset.master.save(f"{asset.slug}.mp4", ContentFile(synthetic_video(seconds)), save=False)
    VideoAsset.objects.filter(pk=asset.pk).update(master=asset.master.name)
    return asset


def order(client, items, key="key-1"):
    return client.post(ORDERS, {"items": items}, format="json", HTTP_IDEMPOTENCY_KEY=key)


def nothing_sold():
    return not (Order.objects.exists() or License.objects.exists() or Earning.objects.exists())


@pytest.fixture
def buyer_and_key(db):
    return make_buyer()


@pytest.fixture
def buyer(buyer_and_key):
    return buyer_and_key[0]


@pytest.fixture
def buyer_api(buyer_and_key):
    return client_for(buyer_and_key[1])


@pytest.fixture
def clip(db):
    return with_master(AssetFactory(title="Floods in the valley", restrictions=""))


@pytest.fixture
def sold(buyer, buyer_api, clip):
    response = order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 201
    return Order.objects.get(), License.objects.get()
