"""Playwright with Debian's chromium (never a downloaded browser)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API inside pytest-django

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "var" / "vendor-dev" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str):
    if os.environ.get("YG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (YG_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium")
    if not AXE.exists():
        _unavailable(f"{AXE} is missing: run tools/fetch_assets.py")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.yg_problems = []
    page.yg_requests = []
    page.on(
        "console",
        lambda msg: msg.type == "error" and page.yg_problems.append(f"console: {msg.text}"),
    )
    page.on("pageerror", lambda exc: page.yg_problems.append(f"page error: {exc}"))
    page.on("requestfailed", lambda req: page.yg_problems.append(f"failed: {req.url}"))
    page.on(
        "response",
        lambda resp: resp.status >= 400 and page.yg_problems.append(f"{resp.status}: {resp.url}"),
    )
    page.on("request", lambda req: page.yg_requests.append(req.url))
    yield page
    context.close()


def check_page(page, live_server, name: str) -> None:
    """No errors, nothing fetched from another host, no WCAG 2.1 A/AA violations; a
    screenshot (desktop and phone width) under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow, "the page scrolls sideways on a phone"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.yg_problems == []
    foreign = [u for u in page.yg_requests if not u.startswith(live_server.url)]
    assert foreign == [], "requests to other hosts"
    assert any("/static/yangguang/css/yangguang.css" in u for u in page.yg_requests)
    assert_axe_clean(page)


def assert_axe_clean(page) -> None:
    """No WCAG 2.1 A/AA violations found by axe-core on the page as it is."""
    # evaluated over DevTools, not as an inline <script>: the portal's CSP forbids those
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]
    ]
    assert violations == [], violations
    assert result["passes"], "axe ran no checks"


@pytest.fixture
def check(live_server):
    """``check(page, name)``: see ``check_page``."""
    return lambda page, name: check_page(page, live_server, name)


@pytest.fixture
def axe():
    """``axe(page)``: see ``assert_axe_clean``."""
    return assert_axe_clean
