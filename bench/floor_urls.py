"""The floor for bench/api_list.py: the same SQL as the asset list API, through .values() and a
JsonResponse, with no serializer, filterset or pagination class in between."""

from collections import defaultdict

from django.http import JsonResponse
from django.urls import path, reverse

from catalog.durations import format_duration
from catalog.models import VideoAsset
from common.keyset import capped_count
from config.urls import urlpatterns as site_urlpatterns

PAGE = 20
FIELDS = [
    "id",
    "public_id",
    "title",
    "slug",
    "duration_seconds",
    "restrictions",
    "poster",
    "status",
    "published_at",
    "partner_id",
    "partner__name",
    "partner__slug",
]


def floor_assets(request):
    assets = VideoAsset.objects.published().available_in(request.territory)
    if request.GET.get("category"):
        assets = assets.in_category(request.GET["category"])
    assets = assets.search(request.GET.get("search", "")).ordered(None)
    count, _ = capped_count(assets)
    rows = list(assets.values(*FIELDS)[:PAGE])
    ids = [row["id"] for row in rows]
    categories, tags = defaultdict(list), defaultdict(list)
    for link in (
        VideoAsset.categories.through.objects.filter(videoasset_id__in=ids)
        .order_by("category__name")
        .values("videoasset_id", "category__slug", "category__name")
    ):
        categories[link["videoasset_id"]].append(
            {"slug": link["category__slug"], "name": link["category__name"]}
        )
    for link in (
        VideoAsset.tags.through.objects.filter(videoasset_id__in=ids)
        .order_by("tag__name")
        .values("videoasset_id", "tag__slug", "tag__name")
    ):
        tags[link["videoasset_id"]].append({"slug": link["tag__slug"], "name": link["tag__name"]})
    results = []
    for row in rows:
        api_path = reverse("api:asset-detail", kwargs={"public_id": row["public_id"]})
        page_path = reverse(
            "catalog:clip", kwargs={"public_id": row["public_id"], "slug": row["slug"]}
        )
        results.append(
            {
                "id": row["public_id"],
                "title": row["title"],
                "duration": format_duration(row["duration_seconds"]),
                "duration_seconds": row["duration_seconds"],
                "url": request.build_absolute_uri(api_path),
                "page_url": request.build_absolute_uri(page_path),
                "restrictions": row["restrictions"],
                "partner": {
                    "id": row["partner_id"],
                    "name": row["partner__name"],
                    "slug": row["partner__slug"],
                },
                "categories": categories[row["id"]],
                "tags": tags[row["id"]],
                "poster": row["poster"] or None,
                "status": row["status"],
                "published_at": row["published_at"],
            }
        )
    return JsonResponse({"count": count, "next": None, "previous": None, "results": results})


urlpatterns = [path("bench/floor/assets/", floor_assets), *site_urlpatterns]
