from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = "Partner money"

    def ready(self):
        # Every sale and refund is credited inside its own transaction (docs/architecture.md,
        # "Signals"): a receiver that fails rolls the purchase or the refund back.
        from ledger import receivers
        from licensing.signals import order_created, order_refunded

        order_created.connect(receivers.on_order_created, dispatch_uid="ledger.order_created")
        order_refunded.connect(receivers.on_order_refunded, dispatch_uid="ledger.order_refunded")
