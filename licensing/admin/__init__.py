"""Licensing in admin, one module per part of the business."""

from licensing.admin import buyers, orders, products, tiers  # noqa: F401 - registers the admins
