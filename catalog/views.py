from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string

from catalog.counts import kept_count, shown_to, visible_to
from catalog.filters import AssetFilter
from catalog.models import Category, ContentPartner, Story, Tag, VideoAsset
from common.access import sees_everything
from common.keyset import (
    COUNT_CAP,
    MAX_NUMBERED_PAGE,
    CursorError,
    Page,
    capped_count,
    cursor_page,
    numbered_page,
)
from common.page_cache import shared_per_territory
from common.responses import unavailable, unavailable_sentence
from rights.registry import load as territory_registry

HOME_LATEST = 12
HOME_FEATURED = 4
PAGE_SIZE = 24
SELECT_OPTIONS = 100  # partners and tags offered in the filter selects
FILTER_OPTIONS_SECONDS = 60


def visible_clips(request):
    """What this visitor may see, with what a card shows, in a fixed number of queries."""
    return (
        VideoAsset.objects.for_viewer(request.user, request.territory)
        .select_related("partner")
        .with_media()
        .defer("search_document", "description", "shotlist")
    )


@shared_per_territory
def home(request):
    clips = visible_clips(request).newest_first()
    context = {
        "featured": clips.picked()[:HOME_FEATURED],
        "clips": clips[:HOME_LATEST],
        "categories": visible_to(request, Category.objects.filter(parent=None)).order_by("name"),
        "stories": Story.objects.published().defer("body", "body_html")[:3],
    }
    return render(request, "catalog/home.html", context)


FILTER_LABELS = {
    "search": "Search",
    "category": "Category",
    "tag": "Tag",
    "partner": "Partner",
    "duration_min": "Shortest (seconds)",
    "duration_max": "Longest (seconds)",
    "recorded_after": "Recorded from",
    "recorded_before": "Recorded until",
    "ordering": "Sort",
}


def _most_used(request, queryset, chosen: str) -> list[tuple[str, str]]:
    """(slug, name) of the SELECT_OPTIONS partners or tags with the most clips this visitor may
    see, by name, and the one chosen now: a select of thousands helps nobody (their pages do).
    Kept for a minute per territory: it sums the counts of every partner or tag."""

    def most_used():
        counted = visible_to(request, queryset).order_by("-clip_count", "name")
        return {row.slug: row.name for row in counted.only("slug", "name")[:SELECT_OPTIONS]}

    if sees_everything(request.user):
        found = most_used()
    else:
        key = f"filter-options:{queryset.model._meta.label_lower}:{request.territory}"
        found = dict(cache.get_or_set(key, most_used, FILTER_OPTIONS_SECONDS))
    if chosen and chosen not in found:  # named only if this visitor may see it
        found.update(shown_to(request, queryset.filter(slug=chosen)).values_list("slug", "name"))
    return sorted(found.items(), key=lambda option: option[1].casefold())


def _categories_offered(request) -> list[tuple[str, str]]:
    """(slug, name) of every category holding clips this visitor may see, kept a minute per
    territory like the other options (staff: every category)."""

    def offered():
        shown = shown_to(request, Category.objects.all()).order_by("name")
        return list(shown.values_list("slug", "name"))

    if sees_everything(request.user):
        return offered()
    key = f"filter-options:catalog.category:{request.territory}"
    return cache.get_or_set(key, offered, FILTER_OPTIONS_SECONDS)


def _filters_form(filterset, request):
    """Selects for the slug filters, so visitors pick rather than type; tags and partners only
    from clips this visitor may see (a tag can give a hidden clip away)."""
    fields = filterset.form.fields
    chosen = filterset.data
    choices = {
        "category": _categories_offered(request),
        "partner": _most_used(request, ContentPartner.objects.all(), chosen.get("partner", "")),
        "tag": _most_used(request, Tag.objects.all(), chosen.get("tag", "")),
    }
    for name, options in choices.items():
        fields[name].widget = forms.Select(choices=[("", "Any"), *options])
    fields["search"].widget.input_type = "search"
    fields["search"].widget.attrs["placeholder"] = "Words in the title, text or tags"
    for name in ("recorded_after", "recorded_before"):
        fields[name].widget = forms.DateInput(attrs={"type": "date"})
    for name in ("duration_min", "duration_max"):
        fields[name].widget.attrs.update(min=0, step=1, inputmode="numeric")
    for name, label in FILTER_LABELS.items():
        fields[name].label, fields[name].help_text = label, ""
    return filterset.form


