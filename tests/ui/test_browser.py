"""The web app in a real browser: Debian's Chromium driven by Playwright, the app served by uvicorn."""

from __future__ import annotations

import shutil
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from assistant.config import Settings
from tests.conftest import served

playwright_api = pytest.importorskip("playwright.sync_api")
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
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make test installs it)"
    ),
]


@pytest.fixture(scope="module")
def base_url(app: FastAPI) -> Iterator[str]:
    with served(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.external_requests = []  # type: ignore[attr-defined]
    page.on(
        "request",
        lambda request: (
            page.external_requests.append(request.url)  # type: ignore[attr-defined]
            if not request.url.startswith((base_url, "data:", "blob:"))
            else None
        ),
    )
    page.goto(base_url, wait_until="load")
    page.wait_for_selector("#tv-question textarea", timeout=30_000)
    yield page
    context.close()


def ask(page: Any, question: str) -> None:
    page.fill("#tv-question textarea", question)
    page.click("#tv-send")


def test_an_example_question_is_answered_with_its_source_in_the_panel(page: Any) -> None:
    page.click(".tv-example >> nth=0")
    page.wait_for_selector("#tv-sources .tv-source", timeout=30_000)
    assert "[1]" in page.inner_text("#tv-chat")
    source = page.inner_text("#tv-sources .tv-source >> nth=0")
    assert "Housing First" in source
    assert page.inner_text("#tv-sources mark >> nth=0").strip()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui.png"), full_page=True)
    assert page.external_requests == []  # type: ignore[attr-defined]


def test_choosing_an_audience_shows_its_example_questions(page: Any) -> None:
    page.click("#tv-audience label:has-text('Woningcorporatie')")
    page.wait_for_function("document.querySelector('.tv-example').innerText.includes('corporatie')", timeout=10_000)


def test_thumbs_down_with_a_reason_is_stored(page: Any, indexed_settings: Settings) -> None:
    ask(page, "Wat is harm reduction bij Housing First?")
    page.wait_for_selector("#tv-sources .tv-source", timeout=30_000)
    page.click("#tv-reason input")
    page.click("ul[role='listbox'] >> text=bron klopt niet")
    page.fill("#tv-comment textarea", "citaat hoort bij een ander principe")
    page.click("#tv-chat button[aria-label='Dislike']")
    page.wait_for_selector("#tv-rated:has-text('Bedankt')", timeout=10_000)
    with sqlite3.connect(indexed_settings.feedback_path) as db:
        row = db.execute(
            "SELECT f.rating, f.reason, f.comment, a.question FROM feedback f JOIN answers a USING (answer_id)"
            " ORDER BY f.id DESC LIMIT 1"
        ).fetchone()
    assert row == (
        "down",
        "bron klopt niet",
        "citaat hoort bij een ander principe",
        "Wat is harm reduction bij Housing First?",
    )


def test_a_script_in_a_question_is_shown_as_text_and_never_runs(page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    ask(page, "<script>alert(1)</script><img src=x onerror=alert(2)> Wat is Housing First?")
    page.wait_for_function("document.querySelector('#tv-chat').innerText.includes('<script>')", timeout=30_000)
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.locator("#tv-chat img[src='x']").count() == 0


def test_export_gives_the_conversation_as_markdown_with_its_sources(page: Any, tmp_path: Path) -> None:
    ask(page, "Met welke groepen mag een corporatie een tijdelijk huurcontract sluiten?")
    page.wait_for_selector("#tv-sources .tv-source", timeout=30_000)
    page.click("#tv-export")
    link = page.wait_for_selector("#tv-export-file a[download], #tv-export-file a", timeout=15_000)
    with page.expect_download() as download_info:
        link.click()
    path = tmp_path / "gesprek.md"
    download_info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Gesprek met Thuisvraag")
    assert "tijdelijk huurcontract" in text
    assert "[1]" in text and "> " in text


def test_the_kennisbank_tab_lists_the_documents(page: Any) -> None:
    page.click("button[role='tab']:has-text('Kennisbank')")
    table = page.wait_for_selector("#tv-documents table", timeout=10_000)
    assert "Besluit specifieke groepen tijdelijke huurovereenkomst" in table.inner_text()
    assert "uittreksel" in table.inner_text()


def test_serving_and_answering_open_no_outbound_connection(page: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[Any] = []
    real_connect = socket.socket.connect

    def audited(sock: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        if not (host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")):
            attempts.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", audited)
    ask(page, "Wat zijn de principes van Housing First?")
    page.wait_for_selector("#tv-sources .tv-source", timeout=30_000)
    assert attempts == []
    assert page.external_requests == []  # type: ignore[attr-defined]


def test_staff_start_an_eval_run_in_the_kwaliteit_tab_and_see_its_report(page: Any, indexed_settings: Settings) -> None:
    from tests.evaluation.test_eval_runner import write_gold

    write_gold(indexed_settings.eval_questions)
    page.click("button[role='tab']:has-text('Kwaliteit')")
    page.wait_for_selector("#tv-eval-start", timeout=10_000)
    page.click("#tv-eval-start")
    page.wait_for_selector("#tv-eval-status:has-text('Klaar: 3 vragen')", timeout=120_000)
    report = page.inner_text("#tv-eval-report")
    assert "Evaluatie: 3 vragen" in report
    assert "hit@5" in report
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "quality-tab.png"), full_page=True)
    report_page = page.context.new_page()
    report_page.goto(page.url.rstrip("/") + "/api/evals/latest/report.html")
    assert "evaluatie van de antwoordkwaliteit" in report_page.inner_text("body")
    report_page.close()
    assert page.external_requests == []  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def admin_base_url(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path) -> Iterator[str]:
    """A second app, with an admin token, over an index of its own that the test may change."""
    from assistant.ingest.pipeline import run_ingest
    from assistant.server import create_app
    from tests.conftest import copy_fixture_corpus, make_settings

    settings = make_settings(tmp_path_factory.mktemp("beheer"), embedding_cache, admin_token=ADMIN_TOKEN)
    copy_fixture_corpus(settings.corpus_dir, ["00_hfnl-principes-van-housing-first.md"])
    run_ingest(settings)
    # As `assistant serve` runs it: the web page is built after the server is up.
    with served(create_app(settings, ui="background"), until_page=True) as url:
        yield url


ADMIN_TOKEN = "browser-beheer-456"


def open_beheer(browser: Any, base_url: str, token: str) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    page.goto(base_url, wait_until="load")
    page.wait_for_selector("#tv-question textarea", timeout=30_000)
    page.click("button[role='tab']:has-text('Beheer')")
    page.fill("#tv-admin-token input", token)
    page.click("#tv-admin-login")
    return page


def test_the_beheer_tab_stays_closed_with_a_wrong_token(browser: Any, admin_base_url: str) -> None:
    page = open_beheer(browser, admin_base_url, "fout-token")
    page.wait_for_selector("#tv-admin-status:has-text('Dit token klopt niet')", timeout=10_000)
    assert not page.locator("#tv-admin-add").is_visible()
    page.context.close()


def test_staff_upload_a_pdf_in_the_beheer_tab_and_it_is_listed_and_answerable(
    browser: Any, admin_base_url: str, tmp_path: Path
) -> None:
    from tests.api.test_admin_api import QUESTION, zonnehuis_pdf

    pdf = tmp_path / "Jaarverslag Zuiderveen.pdf"
    zonnehuis_pdf(pdf, 14)
    page = open_beheer(browser, admin_base_url, ADMIN_TOKEN)
    page.wait_for_selector("#tv-admin-add", state="visible", timeout=10_000)
    page.set_input_files("#tv-admin-files input[type='file']", str(pdf))
    page.fill("#tv-admin-publisher textarea, #tv-admin-publisher input", "Gemeente Zuiderveen")
    page.wait_for_timeout(500)
    page.click("#tv-admin-add")
    page.wait_for_selector("#tv-admin-results:has-text('geïndexeerd')", timeout=120_000)
    assert "jaarverslag-zuiderveen" in page.inner_text("#tv-admin-results")
    page.wait_for_selector("#tv-admin-documents:has-text('jaarverslag-zuiderveen')", timeout=10_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "beheer-tab.png"), full_page=True)
    page.click("button[role='tab']:has-text('Vragen')")
    ask(page, QUESTION)
    page.wait_for_selector("#tv-sources .tv-source", timeout=30_000)
    assert "Gemeente Zuiderveen" in page.inner_text("#tv-sources")
    page.click("button[role='tab']:has-text('Kennisbank')")
    page.wait_for_selector("#tv-documents:has-text('Zuiderveen')", timeout=10_000)
    page.context.close()


def test_a_question_with_personal_data_is_held_until_the_user_confirms(page: Any, indexed_settings: Settings) -> None:
    question = "Mijn cliënt met BSN 111222333 zoekt beschermd wonen, wat is maatschappelijke opvang?"
    ask(page, question)
    page.wait_for_selector("#tv-privacy-warning:has-text('burgerservicenummer')", timeout=10_000)
    assert "Maatschappelijke opvang" not in page.inner_text("#tv-chat")
    with sqlite3.connect(indexed_settings.feedback_path) as db:
        assert db.execute("SELECT COUNT(*) FROM answers WHERE question = ?", (question,)).fetchone() == (0,)
    page.click("#tv-send-anyway")
    page.wait_for_function("document.querySelector('#tv-chat').innerText.includes('111222333')", timeout=30_000)
    page.wait_for_selector("#tv-privacy-warning", state="hidden", timeout=10_000)
    with sqlite3.connect(indexed_settings.feedback_path) as db:
        assert db.execute("SELECT COUNT(*) FROM answers WHERE question = ?", (question,)).fetchone() == (1,)
