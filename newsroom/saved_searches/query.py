"""A saved search's query: the assets list's own filters (catalog.filters.AssetFilter),
checked as strictly as the list checks them, so a saved search finds what the list would."""

from django.http import QueryDict

from catalog.filters import AssetFilter
from catalog.models import VideoAsset
from common.filters import value_problems

# Parameters of the list that are not filters: paging belongs to a request, not to a search.
LONGEST_VALUE = 200


class QueryError(ValueError):
    """A query the assets list would refuse; `problems` holds the messages by filter name."""

    def __init__(self, problems: dict[str, list[str]]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in problems.items()))


def filter_names() -> list[str]:
    return list(AssetFilter.base_filters)


def query_params(query: dict) -> QueryDict:
    """The stored query as the query string the assets list reads."""
    params = QueryDict(mutable=True)
    for name, value in query.items():
        params[name] = value
    return params


def query_clean(query) -> dict[str, str]:
    """The query as {filter: text} when the assets list accepts it, else QueryError.

    Values are text, whole numbers or dates written as text, as in a query string; empty text
    filters are dropped (no filter), as the list does, and so is the ordering."""
    if not isinstance(query, dict):
        raise QueryError({"query": ["The query is an object of the assets list's filters."]})
    known = set(filter_names())
    problems: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for name, value in query.items():
        if name not in known:
            problems[name] = [
                f"{name} is not a filter of the assets list; use {', '.join(sorted(known))}."
            ]
        elif isinstance(value, bool) or not isinstance(value, (str, int)):
            problems[name] = [f"{name} takes text or a whole number, as in a query string."]
        elif len(str(value)) > LONGEST_VALUE or "\x00" in str(value):
            problems[name] = [f"{name} is at most {LONGEST_VALUE} characters, without NUL."]
        else:
            cleaned[name] = str(value)
    if problems:
        raise QueryError(problems)
    params = query_params(cleaned)
    filterset = AssetFilter(data=params, queryset=VideoAsset.objects.none())
    problems = value_problems(filterset, params)
    if not problems and not filterset.is_valid():
        problems = {name: list(messages) for name, messages in filterset.errors.items()}
    if problems:
        raise QueryError(problems)
    # The list's ordering is checked (a query copied from the list carries it) but not kept:
    # alerts come as clips arrive and the feed has its own order.
    return {name: value for name, value in cleaned.items() if value != "" and name != "ordering"}


def query_apply(query: dict, assets):
    """`assets` kept to the clips the saved query matches (its ordering left to the caller)."""
    filterset = AssetFilter(data=query_params(query), queryset=assets)
    if not filterset.is_valid():  # stored queries were checked; a filter since changed
        return assets.none()
    return filterset.qs
