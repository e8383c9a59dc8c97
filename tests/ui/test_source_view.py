"""The source view (/bron/{id}): a readable page at the highlighted quote, a PDF in pdf.js at its page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.config import Settings
from tests.conftest import served
from tests.ui.conftest import DESKTOP, PHONE, axe_violations, screenshot

PARAGRAPHS = [
    "Dit rapport beschrijft hoe de regio Zuiderveen dakloosheid aanpakt.",
    "Wonen eerst betekent dat iemand zonder woning direct een eigen huis krijgt, met begeleiding erbij.",
    "De gemeente werkt daarbij samen met drie woningcorporaties en twee zorgaanbieders.",
    "Iedere bewoner heeft een huurcontract op eigen naam en kiest zelf welke ondersteuning past.",
    "De begeleiding stopt niet wanneer het even slecht gaat; zij duurt zolang als nodig is.",
    "Jaarlijks worden de resultaten besproken met bewoners, corporaties en zorgaanbieders.",
]
QUOTE = "De gemeente werkt daarbij samen met drie woningcorporaties en twee zorgaanbieders."


def write_report_pdf(path: Path) -> Path:
    """A four-page report; page 3 holds QUOTE among running paragraphs."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Regionaal plan wonen eerst Zuiderveen")
    for number in range(1, 5):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        heading = ["Inleiding", "Aanpak", "Samenwerking", "Resultaten"][number - 1]
        pdf.multi_cell(0, 9, f"{number}. {heading}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        for paragraph in PARAGRAPHS if number == 3 else PARAGRAPHS[:2] + PARAGRAPHS[4:]:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def source_settings(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path) -> Settings:
    from assistant.ingest.pipeline import run_ingest
    from tests.conftest import copy_fixture_corpus, make_settings

    settings = make_settings(tmp_path_factory.mktemp("bron"), embedding_cache)
    copy_fixture_corpus(settings.corpus_dir, ["00_hfnl-principes-van-housing-first.md"])
    write_report_pdf(settings.corpus_dir / "regionaal-plan-zuiderveen.pdf")
    (settings.corpus_dir / "regionaal-plan-zuiderveen.pdf.yaml").write_text(
        "publisher: Gemeente Zuiderveen\ndate: '2025-03-01'\n", encoding="utf-8"
    )
    (settings.corpus_dir / "notitie.txt").write_text(
        "Notitie over opvang.\n\n<script>alert(1)</script> Een korte notitie over nachtopvang in de winter.\n",
        encoding="utf-8",
    )
    run_ingest(settings)
    return settings


@pytest.fixture(scope="module")
def source_url(source_settings: Settings) -> Iterator[str]:
    from assistant.server import create_app

    with served(create_app(source_settings)) as url:
        yield url


def pdf_view(browser: Any, url: str, viewport: dict[str, int]) -> Any:
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(f"{url}/bron/regionaal-plan-zuiderveen?quote={QUOTE}&page=3#quote")
    page.wait_for_selector("#viewerContainer[data-shown='true'] .textLayer .highlight", timeout=30_000)
    return page


def test_a_pdf_opens_in_pdfjs_at_its_page_with_the_quote_highlighted(browser: Any, source_url: str) -> None:
    outside: list[str] = []
    # bypass_csp lets the test inject axe-core; the page's own policy is checked in the last test.
    page = browser.new_context(viewport=DESKTOP, bypass_csp=True).new_page()
    page.on("request", lambda r: None if r.url.startswith((source_url, "data:", "blob:")) else outside.append(r.url))
    page.goto(f"{source_url}/bron/regionaal-plan-zuiderveen?quote={QUOTE}&page=3#quote")
    page.wait_for_selector("#viewerContainer[data-shown='true'] .textLayer .highlight", timeout=30_000)
    highlighted = " ".join(page.locator(".textLayer .highlight").all_inner_texts())
    assert "drie woningcorporaties" in highlighted
    box = page.locator(".textLayer .highlight").first.bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"]  # scrolled to the quote
    assert page.locator(".textLayer .highlight").first.evaluate("e => e.closest('.page').dataset.pageNumber") == "3"
    assert "geel gemarkeerd" in page.inner_text("#tv-found")
    header = page.inner_text("header")
    assert "Regionaal plan wonen eerst Zuiderveen" in header and "Gemeente Zuiderveen" in header
    assert outside == []  # pdf.js comes from the app, not from a CDN
    assert axe_violations(page) == []
    screenshot(page, "source-view-pdf.png")
    page.context.close()


def test_the_pdf_view_works_on_a_phone(browser: Any, source_url: str) -> None:
    page = pdf_view(browser, source_url, PHONE)
    box = page.locator(".textLayer .highlight").first.bounding_box()
    assert 0 <= box["y"] < PHONE["height"] and box["x"] >= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()


def test_a_text_file_is_shown_as_escaped_text_with_its_quote(browser: Any, source_url: str) -> None:
    dialogs: list[str] = []
    page = browser.new_context(viewport=DESKTOP, bypass_csp=True).new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{source_url}/bron/notitie?quote=Een korte notitie over nachtopvang in de winter.#quote")
    assert "nachtopvang" in page.inner_text("mark#quote")
    assert "<script>" in page.inner_text("main")
    assert dialogs == []
    assert axe_violations(page) == []
    page.context.close()


def test_the_source_view_answers_404_for_an_unknown_document_and_runs_no_script(source_settings: Settings) -> None:
    from assistant.server import create_app

    client = TestClient(create_app(source_settings))
    assert client.get("/bron/bestaat-niet").status_code == 404
    page = client.get("/bron/00_hfnl-principes-van-housing-first", params={"quote": "Housing First benadrukt"})
    assert page.status_code == 200
    assert "script-src" not in page.headers["content-security-policy"]  # no script may run on a Markdown page
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "<html lang='nl'>" in page.text
    pdf = client.get("/bron/regionaal-plan-zuiderveen", params={"quote": QUOTE, "page": 3})
    assert "/static/thuisvraag/pdf-view.mjs" in pdf.text and "data-page='3'" in pdf.text
    assert client.get("/static/pdfjs/build/pdf.mjs").status_code == 200
    assert client.get("/static/pdfjs/../package.json").status_code == 404
