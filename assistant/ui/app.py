"""The Gradio page: chat with cited answers, the source panel, feedback, export and the document list."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answering import ask_and_record
from assistant.errors import AssistantError
from assistant.feedback import REASONS, FeedbackStore
from assistant.privacy import personal_data_kinds
from assistant.retrieval.engine import AnswerEngine
from assistant.ui.manage import build_manage_tab
from assistant.ui.quality import build_quality_tab
from assistant.ui.render import as_chat_text, conversation_markdown, documents_html, sources_html

log = logging.getLogger(__name__)

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
CSS = """
.tv-source { border-left: 3px solid #2f6f9f; padding: 4px 10px; margin-bottom: 12px; }
.tv-source h4 { margin: 0 0 2px 0; }
.tv-meta { color: #555; margin: 0; font-size: 0.9em; }
.tv-excerpt { color: #8a5a00; font-size: 0.9em; margin: 2px 0; }
.tv-passage { white-space: pre-wrap; font-size: 0.92em; margin: 6px 0; }
.tv-passage mark { background: #ffe58a; }
"""
THEME = gr.themes.Default(
    font=["system-ui", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"],
)


def build_ui(
    engine: AnswerEngine, feedback: FeedbackStore, list_documents: Callable[[], list[dict[str, Any]]]
) -> gr.Blocks:
    """The Blocks app; `list_documents` gives the knowledge-base listing shown in the Kennisbank tab."""

    def ask(question: str, audience: str, messages: list[dict[str, Any]], turns: list[dict[str, Any]]) -> Any:
        history = [turn["question"] for turn in turns]
        try:
            answer = ask_and_record(engine, feedback, question or "", history, AUDIENCES.get(audience))
        except AssistantError as error:
            log.warning("question not answered: %s", error)
            messages = [*messages, _message("user", question or ""), _message("assistant", error.user_message)]
            turns = [*turns, {"question": question, "answer": error.user_message, "citations": [], "answer_id": ""}]
            return messages, turns, sources_html(None), ""
        contract = answer.model_dump(mode="json")
        turn = {"question": answer.question, "answer": answer.answer, "citations": contract["citations"]}
        messages = [*messages, _message("user", answer.question), _message("assistant", answer.answer)]
        return messages, [*turns, {**turn, "answer_id": answer.answer_id}], sources_html(contract), ""

    def ask_with_privacy_check(
        question: str, audience: str, messages: list[dict[str, Any]], turns: list[dict[str, Any]]
    ) -> Any:
        """Hold a question that seems to contain personal data until the user confirms it."""
        kinds = personal_data_kinds(question or "")
        if kinds:
            warning = (
                f"**Let op:** uw vraag lijkt {' en '.join(kinds)} te bevatten. Thuisvraag heeft geen "
                "persoonsgegevens nodig en bewaart vragen. Pas de vraag aan, of kies *Toch versturen*."
            )
            shown = gr.update(value=warning, visible=True)
            return messages, turns, gr.update(), question, shown, gr.update(visible=True)
        return *ask(question, audience, messages, turns), gr.update(visible=False), gr.update(visible=False)

    def ask_confirmed(question: str, audience: str, messages: list[dict[str, Any]], turns: list[dict[str, Any]]) -> Any:
        return *ask(question, audience, messages, turns), gr.update(visible=False), gr.update(visible=False)

    def rate(turns: list[dict[str, Any]], reason: str | None, comment: str, data: gr.LikeData) -> str:
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn_index = int(index) // 2
        if not 0 <= turn_index < len(turns) or not turns[turn_index].get("answer_id"):
            return "Dit bericht kan niet beoordeeld worden."
        rating = "up" if data.liked is True else "down"
        feedback.record_feedback(turns[turn_index]["answer_id"], rating, reason if rating == "down" else None, comment)
        return (
            "Bedankt voor uw feedback."
            if rating == "up"
            else "Bedankt; uw toelichting helpt ons de antwoorden te verbeteren."
        )

    def export(turns: list[dict[str, Any]]) -> str | None:
        if not turns:
            return None
        folder = Path(tempfile.mkdtemp(prefix="thuisvraag-export-"))
        path = folder / "thuisvraag-gesprek.md"
        path.write_text(conversation_markdown(turns), encoding="utf-8")
        return str(path)

    def show_examples(audience: str) -> Any:
        return [gr.update(value=question) for question in EXAMPLES.get(audience, EXAMPLES["Anders"])]

    with gr.Blocks(title="Thuisvraag", analytics_enabled=False) as blocks:
        gr.Markdown("# Thuisvraag\n" + NOTICE, elem_id="tv-notice")
        turns = gr.State([])
        with gr.Tab("Vragen"), gr.Row():
            with gr.Column(scale=3):
                audience = gr.Radio(list(AUDIENCES), value="Gemeente", label="Ik werk bij", elem_id="tv-audience")
                with gr.Row():
                    example_buttons = [
                        gr.Button(question, size="sm", elem_classes=["tv-example"]) for question in EXAMPLES["Gemeente"]
                    ]
                chatbot = gr.Chatbot(
                    label="Gesprek",
                    elem_id="tv-chat",
                    height=480,
                    feedback_options=("Like", "Dislike"),
                    sanitize_html=True,
                    render_markdown=True,
                )
                question = gr.Textbox(
                    label="Uw vraag", placeholder="Bijvoorbeeld: Hoe begin ik met Housing First?", elem_id="tv-question"
                )
                send = gr.Button("Vraag stellen", variant="primary", elem_id="tv-send")
                privacy_warning = gr.Markdown(visible=False, elem_id="tv-privacy-warning")
                send_anyway = gr.Button("Toch versturen", visible=False, elem_id="tv-send-anyway")
                with gr.Row():
                    reason = gr.Dropdown(list(REASONS), label="Reden bij 👎 (optioneel)", elem_id="tv-reason")
                    comment = gr.Textbox(label="Toelichting bij uw beoordeling (optioneel)", elem_id="tv-comment")
                rated = gr.Markdown(elem_id="tv-rated")
                with gr.Row():
                    export_button = gr.Button("Gesprek exporteren", elem_id="tv-export")
                    export_file = gr.File(label="Export (Markdown)", elem_id="tv-export-file", interactive=False)
            with gr.Column(scale=2):
                gr.Markdown("### Bronnen")
                sources = gr.HTML(sources_html(None), elem_id="tv-sources")
        with gr.Tab("Kennisbank") as documents_tab:
            documents_note = gr.Markdown(documents_summary(list_documents()))
            documents_table = gr.HTML(documents_html(list_documents()), elem_id="tv-documents")
        with gr.Tab("Kwaliteit") as quality_tab:
            build_quality_tab(engine, quality_tab)
        with gr.Tab("Beheer"):
            build_manage_tab(engine)

        outputs = [chatbot, turns, sources, question, privacy_warning, send_anyway]
        send.click(ask_with_privacy_check, [question, audience, chatbot, turns], outputs)
        question.submit(ask_with_privacy_check, [question, audience, chatbot, turns], outputs)
        send_anyway.click(ask_confirmed, [question, audience, chatbot, turns], outputs)
        for button in example_buttons:
            button.click(ask_confirmed, [button, audience, chatbot, turns], outputs)
        audience.change(show_examples, audience, example_buttons)
        chatbot.like(rate, [turns, reason, comment], rated)
        export_button.click(export, turns, export_file)
        documents_tab.select(
            lambda: (documents_summary(docs := list_documents()), documents_html(docs)),
            None,
            [documents_note, documents_table],
        )
    return blocks


def documents_summary(documents: list[dict[str, Any]]) -> str:
    return f"{len(documents)} documenten. Een *uittreksel* bevat alleen het begin van de bron."


def _message(role: str, text: str) -> dict[str, str]:
    return {"role": role, "content": as_chat_text(text)}
