"""Keyset ("cursor") pagination: a page starts after the last row of the one before, found
through the ordering's index, so page 100 costs what page 1 costs. Used by the API and the
website alike.

A queryset is paged on its own ordering, given as names: sort keys (the catalogue's
`VideoAssetQuerySet.ordered()` annotates `sort_0`, `sort_1`, …) then `id`, every key in the same
direction and never NULL, so "after this row" is one row-value comparison,
`(sort_0, id) < (v0, v1)`, that PostgreSQL and SQLite both answer from the index.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, F, Func, OrderBy, Value

# Pages reached by number (`page=`, an offset) before a client must follow `next` links.
MAX_NUMBERED_PAGE = 50
# Counted exactly up to this many rows; past it the count is an estimate.
COUNT_CAP = 1000


class CursorError(ValueError):
    """A cursor this server did not make, or one made for another ordering."""


class RowCompare(Func):
    """`(a, b, …) < (x, y, …)` (or `>`): a boolean for filter(), answered from an index."""

    output_field = BooleanField()

    def __init__(self, columns, operator: str, values):
        if operator not in ("<", ">"):
            raise ValueError(operator)
        self.operator, self.width = operator, len(columns)
        super().__init__(*columns, *(Value(v) for v in values))

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, more = compiler.compile(expression)
            parts.append(sql)
            params.extend(more)
        left, right = ", ".join(parts[: self.width]), ", ".join(parts[self.width :])
        return f"({left}) {self.operator} ({right})", params


def sort_keys(queryset) -> list[tuple[str, bool]]:
    """(name, descending) of each ordering term; all in one direction, ending with the id."""
    keys = []
    for term in queryset.query.order_by:
        if not isinstance(term, str):
            raise TypeError("keyset pages need an ordering by names (VideoAssetQuerySet.ordered)")
        keys.append((term.lstrip("-").replace("pk", "id"), term.startswith("-")))
    if not keys or keys[-1][0] != "id" or len({desc for _, desc in keys}) != 1:
        raise TypeError("keyset pages need one direction and the id last")
    return keys


def keyset_ordered(queryset):
    """`queryset` ordered so that keyset pages work (its ordering, or its model's, as named
    sort keys ending with the id), or None where they cannot: directions that differ, or a
    key that may be NULL."""
    try:
        sort_keys(queryset)
        return queryset
    except TypeError:
        pass
    query = queryset.query
    terms = list(query.order_by or (query.default_ordering and queryset.model._meta.ordering) or [])
    names, annotations, directions = [], {}, set()
    for i, term in enumerate(terms):
        if isinstance(term, str):
            name, descending = term.lstrip("-"), term.startswith("-")
            field = _field(queryset.model, name)
            if field is None or field.null:
                return None
        elif hasattr(term, "resolve_expression"):  # Lower("name"), F("x").desc(), …
            ordering = term if isinstance(term, OrderBy) else OrderBy(term)
            if _nullable(queryset.model, ordering.expression):
                return None
            name, descending = f"sort_{i}", ordering.descending
            annotations[name] = ordering.expression
        else:
            return None
        names.append(name.replace("pk", "id"))
        directions.add(descending)
    if len(directions) > 1:
        return None
    sign = "-" if directions and directions.pop() else ""
    if not names or names[-1] != "id":
        names.append("id")
    ordered = queryset.annotate(**annotations) if annotations else queryset
    return ordered.order_by(*(f"{sign}{name}" for name in names))


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _nullable(model, expression) -> bool:
    """Whether an ordering expression may be NULL: any column under it that may be."""
    parts = expression.flatten() if hasattr(expression, "flatten") else [expression]
    for column in parts:
        if isinstance(column, F):
            field = _field(model, column.name)
            if field is None or field.null:
                return True
    return False


def encode(values, backwards: bool) -> str:
    plain = [_plain(v) for v in values]
    raw = json.dumps({"v": plain, "b": backwards}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _plain(value):
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _typed(value):
    if not isinstance(value, dict):
        return value
    if "d" in value:
        return date.fromisoformat(value["d"])
    return datetime.fromisoformat(value["dt"])


def decode(cursor: str, width: int) -> tuple[list, bool]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        body = json.loads(raw)
        values = [_typed(v) for v in body["v"]]
        backwards = body["b"]
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise CursorError(
            "This cursor is not one this server made; start again from page 1."
        ) from None
    if len(values) != width or not isinstance(backwards, bool):
        raise CursorError("This cursor belongs to another ordering; start again from page 1.")
    return values, backwards


def _check_types(queryset, keys, values) -> None:
    """Each value of the kind its key holds, so a made-up cursor is a 400, never a query the
    database refuses (a word where a date belongs, a NUL byte)."""
    for (name, _), value in zip(keys, values, strict=True):
        expression = queryset.query.annotations.get(name)
        field = expression.output_field if expression is not None else _field(queryset.model, name)
        kind = field.get_internal_type() if field is not None else ""
        if kind == "DateTimeField":
            fits = isinstance(value, datetime) and value.tzinfo is not None
        elif kind == "DateField":
            fits = isinstance(value, date) and not isinstance(value, datetime)
        elif kind.endswith("IntegerField") or kind.endswith("AutoField"):
            fits = isinstance(value, int) and not isinstance(value, bool)
        elif kind == "FloatField":
            fits = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif kind in ("CharField", "TextField", "SlugField"):
            fits = isinstance(value, str) and "\x00" not in value
        else:
            fits = False
        if not fits:
            raise CursorError("This cursor is not one this server made; start again from page 1.")


@dataclass
class Page:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None
    previous_page: int | None  # set instead of previous_cursor on numbered pages
    next_page: int | None = None  # set instead of next_cursor where no cursor can be made


def cursor_page(queryset, size: int, cursor: str) -> Page:
    """The `size` rows after (or, for a backwards cursor, before) the cursor's row."""
    keys = sort_keys(queryset)
    values, backwards = decode(cursor, len(keys))
    _check_types(queryset, keys, values)
    descending = keys[0][1]
    operator = "<" if descending != backwards else ">"
    queryset = queryset.filter(RowCompare([F(name) for name, _ in keys], operator, values))
    if backwards:
        queryset = queryset.reverse()
    rows = list(queryset[: size + 1])
    more, rows = len(rows) > size, rows[:size]
    if backwards:
        rows.reverse()
    if not rows:
        return Page(rows, None, None, None)
    # Going forwards there is a page before this one (we came from it), and one after if more
    # rows came back; going backwards, the other way round.
    after = more or backwards
    before = more or not backwards
    return Page(
        rows,
        encode(_values(rows[-1], keys), backwards=False) if after else None,
        encode(_values(rows[0], keys), backwards=True) if before else None,
        None,
    )


