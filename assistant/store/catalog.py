"""The catalog: documents, their passages and the index state, in SQLite under the data dir."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from assistant.documents import Chunk, DocumentMeta, SourceDocument, Span
from assistant.migrations import Migration, open_migrated, require_version, statements
from assistant.paths import document_id, is_in_corpus, source_path_for

log = logging.getLogger(__name__)

# Version 1: the schema from before versions were kept (see assistant/migrations.py).
SCHEMA_V1 = (
    """CREATE TABLE IF NOT EXISTS documents (
    document_id TEXT PRIMARY KEY, source_path TEXT NOT NULL, kind TEXT NOT NULL, content_hash TEXT NOT NULL,
    title TEXT, publisher TEXT, url TEXT, date TEXT, license TEXT, completeness TEXT,
    pages INTEGER, chunk_count INTEGER DEFAULT 0, status TEXT NOT NULL, indexed_at REAL
)""",
    """CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, document_id TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL,
    spans TEXT NOT NULL, content_hash TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks (document_id, position)",
    "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
# Version 3: a document's identity is its extracted text; '' for documents indexed before (ingest redoes them).
TEXT_HASH = (
    "ALTER TABLE documents ADD COLUMN text_hash TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX documents_by_text ON documents (text_hash)",
)
META_COLUMNS = "title, publisher, url, date, license, completeness"
DOCUMENT_SELECT = (
    f"SELECT document_id, source_path, kind, content_hash, {META_COLUMNS}, pages, chunk_count, status, indexed_at,"
    " text_hash FROM documents"
)
CHUNK_SELECT = (
    "SELECT c.chunk_id, c.document_id, d.source_path, c.position, c.text, c.spans, c.content_hash,"
    " d.title, d.publisher, d.url, d.date, d.license, d.completeness FROM chunks c JOIN documents d USING (document_id)"
)


@dataclass(frozen=True)
class DocumentRecord:
    """A document as the index knows it."""

    document_id: str
    source_path: str
    kind: str
    content_hash: str
    meta: DocumentMeta
    pages: int
    chunk_count: int
    status: str
    indexed_at: float
    text_hash: str = ""


