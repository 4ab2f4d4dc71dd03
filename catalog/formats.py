"""Delivery formats and resolution tiers: the one list of what a licensee can download for a
clip, and the tiers licences are priced by (docs/delivery.md).

Pure functions of a master's picture size and frame rate: footage transcodes by these
profiles, licensing prices and grants by their tiers, the API and the site list them. A
profile is offered for a clip only where its output would not be larger than the master
(nothing is ever upscaled).
"""

from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import PurePosixPath

# Resolution tiers, lowest first. A picture's tier is set by its short side (so a portrait
# 1080x1920 phone clip is HD like a 1920x1080 one).
WEB, HD, UHD = "web", "hd", "4k"
TIERS = (WEB, HD, UHD)
TIER_LABELS = {WEB: "Web (up to 720p)", HD: "HD (1080p)", UHD: "4K (above 1080p)"}
TIER_MAX_LINES = {WEB: 720, HD: 1200}  # short side at most this; above HD's is 4k
DEFAULT_TIER_FACTORS = {WEB: "0.40", HD: "1.00", UHD: "1.50"}

ORIGINAL = "original"

# Frame rates every output is normalised to (constant rate): the nearest of these to the
# master's average rate.
STANDARD_RATES = (
    Fraction(24000, 1001),
    Fraction(24),
    Fraction(25),
    Fraction(30000, 1001),
    Fraction(30),
    Fraction(50),
    Fraction(60000, 1001),
    Fraction(60),
)
BROADCAST_RATES = (Fraction(25), Fraction(30000, 1001))  # XDCAM HD422: 25 or 29.97


@dataclass(frozen=True)
class Profile:
    """A named delivery format. `box` is (long side, short side) the picture is fitted into;
    `min_short_side` the master's short side below which the profile is not offered;
    `fixed` an exact output size (the broadcast format), only for landscape masters at least
    that large."""

    code: str
    label: str
    container: str  # what the file is: mp4, mov, mxf (original: the master's own)
    video_codec: str  # FFmpeg's codec name of the output
    audio_codec: str
    suffix: str
    content_type: str
    box: tuple[int, int] | None = None
    min_short_side: int = 0
    fixed: tuple[int, int] | None = None
    rates: tuple[Fraction, ...] = STANDARD_RATES


PROFILES: dict[str, Profile] = {
    p.code: p
    for p in (
        Profile(ORIGINAL, "Original master", "", "", "", "", "application/octet-stream"),
        Profile(
            "h264-web",
            "H.264 MP4 for the web (up to 720p)",
            "mp4",
            "h264",
            "aac",
            ".mp4",
            "video/mp4",
            box=(1280, 720),
        ),
        Profile(
            "h264-hd",
            "H.264 MP4 HD (up to 1080p)",
            "mp4",
            "h264",
            "aac",
            ".mp4",
            "video/mp4",
            box=(1920, 1080),
            min_short_side=721,
        ),
        Profile(
            "h264-4k",
            "H.264 MP4 4K (up to 2160p)",
            "mp4",
            "h264",
            "aac",
            ".mp4",
            "video/mp4",
            box=(3840, 2160),
            min_short_side=2160,
        ),
        Profile(
            "prores-hq",
            "Apple ProRes 422 HQ in QuickTime (master size, up to 2160 lines)",
            "mov",
            "prores",
            "pcm_s16le",
            ".mov",
            "video/quicktime",
            box=(4096, 2160),
        ),
        Profile(
            "xdcam-hd422",
            "XDCAM HD422 MXF (MPEG-2 4:2:2 50 Mb/s, 1080 at 25 or 29.97)",
            "mxf",
            "mpeg2video",
            "pcm_s24le",
            ".mxf",
            "application/mxf",
            fixed=(1920, 1080),
            rates=BROADCAST_RATES,
        ),
    )
}


@dataclass(frozen=True)
class Offer:
    """A profile as offered for one master: the size and rate it comes out at, and its tier."""

    profile: Profile
    width: int | None  # None: the original of a master whose size is not known
    height: int | None
    frame_rate: Fraction | None
    tier: str

    @property
    def code(self) -> str:
        return self.profile.code


def tier_for(width: int, height: int) -> str:
    short = min(width, height)
    for tier in (WEB, HD):
        if short <= TIER_MAX_LINES[tier]:
            return tier
    return UHD


def tier_rank(tier: str) -> int:
    return TIERS.index(tier)


