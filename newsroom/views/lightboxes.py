"""Boards on the website: /boards/ (list, create, rename, delete), a board's page (its clips
with poster, note and availability, edit a note, remove, buy all), and adding a clip from a
clip page or a card. Every action calls the same services as the API."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from catalog.models import VideoAsset
from common.access import sees_everything
from common.responses import unavailable, unavailable_sentence
from common.site_errors import bad_form, show_error
from footage.models import Rendition
from licensing.models import LicenseType
from licensing.services.errors import LicensingError
from licensing.services.purchase import MAX_ITEMS
from licensing.site import require_buyer
from newsroom.forms_lightboxes import AddToBoardForm, BoardNameForm, BuyBoardForm, NoteForm
from newsroom.models import Lightbox, LightboxItem
from newsroom.services.lightboxes import (
    LightboxError,
    lightbox_availability,
    lightbox_create,
    lightbox_delete,
    lightbox_item_add,
    lightbox_item_note,
    lightbox_item_remove,
    lightbox_purchase,
    lightbox_rename,
    max_lightboxes,
)
from rights.registry import load as territory_registry


def _board(buyer, public_id) -> Lightbox:
    return get_object_or_404(Lightbox.objects.filter(buyer=buyer), public_id=public_id)


@login_required
@require_http_methods(["GET", "POST"])
def boards(request):
    """The organisation's boards; POST creates one."""
    buyer = require_buyer(request)
    if request.method == "POST":
        form = BoardNameForm(request.POST)
        if not form.is_valid():
            return bad_form(request, form)
        try:
            board = lightbox_create(
                buyer=buyer, name=form.cleaned_data["name"], created_by=request.user
            )
        except LightboxError as error:
            show_error(request, error)
            return redirect("newsroom:boards")
        messages.success(request, f"Board “{board.name}” created.")
        return redirect(board)
    # Bounded by the boards-per-buyer limit.
    found = Lightbox.objects.filter(buyer=buyer).annotate(item_count=Count("items"))
    context = {"buyer": buyer, "boards": found, "limit": max_lightboxes()}
    return render(request, "newsroom/boards.html", context)


@login_required
def board(request, public_id, *, error=None, status=200):
    """One board: its clips, each marked with whether it can be bought now, and why not."""
    buyer = require_buyer(request)
    found = _board(buyer, public_id)
    media = Prefetch("asset__renditions", queryset=Rendition.objects.filter(status="done"))
    items = list(
        LightboxItem.objects.filter(lightbox=found)
        .select_related("asset", "added_by")
        .prefetch_related(media)
    )
    availability = lightbox_availability(items, buyer=buyer, request_territory=request.territory)
    rows = [(item, availability[item.pk]) for item in items]
    context = {
        "buyer": buyer,
        "board": found,
        "rows": rows,
        "license_types": LicenseType.objects.filter(active=True),
        "idempotency_key": uuid.uuid4().hex,
        "order_limit": MAX_ITEMS,
        "error": error,
    }
    return render(request, "newsroom/board.html", context, status=status)


@login_required
@require_POST
def board_rename(request, public_id):
    found = _board(require_buyer(request), public_id)
    form = BoardNameForm(request.POST)
    if not form.is_valid():
        return bad_form(request, form)
    try:
        lightbox_rename(lightbox=found, name=form.cleaned_data["name"])
    except LightboxError as error:
        show_error(request, error)
    else:
        messages.success(request, f"Board renamed “{found.name}”.")
    return redirect(_back(request, found.get_absolute_url()))


@login_required
@require_POST
def board_delete(request, public_id):
    found = _board(require_buyer(request), public_id)
    lightbox_delete(lightbox=found)
    messages.success(request, f"Board “{found.name}” deleted.")
    return redirect("newsroom:boards")


@login_required
@require_http_methods(["GET", "POST"])
def board_add(request):
    """GET (from a card in a list): choose a board and write a note. POST (from that page or
    the clip page's panel): put the clip on the board, or on a new board."""
    buyer = require_buyer(request)
    form = AddToBoardForm(request.POST if request.method == "POST" else request.GET)
    if request.method == "GET":
        form.is_valid()  # only the asset matters before the member chose a board
        if "asset" in form.errors:
            return bad_form(request, form)
    elif not form.is_valid():
        return bad_form(request, form)
    wanted = form.cleaned_data
    asset = get_object_or_404(
        VideoAsset.objects.visible_to(request.user), public_id=wanted["asset"]
    )
    if not sees_everything(request.user):
        decision = asset.availability(request.territory)
        if not decision.allowed:  # as the clip page: it may not be seen here
            where = territory_registry().label(request.territory)
            return unavailable(
                request, detail=unavailable_sentence(where), reasons=decision.reasons
            )
    if request.method == "GET":
        choices = Lightbox.objects.filter(buyer=buyer).only("public_id", "name")
        context = {"asset": asset, "boards": choices, "next": _back(request, "")}
        return render(request, "newsroom/board_add.html", context)
    try:
        if wanted["board"]:
            target = _board(buyer, wanted["board"])
        else:
            target = lightbox_create(buyer=buyer, name=wanted["new_name"], created_by=request.user)
        lightbox_item_add(lightbox=target, asset=asset, note=wanted["note"], added_by=request.user)
    except LightboxError as error:
        show_error(request, error)
        return redirect(_back(request, asset.get_absolute_url()))
    messages.success(request, f"Added “{asset.title}” to the board “{target.name}”.")
    return redirect(_back(request, target.get_absolute_url()))


def _item(request, public_id, asset) -> LightboxItem:
    found = _board(require_buyer(request), public_id)
    return get_object_or_404(
        LightboxItem.objects.select_related("lightbox", "asset"),
        lightbox=found,
        asset__public_id=asset,
    )


@login_required
@require_POST
def board_item_note(request, public_id, asset):
    item = _item(request, public_id, asset)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return bad_form(request, form)
    lightbox_item_note(item=item, note=form.cleaned_data["note"])
    messages.success(request, f"Note saved for “{item.asset.title}”.")
    return redirect(item.lightbox)


@login_required
@require_POST
def board_item_remove(request, public_id, asset):
    item = _item(request, public_id, asset)
    lightbox_item_remove(item=item)
    messages.success(request, f"Removed “{item.asset.title}” from the board.")
    return redirect(item.lightbox)


@login_required
@require_POST
def board_buy(request, public_id):
    """Buy every clip on the board under one licence type, in one order (licensing's
    purchase: its refusals are shown on the board, and nothing is bought). The key is made
    when the page is drawn, so a double click makes one order."""
    buyer = require_buyer(request)
    found = _board(buyer, public_id)
    form = BuyBoardForm(request.POST)
    if not form.is_valid():
        return bad_form(request, form)
    wanted = form.cleaned_data
    try:
        result = lightbox_purchase(
            lightbox=found,
            license=wanted["license"],
            idempotency_key=f"site:{wanted['idempotency_key']}",
            request_territory=request.territory,
            allow_duplicate=wanted["allow_duplicate"],
            placed_by=request.user,
        )
    except LicensingError as error:
        return board(request, public_id, error=error, status=error.status)
    if result.created:
        messages.success(
            request, f"Licensed the {result.order.lines.count()} clips of “{found.name}”."
        )
    return redirect("licensing:order", public_id=result.order.public_id)


def _back(request, default: str) -> str:
    """Where a form asked to go back to (the clip page), if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
