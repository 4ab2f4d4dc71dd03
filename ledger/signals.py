"""What the ledger tells the apps above it (partners' notifications), which it must not import.

Sent inside the sale's or refund's transaction, once the earnings are written and the balances
moved; receivers that act outside the database do so in transaction.on_commit.
"""

from django.dispatch import Signal

# A sale's earnings or a refund's reversals were recorded: order=, kind= (Earning.Kind).
earnings_recorded = Signal()
