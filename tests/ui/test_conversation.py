"""The conversation in a real browser: a new conversation resets everything, one rating per answer, the export."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from assistant.config import Settings
from tests.ui.conftest import ask, bot_messages, settled


def stored_feedback(settings: Settings, question: str) -> list[tuple[str, str, str]]:
    with sqlite3.connect(settings.feedback_path) as db:
        return db.execute(
            "SELECT f.rating, f.reason, f.comment FROM feedback f JOIN answers a USING (answer_id)"
            " WHERE a.question = ? ORDER BY f.id",
            (question,),
        ).fetchall()


THANKS = {"Goed antwoord": "Bedankt voor uw beoordeling.", "Geen goed antwoord": "uw toelichting helpt"}


def rate(page: Any, label: str) -> None:
    """Click the thumb named `label` under the newest answer and wait until Gradio shows the thank-you."""
    row = bot_messages(page).last.locator("xpath=ancestor::div[contains(@class,'message-row')]").first
    row.locator("xpath=following-sibling::div[1]").locator(f"button[aria-label='{label}']").click()
    # The status tracker shows its own text while the event runs: wait for the handler's own words.
    page.wait_for_selector(f"#tv-rated:has-text('{THANKS[label]}')", timeout=30_000)
    settled(page)


def test_no_reason_is_preselected_and_the_fields_reset_after_a_rating(page: Any, indexed_settings: Settings) -> None:
    question = "Wat is harm reduction bij Housing First?"
    ask(page, question)
    assert page.locator("#tv-reason input:checked").count() == 0
    page.click("#tv-reason label:has-text('bron klopt niet')")
    page.fill("#tv-comment textarea", "citaat hoort bij een ander principe")
    rate(page, "Geen goed antwoord")
    assert stored_feedback(indexed_settings, question) == [
        ("down", "bron klopt niet", "citaat hoort bij een ander principe")
    ]
    page.wait_for_function("!document.querySelector('#tv-comment textarea').value", timeout=5_000)
    assert page.locator("#tv-reason input:checked").count() == 0


def test_a_thumbs_down_without_a_reason_is_stored_without_one(page: Any, indexed_settings: Settings) -> None:
    question = "Wat is het verschil tussen maatschappelijke opvang en vrouwenopvang?"
    ask(page, question)
    rate(page, "Geen goed antwoord")
    assert stored_feedback(indexed_settings, question) == [("down", "", "")]


def test_thumbs_up_then_down_on_one_answer_keeps_one_rating_the_last(page: Any, indexed_settings: Settings) -> None:
    question = "Welke ondersteuning krijgen gemeenten bij de aanpak van dakloosheid?"
    ask(page, question)
    rate(page, "Goed antwoord")
    assert stored_feedback(indexed_settings, question) == [("up", "", "")]
    page.click("#tv-reason label:has-text('antwoord onvolledig')")
    rate(page, "Geen goed antwoord")
    assert stored_feedback(indexed_settings, question) == [("down", "antwoord onvolledig", "")]


def test_nieuw_gesprek_resets_chat_sources_ratings_and_export(page: Any, tmp_path: Path) -> None:
    ask(page, "Met welke groepen mag een corporatie een tijdelijk huurcontract sluiten?")
    page.fill("#tv-comment textarea", "blijft niet staan")
    page.click("#tv-export")
    page.wait_for_selector("#tv-export-file", state="visible", timeout=15_000)
    page.click("#tv-new")
    page.wait_for_function("document.querySelectorAll('#tv-chat [data-testid=\"bot\"]').length === 0", timeout=10_000)
    page.wait_for_selector("#tv-sources .tv-empty", timeout=10_000)
    page.wait_for_selector("#tv-export-file", state="hidden", timeout=10_000)
    assert page.input_value("#tv-comment textarea") == ""
    ask(page, "Wat is maatschappelijke opvang?")
    text = export(page, tmp_path)
    assert "tijdelijk huurcontract" not in text
    assert text.count("## Vraag ") == 1


def test_the_trash_icon_resets_the_conversation_too(page: Any, tmp_path: Path) -> None:
    ask(page, "Met welke groepen mag een corporatie een tijdelijk huurcontract sluiten?")
    page.click("#tv-chat button[aria-label='Gesprek wissen']")
    page.wait_for_selector("#tv-sources .tv-empty", timeout=10_000)
    ask(page, "Wat is maatschappelijke opvang?")
    text = export(page, tmp_path)
    assert "tijdelijk huurcontract" not in text
    assert text.count("## Vraag ") == 1


def export(page: Any, tmp_path: Path) -> str:
    page.click("#tv-export")
    link = page.wait_for_selector("#tv-export-file a", timeout=15_000)
    with page.expect_download() as download_info:
        link.click()
    path = tmp_path / "gesprek.md"
    download_info.value.save_as(path)
    return path.read_text(encoding="utf-8")


def test_the_export_is_dated_lists_each_source_once_and_follows_new_questions(page: Any, tmp_path: Path) -> None:
    ask(page, "Met welke groepen mag een corporatie een tijdelijk huurcontract sluiten?")
    first = export(page, tmp_path)
    assert first.startswith("# Gesprek met Thuisvraag")
    assert re.search(r"Geëxporteerd op \d{1,2} [a-z]+ \d{4}, \d{2}:\d{2}", first)
    assert "Bronnen:" not in first  # the answer is its body; its sources follow once, with their quotes
    assert first.count("### Bronnen") == 1
    assert first.count("- [1] ") == 1 and "  > " in first
    ask(page, "Wat is maatschappelijke opvang?")
    page.wait_for_selector("#tv-export-file", state="hidden", timeout=10_000)  # the old file is not offered
    second = export(page, tmp_path)
    assert second.count("## Vraag ") == 2


def test_the_chat_has_no_share_icon_and_its_label_does_not_cover_the_first_line(page: Any) -> None:
    ask(page, "Wat is maatschappelijke opvang?")
    assert page.locator("#tv-chat button[aria-label*='hare'], #tv-chat button[aria-label='Delen']").count() == 0
    assert page.locator("#tv-chat [data-testid='block-label']").count() == 0
    buttons = page.locator("#tv-chat .top-panel button:visible")
    message = page.locator("#tv-chat [data-testid='user']").first.bounding_box()
    for box in [button.bounding_box() for button in buttons.all()]:
        across = box["x"] < message["x"] + message["width"] and box["x"] + box["width"] > message["x"]
        down = box["y"] < message["y"] + message["height"] and box["y"] + box["height"] > message["y"]
        assert not (across and down), (box, message)
