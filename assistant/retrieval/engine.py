"""The answer engine: the one entry point that the CLI, the web app and the evals call."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from assistant.config import Settings
from assistant.documents import Answer, Timings
from assistant.errors import IndexMissingError
from assistant.ingest.embed import embedding_for
from assistant.ingest.pipeline import catalog_path, lexical_path, rebuild_lexical
from assistant.retrieval.compose import REFUSAL, compose_answer
from assistant.retrieval.question import retrieval_query, validate_question
from assistant.retrieval.relevance import GateWeights, Signals, answer_probability, measure_signals
from assistant.retrieval.rerank import load_reranker
from assistant.retrieval.search import HybridRetriever, Retrieval
from assistant.store.catalog import Catalog
from assistant.store.lexical import LexicalIndex
from assistant.store.vectors import VectorStore, open_client

log = logging.getLogger(__name__)
SUGGESTIONS = 3


class AnswerEngine:
    """Loads models and indexes once; `ask` is safe to call from several threads."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        if not catalog_path(settings).is_file():
            raise IndexMissingError(f"no catalog at {catalog_path(settings)}")
        self.catalog = Catalog(catalog_path(settings))
        if self.catalog.counts()[1] == 0:
            raise IndexMissingError(f"the index at {settings.index_dir} is empty")
        self.embedding = embedding_for(settings)
        self.vectors = VectorStore(open_client(settings), settings)
        self.gate = GateWeights.load()
        self._lock = threading.Lock()
        self._version = ""
        self.lexical = self._load_lexical()
        self.retriever = HybridRetriever(
            settings, self.catalog, self.vectors, self.lexical, self.embedding, load_reranker(settings.reranker_model)
        )

    def _load_lexical(self) -> LexicalIndex:
        version = self.catalog.get_state("index_version", "0")
        folder = lexical_path(self.settings, version)
        if self.catalog.get_state("lexical_version") != version or not folder.is_dir():
            log.info("BM25 index for version %s missing; rebuilding from the catalog", version)
            rebuild_lexical(self.settings, self.catalog)
        self._version = version
        try:
            return LexicalIndex.load(folder)
        except (OSError, ValueError) as error:
            log.warning("BM25 index at %s unreadable (%s); rebuilding from the catalog", folder, error)
            rebuild_lexical(self.settings, self.catalog)
            return LexicalIndex.load(folder)

    def refresh(self) -> None:
        """Pick up a new index version written by an ingest in this or another process."""
        if self.catalog.get_state("index_version", "0") == self._version:
            return
        with self._lock:
            if self.catalog.get_state("index_version", "0") != self._version:
                self.lexical = self._load_lexical()
                self.retriever.lexical = self.lexical

    def ask(self, question: str, history: Sequence[str] = (), audience: str | None = None) -> Answer:
        """Answer `question` (in the context of earlier questions `history`) from the knowledge base."""
        started = time.perf_counter()
        text = validate_question(question, self.settings.max_question_chars)
        self.refresh()
        query = retrieval_query(text, [turn for turn in history if turn and turn.strip()])
        retrieval = self.retriever.retrieve(query)
        retrieved = time.perf_counter()
        signals = measure_signals(query, retrieval, self.lexical)
        answerable = bool(retrieval.hits) and answer_probability(signals, self.gate) >= self.gate.threshold
        if answerable:
            composition = compose_answer(query, retrieval.hits, self.lexical, self.settings.answer_max_words)
            answer = Answer(text, composition.text, not composition.citations, composition.citations)
        else:
            answer = Answer(text, REFUSAL, True, suggestions=self._suggestions(retrieval))
            if answer.suggestions:
                answer.answer += "\n\nMisschien helpen deze documenten verder:\n" + "\n".join(
                    f"- {title}" for title in answer.suggestions
                )
        finished = time.perf_counter()
        answer.retrieval_query = query
        answer.timings_ms = Timings(
            retrieve=round((retrieved - started) * 1000, 1),
            compose=round((finished - retrieved) * 1000, 1),
            total=round((finished - started) * 1000, 1),
        )
        log.info("asked: refused=%s total_ms=%.0f signals=%s", answer.refused, answer.timings_ms.total, signals)
        return answer

    def inspect(self, question: str, history: Sequence[str] = ()) -> tuple[Retrieval, Signals]:
        """Retrieval and gate signals without composing: for evals and calibration."""
        query = retrieval_query(validate_question(question, self.settings.max_question_chars), list(history))
        retrieval = self.retriever.retrieve(query, top_k=max(10, self.settings.top_k))
        return retrieval, measure_signals(query, retrieval, self.lexical)

    def _suggestions(self, retrieval: Retrieval) -> list[str]:
        titles = list(dict.fromkeys(hit.chunk.meta.title for hit in retrieval.hits))
        return titles[:SUGGESTIONS] if retrieval.hits and retrieval.dense and retrieval.dense[0][1] > 0.8 else []

    def close(self) -> None:
        self.catalog.close()


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    """The stable JSON contract of an answer."""
    return {
        "question": answer.question,
        "answer": answer.answer,
        "refused": answer.refused,
        "citations": [asdict(citation) for citation in answer.citations],
        "timings_ms": asdict(answer.timings_ms),
    }
