"""What the ledger hears from licensing (connected in LedgerConfig.ready)."""

from ledger.services.credits import earnings_for_refund, earnings_for_sale


def on_order_created(sender, *, order, **kwargs):
    earnings_for_sale(order)


def on_order_refunded(sender, *, order, **kwargs):
    earnings_for_refund(order)
