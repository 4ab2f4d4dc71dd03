"""Pages of every API list (DRF's DEFAULT_PAGINATION_CLASS): the first pages by number
(`page=`), every page by cursor (`cursor=`, what `next` and `previous` link to), at the same cost
at any depth (common.keyset)."""

from django.utils.http import urlencode
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from common.keyset import (
    COUNT_CAP,
    MAX_NUMBERED_PAGE,
    CursorError,
    capped_count,
    cursor_page,
    keyset_ordered,
    numbered_page,
)


def _whole_number(value: str) -> int | None:
    """`value` as an int when it is written as one ("7", not "7.0", "seven" or " 7")."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


class KeysetPagination(BasePagination):
    page_size = 20
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self._size(request)
        cursor, number = request.query_params.get("cursor"), request.query_params.get("page")
        keyed = keyset_ordered(queryset)
        try:
            if keyed is None:  # an ordering a cursor cannot follow (a NULL key): by number
                if cursor is not None:
                    raise CursorError("This list is paged by number (page=); follow its links.")
                page = numbered_page(queryset, size, self._number(number, limit=None))
            elif cursor is not None:
                page = cursor_page(keyed, size, cursor)
            else:
                page = numbered_page(keyed, size, self._number(number))
        except CursorError as error:
            # A cursor is the address of a page; one this server cannot place names no page.
            raise NotFound(f"There is no such page. {error}") from None
        if not page.rows and (cursor is not None or (number not in (None, "1"))):
            raise NotFound("There is no such page.")
        self.page = page
        self.count, self.count_is_exact = capped_count(queryset)
        return page.rows

    def _size(self, request) -> int:
        value = request.query_params.get("page_size")
        if value is None:
            return self.page_size
        size = _whole_number(value)
        if size is None or not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"page_size= takes a whole number from 1 to {self.max_page_size}."]}
            )
        return size

    def _number(self, value, limit: int | None = MAX_NUMBERED_PAGE) -> int:
        if value is None:
            return 1
        number = _whole_number(value)
        if number is None or number < 1:
            raise ValidationError({"page": ["page= takes a whole number, 1 or more."]})
        if limit is not None and number > limit:
            raise ValidationError(
                {
                    "page": [
                        f"page= reaches the first {MAX_NUMBERED_PAGE} pages; follow the `next` "
                        "links (cursor=) to go further, at the same speed at any depth."
                    ]
                }
            )
        return number

    def _link(self, **param) -> str:
        query = self.request.query_params.copy()
        for name in ("cursor", "page"):
            query.pop(name, None)
        query.update(param)
        return self.request.build_absolute_uri(
            f"{self.request.path}?{urlencode(query, doseq=True)}"
        )

    def get_paginated_response(self, data):
        page = self.page
        previous = None
        if page.previous_cursor:
            previous = self._link(cursor=page.previous_cursor)
        elif page.previous_page:
            previous = self._link(page=page.previous_page)
        return Response(
            {
                "count": self.count,
                "count_is_exact": self.count_is_exact,
                "next": self._next(page),
                "previous": previous,
                "results": data,
            }
        )

    def _next(self, page):
        if page.next_cursor:
            return self._link(cursor=page.next_cursor)
        return self._link(page=page.next_page) if page.next_page else None

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "count_is_exact", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": f"How many results in all: exact up to {COUNT_CAP:,}; past "
                    "that an estimate (see count_is_exact).",
                },
                "count_is_exact": {
                    "type": "boolean",
                    "description": "False when count is the database's estimate (PostgreSQL) "
                    f"or only says 'more than {COUNT_CAP:,}'.",
                },
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "Where a page starts: take it from a `next` or `previous` link.",
                "schema": {"type": "string", "minLength": 1},
            },
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": f"A page number, 1 to {MAX_NUMBERED_PAGE}; past that follow "
                "`next` links.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_NUMBERED_PAGE},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Results per page, 1 to {self.max_page_size} (default "
                f"{self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
