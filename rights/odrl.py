"""A clip's restrictions as one W3C ODRL 2.2 policy in JSON-LD, in IPTC's RightsML profile, for
newsroom systems that evaluate rights by machine (ninjs `rightsinfo.encodedrights`, and the
rights endpoint).

The policy says what `RestrictionSet.check()` decides, rule by rule:

- one permission to `use` the clip, constrained by every allow list (`spatial isAnyOf` the
  listed countries; several lists must all hold, as in check()), the embargo (`dateTime gteq`
  the instant), an end (`dateTime lt` the instant) and "Editorial use only" (`purpose eq`
  editorial); credits are its duties
  (`attribute`, naming the `attributedParty`);
- prohibitions of `use` for every deny list (`spatial isAnyOf`), for denied platforms
  (`deliveryChannel isAnyOf`) and, unconstrained, for a clip held for release or withheld by a
  window no check can know; "No archive"
  prohibits `archive` and "No resale" prohibits `sell` and `grantUse` (sub-licensing);
- `conflict: prohibit`, so a prohibition wins over the permission, as the most restrictive
  rule wins in check() (ODRL's default, `invalid`, would void the whole policy instead).

Countries are IPTC's ISO 3166-1 alpha-2 IRIs (http://cvx.iptc.org/iso3166-1a2/CN). Groups
(EU, Europe, GCC…) are expanded to the countries they hold at `at`, and a remark says so:
membership changes, so a policy is a statement as of its `dct:issued` instant. Purposes and
delivery channels have no IPTC or W3C vocabulary, so they are ours, under VOCAB.

The context is inline (ODRL_CONTEXT): a subset of the W3C ODRL context
(https://www.w3.org/ns/odrl.jsonld), term for term, so the policy expands as JSON-LD with no
network fetch. A copy of the W3C file is kept beside this module (odrl-context.jsonld, the
W3C's, under the W3C document licence) for a test to prove the two mean the same.
"""

import json
from datetime import UTC, datetime
from functools import cache, lru_cache
from pathlib import Path

from rights.registry import Place, load
from rights.rules import (
    PLATFORMS,
    DutyRule,
    EditorialOnlyRule,
    EmbargoRule,
    ExpiryRule,
    PlatformRule,
    RestrictionSet,
    TerritoryRule,
    WithheldRule,
)

ODRL = "http://www.w3.org/ns/odrl/2/"
W3C_CONTEXT_URL = "https://www.w3.org/ns/odrl.jsonld"
W3C_CONTEXT_FILE = Path(__file__).with_name("odrl-context.jsonld")
RIGHTSML_PROFILE = "https://iptc.org/std/RightsML/odrl-profile/"
COUNTRY = "http://cvx.iptc.org/iso3166-1a2/"
VOCAB = "urn:clipwire:rights:"
PURPOSES = {use: f"{VOCAB}purpose:{use}" for use in ("editorial", "commercial")}
CHANNELS = {platform: f"{VOCAB}channel:{platform}" for platform in PLATFORMS}

# Every entry as the W3C context defines it (tests/rights/test_odrl_context.py compares them):
# only what a policy uses, so a reader sees the whole vocabulary in a screen.
ODRL_CONTEXT = {
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "uid": "@id",
    "type": "@type",
    "profile": {"@type": "@id", "@id": "odrl:profile"},
    "conflict": {"@type": "@vocab", "@id": "odrl:conflict"},
    "prohibit": "odrl:prohibit",
    "Offer": "odrl:Offer",
    "Set": "odrl:Set",
    "target": {"@type": "@id", "@id": "odrl:target"},
    "Party": "odrl:Party",
    "assigner": {"@type": "@id", "@id": "odrl:assigner"},
    "attributedParty": {"@type": "@id", "@id": "odrl:attributedParty"},
    "action": {"@type": "@vocab", "@id": "odrl:action"},
    "permission": {"@type": "@id", "@id": "odrl:permission"},
    "prohibition": {"@type": "@id", "@id": "odrl:prohibition"},
    "use": "odrl:use",
    "grantUse": "odrl:grantUse",
    "archive": "odrl:archive",
    "sell": "odrl:sell",
    "duty": {"@type": "@id", "@id": "odrl:duty"},
    "attribute": "odrl:attribute",
    "constraint": {"@type": "@id", "@id": "odrl:constraint"},
    "operator": {"@type": "@vocab", "@id": "odrl:operator"},
    "rightOperand": "odrl:rightOperand",
    "leftOperand": {"@type": "@vocab", "@id": "odrl:leftOperand"},
    "dateTime": "odrl:dateTime",
    "deliveryChannel": "odrl:deliveryChannel",
    "purpose": "odrl:purpose",
    "spatial": "odrl:spatial",
    "eq": "odrl:eq",
    "gteq": "odrl:gteq",
    "lt": "odrl:lt",
    "isAnyOf": "odrl:isAnyOf",
}


