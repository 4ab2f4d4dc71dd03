"""Restrictions from controls a filmer understands, and the check that shows what they mean.

A partner does not write wire-agency restriction text. They pick: where (no restriction / not
in these territories / only in these), an embargo, an end of use, editorial use only, no social
media, and the most footage a buyer may use. Those
controls are written as the sentences the rights compiler reads (rights.parser), the very
sentences a compiled set prints itself as (RestrictionSet.text()), so what the partner sees,
what buyers read and what the compiler decides are one text. Text typed by hand goes through
the same check: the canonical text and a sentence per rule, or the compiler's error naming the
phrase it could not read.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from rights import RestrictionError, RestrictionSet, compile_restrictions
from rights.duty_phrases import seconds_text
from rights.registry import UNCERTAIN, Place, load
from rights.rules import (
    PLATFORM_LABELS,
    DutyRule,
    EditorialOnlyRule,
    EmbargoRule,
    ExpiryRule,
    HoldRule,
    PlatformRule,
    TerritoryRule,
    format_instant,
)

NO_TERRITORY_RULE, DENY, ALLOW = "none", "deny", "allow"
TERRITORY_MODES = (NO_TERRITORY_RULE, DENY, ALLOW)
TERRITORY_MODE_LABELS = {
    NO_TERRITORY_RULE: "Anywhere in the world",
    DENY: "Everywhere except these territories",
    ALLOW: "Only in these territories",
}
MOST_SECONDS = 3600  # a cap on footage used: an hour is more than any clip here
MOST_TERRITORIES = 60  # a list longer than this is better written as its group's name


class ControlsError(ValueError):
    """Controls that cannot be written as restrictions; `field` names the control."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class RestrictionControls:
    territory_mode: str = NO_TERRITORY_RULE
    territories: tuple[str, ...] = ()
    embargo_until: datetime | None = None  # aware; read as UTC when naive
    editorial_only: bool = False
    no_social_media: bool = False
    use_until: datetime | None = None  # the first moment it may no longer be used; UTC if naive
    max_seconds: int | None = None  # the most footage a buyer may use, in seconds
    places: tuple[Place, ...] = field(default=(), init=False, compare=False, repr=False)

    def __post_init__(self):
        if self.territory_mode not in TERRITORY_MODES:
            raise ControlsError(
                "territory_mode",
                f"The territory choice is one of {', '.join(TERRITORY_MODES)}, "
                f"not “{self.territory_mode}”.",
            )
        names = tuple(name.strip() for name in self.territories if name and name.strip())
        object.__setattr__(self, "territories", names)
        if self.territory_mode == NO_TERRITORY_RULE:
            object.__setattr__(self, "territories", ())
        elif not names:
            raise ControlsError("territories", "Name at least one territory, or choose anywhere.")
        elif len(names) > MOST_TERRITORIES:
            raise ControlsError(
                "territories",
                f"Name at most {MOST_TERRITORIES} territories; a group such as Europe or the EU "
                "counts as one.",
            )
        places = tuple(dict.fromkeys(territory_place(name) for name in self.territories))
        object.__setattr__(self, "places", places)
        for name in ("embargo_until", "use_until"):
            moment = getattr(self, name)
            if moment is not None:
                if moment.tzinfo is None:
                    moment = moment.replace(tzinfo=UTC)
                # Whole seconds: the text says no less, and must say exactly what was chosen.
                object.__setattr__(self, name, moment.astimezone(UTC).replace(microsecond=0))
        if self.embargo_until and self.use_until and self.use_until <= self.embargo_until:
            raise ControlsError("use_until", "The end of use comes after the embargo.")
        if self.max_seconds is not None and not 1 <= self.max_seconds <= MOST_SECONDS:
            raise ControlsError(
                "max_seconds", f"The most footage a buyer may use is 1 to {MOST_SECONDS} seconds."
            )

    def rules(self) -> tuple:
        rules = []
        worldwide = Place("group", "worldwide") in self.places
        if self.places and not (self.territory_mode == ALLOW and worldwide):  # limits nothing
            rules.append(TerritoryRule(effect=self.territory_mode, places=self.places))
        if self.embargo_until is not None:
            rules.append(EmbargoRule(until=self.embargo_until))
        if self.editorial_only:
            rules.append(EditorialOnlyRule())
        if self.no_social_media:
            rules.append(PlatformRule(denied=("social",)))
        if self.use_until is not None:
            rules.append(ExpiryRule(until=self.use_until))
        if self.max_seconds is not None:
            rules.append(DutyRule(kind="max_length", subject=seconds_text(self.max_seconds)))
        return tuple(rules)

    def text(self) -> str:
        """The restriction text these controls write; empty for none at all."""
        rules = self.rules()
        return RestrictionSet(rules).text() if rules else ""


