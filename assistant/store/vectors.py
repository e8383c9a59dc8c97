"""Dense vectors in Chroma: embedded (a folder under the data dir) or a Chroma server."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, cast

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.config import Settings
from assistant.documents import Chunk

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
from assistant.errors import IndexUnavailableError, IngestError

log = logging.getLogger(__name__)
PAGE_SIZE = 2000


@register_embedding_function
class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Our embedding model as Chroma sees it, so Chroma never falls back to its downloading default.

    The model loads on first use: Chroma rebuilds this object from the collection's config on open.
    """

    def __init__(self, backend: str, model_name: str, threads: int = 0, batch_size: int = 16) -> None:
        self._config: dict[str, Any] = {
            "backend": backend,
            "model_name": model_name,
            "threads": threads,
            "batch_size": batch_size,
        }

    def _embedding(self) -> BaseEmbedding:
        from assistant.ingest.embed import load_embedding

        config = self._config
        return load_embedding(
            str(config["backend"]), str(config["model_name"]), int(config["threads"]), int(config["batch_size"])
        )

    def __call__(self, input: Documents) -> Embeddings:
        vectors = self._embedding().get_text_embedding_batch(list(input))
        return [np.asarray(vector, dtype=np.float32) for vector in vectors]

    def embed_query(self, input: Documents) -> Embeddings:
        embedding = self._embedding()
        return [np.asarray(embedding.get_query_embedding(text), dtype=np.float32) for text in input]

    @staticmethod
    def name() -> str:
        return "thuisvraag"

    def get_config(self) -> dict[str, Any]:
        return dict(self._config)

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        return ChromaEmbeddingFunction(
            str(config["backend"]),
            str(config["model_name"]),
            int(config.get("threads", 0)),
            int(config.get("batch_size", 16)),
        )

    def default_space(self) -> Literal["cosine", "l2", "ip"]:
        return "cosine"


def open_client(settings: Settings) -> ClientAPI:
    """A Chroma client for the configured mode; telemetry off in both."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        path = settings.index_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except (ValueError, ConnectionError) as error:
        raise IndexUnavailableError(f"cannot reach Chroma ({settings.chroma_mode}): {error}") from error


class VectorStore:
    """Passage vectors by chunk id, with the metadata needed to find a document's passages."""

    def __init__(self, client: ClientAPI, settings: Settings) -> None:
        self._client = client
        name = self.name = settings.collection
        model_key = self.model_key = settings.embedding_key
        function = ChromaEmbeddingFunction(
            settings.embedding_backend,
            settings.embedding_model,
            settings.embedding_threads,
            settings.embedding_batch_size,
        )
        self.collection: Collection = client.get_or_create_collection(
            name,
            embedding_function=cast(Any, function),
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding_model": model_key},
        )
        stored_model = (self.collection.metadata or {}).get("embedding_model")
        if stored_model and stored_model != model_key:
            raise IngestError(
                f"collection {name!r} holds vectors of {stored_model}, not {model_key}; "
                "use another collection name or remove the index",
                f"De index is gemaakt met een ander embeddingmodel ({stored_model}). Kies een andere collectie "
                "(ASSISTANT_COLLECTION) of verwijder de index en indexeer opnieuw.",
            )

    def count(self) -> int:
        return self.collection.count()

    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[np.ndarray]) -> None:
        for start in range(0, len(chunks), PAGE_SIZE):
            batch = chunks[start : start + PAGE_SIZE]
            self.collection.upsert(
                ids=[chunk.chunk_id for chunk in batch],
                embeddings=cast(Any, np.asarray(vectors[start : start + PAGE_SIZE], dtype=np.float32)),
                metadatas=[{"document_id": chunk.document_id, "position": chunk.position} for chunk in batch],
            )

    def ids_of_document(self, document_id: str) -> set[str]:
        return set(self.collection.get(where={"document_id": document_id}, include=[])["ids"])

    def delete(self, chunk_ids: Sequence[str]) -> None:
        ids = list(chunk_ids)
        for start in range(0, len(ids), PAGE_SIZE):
            self.collection.delete(ids=ids[start : start + PAGE_SIZE])

    def delete_document(self, document_id: str) -> None:
        self.collection.delete(where={"document_id": document_id})

    def all_ids(self) -> set[str]:
        ids: set[str] = set()
        offset = 0
        while True:
            page = self.collection.get(include=[], limit=PAGE_SIZE, offset=offset)["ids"]
            ids.update(page)
            if len(page) < PAGE_SIZE:
                return ids
            offset += PAGE_SIZE

    def query(self, vector: Sequence[float], k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest passages, best first."""
        if k <= 0:
            return []
        result = self.collection.query(
            query_embeddings=cast(Any, np.asarray([vector], dtype=np.float32)), n_results=k, include=["distances"]
        )
        ids = result["ids"][0]
        distances = (result.get("distances") or [[]])[0]
        return [(chunk_id, 1.0 - float(distance)) for chunk_id, distance in zip(ids, distances, strict=True)]

    def get_state(self, key: str) -> str:
        return str((self.collection.metadata or {}).get(key, ""))

    def set_state(self, key: str, value: str) -> None:
        metadata = {k: v for k, v in (self.collection.metadata or {}).items() if not k.startswith("hnsw:")}
        metadata[key] = value
        self.collection.modify(metadata=metadata)
