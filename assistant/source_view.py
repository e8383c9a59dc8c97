"""The route of the source view (/bron/{document_id}) and the static files it needs (pdf.js, its viewer script)."""

from __future__ import annotations

import logging
from typing import Annotated
from urllib.parse import quote as url_quote

from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from assistant.config import Settings
from assistant.errors import AssistantError, NotFoundError
from assistant.paths import corpus_file
from assistant.retrieval.engine import AnswerEngine
from assistant.ui.source_page import (
    MAX_QUOTES,
    PDFJS_DIR,
    PDFJS_ROUTE,
    STATIC_DIR,
    STATIC_ROUTE,
    document_body_html,
    render_pdf_page,
    render_text_page,
)

log = logging.getLogger(__name__)
MAX_QUOTE_CHARS = 2000


def build_source_router(settings: Settings, engine: AnswerEngine) -> APIRouter:
    router = APIRouter()

    @router.get(
        "/bron/{document_id}",
        response_class=HTMLResponse,
        summary="Het document als leesbare pagina, met de citaten gemarkeerd (pdf's in pdf.js op hun pagina)",
    )
    def source_view(
        document_id: str,
        quote: Annotated[list[str], Query(max_length=MAX_QUOTES * 4)] = [],  # noqa: B006 (FastAPI reads the default)
        page: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    ) -> Response:
        record = engine.catalog.document(document_id)
        if record is None or record.status != "complete":
            raise NotFoundError(f"no document {document_id}", "Dit document staat niet in de kennisbank.")
        path = corpus_file(settings.corpus_dir, record.source_path)
        if path is None:
            raise NotFoundError(
                f"{record.source_path} is not inside the corpus dir", "Het bronbestand is niet beschikbaar."
            )
        file_link = f"/api/documents/{url_quote(document_id, safe='')}/file"
        quotes = [q[:MAX_QUOTE_CHARS] for q in quote if q.strip()][:MAX_QUOTES]
        if record.kind == "pdf":
            if not (PDFJS_DIR / "build" / "pdf.mjs").is_file():
                log.warning("pdf.js is not installed (run make): %s opens as a plain file", document_id)
                return RedirectResponse(file_link + (f"#page={page}" if page else ""), status_code=307)
            view = render_pdf_page(record.meta, file_link, quotes, page)
        else:
            text = None
            if record.kind != "markdown":
                from assistant.ingest.read import read_document

                try:
                    document = read_document(path, document_id, int(settings.max_file_mb * 1e6), 100_000)
                except AssistantError as error:
                    raise NotFoundError(str(error), "Het bronbestand kan niet worden gelezen.") from error
                text = "\n\n".join(p.text for p in document.pages)
            body, found = document_body_html(path, record.kind, text, quotes)
            view = render_text_page(record.meta, body, found, len(quotes), file_link)
        return HTMLResponse(view.html, headers={"Content-Security-Policy": view.csp, "Cache-Control": "no-store"})

    return router


def mount_source_assets(app: FastAPI) -> None:
    """pdf.js from node_modules (when `make` installed it) and the app's own viewer script."""
    if PDFJS_DIR.is_dir():
        app.mount(PDFJS_ROUTE, StaticFiles(directory=PDFJS_DIR), name="pdfjs")
    app.mount(STATIC_ROUTE, StaticFiles(directory=STATIC_DIR), name="thuisvraag-static")
