"""A licensee's download carries Clipwire's Content Credentials (docs/verification.md):
inside an MP4, or as a `.c2pa` manifest beside an MPEG-TS master, which goes out unchanged."""

import io
import json

import c2pa
import pytest
from django.core.files.base import ContentFile

from catalog.models import VideoAsset
from footage.deliveries import SIGNED_FOLDER
from footage.evidence.provenance import read_credentials
from licensing.models import Download
from tests.factories import AssetFactory
from tests.licensing.conftest import LICENSES, order

pytestmark = pytest.mark.django_db


def licensed(buyer_api, master_bytes: bytes, suffix: str, title="Floods in the valley"):
    asset = AssetFactory(title=title, restrictions="")
    asset.master.save(f"{asset.slug}{suffix}", ContentFile(master_bytes), save=False)
    VideoAsset.objects.filter(pk=asset.pk).update(master=asset.master.name)
    response = order(buyer_api, [{"asset": asset.public_id, "license": "editorial"}])
    assert response.status_code == 201
    (line,) = response.json()["lines"]
    return asset, line["license_id"]


def link(buyer_api, license_id) -> dict:
    response = buyer_api.post(f"{LICENSES}{license_id}/download-link/")
    assert response.status_code == 200
    return response.json()


def fetch(buyer_api, url):
    response = buyer_api.get(url)
    assert response.status_code == 200, response.content
    return response, b"".join(response.streaming_content)


def signed_copies(asset) -> list[str]:
    storage = asset.master.storage
    folder = f"{SIGNED_FOLDER}/{asset.master.name.rsplit('/', 1)[-1].split('.')[0]}"
    return storage.listdir(folder)[1]


def test_a_download_carries_the_marketplace_manifest_with_the_partner_one_inside(
    buyer_api, clipwire_signing, signed_mp4, tmp_path
):
    asset, license_id = licensed(buyer_api, signed_mp4.read_bytes(), ".mp4")
    body = link(buyer_api, license_id)
    assert body["manifest_url"] is None  # the MP4 carries its manifest inside
    response, content = fetch(buyer_api, body["url"])
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Disposition"].endswith(f'-{license_id}.mp4"')

    with c2pa.Reader("video/mp4", io.BytesIO(content)) as reader:
        store = json.loads(reader.json())
    active = store["manifests"][store["active_manifest"]]
    assert store["validation_state"] in {"Valid", "Trusted"}
    assert active["signature_info"]["issuer"] == "Clipwire"
    (ingredient,) = active["ingredients"]
    partner = store["manifests"][ingredient["active_manifest"]]
    assert partner["claim_generator_info"][0]["name"] == "StormCam"

    saved = tmp_path / "download.mp4"
    saved.write_bytes(content)
    found = read_credentials(saved, "video/mp4")
    assert (found.state, found.signer, found.digital_source_type) == (
        "valid",
        "Clipwire",
        "digitalCapture",
    )
    assert Download.objects.get().size == len(content)  # recorded as before

    _, again = fetch(buyer_api, link(buyer_api, license_id)["url"])
    assert again == content  # made once per master, then served from storage
    assert len(signed_copies(asset)) == 1
    assert Download.objects.count() == 2


def test_a_plain_master_is_signed_too_with_no_credentials_to_carry(
    buyer_api, clipwire_signing, plain_mp4, tmp_path
):
    _, license_id = licensed(buyer_api, plain_mp4.read_bytes(), ".mp4")
    _, content = fetch(buyer_api, link(buyer_api, license_id)["url"])
    saved = tmp_path / "download.mp4"
    saved.write_bytes(content)
    found = read_credentials(saved, "video/mp4")
    assert (found.state, found.signer) == ("valid", "Clipwire")
    assert [i["manifest"] for i in found.ingredients] == [""]


def test_an_mpeg_ts_master_goes_out_unchanged_with_its_manifest_beside_it(
    buyer_api, clipwire_signing, plain_ts, tmp_path
):
    master = plain_ts.read_bytes()
    _, license_id = licensed(buyer_api, master, ".ts")
    body = link(buyer_api, license_id)
    assert body["manifest_url"] == body["url"] + "?part=manifest"
    response, content = fetch(buyer_api, body["url"])
    assert content == master
    assert response["Content-Type"] == "video/mp2t"
    assert response["Content-Disposition"].endswith(f'-{license_id}.ts"')

    sidecar_response, sidecar = fetch(buyer_api, body["manifest_url"])
    assert sidecar_response["Content-Type"] == "application/c2pa"
    assert sidecar_response["Content-Disposition"].endswith(f'-{license_id}.c2pa"')
    saved = tmp_path / "download.ts"
    saved.write_bytes(content)
    found = read_credentials(saved, "video/mp2t", sidecar=sidecar)
    assert (found.state, found.signer) == ("valid", "Clipwire")
    assert Download.objects.count() == 1  # the manifest is not a second download


def test_an_mp4_has_no_separate_manifest(buyer_api, clipwire_signing, plain_mp4):
    _, license_id = licensed(buyer_api, plain_mp4.read_bytes(), ".mp4")
    url = link(buyer_api, license_id)["url"]
    response = buyer_api.get(url + "?part=manifest")
    assert response.status_code == 404
    assert response.json()["code"] == "no_manifest"


def test_without_a_signing_pair_nothing_goes_out_unless_the_fallback_allows(
    buyer_api, clipwire_signing, settings, plain_mp4, tmp_path
):
    settings.C2PA_SIGNING_KEY = str(tmp_path / "missing-key.pem")
    _, license_id = licensed(buyer_api, plain_mp4.read_bytes(), ".mp4")
    refused = buyer_api.get(link(buyer_api, license_id)["url"])
    assert refused.status_code == 503
    assert refused.json()["code"] == "signing_unavailable"
    assert not Download.objects.exists()

    settings.C2PA_UNSIGNED_FALLBACK = True  # DEBUG's default: the master, unsigned, logged
    _, content = fetch(buyer_api, link(buyer_api, license_id)["url"])
    assert content == plain_mp4.read_bytes()
    assert Download.objects.count() == 1


def test_a_new_title_or_key_makes_a_new_signed_copy_and_drops_the_old(
    buyer_api, clipwire_signing, plain_mp4
):
    asset, license_id = licensed(buyer_api, plain_mp4.read_bytes(), ".mp4")
    fetch(buyer_api, link(buyer_api, license_id)["url"])
    first = signed_copies(asset)
    VideoAsset.objects.filter(pk=asset.pk).update(title="Floods, the morning after")
    fetch(buyer_api, link(buyer_api, license_id)["url"])
    second = signed_copies(asset)
    assert len(first) == len(second) == 1 and first != second
