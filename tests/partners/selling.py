"""Given a partner with members, and sales of its clips: what the money tests start from."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from licensing.services.purchase import PurchaseItem, purchase
from partners.services.members import partner_key_create, partner_member_create
from tests.factories import AssetFactory, PartnerFactory
from tests.licensing.conftest import make_buyer


def member_of(partner, email):
    return partner_member_create(partner=partner, email=email)


def partner_client(member) -> APIClient:
    _, raw = partner_key_create(member=member)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def sell(buyer, *clips, license="editorial", key=None):
    """One order of `clips`; returns the order."""
    items = [PurchaseItem(clip.public_id, license) for clip in clips]
    key = key or "-".join(c.public_id for c in clips) + license
    return purchase(buyer=buyer, items=items, request_territory=None, idempotency_key=key).order


@pytest.fixture
def seller(db):
    return PartnerFactory(name="Valley Stringers", slug="valley", revenue_share=Decimal("0.500"))


@pytest.fixture
def seller_member(seller):
    return member_of(seller, "ana@valley.example")


@pytest.fixture
def seller_api(seller_member):
    return partner_client(seller_member)


@pytest.fixture
def money_buyer(db):
    return make_buyer("Daily Planet", credits="20000")[0]


@pytest.fixture
def seller_clip(seller):
    return AssetFactory(partner=seller, title="Floods in the valley", restrictions="")
