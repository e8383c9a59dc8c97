"""Dense vectors in Chroma: embedded (a folder under the data dir) or a Chroma server."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal, cast

import chromadb
import httpx
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, QueryResult
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.config import Settings
from assistant.documents import Chunk

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
from assistant.errors import IndexUnavailableError, IngestError
from assistant.paths import index_paths

log = logging.getLogger(__name__)
PAGE_SIZE = 2000
# A dead or unreachable server fails fast; a large upsert on a busy server may take tens of seconds.
HTTP_TIMEOUT = httpx.Timeout(60.0, connect=1.0, pool=5.0)
# A question waits this long for a Chroma server's nearest passages before the app answers 503.
QUERY_DEADLINE_SECONDS = 2.0
# What a lost, hung or restarted Chroma server raises; the store looks its collection up again after one.
UNREACHABLE: tuple[type[Exception], ...] = (httpx.HTTPError, ConnectionError, NotFoundError)
# Embedded Chroma up to this many passages is searched exactly, from its vectors held in memory. Its HNSW graph,
# rebuilt from the write log whenever a process opens the folder, can leave passages unreachable: on an index
# with a history of re-ingests (530 log entries for 86 passages) 3 of 10 process starts lost one or two passages
# from every search, so the same question found different passages from one start to the next. Exact search
# over 20,000 vectors costs about 30 MB and a millisecond; larger indexes keep the HNSW search.
EXACT_SEARCH_MAX_PASSAGES = 20_000
# chromadb raises ValueError when HttpClient cannot reach the server at all.
CANNOT_CONNECT: tuple[type[Exception], ...] = (ValueError, *UNREACHABLE)


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
        from assistant.embedding import load_embedding

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
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
            _bound_http_requests(client)
            return client
        path = index_paths(settings).chroma
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except CANNOT_CONNECT as error:
        raise IndexUnavailableError(f"cannot reach Chroma ({settings.chroma_mode}): {error}") from error


def _bound_http_requests(client: ClientAPI) -> None:
    """Give the HTTP client's session timeouts: chromadb 1.5 builds it with `timeout=None` and no setting for it."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = HTTP_TIMEOUT
    else:
        log.warning("cannot set timeouts on the Chroma client (%s); a hung server may block", type(session))


