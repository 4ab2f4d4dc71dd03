"""The money panel's one action on the site: a member asks for the balance to be paid out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from common.site_errors import show_error
from ledger.errors import PayoutRefused
from ledger.services.payouts import payout_request
from partners.site import require_member

DASHBOARD = "/partner/"


@require_POST
@login_required
def payout_request_view(request):
    """Pay out the whole available balance in the posted currency, or say why not."""
    member = require_member(request)
    currency = request.POST.get("currency", "").strip().upper()
    try:
        payout = payout_request(partner=member.partner, currency=currency, person=request.user)
    except PayoutRefused as refusal:
        show_error(request, refusal)
    else:
        messages.success(
            request,
            f"Payout of {payout.amount} {payout.currency} requested: the transfer's reference "
            "shows here once it is paid.",
        )
    return redirect(DASHBOARD)
