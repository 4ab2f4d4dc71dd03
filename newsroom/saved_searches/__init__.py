"""Saved searches with alerts: query validation, matching, digests (issue 13, part 4)."""
