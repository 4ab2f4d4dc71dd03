"""How each delivery format of catalog.formats is encoded (footage.transcoding): FFmpeg's
encoders and their options, chosen for files a newsroom's systems take at once and for speed
on a two-core worker (docs/delivery.md; the figures are bench/transcode.py's)."""

from dataclasses import dataclass, field

from catalog.formats import Offer
from footage.errors import MediaError

AUDIO_RATE = 48000  # every output's sound, stereo


@dataclass(frozen=True)
class Recipe:
    """How one profile is encoded: FFmpeg's encoder, pixel format and options, the audio
    encoder and the sample format it takes, and the muxer."""

    encoder: str
    pix_fmt: str
    options: dict[str, str]
    audio_encoder: str
    sample_format: str
    muxer: str
    audio_bit_rate: int | None = None
    bit_rate: int | None = None
    muxer_options: dict[str, str] = field(default_factory=dict)
    threads: str | None = None  # FFmpeg's threading for the encoder (libx264 threads itself)
    # How fast a two-core worker makes it, as a multiple of real time (the bench's figures,
    # rounded down): footage.preparing's estimate of when a format will be ready.
    speed: float = 1.0


FASTSTART = {"movflags": "+faststart"}  # the index first: playback starts before the end
# libx264 (docs/delivery.md, bench/transcode.py): "veryfast" keeps HD above real time on two
# cores; the web's 4x needs "superfast" (1.5x faster than veryfast on a busy two-core machine,
# 40% larger at the same quality target; the 4.5 Mb/s cap holds either way).
X264_WEB = {"preset": "superfast", "crf": "21", "maxrate": "4500k", "bufsize": "9000k"}
# HD and 4K at CRF 18 with a ceiling (30 and 100 Mb/s): grainy footage no longer swells to
# 80 Mb/s, which a newsroom's systems do not want and which costs the encoder time.
X264_HIGH = {"preset": "veryfast", "crf": "18", "maxrate": "30M", "bufsize": "60M"}
X264_4K = {"preset": "superfast", "crf": "18", "maxrate": "100M", "bufsize": "200M"}
# prores_ks at profile 3 (HQ) with a fixed quantiser: its rate control is 10x slower (4.6
# fps on grainy 1080p against 44 on two cores), and the bit rate follows the picture.
PRORES_HQ = {"profile": "3", "vendor": "apl0", "flags": "+qscale", "global_quality": "472"}
# XDCAM HD422: MPEG-2 4:2:2 profile at high level, 50 Mb/s constant (the 17.8 Mbit buffer of
# the format), closed GOPs of 12 with 2 B-frames, no scene-cut I-frames.
XDCAM_HD422 = {
    "profile": "0",
    "level": "2",
    "g": "12",
    "bf": "2",
    "flags": "+cgop",
    "minrate": "50M",
    "maxrate": "50M",
    "bufsize": "17825792",
    "rc_init_occupancy": "17825792",
    "intra_vlc": "1",
    "non_linear_quant": "1",
    "dc": "10",
    "sc_threshold": "1000000000",
    "qmin": "1",
    "qmax": "12",
}

RECIPES = {
    "h264-web": Recipe(
        "libx264",
        "yuv420p",
        X264_WEB,
        "aac",
        "fltp",
        "mp4",
        160_000,
        muxer_options=FASTSTART,
        speed=4.0,
    ),
    "h264-hd": Recipe(
        "libx264", "yuv420p", X264_HIGH, "aac", "fltp", "mp4", 256_000, muxer_options=FASTSTART
    ),
    "h264-4k": Recipe(
        "libx264",
        "yuv420p",
        X264_4K,
        "aac",
        "fltp",
        "mp4",
        256_000,
        muxer_options=FASTSTART,
        speed=0.25,
    ),
    "prores-hq": Recipe(
        "prores_ks", "yuv422p10le", PRORES_HQ, "pcm_s16le", "s16", "mov", threads="FRAME"
    ),
    "xdcam-hd422": Recipe(
        "mpeg2video",
        "yuv422p",
        XDCAM_HD422,
        "pcm_s24le",
        "s32",
        "mxf",
        bit_rate=50_000_000,
        threads="SLICE",
    ),
}


def recipe_for(offer: Offer) -> Recipe:
    try:
        return RECIPES[offer.code]
    except KeyError:
        raise MediaError(f"There is no way to make the {offer.code} format.") from None
