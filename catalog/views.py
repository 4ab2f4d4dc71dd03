from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from catalog.models import Story, VideoAsset
from territories.registry import load as territory_registry

HOME_CLIPS = 24
UNAVAILABLE = 451


def home(request):
    clips = (
        VideoAsset.objects.for_viewer(request.user, request.territory)
        .select_related("partner")
        .with_media()
        .newest_first()[:HOME_CLIPS]
    )
    stories = Story.objects.published()[:3]
    return render(request, "catalog/home.html", {"clips": clips, "stories": stories})


def clip(request, public_id, slug=None):
    stories = Story.objects.visible_to(request.user)
    assets = (
        VideoAsset.objects.visible_to(request.user)
        .with_relations()
        .prefetch_related(Prefetch("stories", queryset=stories, to_attr="related_stories"))
    )
    asset = get_object_or_404(assets, public_id=public_id)
    if slug != asset.slug:
        return redirect(asset, permanent=True)
    decision = asset.availability(request.territory)
    context = {
        "asset": asset,
        "decision": decision,
        "territory_label": territory_registry().label(request.territory),
    }
    if not decision.allowed and not request.user.is_staff:
        return render(request, "catalog/unavailable.html", context, status=UNAVAILABLE)
    return render(request, "catalog/clip.html", context)


def story(request, slug):
    related = (
        VideoAsset.objects.for_viewer(request.user, request.territory)
        .select_related("partner")
        .with_media()
        .order_by("title")
    )
    stories = Story.objects.visible_to(request.user).prefetch_related(
        Prefetch("related_assets", queryset=related, to_attr="related_clips")
    )
    return render(request, "catalog/story.html", {"story": get_object_or_404(stories, slug=slug)})
