"""The formats the knowledge base takes, in one registry: suffixes, reader, media type, content sniffing.

Adding a format, or a second PDF reader, is a module with a reader `(path, data, options) -> (meta, pages)`
and one entry in FORMATS; ingest, upload checks, the API's file route and the upload widget follow from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from assistant.documents import DocumentKind, DocumentMeta, Page, ReadOptions
from assistant.ingest.pdf_layout import read_pdf
from assistant.ingest.text_readers import read_html, read_markdown, read_text

SNIFF_BYTES = 1024
# Binary content that must never pass for a text file (archives, executables, images, gzip).
FOREIGN_SIGNATURES = (b"PK\x03\x04", b"\x7fELF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"MZ", b"\x1f\x8b")


class Reader(Protocol):
    def __call__(self, path: Path, data: bytes, options: ReadOptions) -> tuple[DocumentMeta, list[Page]]: ...


@dataclass(frozen=True)
class Format:
    """One file format: how it is named, read, served and recognised."""

    kind: DocumentKind
    label: str  # in Dutch messages: "Dit bestand heet .pdf maar is geen pdf."
    suffixes: tuple[str, ...]
    media_type: str  # how GET /api/documents/{id}/file serves it
    read: Reader
    signature: bytes = b""  # a binary format's magic bytes, within the first SNIFF_BYTES; text formats have none

    def accepts(self, content: bytes) -> bool:
        """A binary format must carry its signature; a text format must not look binary."""
        if self.signature:
            return self.signature in content[:SNIFF_BYTES]
        return not looks_binary(content)


FORMATS = (
    Format("pdf", "pdf", (".pdf",), "application/pdf", read_pdf, signature=b"%PDF-"),
    Format("markdown", "Markdown-bestand", (".md", ".markdown"), "text/markdown; charset=utf-8", read_markdown),
    Format("text", "tekstbestand", (".txt",), "text/plain; charset=utf-8", read_text),
    # Served as plain text: an uploaded page must not run its scripts in the app's origin.
    Format("html", "html-bestand", (".html", ".htm"), "text/plain; charset=utf-8", read_html),
)
BY_SUFFIX = {suffix: item for item in FORMATS for suffix in item.suffixes}


def format_for(path: Path | str) -> Format | None:
    """The format of a file by its suffix (any case), or None when the knowledge base does not take it."""
    return BY_SUFFIX.get(Path(path).suffix.lower())


def accepted_suffixes() -> list[str]:
    """Every suffix taken, e.g. for an upload widget's accept list: ['.pdf', '.md', ...]."""
    return list(BY_SUFFIX)


def media_type_for(path: Path | str) -> str:
    found = format_for(path)
    return found.media_type if found else "text/plain; charset=utf-8"


def looks_binary(content: bytes) -> bool:
    """True for content of a binary format (registered or foreign) or with NUL bytes near its start."""
    binary = tuple(item.signature for item in FORMATS if item.signature)
    return (
        any(signature in content[:SNIFF_BYTES] for signature in binary)
        or content.startswith(FOREIGN_SIGNATURES)
        or b"\x00" in content[:8192]
    )
