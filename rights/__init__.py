"""Rights territories and the restriction language. Pure domain code: it knows territories,
rules and decisions, and nothing about assets, buyers or orders.

    >>> rules = compile_restrictions("No access Chinese mainland")
    >>> rules.check("CN").reasons
    ('No access in Chinese mainland (CN)',)
"""

from rights.errors import RestrictionError
from rights.parser import compile_restrictions
from rights.rules import PLATFORMS, USES, Decision, RestrictionSet

__all__ = [
    "PLATFORMS",
    "USES",
    "Decision",
    "RestrictionError",
    "RestrictionSet",
    "compile_restrictions",
]
