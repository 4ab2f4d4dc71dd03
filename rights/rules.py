"""A compiled restriction text: rules, the decision a check makes, and the scope stored in SQL.

Nothing here knows what an asset is. `RestrictionSet.check()` is the one place a decision is
made in Python; `territory_scope()` is what the catalog stores so SQL can make the same one.
"""

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from rights.registry import Place, load

USES = ("editorial", "commercial")
PLATFORMS = ("broadcast", "digital", "social")
PLATFORM_LABELS = {
    "broadcast": "broadcast",
    "digital": "digital (online or mobile)",
    "social": "social media",
}


@dataclass(frozen=True)
class Rule:
    part: bool = field(default=False, kw_only=True)  # "Part"/"Pt": covers part of the footage

    order = 9

    def sentence(self) -> str:
        raise NotImplementedError

    def text(self) -> str:
        return f"Part: {self.sentence()}" if self.part else self.sentence()


@dataclass(frozen=True)
class TerritoryRule(Rule):
    effect: str  # "deny" or "allow"
    places: tuple[Place, ...]

    order = 0

    def __post_init__(self):
        ordered = sorted(set(self.places), key=lambda place: (place.name, place.key))
        object.__setattr__(self, "places", tuple(ordered))

    def sentence(self) -> str:
        names = ", ".join(place.name for place in self.places)
        return f"No access {names}" if self.effect == "deny" else f"Access {names} only"


@dataclass(frozen=True)
class HoldRule(Rule):
    order = 1

    def sentence(self) -> str:
        return "Hold for release"


@dataclass(frozen=True)
class EmbargoRule(Rule):
    until: datetime

    order = 2

    def sentence(self) -> str:
        return f"Embargo until {format_instant(self.until)}"


@dataclass(frozen=True)
class EditorialOnlyRule(Rule):
    order = 3

    def sentence(self) -> str:
        return "Editorial use only"


PLATFORM_SENTENCES = {
    ("digital", "social"): "Broadcast only",
    ("social",): "No social media",
    ("broadcast",): "Online only",
}


@dataclass(frozen=True)
class PlatformRule(Rule):
    denied: tuple[str, ...]  # sorted platform names

    order = 4

    def sentence(self) -> str:
        if self.denied in PLATFORM_SENTENCES:
            return PLATFORM_SENTENCES[self.denied]
        words = [{"social": "social media"}.get(p, p) for p in self.denied]
        return "No use on " + " or ".join(words)


DUTY_SENTENCES = {"no_archive": "No archive", "no_resale": "No resale"}


@dataclass(frozen=True)
class DutyRule(Rule):
    kind: str  # credit, courtesy, no_archive, no_resale
    subject: str = ""

    order = 5

    def sentence(self) -> str:
        if self.kind in DUTY_SENTENCES:
            return DUTY_SENTENCES[self.kind]
        return f"Must {self.kind} {self.subject}"