class Catalog:
    """Documents and passages by id; every write is one transaction, so a killed run leaves it whole."""

    def __init__(self, path: Path, read_only: bool = False, corpus_dir: Path | None = None) -> None:
        """Open for writing (migrating the file to the newest schema), or read-only (which never migrates).

        `corpus_dir` is needed to migrate a file of version 1, whose source paths are relative to a working dir.
        Raises SchemaVersionError for a file newer than this program, or older on a read-only open.
        """
        self.path = path
        if read_only:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            try:
                require_version(self._db, catalog_migrations(None), path)
            except BaseException:
                self._db.close()
                raise
        else:
            self._db = open_migrated(path, catalog_migrations(corpus_dir))
        self._lock = threading.RLock()

    def close(self) -> None:
        self._db.close()

    def _rows(self, query: str, arguments: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a read under the lock and materialise it: the web app reads from several threads."""
        with self._lock:
            return self._db.execute(query, arguments).fetchall()

    # -- documents
    def documents(self) -> list[DocumentRecord]:
        return [_record(row) for row in self._rows(f"{DOCUMENT_SELECT} ORDER BY document_id")]

    def document(self, document_id: str) -> DocumentRecord | None:
        rows = self._rows(f"{DOCUMENT_SELECT} WHERE document_id = ?", (document_id,))
        return _record(rows[0]) if rows else None

    def document_with_text(self, text_hash: str) -> DocumentRecord | None:
        """The complete document whose extracted text has this hash (the same text under any name or bytes)."""
        rows = self._rows(
            f"{DOCUMENT_SELECT} WHERE text_hash = ? AND status = 'complete' ORDER BY document_id LIMIT 1", (text_hash,)
        )
        return _record(rows[0]) if rows and text_hash else None

    def mark_pending(self, document: SourceDocument) -> None:
        """Record that `document` is being (re)indexed; a run killed now redoes it next time."""
        meta = document.meta
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO documents (document_id, source_path, kind, content_hash, title, publisher, url, date,"
                " license, completeness, pages, status, text_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?, 'pending', ?)"
                " ON CONFLICT (document_id) DO UPDATE SET source_path=excluded.source_path, kind=excluded.kind,"
                " content_hash=excluded.content_hash, status='pending', text_hash=excluded.text_hash",
                (
                    document.document_id,
                    document.source_path,
                    document.kind,
                    document.content_hash,
                    *_meta_columns(meta),
                    len(document.pages),
                    document.text_hash,
                ),
            )

    def complete(self, document: SourceDocument, chunks: Sequence[Chunk]) -> None:
        """Replace the document's passages and metadata in one transaction."""
        meta = document.meta
        with self._lock, self._db:
            self._db.execute("DELETE FROM chunks WHERE document_id = ?", (document.document_id,))
            self._db.executemany(
                "INSERT INTO chunks VALUES (?,?,?,?,?,?)",
                [(c.chunk_id, c.document_id, c.position, c.text, _spans_json(c.spans), c.content_hash) for c in chunks],
            )
            self._db.execute(
                "UPDATE documents SET title=?, publisher=?, url=?, date=?, license=?, completeness=?, pages=?,"
                " chunk_count=?, status='complete', indexed_at=? WHERE document_id=?",
                (
                    *_meta_columns(meta),
                    len(document.pages),
                    len(chunks),
                    time.time(),
                    document.document_id,
                ),
            )

    def remove(self, document_id: str) -> None:
        with self._lock, self._db:
            self._db.execute("DELETE FROM chunks WHERE document_id = ?", (document_id,))
            self._db.execute("DELETE FROM documents WHERE document_id = ?", (document_id,))

    def update_meta(self, document_id: str, meta: DocumentMeta, content_hash: str) -> None:
        """New citation metadata for a document whose text is unchanged (its passages stay as they are)."""
        with self._lock, self._db:
            self._db.execute(
                "UPDATE documents SET title=?, publisher=?, url=?, date=?, license=?, completeness=?, content_hash=?"
                " WHERE document_id=?",
                (
                    *_meta_columns(meta),
                    content_hash,
                    document_id,
                ),
            )

    # -- passages
    def chunks(self, chunk_ids: Iterable[str]) -> dict[str, Chunk]:
        """Passages by id with their document's current metadata; unknown ids are left out."""
        ids = list(dict.fromkeys(chunk_ids))
        found: dict[str, Chunk] = {}
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows = self._rows(f"{CHUNK_SELECT} WHERE c.chunk_id IN ({marks})", tuple(batch))
            found.update({row[0]: _chunk(row) for row in rows})
        return found

    def all_chunks(self) -> list[Chunk]:
        """Every passage, in document order."""
        return [_chunk(row) for row in self._rows(f"{CHUNK_SELECT} ORDER BY c.document_id, c.position")]

    def chunk_ids(self, document_id: str) -> list[str]:
        rows = self._rows("SELECT chunk_id FROM chunks WHERE document_id = ? ORDER BY position", (document_id,))
        return [row[0] for row in rows]

    def document_chunks(self, document_id: str) -> list[Chunk]:
        """The passages of a document in reading order."""
        ids = self.chunk_ids(document_id)
        chunks = self.chunks(ids)
        return [chunks[chunk_id] for chunk_id in ids if chunk_id in chunks]

    def counts(self) -> tuple[int, int]:
        documents = self._rows("SELECT COUNT(*) FROM documents WHERE status = 'complete'")[0][0]
        chunks = self._rows("SELECT COUNT(*) FROM chunks")[0][0]
        return int(documents), int(chunks)

    # -- state
    def get_state(self, key: str, default: str = "") -> str:
        rows = self._rows("SELECT value FROM state WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else default

    def set_state(self, key: str, value: str) -> None:
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (key, value))


def _spans_json(spans: Sequence[Span]) -> str:
    fields = [[s.start, s.end, s.kind, s.page, s.section, s.page_end, s.ocr] for s in spans]
    return json.dumps(fields, ensure_ascii=False)


def _spans(raw: str) -> list[Span]:
    """Spans as stored; rows written before spans had an end page and an OCR flag hold five fields."""
    return [Span(*fields) for fields in json.loads(raw)]


def _record(row: tuple[Any, ...]) -> DocumentRecord:
    meta = DocumentMeta(*(str(value or "") for value in row[4:10]))
    return DocumentRecord(
        str(row[0]),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        meta,
        int(row[10] or 0),
        int(row[11] or 0),
        str(row[12]),
        float(row[13] or 0.0),
        str(row[14] or ""),
    )


def _chunk(row: tuple[Any, ...]) -> Chunk:
    meta = DocumentMeta(*(str(value or "") for value in row[7:13]))
    return Chunk(
        str(row[0]),
        str(row[1]),
        str(row[2]),
        int(row[3]),
        str(row[4]),
        _spans(str(row[5])),
        meta,
        str(row[6]),
    )


def _meta_columns(meta: DocumentMeta) -> tuple[str, str, str, str, str, str]:
    """The citation metadata in the column order of the documents table (title ... completeness)."""
    return (meta.title, meta.publisher, meta.url, meta.date, meta.license, meta.completeness)


def catalog_migrations(corpus_dir: Path | None) -> list[Migration]:
    """The catalog's schema versions in order: migration N brings a file from version N-1 to N."""
    return [
        statements(*SCHEMA_V1),
        lambda db: _source_paths_relative_to_corpus(db, corpus_dir),
        statements(*TEXT_HASH),
    ]


def _source_paths_relative_to_corpus(db: sqlite3.Connection, corpus_dir: Path | None) -> None:
    """Version 2: source paths relative to the corpus dir; version 1 stored them relative to the ingest's cwd."""
    rows = db.execute("SELECT document_id, source_path FROM documents").fetchall()
    if not rows:
        return
    if corpus_dir is None:
        raise ValueError("the catalog's source paths can only be migrated knowing the corpus dir")
    for document, stored in rows:
        placed = _place_in_corpus(str(document), str(stored), corpus_dir)
        if placed is None:
            log.warning("catalog migration: cannot place %s (%s) in the corpus %s; kept", document, stored, corpus_dir)
        elif placed != stored:
            db.execute("UPDATE documents SET source_path = ? WHERE document_id = ?", (placed, document))


def _place_in_corpus(document: str, stored: str, corpus_dir: Path) -> str | None:
    """What a version-1 source path means now: its path inside the corpus, or absolute for a file outside it.

    The ingest that stored a relative path may have run in any working dir: of the path's tails, the one whose
    id is the document's is its path inside the corpus.
    """
    written = Path.cwd() / stored  # an absolute path stays itself
    inside = is_in_corpus(written, corpus_dir)
    if inside and _is_id_of(document, source_path_for(written, corpus_dir)):
        return source_path_for(written, corpus_dir)
    if not inside and written.is_file():  # a file outside the corpus, ingested by its path from this working dir
        return source_path_for(written, corpus_dir)
    parts = PurePath(stored).parts
    tails = (PurePath(*parts[start:]).as_posix() for start in range(len(parts) - 1, -1, -1))
    return next((tail for tail in tails if _is_id_of(document, tail)), None)


def _is_id_of(document: str, source_path: str) -> bool:
    """Whether ingest gives a file at `source_path` this id (a second file of the same name gets its suffix)."""
    suffix = PurePath(source_path).suffix.lstrip(".").lower()
    return document in (document_id(source_path), f"{document_id(source_path)}-{suffix}")
