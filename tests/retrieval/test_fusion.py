"""Reciprocal rank fusion of the two rankings."""

from __future__ import annotations

from assistant.retrieval.fusion import fuse_rankings


def test_a_passage_both_retrievers_found_ranks_first() -> None:
    fused = fuse_rankings([("a", 0.9), ("b", 0.8)], [("b", 12.0), ("c", 3.0)])
    assert [candidate.chunk_id for candidate in fused] == ["b", "a", "c"]
    assert fused[0].dense_rank == 2 and fused[0].lexical_rank == 1


def test_ties_are_broken_by_the_dense_score() -> None:
    fused = fuse_rankings([("x", 0.7)], [("y", 5.0)])
    assert [candidate.chunk_id for candidate in fused] == ["x", "y"]
