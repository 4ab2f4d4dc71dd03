"""A compiled restriction text: rules, the decision a check makes, and the scope stored in SQL.

Nothing here knows what an asset is. `RestrictionSet.check()` is the one place a decision is
made in Python; `territory_scope()` is what the catalog stores so SQL can make the same one.
"""

from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property
from time import time

from rights import memory
from rights.reasons import allow_reason, deny_reason, uncertain_warnings
from rights.registry import UNCERTAIN, load, normalise
from rights.rule_kinds import (  # noqa: F401 - the rule kinds are read from here too
    DUTY_SENTENCES,
    PLATFORM_LABELS,
    PLATFORM_SENTENCES,
    PLATFORMS,
    USES,
    ClientRule,
    Decision,
    DutyRule,
    EditorialOnlyRule,
    EmbargoRule,
    ExpiryRule,
    HoldRule,
    PlatformRule,
    Rule,
    TerritoryRule,
    WithheldRule,
    format_instant,
)
from rights.scope import TerritoryScope, territory_scope


@dataclass(frozen=True)
class RestrictionSet:
    """Rules compiled from restriction text; equal sets mean the same restrictions."""

    rules: tuple[Rule, ...] = ()
    released: bool = False  # staff released a "Hold for release"

    def __post_init__(self):
        unique = sorted(set(self.rules), key=lambda rule: (rule.order, rule.text()))
        object.__setattr__(self, "rules", tuple(unique))
        self._forget()

    def _forget(self):
        # What check() remembers; not fields, so equality, hashing and repr ignore it, and
        # replace() and release() start afresh. A code that no instant affects has its
        # decisions in _fixed by (code, use, platform); any other has a _Timeline (shared by
        # codes with the same instants) and its decisions in _timed by (code, interval, use,
        # platform). Each distinct Decision is kept once, in _decisions.
        for name in ("_fixed", "_timelines", "_timed", "_decisions", "_shared"):
            object.__setattr__(self, name, {})

    def __getstate__(self):
        return {"rules": self.rules, "released": self.released}

    def __setstate__(self, state):
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self._forget()

    def __str__(self):
        return self.text()

    def text(self) -> str:
        """Canonical English; compiling it gives an equal set."""
        return ". ".join(rule.text() for rule in self.rules) or "No restrictions"

    # What the rules say, worked out once per set (the set is immutable). cached_property
    # writes to the instance's __dict__, which a frozen dataclass allows.
    def _of(self, kind):
        return [rule for rule in self.rules if isinstance(rule, kind)]

    @property
    def territory_rules(self) -> list[TerritoryRule]:
        return list(self._territory_rules)

    @cached_property
    def _territory_rules(self) -> tuple[TerritoryRule, ...]:
        return tuple(self._of(TerritoryRule))

    @cached_property
    def held(self) -> bool:
        return bool(self._of(HoldRule)) and not self.released

    @cached_property
    def embargo_until(self) -> datetime | None:
        return max((rule.until for rule in self._of(EmbargoRule)), default=None)

    @cached_property
    def expires_at(self) -> datetime | None:
        """The first instant it may no longer be used (the earliest end), or None."""
        return min((rule.until for rule in self._of(ExpiryRule)), default=None)

    @cached_property
    def withheld(self) -> tuple[str, ...]:
        """Why it is refused whatever the facts: conditions no check can know."""
        return tuple(
            f"“{rule.text()}”: a check cannot know when that is, so it is withheld until the "
            "line gives instants"
            for rule in self._of(WithheldRule)
        )

    @cached_property
    def editorial_only(self) -> bool:
        return bool(self._of(EditorialOnlyRule))

    @cached_property
    def denied_platforms(self) -> frozenset[str]:
        return frozenset(p for rule in self._of(PlatformRule) for p in rule.denied)

    @cached_property
    def duties(self) -> tuple[str, ...]:
        return tuple(rule.text() for rule in self._of(DutyRule))

    @cached_property
    def warnings(self) -> tuple[str, ...]:
        parts = [
            f"“{rule.text()}” covers only part of the footage; it is applied to the whole clip."
            for rule in self.rules
            if rule.part
        ]
        sections = [
            f"“{rule.text()}” is written for {PLATFORM_LABELS[rule.section]} alone; it is "
            "applied on every platform."
            for rule in self.rules
            if rule.section
        ]
        clients = [
            f"“{rule.text()}” names clients: a purchase checks it against the buyer's names; "
            "nothing else can."
            for rule in self._of(ClientRule)
        ]
        zoneless = [
            f"“{rule.text()}”: the line gave no time zone, so the time is read where it comes "
            + ("last (UTC-12)." if isinstance(rule, EmbargoRule) else "first (UTC+14).")
            for rule in self.rules
            if rule.guessed_zone
        ]
        return (*parts, *sections, *clients, *zoneless, *uncertain_warnings(self._territory_rules))

    def client_refusal(self, names) -> str | None:
        """Why a buyer known by `names` may not license the clip, or None: named by a "Not for
        use by" rule, or not named by an "Only for" one."""
        known = {normalise(name) for name in names if name}
        for rule in self._of(ClientRule):
            named = {normalise(name) for name in rule.names}
            if rule.effect == "deny" and named & known:
                return f"{rule.text()}: this organisation is known as one of them"
            if rule.effect == "allow" and not named & known:
                return f"{rule.text()}: this organisation is not known as one of them"
        return None

    def release(self) -> "RestrictionSet":
        return self._released

    @cached_property
    def _released(self) -> "RestrictionSet":
        # One released copy per set, so what it remembers is kept between calls.
        return replace(self, released=True)

    def check(self, territory, at=None, use=None, platform=None) -> Decision:
        """May the clip be used in `territory` at `at` (default now) for `use` on `platform`?
        Every rule is checked and every refusal is given: the most restrictive rule wins.

        The decision for a territory, use and platform changes only at a few instants (an
        embargo lifting, a member joining or leaving a group), so each is worked out once per
        interval between them and remembered. This is the path for an ISO code or None, and
        None or a datetime for `at`; anything else (names, strings) takes _remember()."""
        if at is None or at.__class__ is datetime:
            try:
                decision = self._fixed.get((territory, use, platform))
                if decision is not None:
                    return decision
                timeline = self._timelines.get(territory)
                if timeline is not None:
                    if at is None:
                        interval = bisect_right(timeline.stamps, time())
                    elif at.tzinfo is not None:
                        interval = bisect_right(timeline.instants, at)
                    else:
                        interval = None  # naive: _remember() reads it as UTC
                    decision = self._timed.get((territory, interval, use, platform))
                    if decision is not None:
                        return decision
            except TypeError:
                pass  # an unhashable value: the slow path says what is wrong with it
        return self._remember(territory, at, use, platform)

    def _remember(self, territory, at, use, platform) -> Decision:
        """check() the slow way once, and remember the decision for its whole interval."""
        if not memory.has_room():
            return self._check_uncached(territory, at, use, platform)
        _validate(use, platform)
        at = _aware(at)
        code = load().territory(territory)
        timeline = self._timelines.get(code)
        if timeline is None:
            instants = self._instants(code)
            if not instants:
                decision = self._fixed.get((code, use, platform))
                if decision is None:
                    decision = self._fixed[code, use, platform] = self._decide(
                        code, at, use, platform
                    )
                return decision
            timeline = self._shared.get(instants) or self._shared.setdefault(
                instants, memory.Timeline(instants)
            )
            self._timelines[code] = timeline
        key = (code, bisect_right(timeline.instants, at), use, platform)
        decision = self._timed.get(key)
        if decision is None:
            decision = self._timed[key] = self._decide(code, at, use, platform)
        return decision

    def _decide(self, code, at, use, platform) -> Decision:
        """The decision, to be kept: an equal one kept before is reused."""
        memory.count_one(self)
        decision = self._check_uncached(code, at, use, platform)
        return self._decisions.setdefault(decision, decision)

    def _instants(self, code: str | None) -> tuple[datetime, ...]:
        """The instants at which a decision for `code` can change: the embargo's end, and when
        `code` joins or leaves a group a territory rule names."""
        registry = load()
        instants = set()
        if self.embargo_until is not None:
            instants.add(self.embargo_until)
        if self.expires_at is not None:
            instants.add(self.expires_at)
        if code is not None:
            for rule in self._territory_rules:
                for place in rule.places:
                    instants.update(registry.span(place, code, rule.effect) or ())
        instants.discard(None)
        return tuple(sorted(instants))

    def _check_uncached(self, territory, at=None, use=None, platform=None) -> Decision:
        """The decision worked out from the rules, every time: what check() remembers, and
        what tests compare it with."""
        _validate(use, platform)
        at = _aware(at)
        registry = load()
        code = registry.territory(territory)
        reasons = []
        if self.held:
            reasons.append("Held for release: nobody may use it until staff release it")
        reasons.extend(self.withheld)
        if self.embargo_until is not None and at < self.embargo_until:
            reasons.append(f"Embargoed until {format_instant(self.embargo_until)}")
        if self.expires_at is not None and at >= self.expires_at:
            reasons.append(f"No use from {format_instant(self.expires_at)}")
        for rule in self._territory_rules:
            reasons.extend(self._territory_reasons(rule, code, at, registry))
        if use == "commercial" and self.editorial_only:
            reasons.append("Editorial use only: no commercial use")
        if platform is not None and platform in self.denied_platforms:
            reasons.append(f"No {PLATFORM_LABELS[platform]} use")
        return Decision(
            not reasons,
            tuple(reasons),
            self.duties,
            (*self.warnings, *self._unasked(use, platform)),
        )

    def _unasked(self, use, platform) -> tuple[str, ...]:
        """What a rule limits that the caller did not say, so was not checked: never a silent
        allow (docs/rights.md, "What the check cannot know")."""
        unasked = []
        if use is None and self.editorial_only:
            unasked.append(
                "Editorial use only: no use was given, so commercial use was not checked."
            )
        if platform is None and self.denied_platforms:
            denied = " or ".join(PLATFORM_LABELS[p] for p in sorted(self.denied_platforms))
            unasked.append(f"No {denied} use: no platform was given, so it was not checked.")
        return tuple(unasked)

    @staticmethod
    def _territory_reasons(rule, code, at, registry):
        if code is None:
            return [f"Territory unknown, and “{rule.sentence()}” limits where it may be used"]
        inside = [place for place in rule.places if registry.covers(place, code, at, rule.effect)]
        label = registry.label(code)
        if rule.effect == "deny":
            return [deny_reason(place, code, label, registry) for place in inside]
        if inside:
            return []
        names = ", ".join(place.name for place in rule.places)
        unsure = next((place for place in rule.places if place.kind in UNCERTAIN), None)
        if unsure is not None:
            return [allow_reason(names, unsure, label, registry)]
        return [f"Only available in {names}; not in {label}"]

    def territory_scope(self) -> TerritoryScope:
        return territory_scope(self._territory_rules)


def _validate(use, platform) -> None:
    if use is not None and use not in USES:
        raise ValueError(f"use must be one of {', '.join(USES)}, not {use!r}")
    if platform is not None and platform not in PLATFORMS:
        raise ValueError(f"platform must be one of {', '.join(PLATFORMS)}, not {platform!r}")


def _aware(at) -> datetime:
    if at is None:
        return datetime.now(UTC)
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if at.tzinfo is None:
        return at.replace(tzinfo=UTC)
    return at
