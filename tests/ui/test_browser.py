"""Reading an answer in a real browser: the body in the chat, [n] to its card, one card per passage, no leaks."""

from __future__ import annotations

import socket
import sqlite3
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from assistant.config import Settings
from tests.ui.conftest import PHONE, ask, bot_messages, open_app, screenshot, settled


def test_an_example_question_is_answered_with_its_source_in_the_panel(page: Any) -> None:
    page.click(".tv-example >> nth=0")
    page.wait_for_selector("#tv-sources .tv-source", timeout=30_000)
    settled(page)
    assert "[1]" in page.inner_text("#tv-chat")
    source = page.inner_text("#tv-sources .tv-source >> nth=0")
    assert "Housing First" in source
    assert page.inner_text("#tv-sources mark >> nth=0").strip()
    screenshot(page, "chat-desktop.png")
    assert page.external_requests == []


def test_the_chat_shows_the_answer_without_its_source_list_which_is_in_the_panel(page: Any) -> None:
    ask(page, "Wat zijn de principes van Housing First?")
    answer = bot_messages(page).last.inner_text()
    assert "Bronnen:" not in answer
    assert "https://" not in answer
    assert page.locator("#tv-sources .tv-source").count() >= 1


def test_the_opening_of_the_newest_answer_is_in_view_not_its_end(page: Any) -> None:
    ask(page, "Wat zijn de principes van Housing First?")
    ask(page, "Wat is maatschappelijke opvang?")
    newest = bot_messages(page).last
    top = newest.evaluate("e => e.getBoundingClientRect().top")
    log = page.locator("#tv-chat [role='log']")
    log_top, log_bottom = log.evaluate("e => [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom]")
    assert log_top - 1 <= top <= log_bottom - 40, (log_top, top, log_bottom)
    assert 0 <= top <= page.viewport_size["height"] - 40


def test_each_citation_number_links_to_its_source_card(page: Any) -> None:
    ask(page, "Wat zijn de principes van Housing First?")
    links = bot_messages(page).last.locator("a[href*='tvbron=']")
    assert links.count() >= 2
    last = links.last
    name = parse_qs(urlparse(last.get_attribute("href")).query)["tvbron"][0]
    page.evaluate("document.querySelector('#tv-sources').scrollIntoView({block: 'end'})")
    last.click()
    card = page.locator(f"#tv-sources .tv-source:has(#{name})")
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.contains(document.getElementById(id))",
        arg=name,
        timeout=5_000,
    )
    top = card.evaluate("e => e.getBoundingClientRect().top")
    assert -1 < top < page.viewport_size["height"]  # in view (a card can stop a fraction of a pixel above)
    assert len(page.context.pages) == 1  # the link stays on the page


def test_a_citation_of_an_earlier_answer_opens_its_quote_not_the_newest_answers_card(page: Any) -> None:
    ask(page, "Wat zijn de principes van Housing First?")
    ask(page, "Met welke groepen mag een corporatie een tijdelijk huurcontract sluiten?")
    first = bot_messages(page).first.locator("a[href*='tvbron=']").first
    cited = urlparse(first.get_attribute("href")).path
    with page.context.expect_page() as opened:
        first.click()
    source = opened.value
    source.wait_for_load_state()
    assert urlparse(source.url).path == cited  # the first answer's own source, not the newest answer's
    source.close()


def test_one_card_per_passage_with_all_its_quotes_highlighted_in_answer_order(page: Any) -> None:
    ask(page, "Wat zijn de principes van Housing First?")
    cards = page.locator("#tv-sources .tv-source")
    numbers = [card.get_attribute("data-n").split() for card in cards.all()]
    flat = [int(n) for ns in numbers for n in ns]
    assert sorted(flat) == list(range(1, len(flat) + 1))  # every citation has exactly one card
    assert [int(ns[0]) for ns in numbers] == sorted(int(ns[0]) for ns in numbers)  # answer order
    passages = [card.locator("blockquote").inner_text() for card in cards.all()]
    assert len(passages) == len(set(passages))  # no passage twice
    for card, ns in zip(cards.all(), numbers, strict=True):
        assert card.locator("mark").count() >= 1
        assert len(ns) >= 1


def test_open_de_bron_shows_the_document_readable_at_the_highlighted_quote(page: Any) -> None:
    ask(page, "Wat zijn de principes van Housing First?")
    link = page.locator("#tv-sources .tv-source >> nth=0").locator("a:has-text('Open de bron')")
    with page.context.expect_page() as opened:
        link.click()
    source = opened.value
    source.wait_for_load_state("load")
    assert "/bron/" in source.url and source.url.endswith("#quote")
    body = source.inner_text("body")
    assert "source_note" not in body and "seed document" not in body and "---" not in body.split("\n")[0]
    assert source.inner_text("header h1").startswith("De principes van Housing First")
    assert "Housing First Nederland" in source.inner_text("header")
    mark = source.locator("mark#quote")
    assert mark.inner_text().strip()
    top = mark.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < source.viewport_size["height"]
    screenshot(source, "source-view-markdown.png")
    source.close()


