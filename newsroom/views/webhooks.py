"""The buyer's webhooks on the account pages: list with status and why one was disabled, add
(the secret is shown on that answer only), delete, enable again, and each endpoint's delivery
log. Every action calls the same services as the API."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.site_errors import form_errors
from licensing.site import require_buyer
from newsroom.event_types import EVENT_TYPES
from newsroom.models import WebhookDelivery, WebhookEndpoint
from newsroom.webhooks.endpoints import (
    WebhookError,
    endpoint_create,
    endpoint_delete,
    endpoint_enable,
)


class WebhookEndpointForm(forms.Form):
    url = forms.CharField(max_length=500, label="URL")
    events = forms.MultipleChoiceField(
        choices=[(t, t) for t in EVENT_TYPES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event."},
    )
    description = forms.CharField(max_length=200, required=False)


@login_required
def webhooks(request):
    buyer = require_buyer(request)
    form = WebhookEndpointForm(request.POST or None, initial={"events": list(EVENT_TYPES)})
    created, error = None, None
    if request.method == "POST":
        if form.is_valid():
            try:
                created = endpoint_create(buyer=buyer, created_by=request.user, **form.cleaned_data)
            except WebhookError as refusal:
                error = str(refusal)
            else:
                form = WebhookEndpointForm(initial={"events": list(EVENT_TYPES)})
        else:
            error = form_errors(form)
    endpoints = WebhookEndpoint.objects.filter(buyer=buyer)
    context = {"buyer": buyer, "endpoints": endpoints, "form": form, "created": created}
    context["error"] = error
    response = render(request, "newsroom/webhooks.html", context, status=400 if error else 200)
    response["Cache-Control"] = "no-store"  # the new secret must not linger in any cache
    return response


def _own_endpoint(request, public_id) -> WebhookEndpoint:
    return get_object_or_404(WebhookEndpoint, buyer=require_buyer(request), public_id=public_id)


@login_required
@require_POST
def webhook_delete(request, public_id):
    endpoint = _own_endpoint(request, public_id)
    endpoint_delete(endpoint=endpoint, actor=request.user)
    messages.success(request, f"Deleted the webhook to {endpoint.url}.")
    return redirect("newsroom:webhooks")


@login_required
@require_POST
def webhook_enable(request, public_id):
    endpoint = endpoint_enable(endpoint=_own_endpoint(request, public_id), actor=request.user)
    messages.success(request, f"Enabled the webhook to {endpoint.url} again.")
    return redirect("newsroom:webhooks")


@login_required
def webhook_deliveries(request, public_id):
    endpoint = _own_endpoint(request, public_id)
    found = WebhookDelivery.objects.filter(endpoint=endpoint).prefetch_related("log")
    page = Paginator(found, 20).get_page(request.GET.get("page"))
    context = {"buyer": endpoint.buyer, "endpoint": endpoint, "page": page}
    return render(request, "newsroom/webhook_deliveries.html", context)
