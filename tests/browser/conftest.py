"""Real Chromium (Debian's `chromium`) driven by Playwright against pytest-django's live server.

Without a Chromium these tests are skipped with one line in the report header; CI sets
REQUIRE_BROWSER=1, which turns a missing browser or axe-core into an error instead.
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", ROOT / "artifacts" / "browser"))
AXE = Path(os.environ.get("AXE_PATH", ROOT / "node_modules" / "axe-core" / "axe.min.js"))
REQUIRED = os.environ.get("REQUIRE_BROWSER") == "1"
# The live server runs in a thread of the test process; Django refuses ORM calls made from
# Playwright's event loop thread unless told it is safe (it is: each call is synchronous).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def find_chromium() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser", "google-chrome"]
    for candidate in filter(None, candidates):
        found = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
        if found:
            return found
    return None


CHROMIUM = find_chromium()
MISSING = "no Chromium found (apt install chromium, or set CHROMIUM_PATH)"


def pytest_report_header(config):
    if CHROMIUM:
        return f"browser tests: {CHROMIUM}; axe-core: {AXE if AXE.is_file() else 'missing'}"
    return f"browser tests: skipped, {MISSING}"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if REQUIRED:
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but {MISSING}")
    skip = pytest.mark.skip(reason=MISSING)
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def axe_source():
    if not AXE.is_file():
        if REQUIRED:
            pytest.fail(f"REQUIRE_BROWSER=1 but axe-core is not at {AXE} (npm install axe-core)")
        pytest.skip(f"axe-core not found at {AXE} (npm install --no-save axe-core)")
    return AXE.read_text()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def pytest_terminal_summary(terminalreporter):
    if not CHROMIUM:
        terminalreporter.write_line(f"Browser tests skipped: {MISSING}.", yellow=True)
