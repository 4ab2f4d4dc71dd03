"""The sentences a decision gives for places a check cannot tell apart (docs/rights.md, "What the
check cannot know"): a name with several readings, or a part of a territory."""

from rights.registry import UNCERTAIN, Place, load


def deny_reason(place: Place, code: str, label: str, registry) -> str:
    """Why a deny rule's `place` refuses `code` (which it covers)."""
    if place.kind == "group" or (place.kind == "territory" and code != place.key):
        return f"No access in {label}, part of {place.name}"
    if place.kind == "territory":
        return f"No access in {label}"
    readings = registry.uncertain[place.key].readings
    if place.kind == "ambiguous":
        return f"No access in {label}: “{place.name}” can mean {readings}; every reading is denied"
    return (
        f"No access in {label}: the line denies {place.name}, a part of {readings}, and a check "
        f"cannot tell where in {readings} a use would be"
    )


def allow_reason(names: str, place: Place, label: str, registry) -> str:
    """Why an allow rule naming an uncertain `place` refuses `label`: nothing is inside it."""
    readings = registry.uncertain[place.key].readings
    if place.kind == "ambiguous":
        return f"Only available in {names}: “{place.name}” can mean {readings}"
    return f"Only available in {names}: a check cannot tell whether a use in {label} is inside it"


def uncertain_warnings(rules) -> tuple[str, ...]:
    """What a set says of the places a check cannot tell apart (per set, on every decision)."""
    registry, said = load(), []
    for rule in rules:
        for place in rule.places:
            if place.kind not in UNCERTAIN:
                continue
            found = registry.uncertain[place.key]
            if place.kind == "ambiguous" and rule.effect == "deny":
                codes = ", ".join(sorted(found.codes))
                said.append(
                    f"“{place.name}” can mean {found.readings}: every reading is denied ({codes})."
                )
            elif place.kind == "ambiguous":
                said.append(
                    f"“{place.name}” can mean {found.readings}: it is available nowhere until the "
                    "line names one territory."
                )
            elif rule.effect == "deny":
                said.append(
                    f"{place.name} is a part of {found.readings}: all of it is denied, as a check "
                    "cannot tell where in it a use would be."
                )
            else:
                said.append(
                    f"{place.name} is a part of {found.readings}: no use can be checked to be "
                    "inside it, so it is available nowhere until the line names a territory."
                )
    return tuple(said)
