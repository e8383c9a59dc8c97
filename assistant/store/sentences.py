"""Sentence vectors: two per sentence or list item of every passage, read only for candidate passages.

Scoring sentences only inside the passages that BM25 and the passage vectors found keeps them off the
heap (no second ANN index in memory): at 100k passages, about a million sentences, the serving process
reads a few hundred vectors per question from SQLite.

Each sentence has two readings: with its document's title ("Actielijn 3. Wonen Eerst: Ook moeten ze …"),
which gives a short sentence its context, and alone, which does not let a title that repeats the question's
words lift every sentence of its document above the one that says it elsewhere.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.migrations import Migration, open_migrated, statements

log = logging.getLogger(__name__)
SCHEMA_V1 = (
    "CREATE TABLE IF NOT EXISTS sentence_vectors (chunk_id TEXT NOT NULL, span INTEGER NOT NULL,"
    " document_id TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (chunk_id, span))",
    "CREATE INDEX IF NOT EXISTS sentence_vectors_by_document ON sentence_vectors (document_id)",
)
# Version 1: one vector per sentence, with its title; 2: the sentence alone too (NULL in the rows written before,
# until the next full ingest, which the index format's change brings, fills them).
MIGRATIONS: list[Migration] = [
    statements(*SCHEMA_V1),
    statements("ALTER TABLE sentence_vectors ADD COLUMN alone BLOB"),
]


@dataclass(frozen=True)
class SentenceRows:
    """One passage's sentences: span indexes, their vectors with the title, and alone (rows in the same order).

    A sentence stored before the second reading existed has its title reading in `alone` as well."""

    spans: list[int]
    titled: np.ndarray
    alone: np.ndarray


class SentenceVectors:
    """Vectors by (chunk id, span index); a document's rows are replaced together."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        if read_only:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self._db = open_migrated(path, MIGRATIONS)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(sentence_vectors)")}
        # A read-only open never migrates: an index from before the second reading is scored on the title one.
        self._alone = "alone" if "alone" in columns else "NULL"
        if self._alone == "NULL" and columns:
            log.warning("%s holds no sentence vectors without titles; run `assistant ingest` once", path)
        self._lock = threading.Lock()

    def replace_document(
        self, document_id: str, rows: Sequence[tuple[str, int, np.ndarray, np.ndarray | None]]
    ) -> None:
        """Set the (chunk id, span, vector with title, vector alone) rows of one document, dropping its old ones,
        in one transaction."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM sentence_vectors WHERE document_id = ?", (document_id,))
            self._db.executemany(
                "INSERT OR REPLACE INTO sentence_vectors VALUES (?, ?, ?, ?, ?)",
                [
                    (chunk_id, span, document_id, _blob(titled), None if alone is None else _blob(alone))
                    for chunk_id, span, titled, alone in rows
                ],
            )

    def remove_document(self, document_id: str) -> None:
        with self._lock, self._db:
            self._db.execute("DELETE FROM sentence_vectors WHERE document_id = ?", (document_id,))

    def for_chunks(self, chunk_ids: Iterable[str]) -> dict[str, SentenceRows]:
        """For each chunk id: its span indexes and both readings' vectors as rows of two matrices."""
        ids = list(dict.fromkeys(chunk_ids))
        grouped: dict[str, tuple[list[int], list[bytes], list[bytes]]] = {}
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            marks = ",".join("?" * len(batch))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT chunk_id, span, vector, {self._alone} FROM sentence_vectors"
                    f" WHERE chunk_id IN ({marks}) ORDER BY span",
                    batch,
                ).fetchall()
            for chunk_id, span, titled, alone in rows:
                spans, titled_blobs, alone_blobs = grouped.setdefault(chunk_id, ([], [], []))
                spans.append(int(span))
                titled_blobs.append(titled)
                alone_blobs.append(alone if alone is not None else titled)
        return {
            chunk_id: SentenceRows(spans, _matrix(titled_blobs, len(spans)), _matrix(alone_blobs, len(spans)))
            for chunk_id, (spans, titled_blobs, alone_blobs) in grouped.items()
        }

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM sentence_vectors").fetchone()[0])

    def close(self) -> None:
        self._db.close()


def _blob(vector: np.ndarray | Sequence[float]) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def _matrix(blobs: list[bytes], rows: int) -> np.ndarray:
    return np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(rows, -1)
