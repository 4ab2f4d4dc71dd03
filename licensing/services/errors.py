"""The refusals the licensing services raise. Each carries the HTTP status and code the API and
the website answer with, a sentence for a person, and per-item details (common.errors)."""

from common.errors import ServiceError
from common.responses import UNAVAILABLE_FOR_LEGAL_REASONS


class LicensingError(ServiceError):
    """A refusal with an HTTP status, a sentence and per-item details: the API answers
    `items` always, an empty list when the refusal names none."""

    status = 400
    code = "invalid"

    def __init__(
        self,
        detail: str,
        items: list | None = None,
        *,
        code: str | None = None,
        fields: tuple[str, ...] | list[str] = (),
    ):
        super().__init__(detail, items or [], code=code, fields=fields)


class PurchaseInvalid(LicensingError):
    status, code = 400, "invalid"


class PurchaseUnavailable(LicensingError):
    status, code = UNAVAILABLE_FOR_LEGAL_REASONS, "unavailable"


class PurchaseConflict(LicensingError):
    status, code = 409, "conflict"


class PaymentRequired(LicensingError):
    status, code = 402, "payment_required"


class IdempotencyMismatch(LicensingError):
    status, code = 422, "idempotency_key_reused"


class LicenseUnusable(LicensingError):
    status, code = 403, "license_unusable"


class AssetWithdrawn(LicensingError):
    """The clip was withdrawn: its licences stay on record, its master is no longer served."""

    status, code = 410, "withdrawn"


class DownloadLinkInvalid(LicensingError):
    status, code = 403, "invalid_link"


class DownloadLinkExpired(LicensingError):
    status, code = 410, "expired"


class DeliveryUnsigned(LicensingError):
    """The file could not be given our Content Credentials, and unsigned files do not go out
    (C2PA_UNSIGNED_FALLBACK off; docs/verification.md)."""

    status, code = 503, "signing_unavailable"


class NoSidecarManifest(LicensingError):
    """The clip's file carries its Content Credentials inside: it has no separate manifest."""

    status, code = 404, "no_manifest"


class InputInvalid(LicensingError):
    """Text or a value a licensing service was given that it cannot take (too long, control
    characters, an unknown platform or territory); `fields` names it."""

    status, code = 400, "invalid"


class DownloadRequirementMissing(LicensingError):
    """The buyer organisation requires a project code or a note on every download, and the
    request gave none; `fields` names which (licensing.services.downloads)."""

    status, code = 400, "download_requirement"


class UsageOutsideLicense(LicensingError):
    """A reported use the licence does not cover: before it starts, after it ends, in the
    future, under a revoked licence, or where or on a platform the clip's restrictions refuse
    (licensing.services.usages). Nothing is recorded."""

    status, code = 422, "outside_license"


class BuyerError(LicensingError):
    """A buyer service refused staff's or a command's request: a negative or out-of-range
    amount, a member who already belongs elsewhere, a currency that can no longer change."""

    status, code = 400, "invalid"


class RefundConflict(LicensingError):
    """A refund that would take away what another order paid for: an upgrade of a licence a
    later order upgraded again."""

    status, code = 409, "upgraded_since"


class FormatNotOffered(LicensingError):
    """A delivery format that is not offered for the clip (unknown, or above its master)."""

    status, code = 400, "format_not_offered"


class AboveLicensedTier(LicensingError):
    """A delivery format above the resolution tier the licence was bought at."""

    status, code = 403, "above_licensed_tier"


class FormatFailed(LicensingError):
    """A delivery format that could not be made; staff were told and may prepare it again."""

    status, code = 503, "format_failed"


class FormatPreparing(LicensingError):
    """Not a refusal: the format asked for is being prepared; ask again in `retry_after`
    seconds (the API answers 202 with Retry-After). `state` is footage's FormatState."""

    status, code = 202, "preparing"

    def __init__(self, detail, state=None):
        items = [] if state is None else [{"format": state.code, "progress": state.progress}]
        super().__init__(detail, items)
        self.state = state
