"""Score the restriction language against a corpus of real-world wire-agency phrasings.

    .venv/bin/python bench/rights_corpus.py [path] [--wrong] [--unreadable]

The corpus (tests/rights/agency_corpus.toml by default) is data: each [[line]] has a `text`, a
`family`, a `source` (the agency style it imitates) and `cases`, each a territory (ISO code),
optionally `at` (ISO 8601 with an offset), `use`, `platform`, `client = true` (a line naming a
buyer, checked with no buyer) and the expected `allowed`. Expected decisions follow the product's
rule: the most restrictive reading wins, and never a silent allow.

A case's decision is compile_restrictions(text).check(territory, at=, use=, platform=); a text
that raises RestrictionError is refused ("withheld") for every case, as the product does.

Prints:
- lines, cases, and the % of cases decided as expected (overall, without the client cases, and
  the client cases apart);
- per family: lines, unreadable lines, cases, % right;
- the UNSAFE cases (expected refused, got allowed), each with its text and case;
- with --wrong, every other wrong case (expected allowed, got refused), and why;
- the unreadable lines per family and the engine's reasons, most common first (with
  --unreadable, every unreadable line and its error).

Figures are printed, not asserted: the exit status is 0 whatever the score.
"""

import os
import re
import sys
import tomllib
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ.setdefault("DEBUG", "1")  # no SECRET_KEY needed: nothing here signs anything

DEFAULT = ROOT / "tests" / "rights" / "agency_corpus.toml"
CASE_KEYS = {"territory", "at", "use", "platform", "allowed", "client", "note"}
LINE_KEYS = {"text", "family", "source", "cases", "note"}


def load_corpus(path: Path) -> list[dict]:
    """The [[line]] tables, checked for shape: a malformed corpus is a bug in the data."""
    with path.open("rb") as handle:
        lines = tomllib.load(handle).get("line", [])
    problems = []
    for number, line in enumerate(lines, 1):
        where = f"line {number} ({line.get('text', '?')!r})"
        if extra := set(line) - LINE_KEYS:
            problems.append(f"{where}: unknown keys {sorted(extra)}")
        if not {"text", "family", "source", "cases"} <= set(line):
            problems.append(f"{where}: needs text, family, source and cases")
            continue
        for case in line["cases"]:
            if extra := set(case) - CASE_KEYS:
                problems.append(f"{where}: unknown case keys {sorted(extra)}")
            if "territory" not in case or not isinstance(case.get("allowed"), bool):
                problems.append(f"{where}: a case needs territory and allowed: {case}")
            if "at" in case:
                at = datetime.fromisoformat(case["at"])
                if at.tzinfo is None:
                    problems.append(f"{where}: `at` needs an offset: {case['at']}")
    if problems:
        sys.exit("corpus is malformed:\n  " + "\n  ".join(problems))
    return lines


def describe(case: dict) -> str:
    parts = [case["territory"]]
    for key in ("at", "use", "platform"):
        if key in case:
            parts.append(f"{key}={case[key]}")
    if case.get("client"):
        parts.append("client")
    parts.append("expect " + ("allowed" if case["allowed"] else "refused"))
    return ", ".join(parts)


def shape(problem: str) -> str:
    """An error message with its quoted specifics removed, so like errors group together."""
    return re.sub(r"“[^”]*”", "“…”", problem)


def score(lines: list[dict]):
    from rights import RestrictionError, compile_restrictions

    results = []  # (line, case, expected, got, why)
    unreadable = []  # (line, problem)
    for line in lines:
        try:
            rules, error = compile_restrictions(line["text"]), None
        except RestrictionError as caught:
            rules, error = None, caught
            unreadable.append((line, getattr(caught, "problem", str(caught))))
        for case in line["cases"]:
            if rules is None:
                got, why = False, f"unreadable: {getattr(error, 'problem', error)}"
            else:
                at = datetime.fromisoformat(case["at"]) if "at" in case else None
                decision = rules.check(
                    case["territory"], at=at, use=case.get("use"), platform=case.get("platform")
                )
                got, why = decision.allowed, "; ".join(decision.reasons) or "(no reason)"
            results.append((line, case, case["allowed"], got, why))
    return results, unreadable


def percent(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}%" if total else "   - "


def report(path: Path, lines: list[dict], results, unreadable, show_wrong, show_unreadable):
    right = sum(expected == got for _l, _c, expected, got, _w in results)
    plain = [r for r in results if not r[1].get("client")]
    client = [r for r in results if r[1].get("client")]
    print(f"corpus: {path}")
    print(f"lines: {len(lines)}   cases: {len(results)}   unreadable lines: {len(unreadable)}")
    print(f"cases right: {right}/{len(results)} = {percent(right, len(results))}")
    for label, subset in (("without client cases", plain), ("client cases only", client)):
        ok = sum(expected == got for _l, _c, expected, got, _w in subset)
        print(f"  {label:<22} {ok}/{len(subset)} = {percent(ok, len(subset))}")

    families: dict[str, list] = defaultdict(list)
    for result in results:
        families[result[0]["family"]].append(result)
    lines_in = Counter(line["family"] for line in lines)
    unreadable_in = Counter(line["family"] for line, _problem in unreadable)
    print(f"\n{'family':<14}{'lines':>6}{'unread':>8}{'cases':>7}{'right':>8}")
    for family in sorted(families):
        subset = families[family]
        ok = sum(expected == got for _l, _c, expected, got, _w in subset)
        print(
            f"{family:<14}{lines_in[family]:>6}{unreadable_in[family]:>8}"
            f"{len(subset):>7}{percent(ok, len(subset)):>8}"
        )

    unsafe = [r for r in results if not r[2] and r[3]]
    print(f"\nUNSAFE cases (expected refused, got allowed): {len(unsafe)}")
    for line, case, _expected, _got, why in unsafe:
        print(f"  [{line['family']}] {line['text']!r}\n      {describe(case)}   engine: {why}")

    if show_wrong:
        refused = [r for r in results if r[2] and not r[3]]
        print(f"\nover-refused cases (expected allowed, got refused): {len(refused)}")
        for line, case, _expected, _got, why in refused:
            print(f"  [{line['family']}] {line['text']!r}\n      {describe(case)}   engine: {why}")

    print(f"\nunreadable lines: {len(unreadable)}, by reason (most common first)")
    for problem, count in Counter(shape(p) for _l, p in unreadable).most_common():
        print(f"  {count:>4}  {problem}")
    if show_unreadable:
        print()
        for line, problem in unreadable:
            print(f"  [{line['family']}] {line['text']!r}\n      {problem}")


def main(argv: list[str]) -> None:
    flags = {arg for arg in argv if arg.startswith("--")}
    paths = [arg for arg in argv if not arg.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT
    import django

    django.setup()
    lines = load_corpus(path)
    results, unreadable = score(lines)
    report(path, lines, results, unreadable, "--wrong" in flags, "--unreadable" in flags)


if __name__ == "__main__":
    main(sys.argv[1:])
