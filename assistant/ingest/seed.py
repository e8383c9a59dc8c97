"""The vector seed beside the corpus: every passage and sentence vector of its files, written by
`assistant export-seed`. A fresh machine's first ingest (`make run`, CI's gate) fills its cache from it instead
of embedding the shipped corpus again (98 s of a cold ingest here, for 814 vectors).

Vectors are keyed by the hash of the text embedded, so a seed can never give a passage another text's vector:
after a change to the corpus or the chunking, what the seed lacks is embedded as before (and the test that the
seed covers the corpus asks for `make seed`).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.config import Settings
from assistant.documents import Chunk
from assistant.errors import SkippedFile
from assistant.ingest.pipeline import embedding_items, find_source_files, prepare_document


@dataclass(frozen=True)
class SeedReport:
    vectors: int
    embedded: int


def corpus_items(settings: Settings) -> list[tuple[str, str]]:
    """(content hash, text to embed) of every passage and sentence of the corpus files, as ingest reads them."""
    files, _ = find_source_files([settings.corpus_dir], settings.corpus_dir)
    chunks: list[Chunk] = []
    for source in files:
        try:
            chunks.extend(prepare_document(settings, source)[1])
        except SkippedFile:  # skipped at ingest too: nothing of it is embedded
            continue
    passages, sentences = embedding_items(chunks)
    return passages + sentences


def missing_from_seed(settings: Settings) -> list[str]:
    """The texts of the corpus whose vector the seed lacks (all of them without a seed)."""
    from assistant.embedding import read_seed

    seed = read_seed(settings.embedding_seed_path, settings.embedding_key)
    return [text for hash_, text in corpus_items(settings) if hash_ not in seed]


def export_seed(settings: Settings) -> SeedReport:
    """Write the seed for the corpus as it is now: vectors from the cache, the few it lacks embedded."""
    from assistant.embedding import EmbeddingCache, embed_texts, embedding_for, write_seed

    items = corpus_items(settings)
    embedded = 0

    def count(batch: int) -> None:
        nonlocal embedded
        embedded += batch

    cache = EmbeddingCache(settings.embedding_cache_path)
    try:
        vectors = embed_texts(embedding_for(settings), cache, settings.embedding_key, items, on_batch=count)
    finally:
        cache.close()
    write_seed(settings.embedding_seed_path, settings.embedding_key, vectors)
    return SeedReport(len(vectors), embedded)
