"""What the clip's admin form posts, for the admin tests that save a clip."""


def asset_form(partner, **overrides):
    data = {
        "title": "Tornado near Norman",
        "slug": "tornado-near-norman",
        "partner": partner.pk,
        "duration_seconds": "01:51",
        "description": "A tornado crosses fields.",
        "shotlist": "1. Wide of tornado",
        "restrictions": "No access Chinese mainland",
        "recorded_at": "2026-05-01",
        "location_name": "Norman, Oklahoma, United States",
        "location_country": "US",
        "width": "",
        "height": "",
        "frame_rate": "",
        "categories": [],
        "tags": [],
    }
    data.update(overrides)
    return data
