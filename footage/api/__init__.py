"""Footage's part of the REST API: a clip's verification (docs/api.md)."""
