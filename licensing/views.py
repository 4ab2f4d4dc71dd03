"""The buyer's side of the website: checkout, orders, licences (downloads and usage reports),
downloads and API keys. Every action calls the same services as the API."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from catalog.formats import ORIGINAL, PROFILES, TIER_LABELS
from catalog.models import VideoAsset
from common.responses import unavailable
from common.site_errors import bad_form, form_add_error, form_errors
from licensing.certificates import certificate_response
from licensing.forms import (
    ApiKeyCreateForm,
    ApiKeyRevokeForm,
    CheckoutForm,
    DownloadRequestForm,
    UsageForm,
)
from licensing.models import ApiKey, Download, License, LicenseType, Order
from licensing.panels import license_offers, resolution_choices
from licensing.services.downloads import download_link_create
from licensing.services.errors import FormatPreparing, LicensingError
from licensing.services.formats import license_formats
from licensing.services.keys import api_key_create, api_key_revoke
from licensing.services.purchase import PurchaseItem, purchase
from licensing.services.territory import territory_refusal
from licensing.services.tiers import default_tier, tier_refusal
from licensing.services.usages import usage_report
from licensing.site import require_buyer


def verify(request, code):
    """Public: anyone holding a certificate can check that the licence is real and in force."""
    license = get_object_or_404(
        License.objects.select_related("buyer", "line__order"), verification_code=code
    )
    return render(request, "licensing/verify.html", {"license": license, "line": license.line})


@login_required
def checkout(request):
    """GET: what is about to be bought, and a confirm button carrying a one-time key. POST: the
    purchase; a double click repeats the key, so it makes one order. The territory rule is the
    purchase's own (the buyer's territory and this request's), for staff too. A licence of
    this type the buyer already holds is shown, and buying again takes an explicit "Buy again"
    (allow_duplicate), as over the API."""
    buyer = require_buyer(request)
    form = CheckoutForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return bad_form(request, form)
    wanted = form.cleaned_data
    asset = get_object_or_404(
        VideoAsset.objects.published().select_related("partner").with_media(),
        public_id=wanted["asset"],
    )
    license_type = get_object_or_404(LicenseType, code=wanted["license"], active=True)
    refusal = territory_refusal(
        asset, buyer=buyer, request_territory=request.territory, use=license_type.use
    )
    if refusal is not None:  # before the page names the clip: it may not be seen here
        return unavailable(request, detail=refusal.sentence(), reasons=refusal.reasons)
    tier = wanted["resolution"] or default_tier(asset)
    offers = license_offers(asset, buyer=buyer, request_territory=request.territory, tier=tier)
    offer = next(o for o in offers if o["type"] == license_type)
    context = {
        "asset": asset,
        "license_type": license_type,
        "offer": offer,
        "tier": next((t for t in resolution_choices(asset) if t["code"] == tier), None),
        "tier_refusal": tier_refusal(asset, tier),
        "buyer": buyer,
        "idempotency_key": wanted["idempotency_key"] or uuid.uuid4().hex,
    }
    if request.method != "POST":
        return render(request, "licensing/checkout.html", context)
    try:
        result = purchase(
            buyer=buyer,
            items=[PurchaseItem(asset.public_id, license_type.code, tier)],
            idempotency_key=f"site:{context['idempotency_key']}",
            request_territory=request.territory,
            allow_duplicate=wanted["allow_duplicate"] == "1",
            placed_by=request.user,
        )
    except LicensingError as error:
        context["error"] = error
        return render(request, "licensing/checkout.html", context, status=error.status)
    if result.created:
        messages.success(request, f"Licensed: {license_type.name} licence for “{asset.title}”.")
    return redirect("licensing:order", public_id=result.order.public_id)


@login_required
def account(request):
    buyer = require_buyer(request)
    orders = Order.objects.filter(buyer=buyer).prefetch_related("lines")
    page = Paginator(orders, 20).get_page(request.GET.get("page"))
    keys = ApiKey.objects.filter(buyer=buyer, revoked_at__isnull=True).count()
    return render(
        request, "licensing/account.html", {"buyer": buyer, "page": page, "active_keys": keys}
    )


@login_required
def order(request, public_id):
    buyer = require_buyer(request)
    found = get_object_or_404(
        Order.objects.filter(buyer=buyer).prefetch_related("lines__license", "lines__upgrade_of"),
        public_id=public_id,
    )
    return render(request, "licensing/order.html", {"order": found, "buyer": buyer})


@login_required
def licenses(request):
    buyer = require_buyer(request)
    found = License.objects.filter(buyer=buyer).select_related("line")
    page = Paginator(found, 20).get_page(request.GET.get("page"))
    return render(request, "licensing/licenses.html", {"page": page, "buyer": buyer})


@login_required
def downloads(request):
    buyer = require_buyer(request)
    found = Download.objects.filter(buyer=buyer).select_related("license__line")
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "licensing/downloads.html", {"page": page, "buyer": buyer})


USAGES_SHOWN = 50


def _own_license(buyer, public_id) -> License:
    return get_object_or_404(
        License.objects.filter(buyer=buyer).select_related("asset", "line__order"),
        public_id=public_id,
    )


def _license_page(request, buyer, license, *, download_form=None, usage_form=None, status=200):
    """One licence: its terms, the download form (asking what the organisation requires),
    the uses reported and the form to report one, each form with its errors beside it."""
    context = {
        "buyer": buyer,
        "license": license,
        "line": license.line,
        "download_form": download_form or DownloadRequestForm(buyer=buyer),
        "usage_form": usage_form or UsageForm(initial={"territory": buyer.territory}),
        "usages": list(license.usages.all()[:USAGES_SHOWN]),
        "formats": license_formats(license),
        "tier_label": TIER_LABELS.get(license.resolution, license.resolution),
    }
    return render(request, "licensing/license.html", context, status=status)


@login_required
def license_detail(request, public_id):
    buyer = require_buyer(request)
    return _license_page(request, buyer, _own_license(buyer, public_id))


@login_required
@require_POST
def license_download(request, public_id):
    """Make a fresh signed link with what the download is for, and go to it: the browser
    downloads the master. A refusal is shown on the licence's page, beside the field it
    names."""
    buyer = require_buyer(request)
    license = _own_license(buyer, public_id)
    form = DownloadRequestForm(request.POST, buyer=buyer)
    if not form.is_valid():
        return _license_page(request, buyer, license, download_form=form, status=400)
    wanted = {**form.cleaned_data, "format": form.cleaned_data["format"] or ORIGINAL}
    try:
        token, _ = download_link_create(
            license=license, buyer=buyer, request_territory=request.territory, **wanted
        )
    except FormatPreparing as preparing:
        label = PROFILES[preparing.state.code].label
        messages.info(request, f"Preparing {label}: its progress shows below.")
        return redirect("licensing:license", public_id=license.public_id)
    except LicensingError as error:
        form_add_error(form, error)
        return _license_page(request, buyer, license, download_form=form, status=error.status)
    return redirect(reverse("api:download", kwargs={"token": token}))


@login_required
@require_POST
def license_usage(request, public_id):
    """Report a use of the licensed clip; a use outside the licence is refused beside the field
    at fault, and nothing is recorded."""
    buyer = require_buyer(request)
    license = _own_license(buyer, public_id)
    form = UsageForm(request.POST)
    if not form.is_valid():
        return _license_page(request, buyer, license, usage_form=form, status=400)
    try:
        usage = usage_report(
            license=license, buyer=buyer, reported_by=request.user, **form.cleaned_data
        )
    except LicensingError as error:
        form_add_error(form, error)
        return _license_page(request, buyer, license, usage_form=form, status=error.status)
    messages.success(request, f"Use recorded: “{usage.title}”.")
    return redirect("licensing:license", public_id=license.public_id)


@login_required
def license_certificate(request, public_id):
    buyer = require_buyer(request)
    license = get_object_or_404(
        License.objects.filter(buyer=buyer).select_related("line__order", "buyer"),
        public_id=public_id,
    )
    return certificate_response(request, license)


@login_required
def api_keys(request):
    """List, create (the key is shown once, on this response only) and revoke API keys."""
    buyer = require_buyer(request)
    new_key, error = None, None
    if request.method == "POST" and "revoke" in request.POST:
        revoking = ApiKeyRevokeForm(request.POST)
        if revoking.is_valid():
            wanted = revoking.cleaned_data["revoke"]
            key = get_object_or_404(ApiKey, buyer=buyer, pk=wanted)
            api_key_revoke(key=key, actor=request.user)
            messages.success(request, f"Revoked “{key.name}” ({key.prefix}…).")
            return redirect("licensing:api-keys")
        error = form_errors(revoking)
    elif request.method == "POST":
        creating = ApiKeyCreateForm(request.POST)
        if creating.is_valid():
            _, new_key = api_key_create(
                buyer=buyer, name=creating.cleaned_data["name"], created_by=request.user
            )
        else:
            error = form_errors(creating)
    keys = ApiKey.objects.filter(buyer=buyer)
    context = {"buyer": buyer, "keys": keys, "new_key": new_key, "error": error}
    response = render(request, "licensing/api_keys.html", context, status=400 if error else 200)
    response["Cache-Control"] = "no-store"  # the new key must not linger in any cache
    return response