@cache
def w3c_context() -> dict:
    """The W3C ODRL context document (a copy of W3C_CONTEXT_URL), for an endpoint that serves
    it at a URL of ours or a client that expands policies offline."""
    return json.loads(W3C_CONTEXT_FILE.read_text(encoding="utf-8"))


HELD = "Held for release: nobody may use it until staff release it."
WITHHELD = "a check cannot know when that is, so it is withheld until the line gives instants."
UNREADABLE = "Its restrictions could not be read, so it is withheld: {error}"
DUTY_NOTES = {
    "credit": "Credit {subject} wherever the footage is used.",
    "courtesy": "Show “Courtesy of {subject}” wherever the footage is used.",
    "on_screen_credit": "Show the credit on screen wherever the footage is used.",
    "on_screen_courtesy": "Show “Courtesy” on screen wherever the footage is used.",
    "credit_visible": "The on-screen credit stays visible for at least {subject}.",
}


def odrl_policy(
    restrictions: RestrictionSet | None,
    *,
    uid: str,
    target: str,
    assigner: dict | None = None,
    at: datetime | None = None,
    error: str | None = None,
) -> dict:
    """The ODRL policy of a clip whose restrictions compiled to `restrictions`, its groups
    expanded at `at` (default now). `restrictions=None` (text that does not compile, `error`
    saying why) gives a policy that permits nothing.

    An Offer when `assigner` is given (ODRL requires an Offer to name its assigner: the party
    offering the clip, as a marketplace publishes terms to buyers), else a Set."""
    at = _aware(at)
    policy = {
        "@context": ODRL_CONTEXT,
        "@type": "Offer" if assigner else "Set",
        "uid": uid,
        "profile": RIGHTSML_PROFILE,
        "conflict": "prohibit",
        "target": target,
    }
    if assigner:
        policy["assigner"] = _party(assigner)
    policy["dct:issued"] = _instant(at)
    if restrictions is None:
        reason = UNREADABLE.format(error=error or "unknown error")
        policy["dct:description"] = reason
        policy["prohibition"] = [{"action": "use", "rdfs:comment": reason}]
        return policy
    policy["dct:description"] = restrictions.text()
    remarks = list(restrictions.warnings)
    permission, prohibitions = _rules(restrictions, at, remarks)
    if remarks:
        policy["rdfs:comment"] = remarks
    policy["permission"] = [permission]
    if prohibitions:
        policy["prohibition"] = prohibitions
    return policy


def _rules(restrictions: RestrictionSet, at: datetime, remarks: list) -> tuple[dict, list]:
    """(the permission, the prohibitions), in the rules' order; `remarks` gets a line per
    group expanded."""
    constraints, duties, prohibitions = [], [], []
    if restrictions.held:
        prohibitions.append({"action": "use", "rdfs:comment": HELD})
    for rule in restrictions.rules:
        if isinstance(rule, TerritoryRule):
            constraint = _spatial(rule, at, remarks)
            if rule.effect == "allow":
                constraints.append(constraint)
            else:
                prohibitions.append(_prohibit("use", rule, constraint))
        elif isinstance(rule, EmbargoRule):
            constraints.append(_embargo(rule))
        elif isinstance(rule, ExpiryRule):
            constraints.append(_expiry(rule))
        elif isinstance(rule, WithheldRule):
            prohibitions.append({"action": "use", "rdfs:comment": f"{rule.text()}: {WITHHELD}"})
        elif isinstance(rule, EditorialOnlyRule):
            constraints.append(_editorial(rule))
        elif isinstance(rule, DutyRule):
            if rule.kind == "no_archive":
                prohibitions.append(_prohibit("archive", rule))
            elif rule.kind == "no_resale":
                prohibitions.append(_prohibit("sell", rule))
                prohibitions.append(_prohibit("grantUse", rule))
            elif rule.kind in ("max_length", "keep_logo", "archive_limit"):
                # ODRL has no term for how much of the footage is used: said, not encoded.
                remarks.append(f"{rule.text()}: a duty ODRL has no term for.")
            else:
                duties.append(_attribution(rule))
    # Platforms are one set on the RestrictionSet, whatever the sentences that named them.
    if restrictions.denied_platforms:
        prohibitions.append(_channels(restrictions))
    permission = {"action": "use"}
    if constraints:
        permission["constraint"] = constraints
    if duties:
        permission["duty"] = duties
    return permission, prohibitions


