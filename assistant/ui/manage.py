"""The staff tab "Beheer": upload, list, edit and delete documents, after entering the admin token."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.ingest.formats import accepted_suffixes
from assistant.knowledge_base import add_document, edit_metadata, remove_document, token_matches
from assistant.retrieval.engine import AnswerEngine

log = logging.getLogger(__name__)
FILE_TYPES = accepted_suffixes()
COLUMNS = ["id", "titel", "uitgever", "datum", "pagina's", "passages", "geïndexeerd"]
NOT_SIGNED_IN = "Meld u eerst aan met het beheertoken."
STATUS_TEXT = {"indexed": "geïndexeerd", "replaced": "nieuwe versie geïndexeerd", "duplicate": "stond er al"}


def passages(count: int) -> str:
    return "1 passage" if count == 1 else f"{count} passages"


def build_manage_tab(engine: AnswerEngine) -> None:
    """Renders inside the caller's Blocks; every action checks the token again on the server."""
    settings = engine.settings
    if not settings.admin_enabled:
        gr.Markdown(
            "Beheer staat uit. Stel `ASSISTANT_ADMIN_TOKEN` in en start de app opnieuw om documenten vanuit de "
            "browser toe te voegen, te vervangen of te verwijderen."
        )
        return

    def rows() -> list[list[Any]]:
        return [
            [
                r.document_id,
                r.meta.title,
                r.meta.publisher,
                r.meta.date,
                r.pages,
                r.chunk_count,
                time.strftime("%Y-%m-%d %H:%M", time.localtime(r.indexed_at)) if r.indexed_at else "",
            ]
            for r in engine.catalog.documents()
            if r.status == "complete"
        ]

    def listing() -> tuple[Any, Any]:
        table = rows()
        # The picker names a document by its title; its id (unique) follows, as the table shows it.
        choices = [(f"{row[1]} ({row[0]})" if row[1] else row[0], row[0]) for row in table]
        return gr.update(value=table), gr.update(choices=choices, value=None)

    def sign_in(offered: str) -> tuple[str, str, Any, Any, Any]:
        if not token_matches(settings, offered):
            log.warning("Beheer: sign-in with a wrong token")
            return "", "Dit token klopt niet.", gr.update(visible=False), gr.update(), gr.update()
        return offered, "Aangemeld.", gr.update(visible=True), *listing()

    def upload(
        granted: str,
        paths: list[str] | None,
        title: str,
        publisher: str,
        url: str,
        date: str,
        progress: gr.Progress = gr.Progress(),
    ) -> tuple[Any, ...]:
        kept = (gr.update(),) * 5
        if not token_matches(settings, granted):
            return NOT_SIGNED_IN, gr.update(), gr.update(), *kept
        if not paths:
            return "Kies eerst een of meer bestanden.", gr.update(), gr.update(), *kept
        meta = {"title": title, "publisher": publisher, "url": url, "date": date}
        lines = []
        for done, path in enumerate(paths):
            name = Path(path).name
            progress((done, len(paths)), desc=f"Indexeren: {name}", unit="bestanden")
            started = time.perf_counter()
            try:
                result = add_document(settings, name, Path(path).read_bytes(), meta)
            except AssistantError as error:
                lines.append(f"- **{name}**: geweigerd. {error.user_message}")
                continue
            seconds = time.perf_counter() - started
            lines.append(
                f"- **{name}**: {STATUS_TEXT[result.status]} als `{result.record.document_id}` met "
                f"{passages(result.record.chunk_count)} ({seconds:.0f} s)."
            )
        engine.refresh()
        # The form starts empty for the next upload: no file, no metadata of the previous one.
        return "\n".join(lines), *listing(), None, "", "", "", ""

    def choose(document_id: str | None) -> tuple[Any, Any, Any, Any]:
        record = engine.catalog.document(document_id) if document_id else None
        if record is None:
            return "", "", "", ""
        return record.meta.title, record.meta.publisher, record.meta.url, record.meta.date

    def save(granted: str, document_id: str | None, title: str, publisher: str, url: str, date: str) -> tuple[Any, ...]:
        if not token_matches(settings, granted):
            return NOT_SIGNED_IN, gr.update(), gr.update()
        if not document_id:
            return "Kies eerst een document.", gr.update(), gr.update()
        try:
            edit_metadata(settings, document_id, {"title": title, "publisher": publisher, "url": url, "date": date})
        except AssistantError as error:
            return error.user_message, gr.update(), gr.update()
        table, _ = listing()
        return f"Metadata van `{document_id}` opgeslagen.", table, gr.update()

    def ask_confirmation(document_id: str | None) -> tuple[Any, Any, str]:
        if not document_id:
            return gr.update(visible=False), gr.update(visible=False), "Kies eerst een document."
        return gr.update(visible=True), gr.update(visible=True), f"`{document_id}` definitief verwijderen?"

    def delete(granted: str, document_id: str | None) -> tuple[Any, ...]:
        hide = gr.update(visible=False)
        if not token_matches(settings, granted):
            return NOT_SIGNED_IN, gr.update(), gr.update(), hide, hide
        if not document_id:
            return "Kies eerst een document.", gr.update(), gr.update(), hide, hide
        try:
            remove_document(settings, document_id)
        except AssistantError as error:
            return error.user_message, gr.update(), gr.update(), hide, hide
        engine.refresh()
        return f"`{document_id}` is verwijderd.", *listing(), hide, hide

    granted = gr.State("")
    with gr.Row():
        token = gr.Textbox(label="Beheertoken", type="password", elem_id="tv-admin-token", scale=3)
        sign_in_button = gr.Button("Aanmelden", elem_id="tv-admin-login", scale=1)
    signed_in = gr.Markdown(elem_id="tv-admin-status")
    with gr.Column(visible=False, elem_id="tv-admin-panel") as panel:
        gr.Markdown("## Documenten toevoegen of vervangen")
        gr.Markdown(
            "Een bestand met dezelfde naam als een bestaand document vervangt dat document; dezelfde inhoud "
            "nog eens uploaden maakt geen dubbel. Titel, uitgever, url en datum (optioneel) gelden voor alle "
            "gekozen bestanden; zonder titel wordt die uit het bestand gehaald."
        )
        files = gr.File(
            file_count="multiple", file_types=FILE_TYPES, type="filepath", label="Bestanden", elem_id="tv-admin-files"
        )
        with gr.Row():
            title = gr.Textbox(label="Titel", elem_id="tv-admin-title")
            publisher = gr.Textbox(label="Uitgever", elem_id="tv-admin-publisher")
            url = gr.Textbox(label="Url", elem_id="tv-admin-url")
            date = gr.Textbox(label="Datum", elem_id="tv-admin-date")
        add = gr.Button("Toevoegen en indexeren", variant="primary", elem_id="tv-admin-add")
        results = gr.Markdown(elem_id="tv-admin-results")
        gr.Markdown("## Documenten in de kennisbank")
        table = gr.Dataframe(
            headers=COLUMNS,
            interactive=False,
            wrap=True,
            column_widths=["22%", "30%", "17%", "9%", "7%", "7%", "8%"],
            elem_id="tv-admin-documents",
        )
        gr.Markdown("## Metadata wijzigen of document verwijderen")
        choice = gr.Dropdown(label="Document", choices=[], elem_id="tv-admin-choice")
        with gr.Row():
            new_title = gr.Textbox(label="Titel")
            new_publisher = gr.Textbox(label="Uitgever")
            new_url = gr.Textbox(label="Url")
            new_date = gr.Textbox(label="Datum")
        with gr.Row():
            save_button = gr.Button("Metadata opslaan", elem_id="tv-admin-save")
            delete_button = gr.Button("Verwijderen…", variant="stop", elem_id="tv-admin-delete")
            confirm = gr.Button("Ja, definitief verwijderen", variant="stop", visible=False, elem_id="tv-admin-confirm")
            cancel = gr.Button("Annuleren", visible=False, elem_id="tv-admin-cancel")
        action_status = gr.Markdown(elem_id="tv-admin-action")

    sign_in_button.click(sign_in, token, [granted, signed_in, panel, table, choice])
    token.submit(sign_in, token, [granted, signed_in, panel, table, choice])
    add.click(
        upload,
        [granted, files, title, publisher, url, date],
        [results, table, choice, files, title, publisher, url, date],
        concurrency_limit=1,
    )
    choice.change(choose, choice, [new_title, new_publisher, new_url, new_date])
    save_button.click(
        save, [granted, choice, new_title, new_publisher, new_url, new_date], [action_status, table, choice]
    )
    delete_button.click(ask_confirmation, choice, [confirm, cancel, action_status])
    cancel.click(
        lambda: (gr.update(visible=False), gr.update(visible=False), ""), None, [confirm, cancel, action_status]
    )
    confirm.click(delete, [granted, choice], [action_status, table, choice, confirm, cancel], concurrency_limit=1)
