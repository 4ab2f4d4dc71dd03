from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """The content partners' area: members and their keys, resumable uploads turned into
    submissions with a rights attestation, staff review, the dashboard, sale notifications and
    monthly statements."""

    name = "partners"
    verbose_name = "Content partners' area"

    def ready(self):
        from ledger.signals import earnings_recorded
        from partners import receivers

        earnings_recorded.connect(
            receivers.on_earnings_recorded, dispatch_uid="partners.notify.earnings_recorded"
        )
