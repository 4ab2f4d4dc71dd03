"""The buyer's REST API beyond the purchase: who may see what, licence lists, certificates and
the query budget of the lists."""

import pytest

from licensing.models import License, Order
from tests.factories import AssetFactory
from tests.licensing.conftest import LICENSES, ORDERS, client_for, make_buyer, order

pytestmark = pytest.mark.django_db


def test_staff_without_an_organisation_cannot_buy(staff_api_client, clip):
    response = order(staff_api_client, [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 403


def test_another_buyers_orders_and_licences_are_404(buyer_api, clip):
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    sold = Order.objects.get()
    license = License.objects.get()
    _, other_key = make_buyer("Other")
    other = client_for(other_key)
    assert other.get(f"{ORDERS}{sold.public_id}/").status_code == 404
    assert other.get(f"{LICENSES}{license.public_id}/").status_code == 404
    assert other.post(f"{LICENSES}{license.public_id}/download-link/").status_code == 404
    assert other.get(ORDERS).json()["count"] == 0
    assert buyer_api.get(ORDERS).json()["count"] == 1


def test_licence_list_shows_terms_and_links(buyer_api, sold):
    row = buyer_api.get(LICENSES).json()["results"][0]
    assert row["state"] == "active"
    assert row["verify_url"].endswith(f"/licenses/verify/{row['verification_code']}/")
    assert row["terms"].startswith("Editorial use")


def test_the_buyer_downloads_a_pdf_certificate(buyer_api, sold, api_client):
    _, license = sold
    response = buyer_api.get(f"{LICENSES}{license.public_id}/certificate/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert api_client.get(f"{LICENSES}{license.public_id}/certificate/").status_code == 401


@pytest.mark.parametrize("endpoint", [ORDERS, LICENSES])
def test_lists_run_a_fixed_number_of_queries(buyer_api, endpoint, django_assert_max_num_queries):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert buyer_api.get(endpoint).status_code == 200
        return len(captured)

    order(buyer_api, [{"asset": AssetFactory().public_id, "license": "editorial"}], "q0")
    one = count_queries()
    for n in range(1, 5):
        order(buyer_api, [{"asset": AssetFactory().public_id, "license": "editorial"}], f"q{n}")
    with django_assert_max_num_queries(one):
        assert buyer_api.get(endpoint).json()["count"] == 5