def test_documents_suggested_with_a_refusal_link_to_their_source_view(page: Any) -> None:
    ask(page, "Wat is de wachttijd voor een sociale huurwoning in Amsterdam?")
    answer = bot_messages(page).last
    assert "Daarover vind ik niets" in answer.inner_text() or "kennisbank" in answer.inner_text()
    links = answer.locator("a[href*='/bron/']")
    assert links.count() >= 1
    assert links.first.inner_text().strip()


def test_choosing_an_audience_shows_its_example_questions_and_says_that_is_all_it_does(page: Any) -> None:
    assert "Kiest de voorbeeldvragen" in page.inner_text("#tv-audience")
    page.click("#tv-audience label:has-text('Woningcorporatie')")
    page.wait_for_function("document.querySelector('.tv-example').innerText.includes('corporatie')", timeout=10_000)


@pytest.mark.parametrize("locale", ["nl-NL", "en-US"])
def test_what_a_screen_reader_is_told_after_an_answer_is_dutch_not_a_translation_key(
    browser: Any, base_url: str, locale: str
) -> None:
    # Gradio's live region says when an event is done; its Dutch texts lack that key, which it then announced
    # as "common.complete". Every text the region shows is recorded, since it clears itself after a second.
    page = open_app(browser, base_url, locale=locale)
    page.evaluate(
        """() => {
            window.announced = [];
            new MutationObserver(() => document.querySelectorAll('.sr-only[role=status]').forEach(region => {
                const text = region.textContent.trim();
                if (text) window.announced.push(text);
            })).observe(document.body, {subtree: true, childList: true, characterData: true});
        }"""
    )
    ask(page, "Wat zijn de principes van Housing First?")
    # The region speaks at most every five seconds: the text that says the answer is done comes after "Bezig".
    page.wait_for_function("window.announced.some(text => text !== window.announced[0])", timeout=15_000)
    announced = list(dict.fromkeys(page.evaluate("window.announced")))
    page.context.close()
    assert announced == ["Bezig", "Klaar"]


def test_a_script_in_a_question_is_shown_as_text_and_never_runs(page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    ask(page, "<script>alert(1)</script><img src=x onerror=alert(2)> Wat is Housing First?")
    page.wait_for_function("document.querySelector('#tv-chat').innerText.includes('<script>')", timeout=30_000)
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.locator("#tv-chat img[src='x']").count() == 0


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
    assert page.external_requests == []


def test_a_question_with_personal_data_is_held_until_the_user_confirms(page: Any, indexed_settings: Settings) -> None:
    question = "Mijn cliënt met BSN 111222333 zoekt beschermd wonen, wat is maatschappelijke opvang?"
    page.fill("#tv-question textarea", question)
    page.click("#tv-send")
    page.wait_for_selector("#tv-privacy-warning:has-text('burgerservicenummer')", timeout=10_000)
    assert "Maatschappelijke opvang" not in page.inner_text("#tv-chat")
    with sqlite3.connect(indexed_settings.feedback_path) as db:
        assert db.execute("SELECT COUNT(*) FROM answers WHERE question = ?", (question,)).fetchone() == (0,)
    page.click("#tv-send-anyway")
    page.wait_for_function("document.querySelector('#tv-chat').innerText.includes('111222333')", timeout=30_000)
    page.wait_for_selector("#tv-privacy-warning", state="hidden", timeout=10_000)
    with sqlite3.connect(indexed_settings.feedback_path) as db:
        assert db.execute("SELECT COUNT(*) FROM answers WHERE question = ?", (question,)).fetchone() == (1,)


def test_on_a_phone_the_answer_comes_first_then_its_sources_then_feedback_and_export(
    browser: Any, base_url: str
) -> None:
    page = open_app(browser, base_url, PHONE)
    ask(page, "Wat zijn de principes van Housing First?")

    def top(selector: str) -> float:
        return float(page.locator(selector).first.evaluate("e => e.getBoundingClientRect().top + window.scrollY"))

    assert top("#tv-chat") < top("#tv-sources") < top("#tv-reason") < top("#tv-export")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    newest = bot_messages(page).last.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= newest < PHONE["height"]
    screenshot(page, "chat-phone.png")
    page.context.close()
