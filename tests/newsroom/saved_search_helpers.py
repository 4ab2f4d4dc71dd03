"""What the saved-search tests share: a buyer with a key and member, and a saved search."""

from decimal import Decimal

from rest_framework.test import APIClient

from licensing.services.buyers import buyer_create
from newsroom.saved_searches.services import saved_search_create

SAVED = "/api/v1/saved-searches/"


def make_buyer(name="Newsroom", country="GB"):
    """(buyer, raw API key, member user)."""
    email = f"{name.lower().replace(' ', '.')}@example.com"
    buyer, key = buyer_create(name=name, country=country, email=email, credits=Decimal("0"))
    return buyer, key, buyer.members.get()


def client_for(raw_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    return client


def saved_search(buyer, query=None, notify=("webhook", "email"), user=None, name="Floods"):
    """Saved by the buyer's member (an e-mail digest needs a person) unless `user` says."""
    if user is None and "email" in notify:
        user = buyer.members.get()
    return saved_search_create(
        buyer=buyer,
        name=name,
        query=query if query is not None else {"search": "flood"},
        notify=list(notify),
        created_by=user,
    )