def nearest_rate(rate, rates=STANDARD_RATES) -> Fraction:
    """The constant rate an output is written at: the nearest of `rates` to the master's."""
    if not rate:
        return rates[0] if rates is BROADCAST_RATES else Fraction(25)
    rate = Fraction(rate).limit_denominator(1001)
    return min(rates, key=lambda r: (abs(float(r) - float(rate)), r))


def master_rate(rate) -> Fraction | None:
    """The master's rate as a fraction, snapped to a standard rate it is within 0.01 of (29.97
    is stored as 29.970 and is 30000/1001)."""
    if not rate:
        return None
    rate = Fraction(str(rate)).limit_denominator(1001)
    near = min(STANDARD_RATES, key=lambda r: abs(float(r) - float(rate)))
    return near if abs(float(near) - float(rate)) < 0.01 else rate


def broadcast_rate(rate) -> Fraction:
    """25 for masters of the 25 family (25, 50), 29.97 for everything else."""
    if rate and round(float(rate)) in (25, 50):
        return Fraction(25)
    return Fraction(30000, 1001)


def _even(value: float) -> int:
    return max(2, int(value) - int(value) % 2)


def fitted_size(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """The master's picture scaled down (never up) to fit `box` (long side, short side) in its
    own orientation; both sides even."""
    long_side, short_side = box
    limit = (long_side, short_side) if width >= height else (short_side, long_side)
    scale = min(1.0, limit[0] / width, limit[1] / height)
    return _even(round(width * scale)), _even(round(height * scale))


def offer(profile: Profile, width: int, height: int, frame_rate) -> Offer | None:
    """How `profile` comes out for a master of this size and rate, or None where it is not
    offered (it would upscale, or the master is below its floor)."""
    if profile.code == ORIGINAL:
        return Offer(profile, width, height, master_rate(frame_rate), tier_for(width, height))
    if profile.fixed is not None:
        fixed_w, fixed_h = profile.fixed
        if width < height or width < fixed_w or height < fixed_h:
            return None
        return Offer(
            profile, fixed_w, fixed_h, broadcast_rate(frame_rate), tier_for(*profile.fixed)
        )
    if min(width, height) < profile.min_short_side:
        return None
    out_w, out_h = fitted_size(width, height, profile.box)
    return Offer(
        profile, out_w, out_h, nearest_rate(frame_rate, profile.rates), tier_for(out_w, out_h)
    )


def offers_for(width: int | None, height: int | None, frame_rate=None) -> list[Offer]:
    """Every format offered for a master of this size, in PROFILES order; only the original
    when the size is unknown, at hd (the one tier such a clip is sold at: licensing)."""
    if not width or not height:
        return [Offer(PROFILES[ORIGINAL], None, None, master_rate(frame_rate), HD)]
    found = (offer(profile, width, height, frame_rate) for profile in PROFILES.values())
    return [o for o in found if o is not None]


def asset_offers(asset) -> list[Offer]:
    """The formats offered for a clip, from its master's size and rate; the original says the
    master's container and suffix."""
    found = offers_for(asset.width, asset.height, asset.frame_rate)
    suffix = PurePosixPath(asset.master.name).suffix.lower() if asset.master else ""
    if found and suffix:
        own = replace(found[0].profile, container=suffix.lstrip("."), suffix=suffix)
        found[0] = replace(found[0], profile=own)
    return found


def asset_offer(asset, code: str) -> Offer | None:
    return next((o for o in asset_offers(asset) if o.code == code), None)


def top_tier(asset) -> str | None:
    """The highest tier a clip is sold at: its master's (None while its size is unknown)."""
    if not asset.width or not asset.height:
        return None
    return tier_for(asset.width, asset.height)


def tiers_offered(asset) -> list[str]:
    """The tiers a clip can be licensed at: every tier up to its master's."""
    top = top_tier(asset)
    return [] if top is None else list(TIERS[: tier_rank(top) + 1])


def covers(licensed_tier: str, offered: Offer) -> bool:
    """Whether a licence at `licensed_tier` grants this format."""
    return tier_rank(offered.tier) <= tier_rank(licensed_tier)


def ready_codes(asset) -> set[str]:
    """The formats of a clip that can be downloaded at once: the original when the master is
    stored, and each prepared format made from the current master (footage's PreparedFormat,
    read through the relation so catalog imports no footage code)."""
    if not asset.master:
        return set()
    prepared = asset.prepared_formats.filter(status="done", source=asset.master.name)
    return {ORIGINAL, *prepared.values_list("format", flat=True)}
