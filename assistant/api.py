"""The JSON API under /api: validate, call the answer engine or the stores, return typed models."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field

from assistant.answer import Answer
from assistant.answering import ask_and_record
from assistant.config import Settings
from assistant.errors import AssistantError, NotFoundError
from assistant.feedback import FeedbackStore
from assistant.ingest.formats import media_type_for
from assistant.paths import corpus_file
from assistant.retrieval.engine import AnswerEngine
from assistant.store.catalog import DocumentRecord
from assistant.text.sections import cited_section

log = logging.getLogger(__name__)
Audience = Literal["gemeente", "corporatie", "anders"]


class AskRequest(BaseModel):
    question: str = Field(description="De vraag, in het Nederlands (maximaal 1.000 tekens).")
    history: list[str] = Field(default_factory=list, description="Eerdere vragen in dit gesprek, oudste eerst.")
    audience: Audience | None = Field(None, description="Voor wie de vraag is: gemeente, corporatie of anders.")


class DocumentModel(BaseModel):
    id: str
    title: str
    publisher: str
    url: str
    date: str
    pages: int
    chunks: int
    completeness: str
    is_excerpt: bool
    license: str


class DocumentDetail(DocumentModel):
    sections: list[str]


class FeedbackRequest(BaseModel):
    answer_id: str
    rating: Literal["up", "down"]
    reason: Literal["bron klopt niet", "antwoord onvolledig", "niet relevant", "anders"] | None = None
    comment: str | None = Field(None, max_length=2000)


class FeedbackResponse(BaseModel):
    stored: bool


class HealthResponse(BaseModel):
    status: str
    documents: int
    chunks: int
    embedding_model: str
    chroma_mode: str
    index_age_seconds: float | None


def document_model(record: DocumentRecord) -> DocumentModel:
    meta = record.meta
    return DocumentModel(
        id=record.document_id,
        title=meta.title,
        publisher=meta.publisher,
        url=meta.url,
        date=meta.date,
        pages=record.pages,
        chunks=record.chunk_count,
        completeness=meta.completeness,
        is_excerpt=meta.is_excerpt,
        license=meta.license,
    )


# What a request's field got wrong, in Dutch, by pydantic's error type; others "klopt niet".
FIELD_ERRORS = {
    "missing": "ontbreekt",
    "string_type": "moet tekst zijn",
    "list_type": "moet een lijst zijn",
    "literal_error": "heeft geen toegestane waarde",
    "string_too_long": "is te lang",
    "json_invalid": "is geen geldige JSON",
    "model_attributes_type": "moet een object zijn",
    "dict_type": "moet een object zijn",
}


def validation_message(errors: Sequence[Mapping[str, Any]]) -> str:
    """A request's field errors as one Dutch sentence: 'Het verzoek klopt niet: “question” moet tekst zijn.'"""
    parts = []
    for error in errors:
        if error.get("type") == "json_invalid":  # its place is a character offset, not a field
            return "Het verzoek is geen geldige JSON."
        field = ".".join(str(part) for part in error.get("loc", ())[1:]) or "verzoek"
        parts.append(f"“{field}” {FIELD_ERRORS.get(str(error.get('type')), 'klopt niet')}")
    return "Het verzoek klopt niet: " + "; ".join(dict.fromkeys(parts)) + "."


def add_error_handler(app: FastAPI) -> None:
    """The one mapping of the error tree to HTTP: each AssistantError class knows its status; a request whose fields
    do not fit the API gets 422 with one Dutch sentence, as every other error, not pydantic's English list."""

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        # Where and what, never the input: it may be a question, which the engine's own log leaves out too.
        fields = [(error.get("type"), error.get("loc")) for error in error.errors()]
        log.warning("%s %s: invalid request %s", request.method, request.url.path, fields)
        return JSONResponse({"detail": validation_message(error.errors())}, status_code=422)

    @app.exception_handler(AssistantError)
    async def assistant_error(request: Request, error: AssistantError) -> JSONResponse:
        level = logging.ERROR if error.status_code >= 500 else logging.WARNING
        log.log(level, "%s %s failed (%s): %s", request.method, request.url.path, type(error).__name__, error)
        headers = {"Retry-After": "5"} if error.status_code == 503 else None
        return JSONResponse({"detail": error.user_message}, status_code=error.status_code, headers=headers)


