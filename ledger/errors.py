"""What the ledger's services refuse, answered like every other service refusal
(docs/architecture.md, "Errors")."""

from licensing.services.errors import LicensingError


class PayoutRefused(LicensingError):
    """A payout that cannot be requested, paid or cancelled as asked."""

    status, code = 400, "payout_refused"