def numbered_page(queryset, size: int, number: int) -> Page:
    """Page `number` by offset (the first MAX_NUMBERED_PAGE pages), linking on by cursor
    where the ordering allows one (else `next_page`)."""
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    more, rows = len(rows) > size, rows[:size]
    previous = number - 1 if number > 1 else None
    try:
        keys = sort_keys(queryset)
    except TypeError:
        return Page(rows, None, None, previous, number + 1 if more else None)
    next_cursor = encode(_values(rows[-1], keys), backwards=False) if more and rows else None
    return Page(rows, next_cursor, None, previous)


def _values(row, keys) -> list:
    return [getattr(row, name) for name, _ in keys]


def capped_count(queryset) -> tuple[int, bool]:
    """(count, exact): exact up to COUNT_CAP rows (reading no more than that); past it, the
    database's estimate where it has one (PostgreSQL's planner), else COUNT_CAP + 1. A queryset
    that shows fewer rows than it matches (a ranked window) names what to count as
    `count_source`; one whose length is kept as data says it as `known_count`."""
    known = getattr(queryset, "known_count", None)
    if known is not None:
        return known, True
    queryset = getattr(queryset, "count_source", queryset)
    seen = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
    if seen <= COUNT_CAP:
        return seen, True
    return max(COUNT_CAP + 1, estimate_rows(queryset)), False


def estimate_rows(queryset) -> int:
    """The rows PostgreSQL's planner expects `queryset` to match (0 elsewhere)."""
    from django.db import connections

    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return 0
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])
