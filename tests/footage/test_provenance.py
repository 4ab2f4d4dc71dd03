"""Content Credentials (docs/verification.md): reading a master's C2PA manifest into its
state, and signing a delivery with the marketplace's own."""

import io

import pytest
from django.core.management import CommandError, call_command

from footage.evidence.provenance import read_credentials
from footage.signing import SigningUnavailable, signed_copy
from tests.content_credentials import PARTNER, changed_in_media, sign_as_partner


def test_a_signed_upload_is_valid_with_its_claim_generator_actions_and_source_type(signed_mp4):
    found = read_credentials(signed_mp4, "video/mp4")
    assert found.state == "valid"
    assert found.claim_generator == "StormCam/2.1"
    assert found.signer == PARTNER
    assert found.actions == ["c2pa.created", "c2pa.edited"]
    assert found.digital_source_type == "digitalCapture"
    assert found.validation_codes == []


def test_the_same_file_with_one_byte_changed_is_invalid_with_the_codes(signed_mp4, tmp_path):
    changed = tmp_path / "changed.mp4"
    changed.write_bytes(changed_in_media(signed_mp4.read_bytes()))
    found = read_credentials(changed, "video/mp4")
    assert found.state == "invalid"
    assert "assertion.bmffHash.mismatch" in found.validation_codes
    assert found.claim_generator == "StormCam/2.1"  # what it claims is still shown


def test_a_plain_file_has_no_credentials_and_that_is_no_failure(plain_mp4, plain_ts):
    for path, mime_type in [(plain_mp4, "video/mp4"), (plain_ts, "video/mp2t")]:
        found = read_credentials(path, mime_type)
        assert (found.state, found.validation_codes, found.error) == ("none", [], "")


def test_a_file_the_library_cannot_read_is_invalid_with_a_code(tmp_path):
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video" * 50)
    found = read_credentials(broken, "video/mp4")
    assert found.state == "invalid"
    assert found.validation_codes == ["manifest.unreadable"]
    assert found.error


def test_a_signer_chaining_to_the_trust_list_is_trusted_others_stay_valid(
    settings, signed_mp4, partner_pair, clipwire_pair
):
    assert read_credentials(signed_mp4, "video/mp4").state == "valid"  # no trust list
    settings.C2PA_TRUST_ANCHORS = str(partner_pair.ca)
    assert read_credentials(signed_mp4, "video/mp4").state == "trusted"
    settings.C2PA_TRUST_ANCHORS = str(clipwire_pair.ca)  # a list without the partner's CA
    found = read_credentials(signed_mp4, "video/mp4")
    assert (found.state, found.validation_codes) == ("valid", [])


def test_ai_footage_says_so(plain_mp4, partner_pair, tmp_path):
    made = sign_as_partner(
        plain_mp4, tmp_path / "ai.mp4", partner_pair, source_type="trainedAlgorithmicMedia"
    )
    assert read_credentials(made, "video/mp4").digital_source_type == "trainedAlgorithmicMedia"


def test_a_signed_copy_wraps_the_master_without_re_encoding_it(
    clipwire_signing, signed_mp4, tmp_path
):
    delivered = signed_copy(
        signed_mp4, "video/mp4", tmp_path / "out.mp4", title="Floods", asset_public_id="a1"
    )
    assert delivered.sidecar_path is None
    media = signed_mp4.read_bytes()
    mdat = media[media.index(b"mdat") - 4 :]  # the picture data, box header on
    assert mdat[:1000] in delivered.path.read_bytes()
    found = read_credentials(delivered.path, "video/mp4")
    assert (found.state, found.signer) == ("valid", "Clipwire")
    assert found.claim_generator.startswith("Clipwire/")
    assert found.actions == ["c2pa.opened", "c2pa.published"]
    (parent,) = found.ingredients
    assert parent["relationship"] == "parentOf" and parent["manifest"]  # the partner's claim
    assert found.digital_source_type == "digitalCapture"  # from the partner's manifest


def test_mpeg_ts_gets_a_sidecar_bound_to_the_master_bytes(clipwire_signing, plain_ts, tmp_path):
    delivered = signed_copy(
        plain_ts, "video/mp2t", tmp_path / "out.ts", title="Floods", asset_public_id="a1"
    )
    assert delivered.path == plain_ts
    assert delivered.sidecar_path.suffix == ".c2pa"
    sidecar = delivered.sidecar_path.read_bytes()
    found = read_credentials(plain_ts, "video/mp2t", sidecar=sidecar)
    assert (found.state, found.signer) == ("valid", "Clipwire")
    data = plain_ts.read_bytes()
    changed = tmp_path / "changed.ts"
    changed.write_bytes(data[:1000] + bytes([data[1000] ^ 0xFF]) + data[1001:])
    tampered = read_credentials(changed, "video/mp2t", sidecar=sidecar)
    assert tampered.state == "invalid"
    assert "assertion.dataHash.mismatch" in tampered.validation_codes


def test_signing_without_a_pair_says_which_settings_to_set(settings, plain_mp4, tmp_path):
    settings.C2PA_SIGNING_CERT = str(tmp_path / "missing.pem")
    with pytest.raises(SigningUnavailable, match="C2PA_SIGNING_CERT"):
        signed_copy(plain_mp4, "video/mp4", tmp_path / "o.mp4", title="t", asset_public_id="a")


def test_signing_keys_ensure_makes_a_development_pair_once(settings, tmp_path, plain_mp4):
    settings.DEBUG = True
    settings.C2PA_SIGNING_CERT = str(tmp_path / "signing" / "chain.pem")
    settings.C2PA_SIGNING_KEY = str(tmp_path / "signing" / "key.pem")
    first, second = io.StringIO(), io.StringIO()
    call_command("signing_keys_ensure", stdout=first)
    chain = (tmp_path / "signing" / "chain.pem").read_bytes()
    call_command("signing_keys_ensure", stdout=second)
    assert "DEVELOPMENT" in first.getvalue() and "in place" in second.getvalue()
    assert (tmp_path / "signing" / "chain.pem").read_bytes() == chain
    delivered = signed_copy(
        plain_mp4, "video/mp4", tmp_path / "o.mp4", title="t", asset_public_id="a"
    )
    assert read_credentials(delivered.path, "video/mp4").signer == settings.C2PA_SIGNER_NAME
    (tmp_path / "signing" / "key.pem").unlink()
    with pytest.raises(CommandError, match="Refusing to overwrite"):
        call_command("signing_keys_ensure", stdout=io.StringIO())


def test_a_trust_list_that_is_not_a_file_fails_the_start_up_check(settings, tmp_path):
    from footage.checks import trust_list_readable

    settings.C2PA_TRUST_ANCHORS = str(tmp_path / "missing.pem")
    assert [error.id for error in trust_list_readable()] == ["footage.E002"]
    anchors = tmp_path / "anchors.pem"
    anchors.write_text("-----BEGIN CERTIFICATE-----\n")
    settings.C2PA_TRUST_ANCHORS = str(anchors)
    assert trust_list_readable() == []
