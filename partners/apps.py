from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """The content partners' area: members and their keys, resumable uploads turned into
    submissions with a rights attestation, staff review, the dashboard, sale notifications and
    monthly statements."""

    name = "partners"
    verbose_name = "Content partners' area"
