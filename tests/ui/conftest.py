"""Browser fixtures: Debian's Chromium driven by Playwright (never a downloaded browser), apps on loopback ports."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from tests.conftest import served

playwright_api = pytest.importorskip("playwright.sync_api")
ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ADMIN_TOKEN = "browser-beheer-456"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed (make test installs it)"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def base_url(app: FastAPI) -> Iterator[str]:
    """The session's app (over the fixture index) on one loopback port, shared by the browser tests."""
    with served(app) as url:
        yield url


def open_app(browser: Any, url: str, viewport: dict[str, int] = DESKTOP, **context: Any) -> Any:
    """A new browser context on the app, waiting until the question box is there; records outside requests."""
    page = browser.new_context(viewport=viewport, accept_downloads=True, **context).new_page()
    page.external_requests = []
    page.on(
        "request",
        lambda request: (
            page.external_requests.append(request.url) if not request.url.startswith((url, "data:", "blob:")) else None
        ),
    )
    page.goto(url, wait_until="load")
    page.wait_for_selector("#tv-question textarea", timeout=30_000)
    return page


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    page = open_app(browser, base_url)
    yield page
    page.context.close()


def ask(page: Any, question: str) -> None:
    """Ask in the chat and wait until this answer (the next bot message) is shown."""
    before = page.locator("#tv-chat [data-testid='bot']").count()
    page.fill("#tv-question textarea", question)
    page.click("#tv-send")
    page.wait_for_function(
        f"document.querySelectorAll('#tv-chat [data-testid=\"bot\"]').length > {before}", timeout=30_000
    )
    settled(page)


def settled(page: Any) -> None:
    """Wait until Gradio has finished updating the page (its updating blocks are faded out until then)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.block')].every(b => getComputedStyle(b).opacity === '1')"
        " && !document.querySelector('.pending')",
        timeout=30_000,
    )
    page.wait_for_timeout(200)


def screenshot(page: Any, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


def axe_violations(page: Any, every_impact: bool = False) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page (axe from node_modules, injected, never fetched)."""
    assert AXE.is_file(), "axe-core is missing: run `make test` (npm ci) first"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, { resultTypes: ['violations'] });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
            }));
        }"""
    )
    return [v for v in violations if every_impact or v["impact"] in ("serious", "critical")]


def bot_messages(page: Any) -> Any:
    return page.locator("#tv-chat [data-testid='bot']")


@pytest.fixture(scope="session")
def admin_url(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path) -> Iterator[str]:
    """An app with an admin token, over an index of its own that tests may add to (served as `assistant serve`)."""
    from assistant.ingest.pipeline import run_ingest
    from assistant.server import create_app
    from tests.conftest import copy_fixture_corpus, make_settings

    settings = make_settings(tmp_path_factory.mktemp("beheer"), embedding_cache, admin_token=ADMIN_TOKEN)
    copy_fixture_corpus(settings.corpus_dir, ["00_hfnl-principes-van-housing-first.md"])
    run_ingest(settings)
    # As `assistant serve` runs it: the web page is built after the server is up.
    with served(create_app(settings, ui="background"), until_page=True) as url:
        yield url
