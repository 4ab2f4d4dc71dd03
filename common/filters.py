"""Filters that answer 400 to a value they cannot use instead of ignoring it
(REST_FRAMEWORK's DEFAULT_FILTER_BACKENDS).

django-filter drops a filter whose value is empty (`recorded_before=`) and reads any word it
does not know as "no choice" on a yes/no filter (`verified=maybe`): a client with a typo then
gets every row and no hint why. Here a typed filter needs a value of its type, a yes/no filter
takes true or false, and a parameter comes once. Text filters may still be empty (no filter).
"""

from django import forms
from django_filters import filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

# What may be sent more than once, or empty: text and lists.
REPEATABLE = (filters.MultipleChoiceFilter, filters.BaseCSVFilter)
MAY_BE_EMPTY = (filters.CharFilter, *REPEATABLE)
BOOLEANS = ("true", "false")


def value_problems(filterset, params) -> dict[str, list[str]]:
    problems = {}
    for name, filter_ in filterset.filters.items():
        if name not in params:
            continue
        values = params.getlist(name)
        if len(values) > 1 and not isinstance(filter_, REPEATABLE):
            problems[name] = [f"{name}= may be given once."]
        elif values[-1] == "" and not isinstance(filter_, MAY_BE_EMPTY):
            problems[name] = [f"{name}= needs a value; leave the parameter out for no filter."]
        elif isinstance(filter_, filters.BooleanFilter) and values[-1] not in BOOLEANS:
            problems[name] = [f"{name}= takes true or false."]
    return problems


class StrictFilterBackend(DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            problems = value_problems(filterset, request.query_params)
            if problems:
                raise ValidationError(problems)
        return filterset


class WholeNumberFilter(filters.NumberFilter):
    """A number filter over an integer column: 1.5 is refused, as the schema's integer says."""

    field_class = forms.IntegerField
