"""Verified footage settings (config.settings imports them): how far a file's recording time
may stray from the partner's date, and what a duplicate is (docs/verification.md). The Content
Credentials settings (trust list, signing pair) sit beside them."""

from config.env import env_int

# A recording time in the file further than this from the day the partner gave is a
# discrepancy staff see in review.
VERIFY_DATE_TOLERANCE_HOURS = env_int("VERIFY_DATE_TOLERANCE_HOURS", 48)
