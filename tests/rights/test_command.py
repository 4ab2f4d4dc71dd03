import io
import json

import pytest
from django.core.management import call_command


def run(lines, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    out = io.StringIO()
    code = 0
    try:
        call_command("restriction_check", stdout=out)
    except SystemExit as exit_:
        code = exit_.code
    return [json.loads(line) for line in out.getvalue().splitlines()], code


def test_one_json_line_out_per_input_line(monkeypatch):
    lines = [
        json.dumps({"text": "No access Chinese mainland", "territory": "CN"}),
        json.dumps({"text": "No access Chinese mainland", "territory": "HK"}),
        "",
        json.dumps(
            {
                "text": "Embargo until 2026-12-01 00:00 UTC. Editorial use only. Must credit AP",
                "territory": "GB",
                "at": "2026-11-30T12:00:00Z",
                "use": "commercial",
                "platform": "social",
            }
        ),
    ]
    results, code = run(lines, monkeypatch)
    assert code == 0
    assert results[0] == {
        "allowed": False,
        "reasons": ["No access in Chinese mainland (CN)"],
        "duties": [],
        "warnings": [],
    }
    assert results[1]["allowed"] is True
    assert results[2]["reasons"] == [
        "Embargoed until 2026-12-01 00:00 UTC",
        "Editorial use only: no commercial use",
    ]
    assert results[2]["duties"] == ["Must credit AP"]
    assert len(results) == 3


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("not json", "Not JSON"),
        ("[1, 2]", "JSON object"),
        (json.dumps({"text": "UK only"}), "Missing territory"),
        (json.dumps({"text": "Narnia out", "territory": "GB"}), "“Narnia”"),
        (json.dumps({"text": "", "territory": "GB", "at": "soon"}), "Bad input"),
        (json.dumps({"text": "", "territory": "GB", "use": "personal"}), "use must be"),
    ],
)
def test_bad_lines_get_an_error_line_and_the_run_goes_on(monkeypatch, line, error):
    good = json.dumps({"text": "UK only", "territory": "GB"})
    results, code = run([line, good], monkeypatch)
    assert code == 1
    assert error in results[0]["error"]
    assert results[1]["allowed"] is True
