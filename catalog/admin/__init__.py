"""The catalogue in Django admin: partners, categories and tags, clips, stories."""

from catalog.admin import assets, partners, stories, taxonomy  # noqa: F401 - they register
