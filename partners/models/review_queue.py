"""The review queue in admin: clips in review, a view of VideoAsset of its own (a proxy, no
table), so staff's queue has its own page, list and permissions beside the catalogue's."""

from catalog.models import VideoAsset


class AssetInReview(VideoAsset):
    class Meta:
        proxy = True
        verbose_name = "clip in review"
        verbose_name_plural = "review queue"
