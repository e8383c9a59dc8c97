"""Per-question verdicts and the metrics over a run."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence

from llama_index.core.evaluation.retrieval.metrics import MRR, HitRate

DUTCH_WORDS = {
    "de",
    "het",
    "een",
    "en",
    "van",
    "is",
    "dat",
    "die",
    "in",
    "op",
    "te",
    "voor",
    "met",
    "zijn",
    "worden",
    "wordt",
    "niet",
    "ook",
    "bij",
    "aan",
    "er",
    "naar",
    "om",
    "door",
    "als",
    "uit",
    "kan",
    "over",
    "hun",
    "deze",
    "wij",
}
ENGLISH_WORDS = {
    "the",
    "and",
    "of",
    "is",
    "that",
    "to",
    "in",
    "for",
    "with",
    "are",
    "be",
    "this",
    "on",
    "by",
    "as",
    "it",
    "from",
    "or",
    "an",
    "not",
    "can",
    "their",
    "which",
    "we",
    "have",
    "has",
    "was",
    "will",
    "at",
    "you",
}


def hit_at(expected: Sequence[str], retrieved: Sequence[str], k: int) -> float:
    """1.0 when a passage holding a gold quote is among the first k retrieved (llama-index HitRate)."""
    if not expected:
        return 0.0
    return float(HitRate().compute(expected_ids=list(expected), retrieved_ids=list(retrieved[:k])).score or 0.0)


def reciprocal_rank(expected: Sequence[str], retrieved: Sequence[str], k: int = 10) -> float:
    if not expected:
        return 0.0
    return float(MRR().compute(expected_ids=list(expected), retrieved_ids=list(retrieved[:k])).score or 0.0)


def is_dutch(text: str) -> bool:
    """Dutch when Dutch function words outnumber English ones (answers quote Dutch sources)."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    dutch = sum(1 for word in words if word in DUTCH_WORDS)
    english = sum(1 for word in words if word in ENGLISH_WORDS)
    return dutch > english


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def bootstrap_interval(
    values: Sequence[float], statistic: Callable[[Sequence[float]], float] = mean, rounds: int = 1000, seed: int = 13
) -> tuple[float, float]:
    """95% bootstrap confidence interval of `statistic` over per-question values."""
    if not values:
        return (0.0, 0.0)
    rng = random.Random(seed)
    samples = sorted(statistic([rng.choice(values) for _ in values]) for _ in range(rounds))
    return (samples[int(0.025 * rounds)], samples[int(0.975 * rounds) - 1])
