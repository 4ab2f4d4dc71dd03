"""How an asset's restriction text is stored for SQL: the compiled columns and territory rows.

Pure functions of the text (plus whether staff released a hold), so the service, the demo
loader, generate_catalog and the data migrations all store exactly the same thing. Clips whose
texts compile alike share one RestrictionProfile, found by `StoredRestrictions.key()`.
"""

import hashlib
import json
from dataclasses import dataclass, field

from rights import RestrictionError, RestrictionSet, compile_restrictions

COMPILED_FIELDS = (
    "restrictions_error",
    "territory_scope",
    "embargo_until",
    "held_for_release",
    "editorial_only",
    "blocks_broadcast",
    "blocks_digital",
    "blocks_social",
)


@dataclass(frozen=True)
class StoredRestrictions:
    fields: dict  # the asset's compiled columns (COMPILED_FIELDS)
    # (territory, effect, valid_from, valid_until) rows for ProfileTerritory
    territories: list = field(default_factory=list)
    # When it may no longer be used: a column of the profile only (a later one than the
    # asset's compiled columns, so the data migrations before it never see it).
    expires_at: object = None

    def key(self) -> str:
        """The same for every text that compiles to the same rules (the error aside, which
        only says why a text is unreadable): what a RestrictionProfile is found by. A text
        without an end keeps the key it had before ends were read."""
        body = [self.profile_fields(), sorted(self.territories)]
        if self.expires_at is not None:
            body.append({"expires_at": self.expires_at})
        encoded = json.dumps(body, default=str, sort_keys=True)
        return hashlib.sha256(encoded.encode()).hexdigest()

    def profile_fields(self) -> dict:
        """The asset's compiled columns a RestrictionProfile stores too (all but the error)."""
        return {k: v for k, v in self.fields.items() if k != "restrictions_error"}


# What unreadable text stores: no territory rows, and a scope that every query refuses.
UNREADABLE_SCOPE = "unreadable"


def compile_for_asset(text: str, *, released: bool = False) -> RestrictionSet:
    rules = compile_restrictions(text)
    return rules.release() if released else rules


def stored_restrictions(text: str, *, released: bool = False) -> StoredRestrictions:
    try:
        rules = compile_for_asset(text, released=released)
    except RestrictionError as error:
        return StoredRestrictions(
            {
                "restrictions_error": str(error),
                "territory_scope": UNREADABLE_SCOPE,
                "embargo_until": None,
                "held_for_release": True,
                "editorial_only": True,
                "blocks_broadcast": True,
                "blocks_digital": True,
                "blocks_social": True,
            }
        )
    scope = rules.territory_scope()
    denied = rules.denied_platforms
    rows = [
        (code, effect, start, end)
        for effect, spans_by_code in (("allow", scope.allowed), ("deny", scope.denied))
        for code, spans in sorted(spans_by_code.items())
        for start, end in spans
    ]
    return StoredRestrictions(
        {
            "restrictions_error": "",
            "territory_scope": scope.mode,
            "embargo_until": rules.embargo_until,
            # Held, or withheld by a condition no check can know: refused whatever the facts.
            "held_for_release": rules.held or bool(rules.withheld),
            "editorial_only": rules.editorial_only,
            "blocks_broadcast": "broadcast" in denied,
            "blocks_digital": "digital" in denied,
            "blocks_social": "social" in denied,
        },
        rows,
        expires_at=rules.expires_at,
    )
