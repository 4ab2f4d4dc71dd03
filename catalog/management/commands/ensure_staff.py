import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a staff superuser when none exists and print its credentials once. "
        "STAFF_USERNAME / STAFF_PASSWORD choose them; otherwise the password is random."
    )

    def handle(self, *args, **options):
        users = get_user_model()
        if users.objects.filter(is_staff=True, is_active=True).exists():
            self.stdout.write("A staff user exists already; sign in at /admin/.")
            return
        username = os.environ.get("STAFF_USERNAME", "admin")
        password = os.environ.get("STAFF_PASSWORD") or secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.WARNING(
                f"Created staff user {username!r} with password {password!r}. "
                "This is shown only once; change it at /admin/password_change/."
            )
        )
