"""Check restriction texts in bulk: JSON lines in, one JSON line out per input line.

    echo '{"text": "No access Chinese mainland", "territory": "CN"}' | manage.py restriction_check
    {"allowed": false, "reasons": ["No access in Chinese mainland (CN)"], "duties": [], ...}

Each input is {"text", "territory", "at"?, "use"?, "platform"?}. A line that cannot be checked
(bad JSON, unreadable text, a bad "at", "use" or "platform") gets {"error": "..."} and the run
goes on; the exit status is 1 when any line had an error, so a catalogue audit can fail a job.
"""

import json
import sys
from datetime import datetime

from django.core.management.base import BaseCommand

from rights import RestrictionError, compile_restrictions


def check_line(line: str) -> dict:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return {"error": f"Not JSON: {error}"}
    if not isinstance(item, dict):
        return {"error": "Each line must be a JSON object with “text” and “territory”."}
    missing = [key for key in ("text", "territory") if key not in item]
    if missing:
        return {"error": f"Missing {' and '.join(missing)}."}
    if not isinstance(item["text"], str) or not isinstance(item["territory"], (str, type(None))):
        return {"error": "“text” must be a string and “territory” a string or null."}
    at = item.get("at")
    try:
        if at is not None:
            at = datetime.fromisoformat(str(at))
        rules = compile_restrictions(item["text"])
        decision = rules.check(
            item["territory"], at=at, use=item.get("use"), platform=item.get("platform")
        )
    except RestrictionError as error:
        return {"error": str(error)}
    except ValueError as error:
        return {"error": f"Bad input: {error}"}
    return decision.as_dict()


class Command(BaseCommand):
    help = "Read JSON lines of restriction checks on stdin; write one JSON line per input."

    def handle(self, *args, **options):
        failed = False
        for line in sys.stdin:
            if not line.strip():
                continue
            result = check_line(line)
            failed = failed or "error" in result
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        if failed:
            sys.exit(1)
