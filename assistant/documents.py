"""The types that cross the ingest and store boundaries: documents, pages, units and chunks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DocumentKind = Literal["pdf", "markdown", "text", "html"]
UnitKind = Literal["heading", "sentence", "list_item"]


@dataclass(frozen=True)
class Page:
    """Raw text of one page; `number` is 1-based for PDFs and None for page-less sources."""

    number: int | None
    text: str


@dataclass(frozen=True)
class DocumentMeta:
    """What a citation shows about a document (front matter, PDF metadata or sidecar)."""

    title: str
    publisher: str = ""
    url: str = ""
    date: str = ""
    license: str = ""
    completeness: str = ""

    @property
    def is_excerpt(self) -> bool:
        """True when the source says it holds only part of the original text."""
        text = self.completeness.lower()
        return "excerpt" in text or "uittreksel" in text or "fragment" in text


@dataclass(frozen=True)
class SourceDocument:
    """A file as read from disk, before cleaning; `text_hash` identifies its cleaned text (set by ingest)."""

    document_id: str
    source_path: str
    kind: DocumentKind
    content_hash: str
    meta: DocumentMeta
    pages: list[Page]
    text_hash: str = ""


@dataclass(frozen=True)
class Unit:
    """One sentence, list item or heading of a cleaned document, with where it stands."""

    text: str
    kind: UnitKind
    page: int | None
    section: str


@dataclass(frozen=True)
class Span:
    """Where a unit stands inside a chunk's text: [start, end) with its page and section."""

    start: int
    end: int
    kind: UnitKind
    page: int | None
    section: str


@dataclass(frozen=True)
class Chunk:
    """A passage of one document: the unit of indexing, retrieval and citation."""

    chunk_id: str
    document_id: str
    source_path: str
    position: int
    text: str
    spans: list[Span]
    meta: DocumentMeta
    content_hash: str

    @property
    def _first_text_span(self) -> Span | None:
        return next((span for span in self.spans if span.kind != "heading"), self.spans[0] if self.spans else None)

    @property
    def page(self) -> int | None:
        span = self._first_text_span
        return span.page if span else None

    @property
    def section(self) -> str:
        span = self._first_text_span
        return span.section if span else ""

    @property
    def embedding_text(self) -> str:
        """What the retrievers see: title and section give a passage its context."""
        parts = [self.meta.title, self.section, self.text]
        return "\n".join(part for part in parts if part)
