"""Reciprocal rank fusion over any number of weighted rankings (passage vectors, sentence vectors, BM25)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ranking:
    """One retriever's answer: (chunk id, score) best first, and how much its ranks count in fusion."""

    name: str
    items: Sequence[tuple[str, float]]
    weight: float = 1.0

    def top_score(self) -> float:
        return max((score for _, score in self.items), default=0.0)


@dataclass
class Candidate:
    """A passage found by any retriever, with what each said about it."""

    chunk_id: str
    fused: float = 0.0
    scores: dict[str, float] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)
    rerank: float | None = None


def fuse_rankings(rankings: Sequence[Ranking], k: int = 60) -> list[Candidate]:
    """Weighted RRF (best first); ties go to the better score in the first ranking."""
    candidates: dict[str, Candidate] = {}
    for ranking in rankings:
        for rank, (chunk_id, score) in enumerate(ranking.items, start=1):
            candidate = candidates.setdefault(chunk_id, Candidate(chunk_id))
            candidate.scores[ranking.name] = score
            candidate.ranks[ranking.name] = rank
            candidate.fused += ranking.weight / (k + rank)
    first = rankings[0].name if rankings else ""
    return sorted(candidates.values(), key=lambda c: (-c.fused, -c.scores.get(first, -1.0)))
