import django_filters

from catalog.models import ASSET_ORDERINGS, ContentPartner, Tag, VideoAsset
from common.filters import WholeNumberFilter

# How each of the querysets' orderings is offered to a person; "relevance" ranks a search.
ORDERING_LABELS = {
    "newest": "Newest first (the default)",
    "oldest": "Oldest first",
    "duration": "Shortest first",
    "-duration": "Longest first",
    "title": "Title A–Z",
    "-title": "Title Z–A",
    "recorded": "Recorded earliest first",
    "-recorded": "Recorded latest first (the default with a recorded-date filter)",
    "relevance": "Best match first among the 1,000 newest matches (PostgreSQL)",
}
ORDERING_CHOICES = [(name, ORDERING_LABELS[name]) for name in [*ASSET_ORDERINGS, "relevance"]]


class AssetFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Words to find in the title, description, shotlist and tag names.",
    )
    category = django_filters.CharFilter(
        method="filter_category", help_text="Category slug; includes its sub-categories."
    )
    tag = django_filters.CharFilter(method="filter_tag", help_text="Tag slug.")
    partner = django_filters.CharFilter(field_name="partner__slug", help_text="Partner slug.")
    duration_min = WholeNumberFilter(
        field_name="duration_seconds",
        lookup_expr="gte",
        min_value=0,
        help_text="Shortest duration, in seconds.",
    )
    duration_max = WholeNumberFilter(
        field_name="duration_seconds",
        lookup_expr="lte",
        min_value=0,
        help_text="Longest duration, in seconds.",
    )
    recorded_after = django_filters.DateFilter(
        method="filter_recorded", help_text="Recorded on or after (YYYY-MM-DD)."
    )
    recorded_before = django_filters.DateFilter(
        method="filter_recorded", help_text="Recorded on or before (YYYY-MM-DD)."
    )
    ordering = django_filters.ChoiceFilter(
        choices=ORDERING_CHOICES,
        method="filter_nothing",
        empty_label=None,
        help_text=", ".join(name for name, _ in ORDERING_CHOICES)
        + "; newest by default (searches too), latest recorded first with a recorded-date "
        "filter. relevance ranks a search's 1,000 newest matches (PostgreSQL).",
    )

    class Meta:
        model = VideoAsset
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_category(self, queryset, name, value):
        return queryset.in_category(value)

    def filter_tag(self, queryset, name, value):
        return queryset.tagged(value)

    def filter_recorded(self, queryset, name, value):
        if name == "recorded_after":
            return queryset.recorded_between(after=value)
        return queryset.recorded_between(before=value)

    def filter_nothing(self, queryset, name, value):
        return queryset  # ordering is applied last, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.ordered(self.form.cleaned_data.get("ordering"))


class PartnerFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = ContentPartner
        fields = ["kind", "verified", "country"]


class TagFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Tag
        fields = []
