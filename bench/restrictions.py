"""Benchmark the restriction language on one core: checks per second, compiling, bulk audits.

    make bench-rights               # BENCH_CHECKS=200000 BENCH_TEXTS=10000 by default

Prints, against floors measured in the same run:
- decisions per second of RestrictionSet.check() for 64 compiled sets drawn from realistic
  texts, with random territories (uniform over every ISO code, plus None), uses and platforms,
  at "now" and at random instants 2019-2028 (across the GB/EU boundary and the embargoes);
- the time to compile BENCH_TEXTS distinct texts like "No access Chile, Fiji" (pairs and
  triples of territory names, compile cache cleared first);
- a bulk audit: each of the 64 sets checked for every ISO territory, and the same through
  `restriction_check`'s line handler (JSON in, JSON out), cold each run: fresh sets and an
  empty compile cache.

Targets (the issue): 500,000 checks per second; 10,000 texts compiled in at most 1 s.
No database is touched; Django settings are loaded only because territory names come from
django-countries, which reads them. Figures are printed, not asserted.
"""

import json
import os
import platform
import random
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")  # no SECRET_KEY needed: nothing here signs anything

CHECKS = int(os.environ.get("BENCH_CHECKS", "200000"))
TEXTS = int(os.environ.get("BENCH_TEXTS", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SEED = 20261127

# Phrases as wire agencies write them; {} is one to three territory or group names.
PHRASES = [
    "No access {}",
    "No access {}",
    "{} out",
    "Worldwide excluding {}",
    "{} only",
    "Access {} only",
    "Only available in {}",
    "No access outside {}",
    "No access EU",
    "Access EU only",
    "Access Europe only",
    "No access Europe",
    "Embargo until 2026-12-01 09:00 UTC",
    "Embargo until 25 December 2026 09:00 GMT",
    "Embargoed until 2027-01-15 00:00 Europe/London",
    "Embargo until 2020-01-31 23:00 GMT",
    "Editorial use only",
    "Broadcast only",
    "Online only",
    "No social media",
    "No access online or mobile",
    "Must credit Reuters",
    "Mandatory credit: NASA",
    "No archive",
    "No resale",
    "Hold for release",
    "Part: No access {}",
]
NAMES = [
    *("France", "Germany", "USA", "Chinese mainland", "Hong Kong", "Japan", "India", "UK"),
    *("Australia", "Canada", "Brazil", "Russia", "Iran", "Israel", "South Africa", "Mexico"),
    *("EU", "Europe", "Asia", "Africa", "Americas", "GCC", "Nordics", "Greater China"),
    *("Middle East", "Latin America", "North America", "Oceania"),
]


def realistic_texts(rng: random.Random, count: int) -> list[str]:
    texts: set[str] = set()
    while len(texts) < count:
        sentences = []
        for phrase in rng.sample(PHRASES, rng.randint(1, 4)):
            names = ", ".join(rng.sample(NAMES, rng.randint(1, 3)))
            sentences.append(phrase.format(names))
        texts.add(". ".join(sentences))
    return sorted(texts)


def best(run, runs=RUNS) -> float:
    """The fastest of `runs` timings of run(), in seconds: the least disturbed by the machine."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>12,.0f}/s  ({seconds / count * 1e6:7.3f} µs each)"


def main():
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, and always the same
    import django

    django.setup()
    from rights import RestrictionError, compile_restrictions
    from rights.management.commands.restriction_check import check_line
    from rights.registry import load

    registry = load()
    codes = sorted(registry.codes)
    rng = random.Random(SEED)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs "
        f"(pinned to one); Python {platform.python_version()} ({platform.python_implementation()})"
    )

    texts, sets = [], []
    for text in realistic_texts(rng, 400):
        try:
            sets.append(compile_restrictions(text))
        except RestrictionError:
            continue  # a random combination may not read ("Worldwide excluding EU only")
        texts.append(text)
        if len(sets) == 64:
            break
    assert len(sets) == 64, len(sets)
    territories = [*codes, None]
    uses, platforms = (None, "editorial", "commercial"), (None, "broadcast", "digital", "social")
    start = datetime(2019, 1, 1, tzinfo=UTC)
    span = (datetime(2028, 1, 1, tzinfo=UTC) - start).total_seconds()
    calls = [
        (
            rng.choice(sets),
            rng.choice(territories),
            rng.choice(uses),
            rng.choice(platforms),
            start + timedelta(seconds=rng.uniform(0, span)),
        )
        for _ in range(CHECKS)
    ]
    keys = [(id(rules), territory, use, platform_) for rules, territory, use, platform_, _ in calls]
    table = dict.fromkeys(keys, True)

    def floor_lookup():
        for key in keys:
            table[key]

    class Bare:
        def check(self, territory, at=None, use=None, platform=None):
            return table

    bare = Bare()

    def floor_call():
        for _rules, territory, use, platform_, _at in calls:
            bare.check(territory, use=use, platform=platform_)

    def checks_now():
        for rules, territory, use, platform_, _at in calls:
            rules.check(territory, use=use, platform=platform_)

    def checks_at():
        for rules, territory, use, platform_, at in calls:
            rules.check(territory, at=at, use=use, platform=platform_)

    checks_now()  # warm up whatever the sets cache
    print(f"\ncheck(): {CHECKS:,} calls over 64 sets, {len(territories)} territories (incl. None)")
    print(f"  floor, dict lookup     {rate(CHECKS, best(floor_lookup))}")
    print(f"  floor, bare method     {rate(CHECKS, best(floor_call))}")
    print(f"  check(), at now        {rate(CHECKS, best(checks_now))}   target 500,000/s")
    print(f"  check(), random at     {rate(CHECKS, best(checks_at))}")

    # Compiling: distinct pairs and triples of territory names, nothing cached.
    names = [registry.name(code) for code in codes]
    distinct: dict[str, list[str]] = {}
    while len(distinct) < TEXTS:
        chosen = rng.sample(names, rng.choice((2, 3)))
        distinct["No access " + ", ".join(chosen)] = chosen
    compile_texts = sorted(distinct)
    rng.shuffle(compile_texts)
    named = [distinct[text] for text in compile_texts]
    index = {name.casefold(): code for code, name in zip(codes, names, strict=True)}

    def floor_compile():  # the names already split out: one dict lookup per name
        for chosen in named:
            [index[name.casefold()] for name in chosen]

    def compile_all():
        compile_restrictions.cache_clear()
        for text in compile_texts:
            compile_restrictions(text)

    print(f"\ncompile: {TEXTS:,} distinct texts like “{compile_texts[0]}”, cache cleared")
    print(f"  floor, split + dict    {best(floor_compile):8.3f} s")
    print(f"  compile_restrictions   {best(compile_all):8.3f} s   target 1 s")

    # Bulk audit: every set for every ISO territory, now. Each run starts cold: fresh sets (a
    # set may remember decisions) and, for the command's lines, a cleared compile cache.
    def audit():
        for rules in sets:
            fresh = replace(rules)
            for code in codes:
                fresh.check(code)

    lines = [json.dumps({"text": text, "territory": code}) for text in texts for code in codes]

    def audit_command():
        compile_restrictions.cache_clear()
        for line in lines:
            check_line(line)

    audited = len(sets) * len(codes)
    seconds = best(audit)
    print(f"\nbulk audit: 64 sets x {len(codes)} ISO territories = {audited:,} checks")
    print(f"  check() per territory  {rate(audited, seconds)}")
    print(f"  one set, every code    {seconds / len(sets) * 1e3:8.3f} ms")
    print(f"  restriction_check line {rate(len(lines), best(audit_command))}")
    compile_restrictions.cache_clear()


if __name__ == "__main__":
    main()
