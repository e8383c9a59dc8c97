"""Sentence vectors in SQLite: two readings per sentence (with its title, alone), and stores from before the second."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np

from assistant.store.sentences import SentenceVectors

# The store as the code before the second reading wrote it (schema version 1), copied so the test keeps its meaning.
BEFORE_ALONE = """
CREATE TABLE IF NOT EXISTS sentence_vectors (
    chunk_id TEXT NOT NULL, span INTEGER NOT NULL, document_id TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (chunk_id, span)
);
CREATE INDEX IF NOT EXISTS sentence_vectors_by_document ON sentence_vectors (document_id);
PRAGMA user_version = 1;
"""


def unit(seed: int) -> np.ndarray:
    row = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    return row / np.linalg.norm(row)


def old_store(path: Path) -> Path:
    """A version-1 store with one document of two sentences in one passage."""
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(BEFORE_ALONE)
        for span in (0, 1):
            db.execute("INSERT INTO sentence_vectors VALUES ('c1', ?, 'doc', ?)", (span, unit(span).tobytes()))
    return path


def test_both_readings_of_every_sentence_come_back_in_span_order(tmp_path: Path) -> None:
    store = SentenceVectors(tmp_path / "sentences.sqlite")
    store.replace_document(
        "doc", [("c1", 1, unit(1), unit(11)), ("c1", 0, unit(0), unit(10)), ("c2", 0, unit(2), unit(12))]
    )
    rows = store.for_chunks(["c1", "c2", "elsewhere"])
    assert set(rows) == {"c1", "c2"}
    assert rows["c1"].spans == [0, 1]
    assert np.allclose(rows["c1"].titled, [unit(0), unit(1)]) and np.allclose(rows["c1"].alone, [unit(10), unit(11)])
    store.replace_document("doc", [("c1", 0, unit(3), unit(13))])
    assert set(store.for_chunks(["c1", "c2"])) == {"c1"} and store.count() == 1


def test_a_store_from_before_the_second_reading_is_migrated_and_read_on_its_titled_reading(tmp_path: Path) -> None:
    path = old_store(tmp_path / "sentences.sqlite")
    store = SentenceVectors(path)
    rows = store.for_chunks(["c1"])["c1"]
    assert np.allclose(rows.alone, rows.titled) and np.allclose(rows.titled, [unit(0), unit(1)])
    store.replace_document("doc", [("c1", 0, unit(0), unit(10))])
    assert np.allclose(store.for_chunks(["c1"])["c1"].alone, [unit(10)])
    store.close()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2


def test_a_read_only_open_of_an_old_store_reads_it_without_migrating(tmp_path: Path) -> None:
    path = old_store(tmp_path / "sentences.sqlite")
    before = path.read_bytes()
    store = SentenceVectors(path, read_only=True)
    rows = store.for_chunks(["c1"])["c1"]
    store.close()
    assert rows.spans == [0, 1] and np.allclose(rows.alone, rows.titled)
    assert path.read_bytes() == before
