"""Capture metadata from a master's container (PyAV): when and where it says it was recorded,
the device and the encoder, and the rotation the player applies (docs/verification.md,
"Capture metadata").

Phones write these in different places: iPhones in QuickTime `mdta` keys
(`com.apple.quicktime.creationdate`, `...location.ISO6709`, `...make`, `...model`), Android and
most cameras in `creation_time` and the `©xyz` atom FFmpeg calls `location`. Every reader here
tries the precise key first and takes the first that parses; a value that does not parse is
ignored, not guessed at."""

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import reverse_geocode

from footage.containers import open_footage

TIME_KEYS = ("com.apple.quicktime.creationdate", "creation_time", "date")
LOCATION_KEYS = (
    "com.apple.quicktime.location.ISO6709",
    "location",
    "location-eng",
    "com.android.capture.location",
)
MAKE_KEYS = ("com.apple.quicktime.make", "make", "com.android.manufacturer")
MODEL_KEYS = ("com.apple.quicktime.model", "model", "com.android.model")
ENCODER_KEYS = ("com.apple.quicktime.software", "software", "encoder")

# Cameras with no clock set write the container epochs (1904 for QuickTime, 1970 for Unix).
EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=UTC)
# Farther than this from the nearest place the geocoder knows is open sea: no country.
NEAREST_PLACE_KM = 150

# ISO 6709: latitude then longitude (then altitude), each signed, in degrees, degrees and
# minutes, or degrees, minutes and seconds, told apart by the digits before the point.
ISO6709 = re.compile(r"^\s*([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?(?:CRS\S*)?/?")


@dataclass(frozen=True)
class Capture:
    recorded_at: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str = ""
    device_make: str = ""
    device_model: str = ""
    encoder: str = ""
    rotation: int = 0

    @property
    def device(self) -> str:
        return device_name(self.device_make, self.device_model)


def capture_read(path: str) -> Capture:
    """The capture metadata in the file at `path`. Raises footage.errors.MediaError when the
    file cannot be opened as footage."""
    with open_footage(path) as container:
        tags = dict(container.metadata)
        rotation = 0
        if container.streams.video:
            stream = container.streams.video[0]
            for key, value in stream.metadata.items():
                tags.setdefault(key, value)
            rotation = _rotation(container, stream)
    latitude, longitude = _first(tags, LOCATION_KEYS, parse_iso6709) or (None, None)
    return Capture(
        recorded_at=_first(tags, TIME_KEYS, parse_time),
        latitude=latitude,
        longitude=longitude,
        country=country_at(latitude, longitude) if latitude is not None else "",
        device_make=_text(_first(tags, MAKE_KEYS, str)),
        device_model=_text(_first(tags, MODEL_KEYS, str)),
        encoder=_text(_first(tags, ENCODER_KEYS, str)),
        rotation=rotation,
    )


def device_name(make: str, model: str) -> str:
    """The device as a person names it: "Apple iPhone 15 Pro", and "Pixel 9" not "Google
    Google Pixel 9" when the model already starts with the make."""
    make, model = make.strip(), model.strip()
    if make and model.lower().startswith(make.lower()):
        return model
    return " ".join(part for part in (make, model) if part)


def _first(tags: dict, keys, parse):
    lowered = {key.lower(): value for key, value in tags.items()}
    for key in keys:
        value = lowered.get(key.lower())
        if value:
            parsed = parse(value)
            if parsed:
                return parsed
    return None


def _text(value) -> str:
    return (value or "").replace("\x00", "").strip()[:100]


def _rotation(container, stream) -> int:
    """Degrees the picture is turned for display, from the first frame's display matrix."""
    try:
        for frame in container.decode(stream):
            return round(frame.rotation or 0) % 360
    except Exception:  # a master that does not decode is refused elsewhere (master_check)
        return 0
    return 0


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 time as containers write it; one without a zone is taken as UTC."""
    text = text.strip().replace(" ", "T", 1)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)  # +0800 as +08:00
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment if moment >= EARLIEST_PLAUSIBLE else None


def parse_iso6709(text: str) -> tuple[float, float] | None:
    """(latitude, longitude) in degrees from an ISO 6709 string such as "+39.9042+116.4074/"."""
    found = ISO6709.match(text)
    if not found:
        return None
    latitude = _degrees(found[1], 2)
    longitude = _degrees(found[2], 3)
    if latitude is None or longitude is None:
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    if latitude == 0 and longitude == 0:  # "no fix" on some phones
        return None
    return latitude, longitude


def _degrees(part: str, degree_digits: int) -> float | None:
    sign = -1 if part[0] == "-" else 1
    whole, _, fraction = part[1:].partition(".")
    fraction = float(f"0.{fraction}") if fraction else 0.0
    digits = len(whole)
    if digits == degree_digits:
        value = int(whole) + fraction
    elif digits == degree_digits + 2:  # degrees and minutes
        value = int(whole[:degree_digits]) + (int(whole[degree_digits:]) + fraction) / 60
    elif digits == degree_digits + 4:  # degrees, minutes and seconds
        minutes = int(whole[degree_digits : degree_digits + 2])
        seconds = int(whole[degree_digits + 2 :]) + fraction
        value = int(whole[:degree_digits]) + minutes / 60 + seconds / 3600
    else:
        return None
    return sign * value


def country_at(latitude: float, longitude: float) -> str:
    """The ISO code of the country at a point, from the nearest place in GeoNames' list that
    reverse_geocode ships (offline); "" out at sea. Near a border the nearest town may lie
    across it: docs/verification.md says so."""
    place = reverse_geocode.search([(latitude, longitude)])[0]
    if _km(latitude, longitude, place["latitude"], place["longitude"]) > NEAREST_PLACE_KM:
        return ""
    return place.get("country_code", "")


def _km(lat1, lon1, lat2, lon2) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(a))
