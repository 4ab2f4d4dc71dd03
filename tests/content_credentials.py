"""Content Credentials for tests: a partner's camera pair and the marketplace's pair (made once
a session, in a temporary folder), small real videos, and a partner-side signer that writes
the manifest a C2PA camera or editing tool would."""

from dataclasses import dataclass
from pathlib import Path

import av
import c2pa
import pytest

from devdata.videos import synthetic_video
from footage.signing_keys import make_signing_pair, write_signing_pair

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
PARTNER = "Storm Desk Cameras"


@dataclass(frozen=True)
class Pair:
    chain: Path
    key: Path
    ca: Path


def _pair(folder: Path, organisation: str) -> Pair:
    chain, key = folder / "chain.pem", folder / "key.pem"
    ca = write_signing_pair(make_signing_pair(organisation), cert_path=chain, key_path=key)
    return Pair(chain, key, ca)


def sign_as_partner(source: Path, target: Path, pair: Pair, *, source_type="digitalCapture"):
    """What a C2PA camera app writes: created (with IPTC's digital source type), then edited."""
    definition = {
        "claim_generator_info": [{"name": "StormCam", "version": "2.1"}],
        "title": source.name,
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {"action": "c2pa.created", "digitalSourceType": IPTC + source_type},
                        {"action": "c2pa.edited"},
                    ]
                },
            }
        ],
    }
    info = c2pa.C2paSignerInfo(
        c2pa.C2paSigningAlg.ES256, pair.chain.read_bytes(), pair.key.read_bytes(), None
    )
    with (
        c2pa.Signer.from_info(info) as signer,
        c2pa.Builder(definition) as builder,
        open(source, "rb") as src,
        open(target, "w+b") as dst,
    ):
        builder.sign(signer, "video/mp4", src, dst)
    return target


def remux(source: Path, target: Path, container: str) -> Path:
    """The same frames in another container (mpegts, mxf...), nothing re-encoded."""
    with av.open(str(source)) as src, av.open(str(target), "w", format=container) as dst:
        video = src.streams.video[0]
        out = dst.add_stream_from_template(video)
        for packet in src.demux(video):
            if packet.dts is not None:
                packet.stream = out
                dst.mux(packet)
    return target


def changed_in_media(data: bytes) -> bytes:
    """The file with one byte of its picture data (inside mdat) flipped."""
    at = data.index(b"mdat") + 4 + 16
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


@pytest.fixture(scope="session")
def credentials_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("credentials")


@pytest.fixture(scope="session")
def partner_pair(credentials_dir) -> Pair:
    return _pair(credentials_dir / "partner", PARTNER)


@pytest.fixture(scope="session")
def clipwire_pair(credentials_dir) -> Pair:
    return _pair(credentials_dir / "clipwire", "Clipwire")


@pytest.fixture(scope="session")
def plain_mp4(credentials_dir) -> Path:
    path = credentials_dir / "plain.mp4"
    synthetic_video(2, target=str(path))
    return path


@pytest.fixture(scope="session")
def signed_mp4(credentials_dir, plain_mp4, partner_pair) -> Path:
    return sign_as_partner(plain_mp4, credentials_dir / "signed.mp4", partner_pair)


@pytest.fixture(scope="session")
def plain_ts(credentials_dir, plain_mp4) -> Path:
    return remux(plain_mp4, credentials_dir / "plain.ts", "mpegts")


@pytest.fixture
def clipwire_signing(settings, clipwire_pair) -> Pair:
    """Downloads signed with the marketplace's (test) pair; no unsigned fallback."""
    settings.C2PA_SIGNING_CERT = str(clipwire_pair.chain)
    settings.C2PA_SIGNING_KEY = str(clipwire_pair.key)
    settings.C2PA_SIGNER_NAME = "Clipwire"
    settings.C2PA_SIGN_DOWNLOADS = True
    settings.C2PA_UNSIGNED_FALLBACK = False
    return clipwire_pair
