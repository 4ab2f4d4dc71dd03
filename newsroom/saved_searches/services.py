"""Writing saved searches: create, change, delete; each checks its input and changes nothing
when it is refused."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from licensing.models import Buyer
from newsroom.models import NOTIFY_CHANNELS, SavedSearch
from newsroom.saved_searches.query import query_clean


class SavedSearchError(ValueError):
    """Refused input; `field` names what was wrong (the API's fields key)."""

    def __init__(self, field: str, message: str, code: str = "invalid"):
        self.field, self.message, self.code = field, message, code
        super().__init__(message)


def saved_searches_limit() -> int:
    return settings.SAVED_SEARCHES_PER_BUYER


def notify_clean(notify) -> list[str]:
    if not isinstance(notify, list) or any(c not in NOTIFY_CHANNELS for c in notify):
        raise SavedSearchError("notify", f"notify is a list of {' and '.join(NOTIFY_CHANNELS)}.")
    return [channel for channel in NOTIFY_CHANNELS if channel in notify]  # once each, in order


def name_clean(name) -> str:
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > 200:
        raise SavedSearchError("name", "name is some text of at most 200 characters.")
    if "\x00" in name:
        raise SavedSearchError("name", "name may not hold a NUL character.")
    return name.strip()


@transaction.atomic
def saved_search_create(
    *, buyer: Buyer, name: str, query: dict, notify: list[str], created_by=None
) -> SavedSearch:
    """Save a search for `buyer`; clips that become visible from now on are matched."""
    saved = SavedSearch(
        buyer=buyer,
        created_by=created_by,
        name=name_clean(name),
        query=query_clean(query),
        notify=notify_clean(notify),
        swept_until=timezone.now(),
    )
    _mail_from(saved, was_on=False)
    # The buyer row lock makes the limit hold for two requests at once.
    Buyer.objects.select_for_update().filter(pk=buyer.pk).first()
    limit = saved_searches_limit()
    if SavedSearch.objects.filter(buyer=buyer).count() >= limit:
        raise SavedSearchError(
            "non_field_errors",
            f"A buyer keeps at most {limit} saved searches; delete one first.",
            code="limit_reached",
        )
    saved.full_clean()
    saved.save()
    return saved


@transaction.atomic
def saved_search_update(
    *, saved_search: SavedSearch, name=None, query=None, notify=None
) -> SavedSearch:
    """Change what was given. A new query matches from now on: clips it would have matched
    before are not announced as new."""
    if name is not None:
        saved_search.name = name_clean(name)
    if notify is not None:
        was_on = saved_search.notifies("email")
        saved_search.notify = notify_clean(notify)
        _mail_from(saved_search, was_on=was_on)
    if query is not None:
        cleaned = query_clean(query)
        if cleaned != saved_search.query:
            saved_search.query = cleaned
            saved_search.swept_until = timezone.now()
    saved_search.save()
    return saved_search


def _mail_from(saved: SavedSearch, *, was_on: bool) -> None:
    """The digest starts when e-mail is turned on, and needs a person to mail."""
    if not saved.notifies("email"):
        saved.mail_from = None
        return
    person = saved.created_by
    if person is None or not person.email:
        raise SavedSearchError(
            "notify",
            "An e-mail digest goes to the person who saved the search; one saved with an API "
            "key has nobody to mail: use the webhook, or save it signed in on the site.",
        )
    if not was_on:
        saved.mail_from = timezone.now()


def saved_search_delete(*, saved_search: SavedSearch) -> None:
    saved_search.delete()  # its matches go with it