class VectorStore:
    """Passage vectors by chunk id, with the metadata needed to find a document's passages."""

    def __init__(self, client: ClientAPI, settings: Settings) -> None:
        self._client = client
        self.mode = settings.chroma_mode
        name = self.name = settings.collection
        model_key = self.model_key = settings.embedding_key
        self._function = ChromaEmbeddingFunction(
            settings.embedding_backend,
            settings.embedding_model,
            settings.embedding_threads,
            settings.embedding_batch_size,
        )
        self._stale = False
        self._exact: tuple[list[str], np.ndarray] | None = None
        self._too_large_for_exact = False
        # Server queries run on these threads so that a hung server costs a question no more than the deadline.
        self._queries = ThreadPoolExecutor(64, "chroma-query") if settings.chroma_host else None
        with self._reaching_chroma("open the collection"):
            self.collection: Collection = client.get_or_create_collection(
                name,
                embedding_function=cast(Any, self._function),
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

    @contextmanager
    def _reaching_chroma(self, action: str) -> Iterator[None]:
        """Turn a lost Chroma server into IndexUnavailableError (a 503 for the API, exit 1 for ingest)."""
        try:
            yield
        except UNREACHABLE as error:
            self._stale = True
            raise IndexUnavailableError(f"Chroma ({self.mode}) unreachable to {action}: {error!r}") from error

    def _live(self) -> Collection:
        """The collection, looked up again when the last call lost the server (it may have been restarted)."""
        if self._stale:
            self.collection = self._client.get_collection(self.name, embedding_function=cast(Any, self._function))
            self._stale = False
        return self.collection

    def count(self) -> int:
        with self._reaching_chroma("count passages"):
            return self._live().count()

    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[np.ndarray]) -> None:
        self.forget_vectors()
        for start in range(0, len(chunks), PAGE_SIZE):
            batch = chunks[start : start + PAGE_SIZE]
            with self._reaching_chroma("store passages"):
                self._live().upsert(
                    ids=[chunk.chunk_id for chunk in batch],
                    embeddings=cast(Any, np.asarray(vectors[start : start + PAGE_SIZE], dtype=np.float32)),
                    metadatas=[{"document_id": chunk.document_id, "position": chunk.position} for chunk in batch],
                )

    def ids_of_document(self, document_id: str) -> set[str]:
        with self._reaching_chroma("list passages"):
            return set(self._live().get(where={"document_id": document_id}, include=[])["ids"])

    def delete(self, chunk_ids: Sequence[str]) -> None:
        self.forget_vectors()
        ids = list(chunk_ids)
        for start in range(0, len(ids), PAGE_SIZE):
            with self._reaching_chroma("delete passages"):
                self._live().delete(ids=ids[start : start + PAGE_SIZE])

    def delete_document(self, document_id: str) -> None:
        self.forget_vectors()
        with self._reaching_chroma("delete a document"):
            self._live().delete(where={"document_id": document_id})

    def all_ids(self) -> set[str]:
        return {chunk_id for page in self._pages([], "list passages") for chunk_id in page["ids"]}

    def _pages(self, include: list[Any], action: str) -> Iterator[Any]:
        """The whole collection, PAGE_SIZE passages at a time, with the fields in `include`."""
        offset = 0
        while True:
            with self._reaching_chroma(action):
                page = self._live().get(include=include, limit=PAGE_SIZE, offset=offset)
            yield page
            if len(page["ids"]) < PAGE_SIZE:
                return
            offset += PAGE_SIZE

    def query(self, vector: Sequence[float], k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest passages, best first.

        A Chroma server must answer within QUERY_DEADLINE_SECONDS, else IndexUnavailableError.
        """
        if k <= 0:
            return []
        exact = self._exact_vectors()
        if exact is not None:
            ids, matrix = exact
            query = np.asarray(vector, dtype=np.float32)
            cosines = matrix @ (query / (np.linalg.norm(query) or 1.0))
            order = np.argsort(-cosines, kind="stable")[:k]
            return [(ids[index], float(cosines[index])) for index in order]
        embedding = cast(Any, np.asarray([vector], dtype=np.float32))

        def nearest() -> QueryResult:
            with self._reaching_chroma("search"):
                return self._live().query(query_embeddings=embedding, n_results=k, include=["distances"])

        if self._queries is None:
            result = nearest()
        else:
            try:
                result = self._queries.submit(nearest).result(timeout=QUERY_DEADLINE_SECONDS)
            except FutureTimeout as error:
                raise IndexUnavailableError(
                    f"Chroma ({self.mode}) gave no search result within {QUERY_DEADLINE_SECONDS} s"
                ) from error
        ids = result["ids"][0]
        distances = (result.get("distances") or [[]])[0]
        return [(chunk_id, 1.0 - float(distance)) for chunk_id, distance in zip(ids, distances, strict=True)]

    def forget_vectors(self) -> None:
        """Drop the vectors held for exact search: the next query reads them again (after a write or an ingest
        in another process)."""
        self._exact = None
        self._too_large_for_exact = False

    def _exact_vectors(self) -> tuple[list[str], np.ndarray] | None:
        """(ids, unit rows) of every passage of an embedded collection small enough to search exactly."""
        # A Chroma server searches for us (and a lost one must answer 503 in time); so does HNSW past the limit.
        if self._queries is not None or self._too_large_for_exact:
            return None
        if self._exact is None:
            if self.count() > EXACT_SEARCH_MAX_PASSAGES:
                self._too_large_for_exact = True
                return None
            ids: list[str] = []
            rows: list[Any] = []
            for page in self._pages(["embeddings"], "read passage vectors"):
                ids.extend(page["ids"])
                rows.extend(page["embeddings"] if page["embeddings"] is not None else [])
            matrix = np.asarray(rows, dtype=np.float32).reshape(len(ids), -1)
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            self._exact = (ids, matrix / np.where(norms > 0, norms, 1.0))
        return self._exact

    def get_state(self, key: str) -> str:
        return str((self.collection.metadata or {}).get(key, ""))

    def set_state(self, key: str, value: str) -> None:
        metadata = {k: v for k, v in (self.collection.metadata or {}).items() if not k.startswith("hnsw:")}
        metadata[key] = value
        with self._reaching_chroma("write the index state"):
            self._live().modify(metadata=metadata)
