"""What the catalog stores so SQL can make the same territory decision as
RestrictionSet.check(): per code, the intervals in which it is allowed or denied."""

from dataclasses import dataclass, field

from rights.registry import load


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


def territory_scope(rules) -> TerritoryScope:
    """The scope of a set's territory rules."""
    registry = load()
    if not rules:
        return TerritoryScope("none")
    denied: dict = {}
    allowed = None
    for rule in rules:
        spans: dict = {}
        for place in rule.places:
            for code, span in registry.intervals(place, rule.effect).items():
                spans.setdefault(code, []).append(span)
        if rule.effect == "deny":
            for code, code_spans in spans.items():
                denied.setdefault(code, []).extend(code_spans)
        else:
            allowed = spans if allowed is None else _intersect(allowed, spans)
    if allowed is None:
        return TerritoryScope("deny", denied=denied)
    return TerritoryScope("allow", allowed=allowed, denied=denied)
