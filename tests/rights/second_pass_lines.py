"""Lines of the rights language's second pass (sovereigns, ambiguous names, parts, platform
words, ends, windows, duties) that SQL and ODRL must decide as the checker does: both
agreement tests (tests/catalog/test_availability.py, tests/rights/test_odrl_agreement.py)
add these to their own lists."""

SECOND_PASS = [
    "No access USA",
    "No access France. No access Denmark",
    "No access Morocco",
    "No access China",
    "No access Georgia",
    "Georgia only",
    "No access Scotland",
    "Scotland only",
    "USA only",
    "No access Crimea",
    "No access USSR",
    "Digital only",
    "No use after 30 November 2026 GMT",
    "Available from 2026-06-01 UTC to 2026-11-30 UTC",
    "Only for use within 48 hours of transmission",
    "HOLD TIL 0500 GMT 1 Dec 2026",
    "Must on-screen courtesy Storyful. Credit visible for 5 seconds. Max 90 secs",
    "Mandatory on-screen credit. No use more than 2 minutes. No access UK",
]
