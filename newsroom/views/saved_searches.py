"""Saved searches on the website: the "Save this search" panel beside the browse page's
filters (settings.BROWSE_PAGE_PANELS), and the account page that lists, changes and deletes
them. Every action calls the same services as the API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from licensing.site import request_buyer, require_buyer
from newsroom.models import NOTIFY_CHANNELS, SavedSearch, SavedSearchMatch
from newsroom.saved_searches.query import QueryError, filter_names
from newsroom.saved_searches.services import (
    SavedSearchError,
    saved_search_create,
    saved_search_delete,
    saved_search_update,
)

LATEST_MATCHES = 5
NOTIFY_LABELS = {"email": "E-mail digest", "webhook": "Webhook event"}


def _filters_in(params: QueryDict) -> dict[str, str]:
    return {name: params[name] for name in filter_names() if params.get(name)}


def _default_name(query: dict[str, str]) -> str:
    return query.get("search") or ", ".join(f"{k} {v}" for k, v in query.items())[:200]


def save_search_panel(request, params: QueryDict) -> str:
    """The "Save this search" form for a signed-in buyer member, carrying the filters in force;
    nothing for anyone else or for an unfiltered list."""
    query = _filters_in(params)
    if not query or request_buyer(request) is None:
        return ""
    context = {
        "query": sorted(query.items()),
        "default_name": _default_name(query),
        "channels": [(c, NOTIFY_LABELS[c]) for c in NOTIFY_CHANNELS],
        "back": request.get_full_path(),
    }
    return render_to_string("newsroom/_save_search.html", context, request=request)


def _refusal(error) -> str:
    if isinstance(error, QueryError):
        return f"That search cannot be saved: {error}."
    return error.message


@login_required
@require_POST
def saved_search_create_view(request):
    buyer = require_buyer(request)
    query = _filters_in(request.POST)
    try:
        saved = saved_search_create(
            buyer=buyer,
            name=request.POST.get("name", "") or _default_name(query),
            query=query,
            notify=[c for c in request.POST.getlist("notify") if c in NOTIFY_CHANNELS],
            created_by=request.user,
        )
    except (SavedSearchError, QueryError) as error:
        messages.error(request, _refusal(error))
        back = request.POST.get("back", "")
        ours = url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return redirect(back if back and ours else "/clips/")
    messages.success(request, f"Saved “{saved.name}”. New matching clips will be announced.")
    return redirect("newsroom:saved-searches")


@login_required
def saved_searches(request):
    """The organisation's saved searches with their latest matches, alerts and delete."""
    buyer = require_buyer(request)
    latest = SavedSearchMatch.objects.select_related("asset").order_by("-matched_at", "-id")
    saved = list(
        SavedSearch.objects.filter(buyer=buyer).prefetch_related(
            Prefetch("matches", queryset=latest[:LATEST_MATCHES], to_attr="latest")
        )
    )
    for one in saved:
        one.browse_url = browse_link(one)
    context = {
        "saved_searches": saved,
        "channels": [(c, NOTIFY_LABELS[c]) for c in NOTIFY_CHANNELS],
    }
    return render(request, "newsroom/saved_searches.html", context)


@login_required
@require_POST
def saved_search_change(request, public_id):
    buyer = require_buyer(request)
    saved = get_object_or_404(SavedSearch, buyer=buyer, public_id=public_id)
    if "delete" in request.POST:
        saved_search_delete(saved_search=saved)
        messages.success(request, f"Deleted “{saved.name}”.")
    else:
        notify = [c for c in request.POST.getlist("notify") if c in NOTIFY_CHANNELS]
        saved_search_update(saved_search=saved, notify=notify)
        messages.success(request, f"Alerts for “{saved.name}” saved.")
    return redirect("newsroom:saved-searches")


def browse_link(saved: SavedSearch) -> str:
    params = QueryDict(mutable=True)
    params.update(saved.query)
    return f"{reverse('catalog:browse')}?{params.urlencode()}"