def territory_place(name: str) -> Place:
    """A territory or group the registry knows by `name` (a name, alias, ISO code or alpha-3
    code); ControlsError naming it otherwise."""
    registry = load()
    place = registry.lookup(name)
    if place is None:
        code = registry.territory(name)
        if code is not None:
            place = Place("territory", code)
    if place is None:
        raise ControlsError(
            "territories", f"“{name}” is not a territory, territory group or alias we know."
        )
    return place


@dataclass(frozen=True)
class RestrictionCheck:
    """What a restriction text means: its canonical form, a sentence per rule, and a plain
    explanation of each for the partner."""

    text: str
    canonical: str
    rules: tuple[str, ...]
    reasons: tuple[str, ...]
    restriction_set: RestrictionSet = field(compare=False, repr=False)


def restrictions_check(text: str) -> RestrictionCheck:
    """Compile `text` as buyers' checks will; raises RestrictionError (rights) naming the
    phrase it cannot read."""
    text = (text or "").strip()
    compiled = compile_restrictions(text)
    canonical = compiled.text() if compiled.rules else ""
    return RestrictionCheck(
        text=text,
        canonical=canonical,
        rules=tuple(rule.text() for rule in compiled.rules),
        reasons=tuple(explain(rule) for rule in compiled.rules),
        restriction_set=compiled,
    )


def controls_check(controls: RestrictionControls) -> RestrictionCheck:
    return restrictions_check(controls.text())


def explain(rule) -> str:
    """A rule as a filmer would say it."""
    part = "Part of the footage: " if rule.part else ""
    if isinstance(rule, TerritoryRule):
        names = ", ".join(place.name for place in rule.places)
        unsure = [place.name for place in rule.places if place.kind in UNCERTAIN]
        if rule.effect == DENY:
            if unsure:
                return (
                    f"{part}Buyers in {names} cannot license it; "
                    f"{', '.join(unsure)} can mean more than one territory, or lies inside one, "
                    "so every territory it may mean is refused."
                )
            return f"{part}Buyers in {names} cannot license it."
        if unsure:
            return (
                f"{part}Nobody can license it: {', '.join(unsure)} can mean more than one "
                "territory, or lies inside one; name the territory instead."
            )
        return f"{part}Only buyers in {names} can license it."
    if isinstance(rule, EmbargoRule):
        return f"{part}Nobody can use it before {format_instant(rule.until)}."
    if isinstance(rule, ExpiryRule):
        return f"{part}Nobody can use it from {format_instant(rule.until)} on."
    if isinstance(rule, HoldRule):
        return f"{part}Nobody can use it until our staff release it."
    if isinstance(rule, EditorialOnlyRule):
        return f"{part}News and editorial use only; no advertising or other commercial use."
    if isinstance(rule, PlatformRule):
        labels = " or ".join(PLATFORM_LABELS[platform] for platform in rule.denied)
        return f"{part}Not for {labels} use."
    if isinstance(rule, DutyRule):
        return f"{part}Buyers must respect this: {rule.sentence()}."
    return f"{part}{rule.sentence()}."


def controls_from_restrictions(text: str) -> RestrictionControls | None:
    """The controls that write `text`'s rules, to fill the form again when a partner edits a
    clip; None when the text says something the controls cannot (or does not compile)."""
    try:
        compiled = compile_restrictions(text or "")
    except RestrictionError:
        return None
    mode, places, embargo, editorial, social = NO_TERRITORY_RULE, (), None, False, False
    use_until = max_seconds = None
    for rule in compiled.rules:
        if rule.part or rule.section:
            return None
        if isinstance(rule, TerritoryRule) and mode == NO_TERRITORY_RULE:
            mode, places = rule.effect, rule.places
        elif isinstance(rule, EmbargoRule) and embargo is None:
            embargo = rule.until
        elif isinstance(rule, EditorialOnlyRule):
            editorial = True
        elif isinstance(rule, PlatformRule) and rule.denied == ("social",):
            social = True
        elif isinstance(rule, ExpiryRule) and use_until is None:
            use_until = rule.until
        elif isinstance(rule, DutyRule) and rule.kind == "max_length" and max_seconds is None:
            max_seconds = int(rule.subject.split()[0])
        else:
            return None
    return RestrictionControls(
        territory_mode=mode,
        territories=tuple(place.name for place in places),
        embargo_until=embargo,
        editorial_only=editorial,
        no_social_media=social,
        use_until=use_until,
        max_seconds=max_seconds,
    )
