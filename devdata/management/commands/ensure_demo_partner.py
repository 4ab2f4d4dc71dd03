import secrets

from django.core.management.base import BaseCommand, CommandError

from catalog.models import ContentPartner
from partners.models import PartnerMember
from partners.services.members import partner_key_create, partner_member_create

DEMO_PARTNER = "plainsview-ugc"
DEMO_EMAIL = "filmer@demo.example"


class Command(BaseCommand):
    help = (
        "Make the demo content partner's member once (a site sign-in and a partner API key), "
        "printing both, once."
    )

    def handle(self, *args, **options):
        partner = ContentPartner.objects.filter(slug=DEMO_PARTNER).first()
        if partner is None:
            raise CommandError(f"Load the demo catalogue first (seed_demo): no {DEMO_PARTNER}.")
        if PartnerMember.objects.filter(user__email=DEMO_EMAIL).exists():
            self.stdout.write(
                "The demo partner member exists; its key was printed when it was made. Add "
                "another with `python manage.py create_partner_member --partner SLUG --email E`."
            )
            return
        member = partner_member_create(partner=partner, email=DEMO_EMAIL)
        _, key = partner_key_create(member=member)
        password = secrets.token_urlsafe(12)
        member.user.set_password(password)
        member.user.save(update_fields=["password"])
        self.stdout.write(
            self.style.WARNING(
                f"Demo content partner member for “{partner.name}”, shown only once:\n"
                f"  website: sign in at /accounts/login/ as {DEMO_EMAIL} with password "
                f"{password}\n  then open the Partner area: /partner/\n"
                f"  partner API key: {key}\n"
                f"  curl -H 'Authorization: Api-Key {key}' http://127.0.0.1:8000/api/v1/partner/clips/"
            )
        )
