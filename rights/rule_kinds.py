"""The kinds of rule a restriction text compiles to, each with its canonical sentence, and the
Decision a check answers. rights.rules puts them together into a RestrictionSet."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from rights.registry import Place

USES = ("editorial", "commercial")
PLATFORMS = ("broadcast", "digital", "social")
PLATFORM_LABELS = {
    "broadcast": "broadcast",
    "digital": "digital (online or mobile)",
    "social": "social media",
}


# How a rule written for one platform is introduced ("Broadcast: No access USA").
SECTION_LABELS = {"broadcast": "Broadcast", "digital": "Digital", "social": "Social media"}


@dataclass(frozen=True)
class Rule:
    part: bool = field(default=False, kw_only=True)  # "Part"/"Pt": covers part of the footage
    # "broadcast", "digital" or "social" when written for that platform alone ("TV: …"); the
    # rule is applied on every platform all the same (the most restrictive reading).
    section: str = field(default="", kw_only=True)
    # A time read without a zone, the most restrictive way (rights.times.ZONELESS): said in a
    # warning; not part of what the rule means, so equal rules stay equal.
    guessed_zone: bool = field(default=False, kw_only=True, compare=False)

    order = 9

    def sentence(self) -> str:
        raise NotImplementedError

    def text(self) -> str:
        text = self.sentence()
        if self.section:
            text = f"{SECTION_LABELS[self.section]}: {text}"
        return f"Part: {text}" if self.part else text


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
class ExpiryRule(Rule):
    """No use from `until` on ("No use after 31 March 2027", "Available until …")."""

    until: datetime

    order = 2

    def sentence(self) -> str:
        return f"No use from {format_instant(self.until)}"


@dataclass(frozen=True)
class WithheldRule(Rule):
    """A condition no check can know ("within 48 hours of transmission"): refused always,
    saying so, until the line is rewritten with instants."""

    clause: str

    order = 1

    def sentence(self) -> str:
        return self.clause


@dataclass(frozen=True)
class EditorialOnlyRule(Rule):
    order = 3

    def sentence(self) -> str:
        return "Editorial use only"


PLATFORM_SENTENCES = {
    ("digital", "social"): "Broadcast only",
    ("social",): "No social media",
    ("broadcast", "social"): "Online only",
    ("broadcast",): "No broadcast",
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
    # credit, courtesy, no_archive, no_resale, on_screen_credit, on_screen_courtesy,
    # credit_visible (subject "5 seconds"), max_length (subject "90 seconds")
    kind: str
    subject: str = ""

    order = 5

    def sentence(self) -> str:
        if self.kind in DUTY_SENTENCES:
            return DUTY_SENTENCES[self.kind]
        if self.kind in ("on_screen_credit", "on_screen_courtesy"):
            word = self.kind.removeprefix("on_screen_")
            if not self.subject:
                return f"Must show an on-screen {word}"
            return f"Must {word} {self.subject} on screen"
        if self.kind == "credit_visible":
            return f"Keep the credit on screen for at least {self.subject}"
        if self.kind == "max_length":
            return f"Use at most {self.subject}"
        if self.kind == "keep_logo":
            return "Keep the logo visible"
        if self.kind == "archive_limit":
            return f"No archive after {self.subject}"
        return f"Must {self.kind} {self.subject}"


@dataclass(frozen=True)
class ClientRule(Rule):
    """Not for these clients ("No access BBC"), or only for them ("AP clients only"): a check
    does not know the buyer, so it warns; a purchase checks the buyer's names
    (RestrictionSet.client_refusal)."""

    effect: str  # "deny" or "allow"
    names: tuple[str, ...]

    order = 6

    def __post_init__(self):
        object.__setattr__(self, "names", tuple(sorted(set(self.names), key=str.casefold)))

    def sentence(self) -> str:
        names = ", ".join(self.names)
        return f"Not for use by {names}" if self.effect == "deny" else f"Only for {names}"


def format_instant(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC" if moment.second else "%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True, slots=True)
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
