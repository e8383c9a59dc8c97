"""Reciprocal rank fusion over weighted rankings."""

from __future__ import annotations

from assistant.retrieval.fusion import Ranking, fuse_rankings


def test_a_passage_two_retrievers_found_ranks_first() -> None:
    fused = fuse_rankings([Ranking("dense", [("a", 0.9), ("b", 0.8)]), Ranking("bm25", [("b", 12.0), ("c", 3.0)])])
    assert [candidate.chunk_id for candidate in fused] == ["b", "a", "c"]
    assert fused[0].ranks == {"dense": 2, "bm25": 1}


def test_ties_are_broken_by_the_first_rankings_score() -> None:
    fused = fuse_rankings([Ranking("dense", [("x", 0.7)]), Ranking("bm25", [("y", 5.0)])])
    assert [candidate.chunk_id for candidate in fused] == ["x", "y"]


def test_a_heavier_ranking_outweighs_a_lighter_one() -> None:
    fused = fuse_rankings([Ranking("light", [("x", 1.0)], weight=0.5), Ranking("heavy", [("y", 1.0)], weight=2.0)])
    assert [candidate.chunk_id for candidate in fused] == ["y", "x"]


def test_any_number_of_rankings_add_up() -> None:
    rankings = [Ranking(name, [("a", 1.0), ("b", 0.5)]) for name in ("one", "two", "three")]
    fused = fuse_rankings(rankings, k=60)
    assert fused[0].chunk_id == "a"
    assert abs(fused[0].fused - 3 / 61) < 1e-9
