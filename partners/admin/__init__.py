"""The partner area in admin: members and their API keys (members), and the review queue
(review). catalog's ContentPartner admin cannot import this app, so members have pages of their
own, filtered by partner."""

from partners.admin import members, review  # noqa: F401 - registers the pages
