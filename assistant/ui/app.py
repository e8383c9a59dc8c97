"""The Gradio page: chat with cited answers, the source panel, feedback, export and the document list."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answer_text import render_body
from assistant.answering import ask_and_record
from assistant.errors import AssistantError
from assistant.feedback import REASONS, FeedbackStore
from assistant.privacy import personal_data_kinds
from assistant.retrieval.engine import AnswerEngine
from assistant.text.phrasing import enumeration
from assistant.ui.manage import build_manage_tab
from assistant.ui.quality import build_quality_tab
from assistant.ui.render import (
    DOCUMENT_FILTERS,
    DOCUMENT_SORTS,
    Turn,
    as_chat_text,
    chat_markdown,
    conversation_markdown,
    documents_html,
    filter_documents,
    sources_html,
)

log = logging.getLogger(__name__)
UI_DIR = Path(__file__).resolve().parent

AUDIENCES = {"Gemeente": "gemeente", "Woningcorporatie": "corporatie", "Anders": "anders"}
EXAMPLES = {
    "Gemeente": [
        "Wat zijn de principes van Housing First?",
        "Welke ondersteuning krijgen gemeenten bij de aanpak van dakloosheid?",
        "Wat vraagt het Nationaal Actieplan Dakloosheid van gemeenten?",
        "Wat kost het Expertteam Huisvesting Aandachtsgroepen een gemeente?",
    ],
    "Woningcorporatie": [
        "Met welke groepen mag een corporatie een tijdelijk huurcontract sluiten?",
        "Wat betekent scheiden van wonen en zorg voor de verhuurder?",
        "Hebben woningcorporaties een zorgplicht voor dakloze mensen?",
        "Wat is de rol van corporaties in Housing First?",
    ],
    "Anders": [
        "Wat is maatschappelijke opvang?",
        "Hoeveel dakloze mensen zijn er in Nederland?",
        "Wat is het verschil tussen beschermd wonen en beschermd thuis?",
        "Wat is Housing First?",
    ],
}
NOTICE = (
    "**Thuisvraag** beantwoordt vragen over de aanpak van dakloosheid uitsluitend met zinnen uit de documenten "
    "in de kennisbank (zie het tabblad *Kennisbank*) en toont bij elke zin de bron. Staat het antwoord niet in de "
    "kennisbank, dan zegt Thuisvraag dat. Er wordt geen taalmodel gebruikt en er gaat niets naar buiten."
)
# Gradio's own texts, in Dutch whatever the browser's language: its live region tells a screen reader when an
# answer is done, and its Dutch bundle lacks that text, so it announced the key "common.complete" instead.
GRADIO_TEXTS = {"common.complete": "Klaar", "common.loading": "Bezig", "common.error": "Fout"}
CSS = (UI_DIR / "app.css").read_text(encoding="utf-8")
# Gradio runs this function once the page is loaded: Dutch labels, the answer's opening in view, [n] links.
JS = (UI_DIR / "app.js").read_text(encoding="utf-8")
# Blue 700 on white: buttons, the selected tab and links pass WCAG AA contrast (Gradio's orange does not).
THEME = gr.themes.Default(
    primary_hue=gr.themes.colors.blue,
    font=["system-ui", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"],
).set(
    button_primary_background_fill="#1d4ed8",
    button_primary_background_fill_hover="#1e40af",
    button_primary_text_color="#ffffff",
    body_text_color_subdued="#4b5563",
    block_info_text_color="#374151",
    block_label_text_color="#374151",
    input_placeholder_color="#6b7280",
    link_text_color="#1d4ed8",
    color_accent="#1d4ed8",
    button_cancel_background_fill="#b91c1c",
    button_cancel_background_fill_hover="#991b1b",
    button_cancel_text_color="#ffffff",
)
RATED_UP = "Bedankt voor uw beoordeling."
RATED_DOWN = "Bedankt; uw toelichting helpt ons de antwoorden te verbeteren."
WITHDRAWN = "Uw beoordeling van dit antwoord is ingetrokken."


def build_ui(
    engine: AnswerEngine, feedback: FeedbackStore, list_documents: Callable[[], list[dict[str, Any]]]
) -> gr.Blocks:
    """The Blocks app; `list_documents` gives the knowledge-base listing shown in the Kennisbank tab."""

    def ask(question: str, audience: str, messages: list[dict[str, Any]], turns: list[Turn]) -> Any:
        history = [turn.question for turn in turns]
        question = question or ""
        try:
            answer = ask_and_record(engine, feedback, question, history, AUDIENCES.get(audience))
        except AssistantError as error:
            log.warning("question not answered: %s", error)
            turn = Turn(question, error.user_message)
            shown = as_chat_text(error.user_message)
        else:
            turn = Turn(answer.question, render_body(answer), answer.citations, answer.answer_id)
            shown = chat_markdown(answer, len(turns) + 1)
        messages = [*messages, _message("user", as_chat_text(turn.question)), _message("assistant", shown)]
        # A new answer makes an earlier export stale: the box goes until the user exports again.
        sources = sources_html(turn.citations, len(turns) + 1)
        return messages, [*turns, turn], sources, "", gr.update(value=None, visible=False), ""

    def ask_with_privacy_check(question: str, audience: str, messages: list[dict[str, Any]], turns: list[Turn]) -> Any:
        """Hold a question that seems to contain personal data until the user confirms it."""
        kinds = personal_data_kinds(question or "")
        if kinds:
            warning = (
                f"**Let op:** uw vraag lijkt {enumeration(kinds)} te bevatten. Thuisvraag heeft geen "
                "persoonsgegevens nodig en bewaart vragen. Pas de vraag aan, of kies *Toch versturen*."
            )
            shown = gr.update(value=warning, visible=True)
            kept = (gr.update(),) * 2  # the export box and its note stay as they are
            return messages, turns, gr.update(), question, *kept, shown, gr.update(visible=True)
        return *ask(question, audience, messages, turns), gr.update(visible=False), gr.update(visible=False)

    def ask_confirmed(question: str, audience: str, messages: list[dict[str, Any]], turns: list[Turn]) -> Any:
        return *ask(question, audience, messages, turns), gr.update(visible=False), gr.update(visible=False)

    def new_conversation() -> Any:
        """Everything of the conversation goes: messages, turns (so ratings and export), sources, feedback fields."""
        hidden = gr.update(visible=False)
        return [], [], sources_html(None), "", gr.update(value=None, visible=False), "", None, "", hidden, hidden

    def rate(turns: list[Turn], reason: str | None, comment: str, data: gr.LikeData) -> tuple[str, Any, Any]:
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn_index = int(index) // 2
        if not 0 <= turn_index < len(turns) or not turns[turn_index].answer_id:
            return "Dit bericht kan niet beoordeeld worden.", gr.update(), gr.update()
        answer_id = turns[turn_index].answer_id
        if data.liked is True or data.liked is False:
            rating = "up" if data.liked else "down"
            feedback.record_feedback(answer_id, rating, reason if rating == "down" else None, comment)
            message = RATED_UP if rating == "up" else RATED_DOWN
        else:
            feedback.withdraw_feedback(answer_id)
            message = WITHDRAWN
        # The reason and comment belong to this rating only; the next one starts empty.
        return message, None, ""

    def export(turns: list[Turn]) -> Any:
        if not turns:
            return gr.update(value=None, visible=False), "Er is nog geen gesprek om te exporteren."
        now = datetime.now().astimezone()
        folder = Path(tempfile.mkdtemp(prefix="thuisvraag-export-"))
        path = folder / f"thuisvraag-gesprek-{now:%Y-%m-%d-%H%M}.md"
        path.write_text(conversation_markdown(turns, now), encoding="utf-8")
        return gr.update(value=str(path), visible=True), ""

    def show_examples(audience: str) -> Any:
        return [gr.update(value=question) for question in EXAMPLES.get(audience, EXAMPLES["Anders"])]

    def show_documents(search: str, kind_label: str, sort_label: str) -> tuple[str, str]:
        documents = list_documents()
        shown = filter_documents(
            documents, search or "", DOCUMENT_FILTERS.get(kind_label, "alle"), DOCUMENT_SORTS.get(sort_label, "title")
        )
        return documents_summary(documents, shown), documents_html(shown)

    with gr.Blocks(title="Thuisvraag", analytics_enabled=False) as blocks:
        gr.Markdown("# Thuisvraag\n" + NOTICE, elem_id="tv-notice")
        turns = gr.State([])
        with gr.Tabs(elem_id="tv-tabs"):
            with gr.Tab("Vragen", elem_id="tv-tab-vragen"):
                with gr.Row(equal_height=False, elem_id="tv-ask-row"):
                    with gr.Column(scale=3, elem_id="tv-chat-column"):
                        # A UI walk read the choice as tailoring the answers; it chooses the example questions.
                        audience = gr.Radio(
                            list(AUDIENCES),
                            value="Gemeente",
                            label="Ik werk bij",
                            info="Kiest de voorbeeldvragen; antwoorden komen voor iedereen uit dezelfde kennisbank.",
                            elem_id="tv-audience",
                        )
                        with gr.Row(elem_id="tv-examples"):
                            example_buttons = [
                                gr.Button(question, size="sm", elem_classes=["tv-example"])
                                for question in EXAMPLES["Gemeente"]
                            ]
                        chatbot = gr.Chatbot(
                            label="Gesprek",
                            show_label=False,
                            elem_id="tv-chat",
                            height=520,
                            autoscroll=False,
                            buttons=["copy", "copy_all"],
                            feedback_options=("Like", "Dislike"),
                            sanitize_html=True,
                            render_markdown=True,
                            placeholder="Stel hieronder een vraag, of kies een van de voorbeeldvragen.",
                        )
                        question = gr.Textbox(
                            label="Uw vraag",
                            placeholder="Bijvoorbeeld: Hoe begin ik met Housing First?",
                            elem_id="tv-question",
                        )
                        with gr.Row(elem_id="tv-ask-buttons"):
                            send = gr.Button("Vraag stellen", variant="primary", elem_id="tv-send", scale=3)
                            new = gr.Button("Nieuw gesprek", elem_id="tv-new", scale=1)
                        privacy_warning = gr.Markdown(visible=False, elem_id="tv-privacy-warning")
                        send_anyway = gr.Button("Toch versturen", visible=False, elem_id="tv-send-anyway")
                    with gr.Column(scale=2, elem_id="tv-sources-column"):
                        gr.HTML("<h2 class='tv-heading'>Bronnen</h2>", elem_id="tv-sources-heading")
                        sources = gr.HTML(sources_html(None), elem_id="tv-sources")
                with gr.Row(equal_height=False, elem_id="tv-after-row"):
                    with gr.Column(scale=3, elem_id="tv-feedback"):
                        gr.HTML(
                            "<h2 class='tv-heading'>Beoordelen</h2><p class='tv-hint'>Vul desgewenst een reden en "
                            "toelichting in en klik dan onder het antwoord op duim omhoog (goed) of duim omlaag "
                            "(niet goed). Alleen uw laatste beoordeling van een antwoord telt.</p>"
                        )
                        reason = gr.Radio(
                            list(REASONS),
                            value=None,
                            label="Reden bij een slecht antwoord (optioneel)",
                            elem_id="tv-reason",
                        )
                        comment = gr.Textbox(label="Toelichting bij uw beoordeling (optioneel)", elem_id="tv-comment")
                        rated = gr.Markdown(elem_id="tv-rated")
                    with gr.Column(scale=2, elem_id="tv-export-column"):
                        gr.HTML("<h2 class='tv-heading'>Bewaren</h2>")
                        export_button = gr.Button("Gesprek exporteren", elem_id="tv-export")
                        export_note = gr.Markdown(elem_id="tv-export-note")
                        export_file = gr.File(
                            label="Export (Markdown)", elem_id="tv-export-file", interactive=False, visible=False
                        )
            with gr.Tab("Kennisbank", elem_id="tv-tab-kennisbank") as documents_tab:
                with gr.Row(elem_id="tv-documents-controls"):
                    search = gr.Textbox(
                        label="Zoeken in titel en uitgever", elem_id="tv-documents-search", scale=3, max_lines=1
                    )
                    kind = gr.Dropdown(
                        list(DOCUMENT_FILTERS), value="Alle documenten", label="Tekst", elem_id="tv-documents-kind"
                    )
                    sort = gr.Dropdown(
                        list(DOCUMENT_SORTS), value="Titel (A–Z)", label="Sorteren op", elem_id="tv-documents-sort"
                    )
                summary, table = show_documents("", "Alle documenten", "Titel (A–Z)")
                documents_note = gr.Markdown(summary, elem_id="tv-documents-note")
                documents_table = gr.HTML(table, elem_id="tv-documents")
            with gr.Tab("Kwaliteit", elem_id="tv-tab-kwaliteit") as quality_tab:
                build_quality_tab(engine, quality_tab)
            with gr.Tab("Beheer", elem_id="tv-tab-beheer"):
                build_manage_tab(engine)

        cleared = [chatbot, turns, sources, question, export_file, export_note]
        outputs = [*cleared, privacy_warning, send_anyway]
        send.click(ask_with_privacy_check, [question, audience, chatbot, turns], outputs)
        question.submit(ask_with_privacy_check, [question, audience, chatbot, turns], outputs)
        send_anyway.click(ask_confirmed, [question, audience, chatbot, turns], outputs)
        for button in example_buttons:
            button.click(ask_confirmed, [button, audience, chatbot, turns], outputs)
        reset = [*cleared, reason, comment, privacy_warning, send_anyway]
        new.click(new_conversation, None, reset)
        chatbot.clear(new_conversation, None, reset)
        audience.change(show_examples, audience, example_buttons)
        chatbot.like(rate, [turns, reason, comment], [rated, reason, comment])
        export_button.click(export, turns, [export_file, export_note])
        listing = [search, kind, sort]
        search.change(show_documents, listing, [documents_note, documents_table])
        kind.change(show_documents, listing, [documents_note, documents_table])
        sort.change(show_documents, listing, [documents_note, documents_table])
        documents_tab.select(show_documents, listing, [documents_note, documents_table])
    return blocks


def documents_summary(documents: list[dict[str, Any]], shown: list[dict[str, Any]] | None = None) -> str:
    total = _count(len(documents), "document", "documenten")
    lead = total if shown is None or len(shown) == len(documents) else f"{len(shown)} van {total}"
    return f"{lead}. Een *uittreksel* bevat alleen het begin van de bron."


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _message(role: str, markdown: str) -> dict[str, str]:
    return {"role": role, "content": markdown}
