"""The staff tabs in a real browser: Kennisbank (search, filter, sort), Kwaliteit (token, comparison), Beheer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from tests.conftest import served
from tests.ui.conftest import ADMIN_TOKEN, ask, open_app, screenshot


def open_tab(page: Any, tab: str) -> None:
    page.click(f"#tv-tabs button[role='tab']:has-text('{tab}')")
    page.wait_for_selector(f"#tv-tabs button[role='tab'][aria-selected='true']:has-text('{tab}')", timeout=10_000)


def document_titles(page: Any) -> list[str]:
    return [cell.strip() for cell in page.locator("#tv-documents tbody tr td:first-child").all_inner_texts()]


def test_the_kennisbank_is_searched_filtered_and_sorted(page: Any) -> None:
    open_tab(page, "Kennisbank")
    page.wait_for_selector("#tv-documents table", timeout=10_000)
    titles = document_titles(page)
    assert "Besluit specifieke groepen tijdelijke huurovereenkomst (Stb. 2024, 152)" in titles
    assert titles == sorted(titles, key=str.lower)
    assert "uittreksel" in page.inner_text("#tv-documents")
    page.fill("#tv-documents-search input", "housing first")
    page.wait_for_function("document.querySelectorAll('#tv-documents tbody tr').length === 1", timeout=10_000)
    assert document_titles(page)[0].startswith("De principes van Housing First")
    assert "1 van 4 documenten" in page.inner_text("#tv-documents-note")
    page.fill("#tv-documents-search input", "")
    page.click("#tv-documents-kind input")
    page.click("ul[role='listbox'] >> text=Uittreksels")
    page.wait_for_function(
        "[...document.querySelectorAll('#tv-documents tbody tr')].every(r => r.innerText.includes('uittreksel'))"
        " && document.querySelectorAll('#tv-documents tbody tr').length < 4",
        timeout=10_000,
    )
    page.click("#tv-documents-kind input")
    page.click("ul[role='listbox'] >> text=Alle documenten")
    page.click("#tv-documents-sort input")
    page.click("ul[role='listbox'] >> text=Meeste passages")
    page.wait_for_timeout(800)
    counts = [int(c) for c in page.locator("#tv-documents tbody td[data-label='Passages']").all_inner_texts()]
    assert len(counts) == 4 and counts == sorted(counts, reverse=True)
    link = page.locator("#tv-documents tbody a").first.get_attribute("href")
    assert link.startswith("/bron/")


def test_starting_an_eval_run_takes_the_admin_token(page: Any) -> None:
    open_tab(page, "Kwaliteit")
    page.wait_for_selector("#tv-eval-off", timeout=10_000)  # this app has no token: runs are off
    assert page.locator("#tv-eval-start").is_disabled()
    assert "hierboven" in page.inner_text("#tv-eval-report") or "Laatste run" in page.inner_text("#tv-eval-report")


GOLD = [
    {
        "id": "k1",
        "question": "Wat betekent Housing First voor het recht op huisvesting?",
        "audience": "gemeente",
        "answerable": True,
        "gold": [
            {
                "source": "00_hfnl-principes-van-housing-first.md",
                "quote": "Housing First benadrukt het recht op huisvesting.",
            }
        ],
        "key_facts": ["huisvesting"],
        "split": "dev",
        "follow_up_of": None,
        "kind": "paraphrase",
    },
    {
        "id": "k2",
        "question": "Hoeveel Housing First-woningen heeft het Zonnehuis in Zuiderveen?",
        "audience": "corporatie",
        "answerable": True,
        "gold": [
            {
                "source": "jaarverslag-zuiderveen.pdf",
                "quote": "Het Zonnehuis in Zuiderveen telt 14 Housing First-woningen voor dakloze inwoners.",
            }
        ],
        "key_facts": ["14"],
        "split": "test",
        "follow_up_of": None,
        "kind": "number_or_name",
    },
    {
        "id": "k3",
        "question": "Hoe bak ik een appeltaart met kaneel?",
        "audience": "algemeen",
        "answerable": False,
        "gold": [],
        "key_facts": [],
        "split": "test",
        "follow_up_of": None,
        "kind": "far_domain",
    },
]


@pytest.fixture
def quality_app(tmp_path: Path, embedding_cache: Path) -> Iterator[tuple[str, Settings, Any]]:
    """An app of its own (admin token, one document, a three-question gold set) and its engine."""
    import json

    from assistant.ingest.pipeline import run_ingest
    from assistant.retrieval.engine import AnswerEngine
    from assistant.server import create_app
    from tests.conftest import copy_fixture_corpus, make_settings

    settings = make_settings(tmp_path, embedding_cache, admin_token=ADMIN_TOKEN)
    copy_fixture_corpus(settings.corpus_dir, ["00_hfnl-principes-van-housing-first.md"])
    run_ingest(settings)
    settings.eval_questions.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in GOLD) + "\n", encoding="utf-8"
    )
    engine = AnswerEngine(settings)
    with served(create_app(settings, engine)) as url:
        yield url, settings, engine
    engine.close()


def start_run(page: Any) -> None:
    """Start an eval run and wait for its 'Klaar' line (each run names its own folder)."""
    before = page.inner_text("#tv-eval-status")
    page.click("#tv-eval-start")
    page.wait_for_function(
        "old => { const t = document.querySelector('#tv-eval-status').innerText;"
        " return t.includes('Klaar') && t !== old; }",
        arg=before,
        timeout=120_000,
    )


def test_staff_compare_two_eval_runs_in_the_kwaliteit_tab(browser: Any, quality_app: Any) -> None:
    from assistant.knowledge_base import add_document
    from tests.api.test_admin_api import zonnehuis_pdf

    url, settings, engine = quality_app
    page = open_app(browser, url, {"width": 1280, "height": 1100})
    open_tab(page, "Kwaliteit")
    assert page.locator("#tv-eval-start").is_disabled()
    page.fill("#tv-eval-token input", "fout")
    page.click("#tv-eval-login")
    page.wait_for_selector("#tv-eval-signed-in:has-text('klopt niet')", timeout=10_000)
    assert page.locator("#tv-eval-start").is_disabled()
    page.fill("#tv-eval-token input", ADMIN_TOKEN)
    page.click("#tv-eval-login")
    page.wait_for_selector("#tv-eval-start:not([disabled])", timeout=10_000)
    start_run(page)
    report = page.inner_text("#tv-eval-report")
    assert "Evaluatie: 3 vragen" in report
    assert "Doelgroep: gemeente" in report and "audience:" not in report
    # The knowledge base grows between the runs: the Zuiderveen question becomes answerable.
    add_document(settings, "jaarverslag-zuiderveen.pdf", zonnehuis_pdf(settings.corpus_dir.parent / "z.pdf", 14), {})
    engine.refresh()
    page.wait_for_timeout(1100)  # run folders are named to the second
    start_run(page)
    page.wait_for_selector("#tv-eval-deltas", timeout=10_000)
    deltas = page.inner_text("#tv-eval-deltas")
    assert "Antwoord citeert de juiste bron" in deltas and "beter" in deltas
    changes = page.inner_text("#tv-eval-changes")
    assert "k2" in changes and "juiste bron geciteerd" in changes
    page.locator("#tv-eval-deltas").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, document.querySelector('#tv-tabs').getBoundingClientRect().top + scrollY)")
    screenshot(page, "quality-compare.png")
    page.context.close()
    # Staff fix the first run as the baseline (one block per question set); an app started now still builds its
    # page, and compares the newest run with the baseline set by set.
    from assistant.evaluation.compare import save_baseline
    from assistant.evaluation.report import load_run
    from assistant.server import create_app

    first = min(settings.eval_runs_dir.glob("*/summary.json")).parent
    save_baseline(load_run(first)[0], settings.eval_baseline)
    with served(create_app(settings, engine)) as restarted:
        page = open_app(browser, restarted, {"width": 1280, "height": 1100})
        open_tab(page, "Kwaliteit")
        page.wait_for_selector("#tv-eval-deltas", timeout=10_000)
        deltas = page.inner_text("#tv-eval-deltas")
        assert "Eigen set" in deltas and "Antwoord citeert de juiste bron" in deltas and "beter" in deltas
        page.context.close()


def test_the_beheer_tab_stays_closed_with_a_wrong_token(browser: Any, admin_url: str) -> None:
    page = open_app(browser, admin_url)
    open_tab(page, "Beheer")
    page.fill("#tv-admin-token input", "fout-token")
    page.click("#tv-admin-login")
    page.wait_for_selector("#tv-admin-status:has-text('Dit token klopt niet')", timeout=10_000)
    assert not page.locator("#tv-admin-add").is_visible()
    page.context.close()


def test_staff_upload_a_pdf_in_the_beheer_tab_and_it_is_listed_and_answerable(
    browser: Any, admin_url: str, tmp_path: Path
) -> None:
    from tests.api.test_admin_api import QUESTION, zonnehuis_pdf

    pdf = tmp_path / "Jaarverslag Zuiderveen.pdf"
    zonnehuis_pdf(pdf, 14)
    page = open_app(browser, admin_url, {"width": 1280, "height": 1200})
    open_tab(page, "Beheer")
    page.fill("#tv-admin-token input", ADMIN_TOKEN)
    page.click("#tv-admin-login")
    page.wait_for_selector("#tv-admin-add", state="visible", timeout=10_000)
    assert "Sleep een bestand hier" in page.inner_text("#tv-admin-files")
    page.set_input_files("#tv-admin-files input[type='file']", str(pdf))
    page.fill("#tv-admin-publisher input, #tv-admin-publisher textarea", "Gemeente Zuiderveen")
    page.wait_for_timeout(500)
    page.click("#tv-admin-add")
    page.wait_for_selector("#tv-admin-results:has-text('geïndexeerd')", timeout=120_000)
    results = page.inner_text("#tv-admin-results")
    assert "jaarverslag-zuiderveen" in results
    assert "1 passages" not in results
    page.wait_for_selector("#tv-admin-documents:has-text('jaarverslag-zuiderveen')", timeout=10_000)
    # The form is empty again for the next upload.
    page.wait_for_function(
        "!document.querySelector('#tv-admin-publisher input, #tv-admin-publisher textarea').value", timeout=10_000
    )
    assert page.locator("#tv-admin-files a").count() == 0
    # The picker names documents by their title.
    page.click("#tv-admin-choice input")
    options = page.locator("ul[role='listbox'] li").all_inner_texts()
    assert any(option.startswith("Jaarverslag wonen en zorg Zuiderveen 2025") for option in options), options
    page.keyboard.press("Escape")
    screenshot(page, "beheer-tab.png", full_page=True)
    open_tab(page, "Vragen")
    ask(page, QUESTION)
    page.wait_for_selector("#tv-sources .tv-source", timeout=30_000)
    assert "Gemeente Zuiderveen" in page.inner_text("#tv-sources")
    open_tab(page, "Kennisbank")
    page.wait_for_selector("#tv-documents:has-text('Zuiderveen')", timeout=10_000)
    page.context.close()
