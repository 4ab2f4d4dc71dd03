"""Partner money in admin: the earnings ledger, balances and payouts."""

from ledger.admin import earnings, payouts  # noqa: F401 - registers the admins
