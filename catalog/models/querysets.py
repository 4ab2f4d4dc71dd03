"""How clips and stories are read: visibility, territory availability, search, filters and
orderings. Each is one SQL query, never a loop over the catalogue."""

from datetime import date

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from catalog import sqlite_search
from catalog.models.choices import AssetStatus
from catalog.models.profiles import RestrictionProfile
from catalog.models.taxonomy import Category, Tag
from common.access import sees_everything
from common.keyset import estimate_rows

SEARCH_CONFIG = "english"
# The recorded date that clips without one sort and page by (VideoAsset.recorded_key).
RECORDED_UNKNOWN = date(1, 1, 1)

# Each ordering's sort keys, all in one direction; the id follows as the tie-breaker. Every key
# is NOT NULL and indexed with the status and the id (VideoAsset.Meta.indexes).
ASSET_ORDERINGS = {
    "newest": ((F("listed_at"),), True),
    "oldest": ((F("listed_at"),), False),
    "duration": ((F("duration_seconds"),), False),
    "-duration": ((F("duration_seconds"),), True),
    "title": ((Lower("title"),), False),
    "-title": ((Lower("title"),), True),
    "recorded": ((F("recorded_key"),), False),
    "-recorded": ((F("recorded_key"),), True),
}
# Relevance ranks the most recent matches of a search, not every match: the cost of a search
# stays that of this many rows however common its words are in the catalogue.
RELEVANCE_WINDOW = 1000


class VideoAssetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=AssetStatus.PUBLISHED)

    def visible_to(self, user):
        """Staff see every asset; everyone else only what is published."""
        if sees_everything(user):
            return self
        return self.published()

    def available_in(self, territory, at=None, use=None, platform=None):
        """Assets whose restrictions allow `territory` (an ISO code; None or an unknown code
        is an unknown territory) at `at` (default now), for `use` and `platform` when given.

        The same decision as RestrictionSet.check(), made in SQL over the assets' restriction
        profiles: a subquery over as many rows as there are distinct restriction texts, so the
        cost does not grow with the catalogue.
        """
        profiles = RestrictionProfile.objects.available_in(territory, at, use, platform)
        return self.filter(profile__in=profiles.values("pk"))

    def for_viewer(self, user, territory):
        """What a site visitor or API client may see: staff everything; others what is
        published and available in their territory now."""
        if sees_everything(user):
            return self
        return self.published().available_in(territory)

    def with_relations(self):
        """The partner, categories and tags a clip is shown with, in a fixed number of queries."""
        return (
            self.select_related("partner")
            .prefetch_related(
                models.Prefetch("categories", queryset=Category.objects.only("name", "slug")),
                models.Prefetch("tags", queryset=Tag.objects.only("name", "slug")),
            )
            .with_media()
        )

    def with_media(self):
        """Finished renditions (poster, thumbnails, preview) in one extra query."""
        return self.prefetch_related(
            models.Prefetch(
                "renditions", queryset=_renditions(self.model).objects.filter(status="done")
            )
        )

    def for_listing(self):
        """What a list of clips shows: the relations but not the long texts."""
        return self.with_relations().defer("search_document", "description", "shotlist")

    def search(self, text: str):
        """Full-text search: PostgreSQL's GIN index, SQLite's FTS5 index (each word, or a
        longer word it starts), or where neither exists a word-by-word substring match."""
        text = (text or "").strip()
        if not text:
            return self
        if connections[self.db].vendor == "postgresql":
            # search_vector is stored and GIN-indexed (asset_search_gin), so neither the match
            # nor the rank re-parses the text. alias(): the rank is computed only if ordered by.
            query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
            found = self.alias(search_rank=SearchRank(F("search_vector"), query)).filter(
                search_vector=query
            )
            found.few_matches = _few_matches(self.model.objects.filter(search_vector=query))
            return found
        if sqlite_search.available(self.db):
            expression = sqlite_search.match_expression(text)
            if expression is None:
                return self
            # The words travel as a bound parameter; the SQL is a constant.
            found = RawSQL(sqlite_search.MATCH, [expression])  # noqa: S611
            return self.filter(pk__in=found)
        matched = self
        for word in text.casefold().split()[:10]:
            matched = matched.filter(search_document__contains=word)
        return matched

    def recorded_between(self, after: date | None = None, before: date | None = None):
        """Clips recorded on or after `after` and on or before `before` (either may be None),
        as a range of recorded_key, which the asset_status_recorded index answers in order."""
        if after is None and before is None:
            return self
        ranged = self.filter(recorded_at__isnull=False)
        if after is not None:
            ranged = ranged.filter(recorded_key__gte=after)
        if before is not None:
            ranged = ranged.filter(recorded_key__lte=before)
        ranged.recorded_range = True
        return ranged

    def in_category(self, slug: str):
        """Assets in the category or its sub-categories (two levels down), as one subquery."""
        tree = Category.objects.filter(
            Q(slug=slug) | Q(parent__slug=slug) | Q(parent__parent__slug=slug)
        ).values("pk")
        links = self.model.categories.through.objects.filter(category_id__in=tree)
        return self.filter(pk__in=links.values("videoasset_id"))

    def tagged(self, slug: str):
        links = self.model.tags.through.objects.filter(tag__slug=slug)
        return self.filter(pk__in=links.values("videoasset_id"))

    def picked(self):
        """The clips staff feature (published ones), found through their own index rather
        than by walking every clip to find the few that are."""
        picks = self.model.objects.filter(featured=True, status=AssetStatus.PUBLISHED)
        return self.filter(pk__in=picks.values("pk"))

    def newest_first(self):
        return self.ordered("newest")

    def ordered(self, ordering: str | None):
        """Apply a named ordering as sort keys (sort_0, …, id) that common.keyset can page
        on. Without one, lists kept to a recorded-date range come most recently recorded
        first and everything else, searches too, newest first: a newsroom searches for the
        latest footage of a story, and a page of the newest matches is read from the
        ordering's index. "relevance" ranks the RELEVANCE_WINDOW most recent matches of a
        search (PostgreSQL); without a ranked search it is newest."""
        ranked = "search_rank" in self.query.annotations
        if not ordering and getattr(self, "recorded_range", False):
            ordering = "-recorded"
        if ordering == "relevance":
            if ranked:
                recent = self.order_by("-listed_at", "-id").values("pk")[:RELEVANCE_WINDOW]
                window = self.filter(pk__in=recent)._sorted(
                    (F("search_rank"), F("listed_at")), descending=True
                )
                window.count_source = self  # every match counts, not only the ranked ones
                return window
            ordering = "newest"
        keys, descending = ASSET_ORDERINGS[ordering or "newest"]
        return self._sorted(keys, descending=descending)

    def _clone(self):
        clone = super()._clone()
        for kept in ("count_source", "known_count", "recorded_range", "few_matches"):
            if hasattr(self, kept):
                setattr(clone, kept, getattr(self, kept))
        return clone

    def _sorted(self, keys, *, descending: bool):
        sign = "-" if descending else ""
        if getattr(self, "few_matches", False):
            # The same order through an expression no index holds: the planner then fetches
            # the few matches from the text index and sorts them, instead of walking the
            # ordering's index past every clip in search of matches that are not there.
            keys = [Coalesce(key, key) for key in keys]
        names = [f"sort_{i}" for i in range(len(keys))]
        annotated = self.annotate(**dict(zip(names, keys, strict=True)))
        return annotated.order_by(*(f"{sign}{name}" for name in names), f"{sign}id")


# A page of a search is read by walking the ordering's index when its words are common enough
# that the walk meets a page of matches soon: about PAGE_WALK * clips / matches rows walked,
# against `matches` rows fetched and sorted the other way. PostgreSQL's own choice rests on the
# same estimate but guesses for words outside its statistics (a word no clip holds walked all
# 1M clips, 8 s), so the estimate is read once here and the choice made explicit.
PAGE_WALK = 50


def _few_matches(matching) -> bool:
    """Whether a search is better answered by fetching its matches and sorting them."""
    expected = estimate_rows(matching.values("pk"))
    return expected * expected < PAGE_WALK * _clips_estimate(matching.db, matching.model)


def _clips_estimate(db: str, model) -> float:
    """The clips table's size as PostgreSQL last measured it, remembered for five minutes."""
    key = f"clips-estimate:{db}"
    clips = cache.get(key)
    if clips is None:
        with connections[db].cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
            )
            clips = max(float(cursor.fetchone()[0]), 1.0)
        cache.set(key, clips, 300)
    return clips


def _renditions(asset_model):
    """The footage app's rendition model, reached through the reverse relation so the catalog
    never imports the app that builds on it."""
    return asset_model._meta.get_field("renditions").related_model


class StoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def visible_to(self, user):
        if sees_everything(user):
            return self
        return self.published()
