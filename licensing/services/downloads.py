"""Downloads of a licensed master: whether a licence may still be used, signed short-lived
links, and opening the master when a link is followed."""

from datetime import timedelta

from django.core import signing
from django.utils import timezone
from django.utils.text import slugify

from licensing.models import ApiKey, Buyer, Download, License
from licensing.services.errors import LicenseUnusable, PurchaseUnavailable

DOWNLOAD_LINK_MINUTES = 15
DOWNLOAD_SALT = "licensing.download"


def ensure_license_usable(license: License, buyer: Buyer) -> None:
    """Raise LicenseUnusable (or PurchaseUnavailable) unless the buyer may fetch the master."""
    if license.revoked_at is not None:
        raise LicenseUnusable(f"Licence {license.public_id} was revoked: {license.revoke_reason}")
    if not license.is_active():
        raise LicenseUnusable(
            f"Licence {license.public_id} is not in force: it runs "
            f"{license.starts_at:%Y-%m-%d} to {license.ends_at:%Y-%m-%d}."
        )
    decision = license.asset.availability(buyer.territory, use=license.line.use)
    if not decision.allowed:
        raise PurchaseUnavailable(
            f"The clip's restrictions no longer allow it in {buyer.territory}.",
            [{"asset": license.asset.public_id, "reasons": list(decision.reasons)}],
        )


def download_link_create(
    *, license: License, buyer: Buyer, api_key: ApiKey | None = None
) -> tuple[str, object]:
    """A signed token for the master, valid DOWNLOAD_LINK_MINUTES; returns (token, expires_at).
    A link made with an API key stops working when that key is revoked."""
    ensure_license_usable(license, buyer)
    if not license.asset.master:
        raise LicenseUnusable("The master file of this clip is not available yet; try later.")
    claims = {"l": license.pk, "b": buyer.pk, "k": api_key.pk if api_key is not None else None}
    token = signing.dumps(claims, salt=DOWNLOAD_SALT, compress=True)
    return token, timezone.now() + timedelta(minutes=DOWNLOAD_LINK_MINUTES)


def download_open(*, token: str):
    """Check a download token again, record the download and open the master.

    Returns (license, file). Raises signing.BadSignature / SignatureExpired for a bad or old
    token, and LicenseUnusable / PurchaseUnavailable when the licence no longer allows it."""
    data = signing.loads(token, salt=DOWNLOAD_SALT, max_age=DOWNLOAD_LINK_MINUTES * 60)
    license = License.objects.select_related("asset", "buyer", "line").get(pk=data["l"])
    if license.buyer_id != data["b"]:
        raise signing.BadSignature("token and licence disagree")
    key_id = data.get("k")
    if (
        key_id is not None
        and not ApiKey.objects.filter(
            pk=key_id, buyer_id=license.buyer_id, revoked_at__isnull=True
        ).exists()
    ):
        raise LicenseUnusable("The API key this link was made with has been revoked.")
    ensure_license_usable(license, license.buyer)
    master = license.asset.master
    if not master or not master.storage.exists(master.name):
        raise LicenseUnusable("The master file of this clip is not available yet; try later.")
    Download.objects.create(
        license=license,
        buyer=license.buyer,
        territory=license.buyer.territory,
        size=master.size,
    )
    return license, master.open("rb")


def download_filename(license: License) -> str:
    return f"{slugify(license.asset.title)[:80] or 'clip'}-{license.public_id}.mp4"
