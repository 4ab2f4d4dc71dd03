"""Usage reports: a buyer reports each use of a licensed clip; a use inside the licence is
recorded, one outside it is refused (422, code outside_license) with the reason and the field
at fault, and bad input is a 400 naming the field. Nothing refused is recorded."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from licensing.models import License, Usage
from licensing.services.orders import license_revoke
from tests.factories import AssetFactory
from tests.licensing.conftest import LICENSES, client_for, make_buyer, order, with_master

NOW = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW)]


def use(**changes) -> dict:
    """A use made just now (after the licence was bought), unless `changes` say otherwise."""
    body = {
        "used_at": timezone.now().isoformat(),
        "platform": "broadcast",
        "territory": "GB",
        "title": "Six o'clock news",
        "url": "https://news.example/6pm",
        "note": "Cut to 20 seconds by the night desk",
    }
    return {**body, **changes}


def report(api, license, body):
    return api.post(f"{LICENSES}{license.public_id}/usages/", body, format="json")


def licence_of(api, restrictions: str) -> License:
    clip = with_master(AssetFactory(restrictions=restrictions))
    placed = order(api, [{"asset": clip.public_id, "license": "editorial"}], key=clip.public_id)
    assert placed.status_code == 201, placed.json()
    return License.objects.get(asset=clip)


def later(time_machine, days: int):
    time_machine.move_to(NOW + timedelta(days=days))


def test_a_use_inside_the_licence_is_recorded_and_listed(buyer_api, sold, time_machine):
    _, license = sold
    later(time_machine, 10)
    used_at = NOW + timedelta(days=2)

    response = report(buyer_api, license, use(used_at=used_at.isoformat(), territory="gb"))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["territory"] == "GB" and body["platform"] == "broadcast"
    assert body["note"] == "Cut to 20 seconds by the night desk"
    usage = Usage.objects.get()
    assert (usage.license, usage.used_at, usage.title) == (license, used_at, "Six o'clock news")
    listed = buyer_api.get(f"{LICENSES}{license.public_id}/usages/").json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == body["id"] == usage.public_id


def test_before_the_licence_starts_is_refused(buyer_api, sold):
    _, license = sold
    response = report(buyer_api, license, use(used_at=(NOW - timedelta(days=1)).isoformat()))

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "outside_license"
    assert list(body["fields"]) == ["used_at"]
    assert "before it starts" in body["detail"]
    assert body["items"][0]["license"] == license.public_id
    assert not Usage.objects.exists()


def test_after_the_licence_ends_is_refused(buyer_api, sold, time_machine):
    _, license = sold
    later(time_machine, 400)
    after_end = license.ends_at + timedelta(days=1)

    response = report(buyer_api, license, use(used_at=after_end.isoformat()))

    assert response.status_code == 422
    assert "after it ended" in response.json()["detail"]
    assert list(response.json()["fields"]) == ["used_at"]
    # The last minute of the term is inside it.
    inside = report(buyer_api, license, use(used_at=(license.ends_at - timedelta(minutes=1))))
    assert inside.status_code == 201
    assert Usage.objects.count() == 1


def test_a_use_in_the_future_is_refused(buyer_api, sold):
    _, license = sold
    response = report(buyer_api, license, use(used_at=(timezone.now() + timedelta(hours=1))))
    assert response.status_code == 422
    assert "future" in response.json()["detail"]
    assert not Usage.objects.exists()


def test_a_territory_the_clips_restrictions_refuse_is_refused_with_the_reason(buyer_api, buyer):
    license = licence_of(buyer_api, "No access France")

    refused = report(buyer_api, license, use(territory="FR"))

    assert refused.status_code == 422
    body = refused.json()
    assert list(body["fields"]) == ["territory"]
    assert "No access in France (FR)" in body["detail"]
    assert body["items"][0]["reasons"] == ["No access in France (FR)"]
    assert not Usage.objects.exists()
    assert report(buyer_api, license, use(territory="GB")).status_code == 201


def test_a_use_outside_the_licensees_territory_is_refused_with_the_reason(buyer_api, buyer):
    license = licence_of(buyer_api, "")  # the clip may be used anywhere; the licence may not

    refused = report(buyer_api, license, use(territory="DE"))

    assert refused.status_code == 422
    body = refused.json()
    assert (body["code"], list(body["fields"])) == ("outside_license", ["territory"])
    assert "covers use in United Kingdom (GB), the licensee's territory" in body["detail"]
    assert "this use is in Germany (DE)" in body["detail"]
    assert not Usage.objects.exists()


def test_a_platform_the_clips_restrictions_refuse_is_refused(buyer_api):
    license = licence_of(buyer_api, "No social media")

    refused = report(buyer_api, license, use(platform="social"))

    assert refused.status_code == 422
    assert list(refused.json()["fields"]) == ["platform"]
    assert "No social media use" in refused.json()["detail"]
    assert report(buyer_api, license, use(platform="digital")).status_code == 201
    assert list(Usage.objects.values_list("platform", flat=True)) == ["digital"]


def test_a_revoked_licence_takes_no_reports(buyer_api, sold, staff_user):
    _, license = sold
    license_revoke(license=license, actor=staff_user, reason="Partner takedown")
    refused = report(buyer_api, license, use())
    assert refused.status_code == 422
    assert "revoked (Partner takedown)" in refused.json()["detail"]
    assert not Usage.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"platform": "tv"}, "platform"),
        ({"platform": "cinema"}, "platform"),
        ({"territory": "ZZ"}, "territory"),
        ({"territory": "GBR"}, "territory"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Bulletin\x1b[31m"}, "title"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "news.example/6pm"}, "url"),
        ({"note": "a\tb"}, "note"),
        ({"used_at": "yesterday"}, "used_at"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(buyer_api, sold, changes, field):
    _, license = sold
    response = report(buyer_api, license, use(**changes))
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]
    assert not Usage.objects.exists()


def test_another_buyers_licence_is_404(sold):
    _, license = sold
    _, key = make_buyer("Other Desk")
    other = client_for(key)
    assert report(other, license, use()).status_code == 404
    assert other.get(f"{LICENSES}{license.public_id}/usages/").status_code == 404
    assert not Usage.objects.exists()


def test_the_site_reports_a_use_and_shows_refusals_beside_the_field(
    client, buyer, buyer_api, time_machine
):
    license = licence_of(buyer_api, "No access France")
    later(time_machine, 1)
    client.force_login(buyer.members.get())
    page_url = reverse("licensing:license", args=[license.public_id])
    form = {
        "used_at": (NOW + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "platform": "broadcast",
        "territory": "FR",
        "title": "Evening bulletin",
        "url": "",
        "note": "Night desk only",
    }
    post_url = reverse("licensing:usage", args=[license.public_id])

    refused = client.post(post_url, form)

    assert refused.status_code == 422
    page = refused.content.decode()
    assert 'id="use_territory_error"' in page and "No access in France (FR)" in page
    assert not Usage.objects.exists()

    accepted = client.post(post_url, {**form, "territory": "GB"})
    assert accepted.status_code == 302 and accepted["Location"] == page_url
    usage = Usage.objects.get()
    assert (usage.territory, usage.reported_by) == ("GB", buyer.members.get())
    shown = client.get(page_url).content.decode()
    assert "Evening bulletin" in shown and "Night desk only" in shown
    ids = re.findall(r' id="([^"]+)"', shown)  # two forms on one page, each a note field
    assert len(ids) == len(set(ids))


def test_the_site_form_refuses_bad_input_beside_the_field(client, buyer, sold):
    _, license = sold
    client.force_login(buyer.members.get())
    response = client.post(
        reverse("licensing:usage", args=[license.public_id]),
        {"used_at": "soon", "platform": "tv", "territory": "GB", "title": "News"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="use_used_at_error"' in page and 'id="use_platform_error"' in page
    assert not Usage.objects.exists()


def test_another_buyers_licence_page_is_404_on_the_site(client, sold):
    _, license = sold
    other, _ = make_buyer("Other Desk")
    client.force_login(other.members.get())
    assert client.get(reverse("licensing:license", args=[license.public_id])).status_code == 404
    post = client.post(reverse("licensing:usage", args=[license.public_id]), {})
    assert post.status_code == 404
