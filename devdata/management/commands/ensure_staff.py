import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a staff superuser when none exists and print how to sign in, once. "
        "STAFF_USERNAME / STAFF_PASSWORD choose them; otherwise the password is random."
    )

    def handle(self, *args, **options):
        users = get_user_model()
        if users.objects.filter(is_staff=True, is_active=True).exists():
            self.stdout.write("A staff user exists already; sign in at /admin/.")
            return
        username = os.environ.get("STAFF_USERNAME", "admin")
        if users.objects.filter(username=username).exists():
            self.stdout.write(
                self.style.WARNING(
                    f"User {username!r} exists but is not active staff. Make it staff with "
                    f"`python manage.py shell`, or set STAFF_USERNAME to a new name and run again."
                )
            )
            return
        chosen = os.environ.get("STAFF_PASSWORD")
        password = chosen or secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        shown = "the password in STAFF_PASSWORD" if chosen else f"password {password!r}"
        self.stdout.write(
            self.style.WARNING(
                f"Created staff user {username!r} with {shown}. This is shown only once; "
                "change it at /admin/password_change/."
            )
        )
