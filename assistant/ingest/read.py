"""Reading a file: its format's reader (assistant.ingest.formats), size limits, sidecar metadata, content hash."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from assistant.documents import DocumentKind, DocumentMeta, ReadOptions, SourceDocument
from assistant.errors import SkippedFile
from assistant.ingest.formats import FORMATS, format_for
from assistant.ingest.text_readers import META_FIELDS, as_text

log = logging.getLogger(__name__)

KIND_BY_SUFFIX: dict[str, DocumentKind] = {suffix: item.kind for item in FORMATS for suffix in item.suffixes}
SIDECAR_SUFFIX = ".yaml"

__all__ = ["KIND_BY_SUFFIX", "META_FIELDS", "SIDECAR_SUFFIX", "SkippedFile", "file_hash", "read_document"]


def is_supported(path: Path) -> bool:
    return format_for(path) is not None


def read_document(
    path: Path,
    document_id: str,
    max_bytes: int,
    max_pages: int,
    on_page: Callable[[int, int], None] | None = None,
) -> SourceDocument:
    """Read one file; raises SkippedFile with a Dutch reason when it cannot be used.

    `on_page(done, total)` is called as the pages of a paged format (PDF) are read.
    """
    found = format_for(path)
    if found is None:
        raise SkippedFile(
            f"unsupported file type: {path}", f"bestandstype {path.suffix or '(geen)'} wordt niet ondersteund"
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise SkippedFile(
            f"file too large ({size} bytes > {max_bytes}): {path}",
            f"bestand is te groot ({size / 1e6:.1f} MB; maximaal {max_bytes / 1e6:.0f} MB)",
        )
    if size == 0:
        raise SkippedFile(f"empty file: {path}", "bestand is leeg")
    data = path.read_bytes()
    sidecar = _read_sidecar(path)
    content_hash = file_hash(path)
    meta, pages = found.read(path, data, ReadOptions(max_pages, on_page))
    if not any(page.text.strip() for page in pages):
        raise SkippedFile(f"no text found: {path}", "bestand bevat geen tekst")
    meta = _with_overrides(meta, sidecar)
    return SourceDocument(document_id, str(path), found.kind, content_hash, meta, pages)


def file_hash(path: Path) -> str:
    """Hash of a file's bytes and its sidecar's, which is all that decides whether to re-index it."""
    digest = hashlib.sha256(path.read_bytes())
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        digest.update(sidecar.read_bytes())
    return digest.hexdigest()


def _read_sidecar(path: Path) -> dict[str, str]:
    """Metadata for files without front matter, from NAME.ext.yaml beside the file."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        loaded: Any = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        log.warning("ignoring unreadable sidecar %s: %s", sidecar, error)
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {key: as_text(loaded.get(key)) for key in META_FIELDS if loaded.get(key)}


def _with_overrides(meta: DocumentMeta, overrides: dict[str, str]) -> DocumentMeta:
    if not overrides:
        return meta
    fields = {key: overrides.get(key) or getattr(meta, key) for key in META_FIELDS}
    return DocumentMeta(**fields)
