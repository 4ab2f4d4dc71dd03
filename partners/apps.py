from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """The content partners' area: members and their keys, resumable uploads turned into
    submissions with a rights attestation, staff review, the dashboard, sale notifications and
    monthly statements."""

    name = "partners"
    verbose_name = "Content partners' area"

    def ready(self):
        from licensing.signals import order_created, order_refunded
        from partners import receivers

        order_created.connect(
            receivers.on_order_created, dispatch_uid="partners.notify.order_created"
        )
        order_refunded.connect(
            receivers.on_order_refunded, dispatch_uid="partners.notify.order_refunded"
        )
