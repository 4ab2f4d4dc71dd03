"""Capture metadata read from a master, and where it disagrees with the partner's claims."""

from datetime import UTC, datetime, timedelta

import pytest

from footage.evidence.capture import capture_read, country_at, parse_iso6709, parse_time
from footage.evidence.claims import Claim, discrepancies
from tests.footage.evidence_files import phone_clip


def test_an_iphone_clip_gives_time_place_and_device(tmp_path):
    moment = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
    path = phone_clip(
        tmp_path / "beijing.mov",
        recorded_at=moment,
        location="+39.9042+116.4074+044.000/",
        make="Apple",
        model="iPhone 15 Pro",
    )
    capture = capture_read(str(path))
    assert capture.recorded_at == moment
    assert (capture.latitude, capture.longitude) == (39.9042, 116.4074)
    assert capture.country == "CN"
    assert capture.device == "Apple iPhone 15 Pro"
    assert capture.encoder.startswith("Lavf")
    assert capture.rotation == 0


def test_a_clip_without_metadata_gives_nothing_to_compare(tmp_path):
    capture = capture_read(str(phone_clip(tmp_path / "plain.mov")))
    assert capture.recorded_at is None and capture.latitude is None and capture.country == ""
    assert capture.device == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("+51.5074-000.1278/", (51.5074, -0.1278)),
        ("-33.8688+151.2093/", (-33.8688, 151.2093)),
        ("+4030.00-07400.00/", (40.5, -74.0)),  # degrees and minutes
        ("+352139+1384339+3776CRSWGS_84/", (35 + 21 / 60 + 39 / 3600, 138 + 43 / 60 + 39 / 3600)),
        ("+00.0000+000.0000/", None),  # "no fix"
        ("+95.0000+000.0000/", None),
        ("somewhere", None),
    ],
)
def test_iso6709_locations(text, expected):
    found = parse_iso6709(text)
    if expected is None:
        assert found is None
    else:
        assert found == pytest.approx(expected)


def test_times_with_zones_and_container_epochs():
    assert parse_time("2024-05-01T10:00:00+0800") == datetime(2024, 5, 1, 2, tzinfo=UTC)
    assert parse_time("2024-05-01 10:00:00") == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert parse_time("1904-01-01T00:00:00Z") is None  # a camera whose clock was never set
    assert parse_time("yesterday") is None


def test_country_at_a_point_and_out_at_sea():
    assert country_at(48.8566, 2.3522) == "FR"
    assert country_at(-34.6, -58.38) == "AR"
    assert country_at(0.0, -30.0) == ""  # mid-Atlantic


def _claim(days_ago=0, country="GB"):
    today = datetime.now(UTC)
    return Claim((today - timedelta(days=days_ago)).date(), country, today)


def _capture(**fields):
    from footage.evidence.capture import Capture

    return Capture(**fields)


def test_a_recording_date_within_the_tolerance_agrees(settings):
    settings.VERIFY_DATE_TOLERANCE_HOURS = 48
    noon_two_days_ago = datetime.now(UTC).replace(hour=12) - timedelta(days=2)
    assert discrepancies(_capture(recorded_at=noon_two_days_ago), _claim(days_ago=1)) == []


def test_a_recording_date_days_away_is_a_discrepancy_with_a_sentence(settings):
    settings.VERIFY_DATE_TOLERANCE_HOURS = 48
    claim = _claim(days_ago=1)
    recorded = datetime.combine(claim.recorded_on, datetime.min.time(), UTC) - timedelta(days=9)
    found = discrepancies(_capture(recorded_at=recorded), claim)
    assert [item["code"] for item in found] == ["recorded_date"]
    sentence = found[0]["detail"]
    assert f"{recorded:%-d %B %Y}" in sentence and "before the recording date given" in sentence
    assert f"({claim.recorded_on:%-d %B %Y})" in sentence


def test_the_tolerance_is_a_setting(settings):
    claim = _claim(days_ago=1)
    recorded = datetime.combine(claim.recorded_on, datetime.min.time(), UTC) - timedelta(hours=40)
    settings.VERIFY_DATE_TOLERANCE_HOURS = 48
    assert discrepancies(_capture(recorded_at=recorded), claim) == []
    settings.VERIFY_DATE_TOLERANCE_HOURS = 12
    assert [item["code"] for item in discrepancies(_capture(recorded_at=recorded), claim)] == [
        "recorded_date"
    ]


def test_a_file_recorded_after_it_arrived(settings):
    settings.VERIFY_DATE_TOLERANCE_HOURS = 48
    claim = Claim(None, "", datetime.now(UTC) - timedelta(days=10))
    found = discrepancies(_capture(recorded_at=datetime.now(UTC)), claim)
    assert [item["code"] for item in found] == ["recorded_after_received"]
    assert "after it reached us" in found[0]["detail"]


def test_another_country_is_a_discrepancy_without_coordinates():
    capture = _capture(latitude=39.9042, longitude=116.4074, country="CN")
    found = discrepancies(capture, _claim(country="GB"))
    assert found == [
        {
            "code": "location_country",
            "detail": "The file's location is in China; the clip says it was filmed in "
            "United Kingdom.",
        }
    ]
    assert "39.9" not in found[0]["detail"] and "116" not in found[0]["detail"]


def test_silence_on_either_side_is_no_discrepancy():
    assert discrepancies(_capture(country="CN"), _claim(country="")) == []
    assert discrepancies(_capture(), _claim(country="GB")) == []