@shared_per_territory
def browse(request, heading="Browse clips", fixed=None, intro=None, template="catalog/browse.html"):
    """Search and filter the clips this visitor may see; pagination keeps the filters."""
    params = request.GET.copy()
    for name, value in (fixed or {}).items():
        params[name] = value
    filterset = AssetFilter(params, queryset=visible_clips(request))
    form = _filters_form(
        filterset, request
    )  # before validation: bound fields copy labels when made
    valid = filterset.is_valid()
    clips = filterset.qs if valid else VideoAsset.objects.none().ordered(None)
    kept = kept_count(params, request.territory, request.user) if valid else None
    keep = request.GET.copy()
    keep.pop("page", None)
    keep.pop("cursor", None)
    context = {
        "heading": heading,
        "intro": intro,
        "form": form,
        "fixed": fixed or {},
        "page": clips_page(clips, request.GET),
        "count_label": count_label(clips, searched=bool(keep), kept=kept),
        "query": keep.urlencode(),
        "searched": bool(keep),
        # What other apps add beside the results (settings.BROWSE_PAGE_PANELS), given the
        # filters in force; e.g. the newsroom's "Save this search" for signed-in buyers.
        "panels": [import_string(path)(request, params) for path in settings.BROWSE_PAGE_PANELS]
        if valid and request.user.is_authenticated
        else [],
    }
    return render(request, template, context)


def clips_page(clips, params) -> Page:
    """A page of clips by cursor (the Next and Previous links) or, for the first pages, by
    number; a cursor that is not ours starts again from the first page."""
    if params.get("cursor"):
        try:
            return cursor_page(clips, PAGE_SIZE, params["cursor"])
        except CursorError:
            pass
    try:
        number = min(max(int(params.get("page", 1)), 1), MAX_NUMBERED_PAGE)
    except ValueError:
        number = 1
    return numbered_page(clips, PAGE_SIZE, number)


def count_label(clips, *, searched: bool, kept: int | None = None) -> str:
    """The count line over a list: "24 clips", "1 clip matches", "About 93,000 clips"."""
    count, exact = (kept, True) if kept is not None else capped_count(clips)
    if exact:
        amount = f"{count:,}"
    elif count > COUNT_CAP + 1:
        amount = f"About {count:,}"  # PostgreSQL's estimate
    else:
        amount = f"More than {COUNT_CAP:,}"
    one = exact and count == 1
    noun = "clip" if one else "clips"
    if searched:
        noun += " matches" if one else " match"
    return f"{amount} {noun}"


# A partner's, category's or tag's page is 404 when it holds no clip the visitor may see now
# (staff: always shown): its name alone would give away an embargoed or restricted clip.


def partner(request, slug):
    supplier = get_object_or_404(shown_to(request, ContentPartner.objects.all()), slug=slug)
    return browse(
        request,
        heading=supplier.name,
        fixed={"partner": slug},
        intro=supplier,
        template="catalog/partner.html",
    )


def category(request, slug):
    found = get_object_or_404(shown_to(request, Category.objects.all()), slug=slug)
    return browse(request, heading=found.name, fixed={"category": slug}, intro=found)


def tag(request, slug):
    found = get_object_or_404(shown_to(request, Tag.objects.all()), slug=slug)
    return browse(request, heading=f"Tagged “{found.name}”", fixed={"tag": slug})


@shared_per_territory
def stories(request):
    stories = Story.objects.published().defer("body", "body_html")
    page = Paginator(stories, 12).get_page(request.GET.get("page"))
    return render(request, "catalog/stories.html", {"page": page, "query": ""})


def availability_context(request, asset) -> dict:
    """The asset, the checker's decision for the visitor's territory, and how to name it."""
    return {
        "asset": asset,
        "decision": asset.availability(request.territory),
        "territory_label": territory_registry().label(request.territory),
    }


def clip(request, public_id, slug=None):
    related = Story.objects.visible_to(request.user)
    assets = (
        VideoAsset.objects.visible_to(request.user)
        .with_relations()
        .prefetch_related(Prefetch("stories", queryset=related, to_attr="related_stories"))
    )
    asset = get_object_or_404(assets, public_id=public_id)
    context = availability_context(request, asset)
    # Refuse before redirecting: the redirect's address would spell out the clip's title.
    if not context["decision"].allowed and not sees_everything(request.user):
        detail = unavailable_sentence(context["territory_label"])
        return unavailable(request, detail=detail, reasons=context["decision"].reasons)
    if slug != asset.slug:
        return redirect(asset, permanent=True)
    # Other apps add to the page (the licensing app's offers) without catalog knowing them.
    context["panels"] = [import_string(path)(request, asset) for path in settings.CLIP_PAGE_PANELS]
    return render(request, "catalog/clip.html", context)


def story(request, slug):
    related = visible_clips(request).order_by("title")
    found = Story.objects.visible_to(request.user).prefetch_related(
        Prefetch("related_assets", queryset=related, to_attr="related_clips")
    )
    return render(request, "catalog/story.html", {"story": get_object_or_404(found, slug=slug)})
