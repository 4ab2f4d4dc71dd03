"""The agency corpus (agency_corpus.toml: real-world phrasings in the styles of AP, Reuters,
RTVE, EBU, Storyful, AFPTV and the EU short-extract rules, each with expected decisions): the
engine never allows what a line refuses, and stays at least as right as it is now.
`python bench/rights_corpus.py --wrong --unreadable` prints the score and every miss."""

import tomllib
from datetime import datetime
from pathlib import Path

from rights import RestrictionError, compile_restrictions

CORPUS = Path(__file__).with_name("agency_corpus.toml")
# The share of cases decided as expected when this floor was set (issue 22's target is 98%);
# raise it as the engine reads more, never lower it to let a change through.
FLOOR = 0.98


def decisions():
    """(text, case, expected, got) for every case of every line; unreadable text is refused,
    as the product withholds it."""
    lines = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["line"]
    for line in lines:
        try:
            rules = compile_restrictions(line["text"])
        except RestrictionError:
            rules = None
        for case in line["cases"]:
            got = False
            if rules is not None:
                at = datetime.fromisoformat(case["at"]) if "at" in case else None
                got = rules.check(
                    case["territory"], at=at, use=case.get("use"), platform=case.get("platform")
                ).allowed
            yield line["text"], case, case["allowed"], got


def test_no_line_is_allowed_where_it_refuses():
    unsafe = [(text, case) for text, case, expected, got in decisions() if got and not expected]
    assert unsafe == []


def test_the_corpus_is_read_at_least_as_well_as_before():
    results = list(decisions())
    right = sum(expected == got for _, _, expected, got in results)
    assert len(results) >= 800
    assert right / len(results) >= FLOOR, f"{right}/{len(results)} right"
