"""Partner money, one module per kind of thing:

- earnings: Earning, the partner's share of each sold line and its reversal on a refund
- payouts: PartnerBalance (fed by the earnings) and Payout (a request to be paid it)

The tables keep the names they had in licensing (docs/architecture.md, "Moving a model").
Nothing here is ever deleted: rows that record money are PROTECTed.
"""

from ledger.models.earnings import Earning
from ledger.models.payouts import (
    PAYOUT_TRANSITIONS,
    IllegalPayoutTransition,
    PartnerBalance,
    Payout,
    PayoutStatus,
)

__all__ = [
    "PAYOUT_TRANSITIONS",
    "Earning",
    "IllegalPayoutTransition",
    "PartnerBalance",
    "Payout",
    "PayoutStatus",
]
