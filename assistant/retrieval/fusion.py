"""Reciprocal rank fusion of the lexical and dense rankings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Candidate:
    """A passage found by either retriever, with what each said about it."""

    chunk_id: str
    fused: float = 0.0
    dense: float | None = None
    dense_rank: int | None = None
    lexical: float | None = None
    lexical_rank: int | None = None
    rerank: float | None = None


def fuse_rankings(
    dense: Sequence[tuple[str, float]], lexical: Sequence[tuple[str, float]], k: int = 60
) -> list[Candidate]:
    """RRF over both rankings (best first); ties are broken by the dense score."""
    candidates: dict[str, Candidate] = {}
    for rank, (chunk_id, score) in enumerate(dense, start=1):
        candidate = candidates.setdefault(chunk_id, Candidate(chunk_id))
        candidate.dense, candidate.dense_rank = score, rank
        candidate.fused += 1.0 / (k + rank)
    for rank, (chunk_id, score) in enumerate(lexical, start=1):
        candidate = candidates.setdefault(chunk_id, Candidate(chunk_id))
        candidate.lexical, candidate.lexical_rank = score, rank
        candidate.fused += 1.0 / (k + rank)
    return sorted(candidates.values(), key=lambda c: (-c.fused, -(c.dense if c.dense is not None else -1.0)))
