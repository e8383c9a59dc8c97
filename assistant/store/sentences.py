"""Sentence vectors: one per sentence or list item of every passage, read only for candidate passages.

Scoring sentences only inside the passages that BM25 and the passage vectors found keeps them off the
heap (no second ANN index in memory): at 100k passages, about a million sentences, the serving process
reads a few hundred vectors per question from SQLite.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS sentence_vectors (
    chunk_id TEXT NOT NULL, span INTEGER NOT NULL, document_id TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (chunk_id, span)
);
CREATE INDEX IF NOT EXISTS sentence_vectors_by_document ON sentence_vectors (document_id);
"""


class SentenceVectors:
    """Vectors by (chunk id, span index); a document's rows are replaced together."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        if read_only:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
            if self._db.execute("PRAGMA user_version").fetchone()[0] == 0:
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._lock = threading.Lock()

    def replace_document(self, document_id: str, rows: Sequence[tuple[str, int, np.ndarray]]) -> None:
        """Set the (chunk id, span, vector) rows of one document, dropping its old ones, in one transaction."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM sentence_vectors WHERE document_id = ?", (document_id,))
            self._db.executemany(
                "INSERT OR REPLACE INTO sentence_vectors VALUES (?, ?, ?, ?)",
                [
                    (chunk_id, span, document_id, np.asarray(v, dtype=np.float32).tobytes())
                    for chunk_id, span, v in rows
                ],
            )

    def remove_document(self, document_id: str) -> None:
        with self._lock, self._db:
            self._db.execute("DELETE FROM sentence_vectors WHERE document_id = ?", (document_id,))

    def for_chunks(self, chunk_ids: Iterable[str]) -> dict[str, tuple[list[int], np.ndarray]]:
        """For each chunk id: its span indexes and their vectors as rows of one matrix."""
        ids = list(dict.fromkeys(chunk_ids))
        grouped: dict[str, tuple[list[int], list[bytes]]] = {}
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            marks = ",".join("?" * len(batch))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT chunk_id, span, vector FROM sentence_vectors WHERE chunk_id IN ({marks}) ORDER BY span",
                    batch,
                ).fetchall()
            for chunk_id, span, blob in rows:
                spans, blobs = grouped.setdefault(chunk_id, ([], []))
                spans.append(int(span))
                blobs.append(blob)
        return {
            chunk_id: (spans, np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(spans), -1))
            for chunk_id, (spans, blobs) in grouped.items()
        }

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM sentence_vectors").fetchone()[0])

    def close(self) -> None:
        self._db.close()