def build_api(settings: Settings, engine: AnswerEngine, feedback: FeedbackStore) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.post("/ask", response_model=Answer, summary="Stel een vraag aan de kennisbank")
    def ask(request: AskRequest) -> Answer:
        return ask_and_record(engine, feedback, request.question, request.history, request.audience)

    @router.get("/documents", response_model=list[DocumentModel], summary="Alle documenten in de kennisbank")
    def documents() -> list[DocumentModel]:
        return [document_model(r) for r in engine.catalog.documents() if r.status == "complete"]

    @router.get("/documents/{document_id}", response_model=DocumentDetail, summary="Eén document met zijn secties")
    def document(document_id: str) -> DocumentDetail:
        record = _record(document_id)
        chunks = engine.catalog.document_chunks(document_id)
        named = (cited_section(span.section) for chunk in chunks for span in chunk.spans)
        sections = list(dict.fromkeys(section for section in named if section))
        return DocumentDetail(**document_model(record).model_dump(), sections=sections)

    @router.get("/documents/{document_id}/file", summary="Het bronbestand zelf (pdf's openen met #page=N)")
    def document_file(document_id: str) -> FileResponse:
        record = _record(document_id)
        path = corpus_file(settings.corpus_dir, record.source_path)
        if path is None:
            log.warning("refused to serve %s for %s: not inside the corpus dir", record.source_path, document_id)
            raise NotFoundError(
                f"{record.source_path} is not inside the corpus dir", "Het bronbestand is niet beschikbaar."
            )
        return FileResponse(
            path,
            media_type=media_type_for(path),
            content_disposition_type="inline",
            filename=path.name,
        )

    @router.post("/feedback", response_model=FeedbackResponse, summary="Beoordeel een antwoord")
    def give_feedback(request: FeedbackRequest) -> FeedbackResponse:
        if not feedback.has_answer(request.answer_id):
            raise NotFoundError(
                f"no answer {request.answer_id}", "Dit antwoord is onbekend; feedback is niet opgeslagen."
            )
        feedback.record_feedback(request.answer_id, request.rating, request.reason, request.comment)
        return FeedbackResponse(stored=True)

    @router.get("/health", response_model=HealthResponse, summary="Staat van de index")
    def health() -> HealthResponse:
        documents, chunks = engine.catalog.counts()
        newest = max((record.indexed_at for record in engine.catalog.documents()), default=0.0)
        return HealthResponse(
            status="ok" if chunks else "empty",
            documents=documents,
            chunks=chunks,
            embedding_model=settings.embedding_key,
            chroma_mode=settings.chroma_mode,
            index_age_seconds=round(time.time() - newest, 1) if newest else None,
        )

    @router.get("/evals/latest/report.html", summary="Het nieuwste evaluatierapport (zelfstandige HTML-pagina)")
    def latest_report() -> FileResponse:
        from assistant.evaluation.report import latest_run

        run_dir = latest_run(settings.eval_runs_dir)
        if run_dir is None or not (run_dir / "report.html").is_file():
            raise NotFoundError("no eval report yet", "Er is nog geen evaluatierapport.")
        return FileResponse(
            run_dir / "report.html",
            media_type="text/html; charset=utf-8",
            # The report is self-contained: nothing may load from elsewhere, and no script runs.
            headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:"},
        )

    def _record(document_id: str) -> DocumentRecord:
        record = engine.catalog.document(document_id)
        if record is None or record.status != "complete":
            raise NotFoundError(f"no document {document_id}", "Dit document staat niet in de kennisbank.")
        return record

    return router
