"""Optional reranking of fused candidates by a cross-encoder; off unless a model is configured."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol


class Reranker(Protocol):
    def score(self, question: str, passages: Sequence[str]) -> list[float]:
        """A relevance score per passage; higher is better."""
        ...


class CrossEncoderReranker:
    """A sentence-transformers CrossEncoder (name or local path); torch is imported only here."""

    def __init__(self, model_name: str) -> None:
        from sentence_transformers import CrossEncoder

        self._model: Any = CrossEncoder(model_name, device="cpu")

    def score(self, question: str, passages: Sequence[str]) -> list[float]:
        if not passages:
            return []
        return [float(value) for value in self._model.predict([(question, passage) for passage in passages])]


@lru_cache(maxsize=2)
def load_reranker(model_name: str) -> Reranker | None:
    return CrossEncoderReranker(model_name) if model_name else None
