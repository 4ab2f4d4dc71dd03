"""A small ODRL 2.2 evaluator for tests: it reads a policy's EXPANDED JSON-LD (full IRIs, never
our compact keys) and decides whether an action is permitted in a territory, at an instant,
for a purpose, on a delivery channel. It knows only ODRL's terms, IPTC's country IRIs and the
purpose and channel IRIs the policy module publishes, so a test comparing it with
RestrictionSet.check() proves the policy says what the checker decides.

ODRL semantics used:
- an action is permitted when some permission of it (or of an action that includes it:
  `use` includes `archive`, `grantUse`…) has every constraint satisfied, and no prohibition of
  it (or of an action including it) has every constraint satisfied; with `conflict: prohibit`
  a prohibition wins (any other conflict strategy is refused here);
- a rule without constraints always applies;
- duties (`attribute`) are obligations to fulfil, not conditions of the decision.

What the request does not state is read as the checker reads it: an unknown territory could be
anywhere, so a `spatial` constraint cannot be shown to hold in a permission and is taken to
hold in a prohibition (most restrictive). A purpose or channel the request does not ask about
does not decide anything: its constraints neither limit a permission nor trigger a
prohibition, as check(use=None, platform=None) ignores those rules.
"""

from dataclasses import dataclass, field
from datetime import datetime

ODRL = "http://www.w3.org/ns/odrl/2/"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
COUNTRY = "http://cvx.iptc.org/iso3166-1a2/"
VOCAB = "urn:clipwire:rights:"
POLICY_TYPES = {ODRL + "Set", ODRL + "Offer", ODRL + "Agreement"}
# ODRL 2.2 vocabulary: odrl:includedIn, for the actions a policy of ours uses or a test asks.
INCLUDED_IN = {
    "archive": "use",
    "grantUse": "use",
    "distribute": "use",
    "reproduce": "use",
    "display": "use",
    "sell": "transfer",
    "attribute": None,
    "use": None,
    "transfer": None,
}


class PolicyError(AssertionError):
    """The expanded policy is not one this evaluator can read."""


@dataclass
class Constraint:
    left: str
    operator: str
    values: list

    def holds(self, request: dict, in_prohibition: bool) -> bool:
        if self.left == "spatial":
            value = request["spatial"]
            if value is None:
                return in_prohibition
        elif self.left == "dateTime":
            value = request["dateTime"]
        elif self.left in ("purpose", "deliveryChannel"):
            value = request[self.left]
            if value is None:
                return not in_prohibition
        else:
            raise PolicyError(f"unknown leftOperand {self.left}")
        return self._compare(value)

    def _compare(self, value) -> bool:
        if self.operator == "isAnyOf":
            return value in self.values
        if self.operator == "eq":
            if len(self.values) != 1:
                raise PolicyError("eq takes one right operand")
            return value == self.values[0]
        if self.operator in ("gteq", "lt", "gt", "lteq"):
            (bound,) = self.values
            return {
                "gteq": value >= bound,
                "gt": value > bound,
                "lt": value < bound,
                "lteq": value <= bound,
            }[self.operator]
        raise PolicyError(f"unknown operator {self.operator}")


@dataclass
class Rule:
    actions: list[str]
    constraints: list[Constraint]
    duties: list[dict] = field(default_factory=list)

    def covers(self, action: str) -> bool:
        """Whether this rule's action is `action` or includes it."""
        while action is not None:
            if action in self.actions:
                return True
            if action not in INCLUDED_IN:
                raise PolicyError(f"unknown action {action}")
            action = INCLUDED_IN[action]
        return False

    def applies(self, request: dict, in_prohibition: bool) -> bool:
        return all(c.holds(request, in_prohibition) for c in self.constraints)


@dataclass
class Policy:
    uid: str
    types: list[str]
    permissions: list[Rule]
    prohibitions: list[Rule]
    node: dict

    def permitted(self, territory, at: datetime, use=None, platform=None, action="use") -> bool:
        request = {
            "spatial": COUNTRY + territory if territory else None,
            "dateTime": at,
            "purpose": f"{VOCAB}purpose:{use}" if use else None,
            "deliveryChannel": f"{VOCAB}channel:{platform}" if platform else None,
        }
        allowed = any(
            rule.covers(action) and rule.applies(request, in_prohibition=False)
            for rule in self.permissions
        )
        refused = any(
            rule.covers(action) and rule.applies(request, in_prohibition=True)
            for rule in self.prohibitions
        )
        return allowed and not refused

    def duties(self) -> list[dict]:
        return [duty for rule in self.permissions for duty in rule.duties]


def read_policy(expanded: list) -> Policy:
    """The one policy node in an expanded JSON-LD document."""
    nodes = [node for node in expanded if set(node.get("@type", ())) & POLICY_TYPES]
    if len(nodes) != 1:
        raise PolicyError(f"expected one policy node, found {len(nodes)}")
    node = nodes[0]
    conflict = _ids(node, "conflict")
    if conflict != [ODRL + "prohibit"]:
        raise PolicyError(f"conflict strategy {conflict} is not prohibit")
    return Policy(
        uid=node.get("@id"),
        types=node["@type"],
        permissions=[_rule(rule) for rule in node.get(ODRL + "permission", [])],
        prohibitions=[_rule(rule) for rule in node.get(ODRL + "prohibition", [])],
        node=node,
    )


def _rule(node: dict) -> Rule:
    actions = [_term(iri) for iri in _ids(node, "action")]
    if not actions:
        raise PolicyError("a rule without an action")
    constraints = [_constraint(c) for c in node.get(ODRL + "constraint", [])]
    duties = [
        {
            "action": [_term(iri) for iri in _ids(duty, "action")],
            "party": duty.get(ODRL + "attributedParty", []),
        }
        for duty in node.get(ODRL + "duty", [])
    ]
    return Rule(actions, constraints, duties)


def _constraint(node: dict) -> Constraint:
    (left,) = _ids(node, "leftOperand")
    (operator,) = _ids(node, "operator")
    values = [_value(value) for value in node.get(ODRL + "rightOperand", [])]
    return Constraint(_term(left), _term(operator), values)


def _value(value: dict):
    if "@id" in value:
        return value["@id"]
    if value.get("@type") == XSD_DATETIME:
        return datetime.fromisoformat(value["@value"].replace("Z", "+00:00"))
    raise PolicyError(f"a right operand neither an IRI nor an xsd:dateTime: {value}")


def _ids(node: dict, term: str) -> list[str]:
    return [value["@id"] for value in node.get(ODRL + term, [])]


def _term(iri: str) -> str:
    if not iri.startswith(ODRL):
        raise PolicyError(f"{iri} is not an ODRL term")
    return iri[len(ODRL) :]


def comments(node: dict) -> list[str]:
    return [value["@value"] for value in node.get(RDFS_COMMENT, [])]


class NetworkFetch(AssertionError):
    """A JSON-LD processor tried to load a document from the network."""


def expand_offline(document: dict, served: dict | None = None, fetched: list | None = None):
    """pyld's expansion with a document loader that fetches nothing: it serves only the
    documents in `served` (URL -> parsed JSON), records each URL asked in `fetched`, and
    fails on any other."""
    from pyld import jsonld

    def loader(url, options=None):
        if fetched is not None:
            fetched.append(url)
        if served and url in served:
            return {"contextUrl": None, "documentUrl": url, "document": served[url]}
        raise NetworkFetch(f"the policy asked for {url}")

    return jsonld.expand(document, {"documentLoader": loader})
