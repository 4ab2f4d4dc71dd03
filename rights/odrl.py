"""PLACEHOLDER for the ODRL 2.2 / RightsML export (issue 13 part 2, written on another branch).

Only the signature is the contract: the newsroom's ninjs items and /rights/ endpoint call
`odrl_policy(...)`. The lead replaces this module with the real one at merge.
"""

from datetime import datetime

ODRL = "http://www.w3.org/ns/odrl/2/"
ODRL_CONTEXT = {
    "odrl": ODRL,
    "uid": "@id",
    "Set": "odrl:Set",
    "permission": {"@id": "odrl:permission", "@container": "@set"},
    "prohibition": {"@id": "odrl:prohibition", "@container": "@set"},
    "target": {"@id": "odrl:target", "@type": "@id"},
    "action": {"@id": "odrl:action", "@type": "@vocab"},
    "use": "odrl:use",
}


def odrl_policy(
    restrictions,
    *,
    uid: str,
    target: str,
    assigner: dict | None = None,
    at: datetime | None = None,
    error: str | None = None,
) -> dict:
    """A minimal JSON-LD policy: use permitted, or prohibited when the rules are unreadable."""
    rule = {"target": target, "action": "use"}
    policy = {"@context": ODRL_CONTEXT, "@type": "Set", "uid": uid}
    if restrictions is None:
        policy["prohibition"] = [rule]
    else:
        policy["permission"] = [rule]
    return policy
