"""Benchmark odrl_policy() on one core: policies per second for typical restriction texts.

    .venv/bin/python bench/odrl.py          # BENCH_POLICIES=20000 by default

A ninjs feed page carries 100 policies (in `rightsinfo.encodedrights`, as a JSON string), so
it prints the time to build, and to build and serialise, 100. The texts are the realistic mix
of a catalogue: most have a territory rule, some a group (EU, Europe: 27 to 51 countries), an
embargo, editorial-only, a platform rule and a credit. Compiling is cached in the app
(compile_restrictions), so only the policy is timed. Figures are printed, not asserted.
"""

import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")  # no SECRET_KEY needed: nothing here signs anything

POLICIES = int(os.environ.get("BENCH_POLICIES", "20000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
TEXTS = [
    "No restrictions",
    "No access Chinese mainland",
    "No access Chinese mainland. Editorial use only. Must credit X",
    "No access India/US. Embargo until 2026-12-01 09:00 GMT",
    "UK only",
    "Access Europe only. Must credit NASA",
    "No access EU",
    "Worldwide excluding USA. Editorial use only",
    "Broadcast only; No social media; No resale; No archive",
    "Mandatory credit: CNN / No access USA",
    "Hold for release",
    "Access Asia only. No access Greater China. No social media. Must credit Reuters",
]


def main():
    import django

    django.setup()
    from rights import compile_restrictions
    from rights.odrl import odrl_policy

    sets = [compile_restrictions(text) for text in TEXTS]
    assigner = {"uid": "urn:clipwire:partner:1", "name": "Example News"}

    def build(count, serialise):
        started = time.perf_counter()
        for i in range(count):
            policy = odrl_policy(
                sets[i % len(sets)],
                uid=f"urn:clipwire:asset:{i}:policy:1",
                target=f"urn:clipwire:asset:{i}",
                assigner=assigner,
                at=datetime.now(UTC),
            )
            if serialise:
                json.dumps(policy)
        return time.perf_counter() - started

    build(500, True)  # warm the caches (registry, compiled sets, IRIs)
    print(f"odrl_policy() on {platform.python_implementation()} {platform.python_version()}")
    for serialise in (False, True):
        best = min(build(POLICIES, serialise) for _ in range(RUNS))
        label = "built and JSON-encoded" if serialise else "built"
        print(
            f"  {label}: {POLICIES / best:,.0f} policies/s; "
            f"a feed page of 100: {best / POLICIES * 100 * 1000:.2f} ms"
        )
    sizes = [len(json.dumps(odrl_policy(s, uid="urn:p", target="urn:t"))) for s in sets]
    print(
        f"  JSON size: {min(sizes):,} to {max(sizes):,} bytes (mean {sum(sizes) // len(sizes):,})"
    )


if __name__ == "__main__":
    main()
