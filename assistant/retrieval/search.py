"""Hybrid search: weighted rankings fused, optionally reranked, hydrated from the catalog."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.config import Settings
from assistant.documents import Chunk
from assistant.errors import IndexUnavailableError
from assistant.retrieval.fusion import Candidate, Ranking, fuse_rankings
from assistant.retrieval.rerank import Reranker
from assistant.store.catalog import Catalog
from assistant.store.lexical import LexicalIndex
from assistant.store.vectors import VectorStore

log = logging.getLogger(__name__)
PASSAGES = "passages"
BM25 = "bm25"


@dataclass
class Hit:
    """A retrieved passage with the evidence for it."""

    chunk: Chunk
    candidate: Candidate


@dataclass
class Retrieval:
    query: str
    hits: list[Hit]
    rankings: list[Ranking] = field(default_factory=list)
    query_vector: list[float] = field(default_factory=list)

    def ranking(self, name: str) -> list[tuple[str, float]]:
        return next((list(r.items) for r in self.rankings if r.name == name), [])

    @property
    def dense(self) -> list[tuple[str, float]]:
        return self.ranking(PASSAGES)

    @property
    def lexical(self) -> list[tuple[str, float]]:
        return self.ranking(BM25)


class HybridRetriever:
    def __init__(
        self,
        settings: Settings,
        catalog: Catalog,
        vectors: VectorStore,
        lexical: LexicalIndex,
        embedding: BaseEmbedding,
        reranker: Reranker | None = None,
    ) -> None:
        self.settings = settings
        self.catalog = catalog
        self.vectors = vectors
        self.lexical = lexical
        self.embedding = embedding
        self.reranker = reranker

    def rankings(self, query: str, vector: list[float], depth: int) -> list[Ranking]:
        """Each retriever's ranking of passages for `query`."""
        try:
            dense = self.vectors.query(vector, depth)
        except Exception as error:  # chromadb raises many types when its server or files are gone
            raise IndexUnavailableError(f"dense search failed: {error!r}") from error
        return [Ranking(PASSAGES, dense), Ranking(BM25, self.lexical.search(query, depth))]

    def retrieve(self, query: str, top_k: int | None = None) -> Retrieval:
        """The best `top_k` passages for `query`, best first."""
        top_k = top_k or self.settings.top_k
        depth = max(self.settings.candidates_k, top_k)
        vector = list(self.embedding.get_query_embedding(query))
        rankings = self.rankings(query, vector, depth)
        candidates = fuse_rankings(rankings, self.settings.rrf_k)
        chunks = self.catalog.chunks(candidate.chunk_id for candidate in candidates[:depth])
        hits = [Hit(chunks[c.chunk_id], c) for c in candidates if c.chunk_id in chunks]
        if self.reranker is not None and hits:
            pool = hits[: max(top_k * 3, 20)]
            scores = self.reranker.score(query, [hit.chunk.embedding_text for hit in pool])
            for hit, score in zip(pool, scores, strict=True):
                hit.candidate.rerank = score
            hits = sorted(pool, key=lambda hit: -(hit.candidate.rerank or 0.0))
        return Retrieval(query, hits[:top_k], rankings, vector)
