"""Dense search over a real embedded Chroma: every stored passage can be found, also right after a write."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.config import Settings
from assistant.documents import Chunk, DocumentMeta, Span
from assistant.store.vectors import VectorStore, open_client

META = DocumentMeta(title="Testdocument", publisher="Testuitgever")


def chunk(number: int) -> Chunk:
    text = f"Passage nummer {number}."
    return Chunk(f"c{number:03d}", "doc", "doc.md", number, text, [Span(0, len(text), "sentence", 1, "")], META, text)


def unit_vectors(count: int, seed: int) -> list[np.ndarray]:
    rows = np.random.default_rng(seed).normal(size=(count, 384)).astype(np.float32)
    return list(rows / np.linalg.norm(rows, axis=1, keepdims=True))


def test_every_stored_passage_is_its_own_nearest_neighbour_and_a_new_one_is_found_at_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    store = VectorStore(open_client(settings), settings)
    chunks, vectors = [chunk(n) for n in range(60)], unit_vectors(61, seed=1)
    store.upsert(chunks, vectors[:60])
    for item, vector in zip(chunks, vectors, strict=False):
        nearest = store.query(list(vector), 3)
        assert nearest[0][0] == item.chunk_id and abs(nearest[0][1] - 1.0) < 1e-4
    store.upsert([chunk(60)], vectors[60:])
    assert store.query(list(vectors[60]), 1)[0][0] == "c060"
    store.delete(["c060"])
    assert "c060" not in {chunk_id for chunk_id, _ in store.query(list(vectors[60]), 61)}


def test_a_write_through_another_store_is_searched_once_the_vectors_are_read_again(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    reader = VectorStore(open_client(settings), settings)
    vectors = unit_vectors(2, seed=2)
    VectorStore(open_client(settings), settings).upsert([chunk(1)], vectors[:1])
    assert reader.query(list(vectors[0]), 1)[0][0] == "c001"
    VectorStore(open_client(settings), settings).upsert([chunk(2)], vectors[1:])
    reader.forget_vectors()  # what the engine does when the catalog's index version moves
    assert reader.query(list(vectors[1]), 1)[0][0] == "c002"
