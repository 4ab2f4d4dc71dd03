"""What the ledger's services refuse, answered like every other service refusal
(docs/architecture.md, "Errors")."""

from common.errors import ServiceError


class PayoutRefused(ServiceError):
    """A payout that cannot be requested, paid or cancelled as asked: about a balance, not an
    order's items, so answered without `items`."""

    status, code = 400, "payout_refused"
