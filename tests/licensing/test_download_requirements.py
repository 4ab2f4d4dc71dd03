"""Download requirements: a buyer organisation may require a project code and a note on every
download; a link asked without one is refused (400, naming the field) and nothing is recorded;
what is given is kept on the link and on the Download row the link makes."""

import pytest
from django.urls import reverse

from licensing.models import Download, DownloadLink
from licensing.services.buyers import buyer_update
from tests.licensing.conftest import LICENSES, client_for, make_buyer

pytestmark = pytest.mark.django_db


def requiring(buyer, *, project_code=False, note=False):
    buyer.require_project_code, buyer.require_download_note = project_code, note
    return buyer_update(
        buyer=buyer, fields=["require_project_code", "require_download_note"]
    )  # as staff's admin form saves them


def link(api, license, body=None):
    return api.post(f"{LICENSES}{license.public_id}/download-link/", body or {}, format="json")


def test_a_missing_project_code_is_refused_naming_the_field_and_nothing_is_recorded(
    buyer, buyer_api, sold
):
    _, license = sold
    requiring(buyer, project_code=True)

    response = link(buyer_api, license, {"note": "Evening bulletin"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "download_requirement"
    assert list(body["fields"]) == ["project_code"]
    assert "requires a project code" in body["detail"]
    assert body["items"] == [{"field": "project_code"}]
    assert not DownloadLink.objects.exists() and not Download.objects.exists()


def test_blank_text_does_not_meet_a_requirement_and_both_missing_are_named(buyer, buyer_api, sold):
    _, license = sold
    requiring(buyer, project_code=True, note=True)

    body = link(buyer_api, license, {"project_code": "   ", "note": ""}).json()

    assert body["code"] == "download_requirement"
    assert sorted(body["fields"]) == ["note", "project_code"]
    assert "a project code and a note" in body["detail"]
    assert not DownloadLink.objects.exists()


def test_what_is_given_is_recorded_on_the_download_and_shown_to_the_buyer(buyer, buyer_api, sold):
    _, license = sold
    requiring(buyer, project_code=True, note=True)

    response = link(buyer_api, license, {"project_code": " NEWS-2291 ", "note": "Flood special"})
    assert response.status_code == 200
    assert DownloadLink.objects.get().project_code == "NEWS-2291"  # trimmed
    assert buyer_api.get(response.json()["url"]).status_code == 200

    download = Download.objects.get()
    assert (download.project_code, download.note) == ("NEWS-2291", "Flood special")
    shown = buyer_api.get(f"{LICENSES}{license.public_id}/").json()["downloads"]
    assert [(d["project_code"], d["note"]) for d in shown] == [("NEWS-2291", "Flood special")]


def test_a_buyer_that_requires_nothing_still_may_give_them_or_not(buyer_api, sold):
    _, license = sold
    assert link(buyer_api, license).status_code == 200
    # An empty POST, as before requirements existed, still makes a link.
    assert buyer_api.post(f"{LICENSES}{license.public_id}/download-link/").status_code == 200
    assert link(buyer_api, license, {"project_code": "P-7"}).status_code == 200
    assert sorted(DownloadLink.objects.values_list("project_code", flat=True)) == ["", "", "P-7"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"project_code": "P\x07-1"}, "project_code"),
        ({"project_code": "A\u202eB"}, "project_code"),  # reverses the text around it
        ({"note": "line one\nline two"}, "note"),
        ({"project_code": "x" * 101}, "project_code"),
        ({"note": "x" * 501}, "note"),
        ({"project_code": 7}, "project_code"),
    ],
)
def test_bad_text_is_refused_naming_the_field(buyer_api, sold, body, field):
    _, license = sold
    response = link(buyer_api, license, body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]
    assert not DownloadLink.objects.exists()


def test_another_buyers_licence_is_not_found_whatever_its_requirements(sold, buyer):
    _, license = sold
    other, key = make_buyer("Other Desk")
    requiring(other, project_code=True)
    # Another buyer's licence is not found at all: nothing is said about requirements.
    assert link(client_for(key), license).status_code == 404


def test_the_site_asks_for_what_is_required_and_records_it(client, buyer, sold):
    _, license = sold
    requiring(buyer, project_code=True)
    client.force_login(buyer.members.get())

    licences = client.get(reverse("licensing:licenses")).content.decode()
    assert reverse("licensing:license", args=[license.public_id]) + "#download-heading" in licences
    page = client.get(reverse("licensing:license", args=[license.public_id])).content.decode()
    assert 'name="project_code"' in page and "Your organisation requires it." in page

    url = reverse("licensing:download", args=[license.public_id])
    refused = client.post(url, {"project_code": "", "note": ""})
    assert refused.status_code == 400
    assert 'id="download_project_code_error"' in refused.content.decode()
    assert "requires a project code" in refused.content.decode()
    assert not DownloadLink.objects.exists()

    fetched = client.post(url, {"project_code": "DESK-9", "note": "For the 6pm"}, follow=True)
    assert fetched.status_code == 200
    b"".join(fetched.streaming_content)
    download = Download.objects.get()
    assert (download.project_code, download.note) == ("DESK-9", "For the 6pm")
    assert "DESK-9" in client.get(reverse("licensing:downloads")).content.decode()


def test_the_order_page_sends_the_buyer_to_the_licence_page_to_download(client, buyer, sold):
    placed, license = sold
    client.force_login(buyer.members.get())
    requiring(buyer, note=True)
    page = client.get(reverse("licensing:order", args=[placed.public_id])).content.decode()
    licence_page = reverse("licensing:license", args=[license.public_id])
    assert f'href="{licence_page}#download-heading">Formats and downloads' in page
    assert f'action="{reverse("licensing:download", args=[license.public_id])}"' not in page


def posted(form) -> dict:
    """What a browser would send back for a bound-to-be admin form, as rendered."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[form.add_prefix(name)] = "on"
        elif value is not None and value is not False:
            data[form.add_prefix(name)] = str(value)
    return data


def test_staff_set_the_requirements_in_admin(staff_client, buyer):
    url = reverse("admin:licensing_buyer_change", args=[buyer.pk])
    shown = staff_client.get(url)
    data = posted(shown.context["adminform"].form)
    for inline in shown.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(posted(formset.management_form))
        for form in formset.forms:
            data.update(posted(form))
    data.update({"require_project_code": "on", "_save": "Save"})

    saved = staff_client.post(url, data)
    assert saved.status_code == 302

    buyer.refresh_from_db()
    assert (buyer.require_project_code, buyer.require_download_note) == (True, False)
