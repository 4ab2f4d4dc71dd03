"""The one base of the refusals services raise (docs/architecture.md, "Errors").

A ServiceError says what the API and the site answer: an HTTP `status`, a machine-readable
`code`, a sentence for a person (`detail`), per-item details (`items`, an order's refused
clips) and the field paths it is about (`fields`, bad input). The API answers it in its one
error shape (common.api_errors), the site shows it (common.site_errors); a service only
raises it.
"""


class ServiceError(Exception):
    """A refusal with an HTTP status, a code, a sentence, and optionally per-item details
    and the field paths at fault. Subclasses set `status` and `code`; an instance may name a
    finer `code` than its class's."""

    status = 400
    code = "invalid"
    # Answered as `items` when not None (a list, even empty: licensing's refusals always say).
    items: list | None = None
    fields: tuple[str, ...] = ()

    def __init__(
        self,
        detail: str,
        items: list | None = None,
        *,
        code: str | None = None,
        fields: tuple[str, ...] | list[str] = (),
    ):
        self.detail = detail
        if items is not None:
            self.items = items
        if code is not None:
            self.code = code  # a finer name for this refusal than its class's
        if fields:
            self.fields = tuple(fields)
        super().__init__(detail)

    def answer(self) -> dict:
        """The API's body for it: detail and code, each field's message by its path, items."""
        body = {"detail": self.detail, "code": self.code}
        if self.fields:
            body["fields"] = {path: [self.detail] for path in self.fields}
        if self.items is not None:
            body["items"] = self.items
        return body