def format_instant(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC" if moment.second else "%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reasons: tuple[str, ...] = ()
    duties: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @classmethod
    def unreadable(cls, error: Exception) -> "Decision":
        """What a check on text that does not compile answers: never a silent pass."""
        return cls(False, (f"Its restrictions could not be read, so it is withheld: {error}",))

    def as_dict(self) -> dict:
        return {
            "allowed": self.allowed,
            "reasons": list(self.reasons),
            "duties": list(self.duties),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class TerritoryScope:
    """What SQL needs to filter by territory. mode: "none" (no territory rules), "deny" (only
    deny rows) or "allow" (an allow list, possibly empty, plus deny rows). Rows map a code to
    the (from, until) intervals in which it is allowed or denied; None is open-ended."""

    mode: str
    allowed: dict = field(default_factory=dict)
    denied: dict = field(default_factory=dict)


def _intersect(a: dict, b: dict) -> dict:
    out = {}
    for code in a.keys() & b.keys():
        spans = []
        for start_a, end_a in a[code]:
            for start_b, end_b in b[code]:
                start = max((s for s in (start_a, start_b) if s is not None), default=None)
                end = min((e for e in (end_a, end_b) if e is not None), default=None)
                if start is None or end is None or start < end:
                    spans.append((start, end))
        if spans:
            out[code] = spans
    return out


@dataclass(frozen=True)
class RestrictionSet:
    """Rules compiled from restriction text; equal sets mean the same restrictions."""

    rules: tuple[Rule, ...] = ()
    released: bool = False  # staff released a "Hold for release"

    def __post_init__(self):
        unique = sorted(set(self.rules), key=lambda rule: (rule.order, rule.text()))
        object.__setattr__(self, "rules", tuple(unique))

    def __str__(self):
        return self.text()

    def text(self) -> str:
        """Canonical English; compiling it gives an equal set."""
        return ". ".join(rule.text() for rule in self.rules) or "No restrictions"

    def _of(self, kind):
        return [rule for rule in self.rules if isinstance(rule, kind)]

    @property
    def territory_rules(self) -> list[TerritoryRule]:
        return self._of(TerritoryRule)

    @property
    def held(self) -> bool:
        return bool(self._of(HoldRule)) and not self.released

    @property
    def embargo_until(self) -> datetime | None:
        return max((rule.until for rule in self._of(EmbargoRule)), default=None)

    @property
    def editorial_only(self) -> bool:
        return bool(self._of(EditorialOnlyRule))

    @property
    def denied_platforms(self) -> frozenset[str]:
        return frozenset(p for rule in self._of(PlatformRule) for p in rule.denied)

    @property
    def duties(self) -> tuple[str, ...]:
        return tuple(rule.text() for rule in self._of(DutyRule))

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(
            f"“{rule.text()}” covers only part of the footage; it is applied to the whole clip."
            for rule in self.rules
            if rule.part
        )

    def release(self) -> "RestrictionSet":
        return replace(self, released=True)

    def check(self, territory, at=None, use=None, platform=None) -> Decision:
        """May the clip be used in `territory` at `at` (default now) for `use` on `platform`?
        Every rule is checked and every refusal is given: the most restrictive rule wins."""
        if use is not None and use not in USES:
            raise ValueError(f"use must be one of {', '.join(USES)}, not {use!r}")
        if platform is not None and platform not in PLATFORMS:
            raise ValueError(f"platform must be one of {', '.join(PLATFORMS)}, not {platform!r}")
        at = _aware(at)
        registry = load()
        code = registry.territory(territory)
        reasons = []
        if self.held:
            reasons.append("Held for release: nobody may use it until staff release it")
        if self.embargo_until is not None and at < self.embargo_until:
            reasons.append(f"Embargoed until {format_instant(self.embargo_until)}")
        for rule in self.territory_rules:
            reasons.extend(self._territory_reasons(rule, code, at, registry))
        if use == "commercial" and self.editorial_only:
            reasons.append("Editorial use only: no commercial use")
        if platform is not None and platform in self.denied_platforms:
            reasons.append(f"No {PLATFORM_LABELS[platform]} use")
        return Decision(not reasons, tuple(reasons), self.duties, self.warnings)

    @staticmethod
    def _territory_reasons(rule, code, at, registry):
        if code is None:
            return [f"Territory unknown, and “{rule.sentence()}” limits where it may be used"]
        inside = [place for place in rule.places if code in registry.members(place, at)]
        label = registry.label(code)
        if rule.effect == "deny":
            return [
                f"No access in {label}"
                if place.kind == "territory"
                else f"No access in {label}, part of {place.name}"
                for place in inside
            ]
        if inside:
            return []
        names = ", ".join(place.name for place in rule.places)
        return [f"Only available in {names}; not in {label}"]

    def territory_scope(self) -> TerritoryScope:
        registry = load()
        rules = self.territory_rules
        if not rules:
            return TerritoryScope("none")
        denied: dict = {}
        allowed = None
        for rule in rules:
            spans: dict = {}
            for place in rule.places:
                for code, span in registry.intervals(place).items():
                    spans.setdefault(code, []).append(span)
            if rule.effect == "deny":
                for code, code_spans in spans.items():
                    denied.setdefault(code, []).extend(code_spans)
            else:
                allowed = spans if allowed is None else _intersect(allowed, spans)
        if allowed is None:
            return TerritoryScope("deny", denied=denied)
        return TerritoryScope("allow", allowed=allowed, denied=denied)


def _aware(at) -> datetime:
    if at is None:
        return datetime.now(UTC)
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if at.tzinfo is None:
        return at.replace(tzinfo=UTC)
    return at
