"""Admin routes under /api/admin: add, replace, remove documents and edit their metadata (bearer token)."""

from __future__ import annotations

import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Response, UploadFile
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from assistant.api import DocumentModel, document_model
from assistant.config import Settings
from assistant.knowledge_base import (
    add_document,
    edit_metadata,
    remove_document,
    token_matches,
)
from assistant.retrieval.engine import AnswerEngine

log = logging.getLogger(__name__)
bearer = HTTPBearer(auto_error=False, description="ASSISTANT_ADMIN_TOKEN")


class UploadResponse(BaseModel):
    status: Literal["indexed", "replaced", "duplicate"] = Field(
        description="indexed: nieuw; replaced: nieuwe versie van een bestaand document; duplicate: stond er al."
    )
    document: DocumentModel


class MetadataChange(BaseModel):
    title: str | None = Field(None, max_length=300)
    publisher: str | None = Field(None, max_length=300)
    url: str | None = Field(None, max_length=2000)
    date: str | None = Field(None, max_length=40)


def build_admin_api(settings: Settings, engine: AnswerEngine) -> APIRouter:
    """The routes exist only when an admin token is set; every call must carry it."""

    def require_admin(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        if credentials is None or not token_matches(settings, credentials.credentials):
            raise HTTPException(401, "Een geldig beheertoken is nodig.", headers={"WWW-Authenticate": "Bearer"})

    router = APIRouter(prefix="/api/admin", dependencies=[Depends(require_admin)], tags=["beheer"])

    @router.post("/documents", response_model=UploadResponse, status_code=201, summary="Document toevoegen")
    def upload(
        response: Response,
        file: Annotated[UploadFile, File(description="PDF, Markdown, tekst of HTML")],
        title: Annotated[str | None, Form(max_length=300)] = None,
        publisher: Annotated[str | None, Form(max_length=300)] = None,
        url: Annotated[str | None, Form(max_length=2000)] = None,
        date: Annotated[str | None, Form(max_length=40)] = None,
        replaces: Annotated[str | None, Form(description="Id van het document dat dit bestand vervangt")] = None,
    ) -> UploadResponse:
        content = file.file.read(int(settings.max_file_mb * 1e6) + 1)
        meta = {"title": title or "", "publisher": publisher or "", "url": url or "", "date": date or ""}
        result = add_document(settings, file.filename or "", content, meta, replaces or None)
        engine.refresh()
        if result.status == "duplicate":
            response.status_code = 200
        return UploadResponse(status=result.status, document=document_model(result.record))

    @router.delete("/documents/{document_id}", status_code=204, summary="Document verwijderen")
    def delete(document_id: str) -> Response:
        remove_document(settings, document_id)
        engine.refresh()
        return Response(status_code=204)

    @router.patch("/documents/{document_id}", response_model=DocumentModel, summary="Metadata van een document")
    def patch(document_id: str, change: MetadataChange) -> DocumentModel:
        record = edit_metadata(settings, document_id, change.model_dump(exclude_none=True))
        return document_model(record)

    return router
