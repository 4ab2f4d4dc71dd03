import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.models import ContentPartner
from partners.services.members import MemberError, partner_key_create, partner_member_create


class Command(BaseCommand):
    help = (
        "Make a person a member of a content partner, with an API key for the partner "
        'endpoints; prints {"user": ID, "api_key": KEY}. The key is shown only this once.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--partner", required=True, help="The content partner's slug.")
        parser.add_argument("--email", required=True, help="The member's e-mail.")

    def handle(self, *args, **options):
        partner = ContentPartner.objects.filter(slug=options["partner"]).first()
        if partner is None:
            raise CommandError(f"No content partner has the slug {options['partner']!r}.")
        try:
            with transaction.atomic():
                member = partner_member_create(partner=partner, email=options["email"])
                _, key = partner_key_create(member=member)
        except MemberError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps({"user": member.user_id, "api_key": key}))
