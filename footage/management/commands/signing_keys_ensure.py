"""Make the development pair that signs downloads' Content Credentials, if there is none."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from footage.signing_keys import make_signing_pair, write_signing_pair


class Command(BaseCommand):
    help = (
        "For development only: make a CA and a signing certificate and key for Content "
        "Credentials at C2PA_SIGNING_CERT and C2PA_SIGNING_KEY, unless both exist. Never "
        "overwrites a file. No buyer's tool trusts this pair; production uses a certificate "
        "from a CA on the C2PA trust list (docs/verification.md)."
    )

    requires_system_checks = []  # the check would only warn that this pair is missing

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-debug",
            action="store_true",
            help="Make the pair even though DEBUG is off (a staging machine).",
        )

    def handle(self, *args, **options):
        cert, key = Path(settings.C2PA_SIGNING_CERT), Path(settings.C2PA_SIGNING_KEY)
        if cert.exists() and key.exists():
            self.stdout.write(f"Content Credentials signing pair in place: {cert}, {key}.")
            return
        if cert.exists() or key.exists():
            present, missing = (cert, key) if cert.exists() else (key, cert)
            raise CommandError(
                f"{present} exists but {missing} does not. Refusing to overwrite: move {present} "
                f"away to make a new development pair, or put the missing file in place."
            )
        if not settings.DEBUG and not options["without_debug"]:
            raise CommandError(
                "DEBUG is off: a development signing pair would sign real downloads. Configure "
                "C2PA_SIGNING_CERT and C2PA_SIGNING_KEY, or pass --without-debug."
            )
        pair = make_signing_pair(settings.C2PA_SIGNER_NAME)
        ca = write_signing_pair(pair, cert_path=cert, key_path=key)
        self.stdout.write(
            f"Made a DEVELOPMENT signing pair for Content Credentials, signer "
            f"{settings.C2PA_SIGNER_NAME!r}:\n  chain {cert}\n  key   {key}\n  CA    {ca} "
            f"(add it to C2PA_TRUST_ANCHORS to see our own downloads as trusted)\n"
            f"For development only: no buyer's tool trusts it."
        )