def _prohibit(action: str, rule, constraint: dict | None = None) -> dict:
    prohibition = {"action": action}
    if constraint is not None:
        prohibition["constraint"] = [constraint]
    prohibition["rdfs:comment"] = rule.text()
    return prohibition


def _spatial(rule: TerritoryRule, at: datetime, remarks: list) -> dict:
    """`spatial isAnyOf` every country the rule's places hold at `at`; a group's expansion is
    noted on the constraint and, with its source, in the policy's remarks."""
    codes, notes = set(), []
    for place in rule.places:
        members = load().members(place, at, rule.effect)
        codes.update(members)
        if place.kind == "group":
            note = _expansion_note(place, members, at)
            notes.append(note)
            remarks.append(f"{note} Source: {load().groups[place.key].source}")
    return {
        "leftOperand": "spatial",
        "operator": "isAnyOf",
        "rightOperand": [{"@id": iri} for iri in _country_iris(frozenset(codes))],
        "rdfs:comment": " ".join([f"{rule.text()}.", *notes]),
    }


@lru_cache(maxsize=256)
def _country_iris(codes: frozenset[str]) -> tuple[str, ...]:
    """Sorted IRIs of a set of codes; a catalogue repeats a few sets (EU, Europe, CN…)."""
    return tuple(COUNTRY + code for code in sorted(codes))


def _expansion_note(place: Place, members: frozenset[str], at: datetime) -> str:
    listed = ", ".join(sorted(members)) or "none"
    return (
        f"{place.name} is expanded to the {len(members)} territories it holds on "
        f"{_instant(at)['@value']}: {listed}. Its membership can change; ask for the policy "
        "again to have the current one."
    )


def _embargo(rule: EmbargoRule) -> dict:
    return {
        "leftOperand": "dateTime",
        "operator": "gteq",
        "rightOperand": _instant(rule.until),
        "rdfs:comment": rule.text(),
    }


def _expiry(rule: ExpiryRule) -> dict:
    return {
        "leftOperand": "dateTime",
        "operator": "lt",
        "rightOperand": _instant(rule.until),
        "rdfs:comment": rule.text(),
    }


def _editorial(rule: EditorialOnlyRule) -> dict:
    return {
        "leftOperand": "purpose",
        "operator": "eq",
        "rightOperand": {"@id": PURPOSES["editorial"]},
        "rdfs:comment": f"{rule.text()}: no commercial use.",
    }


def _channels(restrictions: RestrictionSet) -> dict:
    denied = sorted(restrictions.denied_platforms)
    sentences = [rule.text() for rule in restrictions.rules if isinstance(rule, PlatformRule)]
    return {
        "action": "use",
        "constraint": [
            {
                "leftOperand": "deliveryChannel",
                "operator": "isAnyOf",
                "rightOperand": [{"@id": CHANNELS[platform]} for platform in denied],
            }
        ],
        "rdfs:comment": ". ".join(sentences),
    }


def _attribution(rule: DutyRule) -> dict:
    """A credit or courtesy line: the `attribute` duty, naming whom to credit (when it does).
    ODRL has no action for a courtesy line as such; it is an attribution worded "Courtesy of
    …"; on screen, and for how long, is said in its comment."""
    duty = {"action": "attribute"}
    if rule.subject and rule.kind != "credit_visible":
        duty["attributedParty"] = {"@type": "Party", "vcard:fn": rule.subject}
    note = DUTY_NOTES[rule.kind].format(subject=rule.subject)
    duty["rdfs:comment"] = f"{rule.text()}. {note}"
    return duty


def _party(assigner: dict) -> dict:
    """The caller's {"uid": IRI, "name": …} as an ODRL Party; the name as vCard's `fn`, the
    term ODRL's own examples use for a party's name."""
    party = {"@type": "Party"}
    if assigner.get("uid"):
        party["uid"] = str(assigner["uid"])
    if assigner.get("name"):
        party["vcard:fn"] = str(assigner["name"])
    return party


def _instant(moment: datetime) -> dict:
    text = moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return {"@value": text, "@type": "xsd:dateTime"}


def _aware(at: datetime | None) -> datetime:
    if at is None:
        return datetime.now(UTC)
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
