"""The refusal gate: does the knowledge base answer this question at all?

No single score separates in-scope from out-of-scope questions, so the gate combines several
signals in a logistic model whose weights are fitted on the dev half of the gold set
(`assistant eval --calibrate`) and stored in evals/gate.json with the model they fit.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.retrieval.search import Retrieval
from assistant.store.lexical import LexicalIndex

log = logging.getLogger(__name__)
COVERAGE_PASSAGES = 3
AGREEMENT_DEPTH = 5


@dataclass(frozen=True)
class Signals:
    """Evidence that the retrieved passages answer the question (all roughly 0..1)."""

    dense_top: float
    lexical_top: float
    coverage: float
    unknown_share: float
    agreement: float

    def vector(self) -> list[float]:
        return [self.dense_top, self.lexical_top, self.coverage, self.unknown_share, self.agreement]


@dataclass(frozen=True)
class GateWeights:
    """A fitted logistic gate, with the embedding model whose cosines it was fitted on."""

    bias: float
    weights: list[float]
    threshold: float = 0.5
    embedding_key: str = ""

    @classmethod
    def load(cls, path: Path, embedding_key: str = "") -> GateWeights:
        """The weights at `path`, or hand-set ones; warns when they were fitted for another model."""
        if not path.is_file():
            log.warning("no calibrated gate at %s; using hand-set weights (run `assistant eval --calibrate`)", path)
            # Hand-set before calibration: e5 cosines of answerable questions sit above ~0.82 here.
            return cls(-22.0, [25.0, 0.3, 3.0, -3.0, 0.8], embedding_key=embedding_key)
        data = json.loads(path.read_text())
        weights = cls(
            float(data["bias"]),
            [float(w) for w in data["weights"]],
            float(data.get("threshold", 0.5)),
            str(data.get("embedding_key", "")),
        )
        if embedding_key and weights.embedding_key and weights.embedding_key != embedding_key:
            log.warning(
                "the gate at %s was fitted for %s, not %s: refusals may be off until `assistant eval --calibrate`",
                path,
                weights.embedding_key,
                embedding_key,
            )
        return weights

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")


# Words that shape a question but say nothing about its subject; they do not count toward coverage.
QUESTION_WORDS = frozenset(
    [
        "verstaat",
        "verstaan",
        "betekent",
        "betekenen",
        "houdt",
        "hoeveel",
        "welk",
        "mag",
        "mogen",
        "moet",
        "moeten",
        "kunnen",
        "krijgt",
        "krijgen",
        "geldt",
        "gelden",
        "gaat",
        "gaan",
        "doet",
        "doen",
        "regelt",
        "regelen",
        "zit",
        "zitten",
        "staat",
        "staan",
        "heet",
        "heten",
        "hebben",
        "heeft",
        "zijn",
        "worden",
        "wordt",
        "eigenlijk",
        "precies",
        "graag",
        "weten",
        "vertellen",
        "uitleggen",
        "zeggen",
        "zegt",
        "goed",
        "groot",
        "hoog",
        "lang",
        "vaak",
        "veel",
        "welke",
    ]
)


def measure_signals(question: str, retrieval: Retrieval, lexical: LexicalIndex) -> Signals:
    subject = " ".join(word for word in lexical.analyzer.words(question) if word not in QUESTION_WORDS)
    tokens = list(dict.fromkeys(lexical.analyzer.tokens(subject)))
    dense_top = max((score for _, score in retrieval.dense), default=0.0)
    lexical_top = max((score for _, score in retrieval.lexical), default=0.0)
    if not tokens:
        return Signals(dense_top, 0.0, 0.0, 1.0, 0.0)
    passage_tokens: set[str] = set()
    for hit in retrieval.hits[:COVERAGE_PASSAGES]:
        passage_tokens.update(lexical.analyzer.tokens(hit.chunk.embedding_text))
    weights = {token: lexical.term_weight(token) for token in tokens}
    total = sum(weights.values()) or 1.0
    coverage = sum(weight for token, weight in weights.items() if token in passage_tokens) / total
    unknown = sum(weight for token, weight in weights.items() if token not in lexical.idf) / total
    dense_ids = {chunk_id for chunk_id, _ in retrieval.dense[:AGREEMENT_DEPTH]}
    lexical_ids = {chunk_id for chunk_id, _ in retrieval.lexical[:AGREEMENT_DEPTH]}
    agreement = 1.0 if dense_ids & lexical_ids else 0.0
    return Signals(dense_top, math.log1p(lexical_top) / 3.0, coverage, unknown, agreement)


def answer_probability(signals: Signals, weights: GateWeights) -> float:
    z = weights.bias + sum(w * x for w, x in zip(weights.weights, signals.vector(), strict=True))
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def fit_gate(samples: list[tuple[Signals, bool]], epochs: int = 3000, rate: float = 0.3) -> GateWeights:
    """Logistic regression on (signals, answerable) pairs: standardised features, classes weighted
    equally, a little L2; returned as weights on the raw signals."""
    if not samples:
        raise ValueError("no samples to fit the gate on")
    rows = [signals.vector() for signals, _ in samples]
    labels = [1.0 if label else 0.0 for _, label in samples]
    size = len(rows[0])
    means = [sum(row[i] for row in rows) / len(rows) for i in range(size)]
    stds = [math.sqrt(sum((row[i] - means[i]) ** 2 for row in rows) / len(rows)) or 1.0 for i in range(size)]
    scaled = [[(row[i] - means[i]) / stds[i] for i in range(size)] for row in rows]
    positives = sum(labels) or 1.0
    negatives = len(labels) - sum(labels) or 1.0
    sample_weights = [0.5 / positives if label else 0.5 / negatives for label in labels]
    weights = [0.0] * size
    bias = 0.0
    for _ in range(epochs):
        grad_w = [0.0] * size
        grad_b = 0.0
        for x, label, sample_weight in zip(scaled, labels, sample_weights, strict=True):
            z = bias + sum(w * v for w, v in zip(weights, x, strict=True))
            error = (1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0))) - label) * sample_weight
            grad_b += error
            grad_w = [g + error * v for g, v in zip(grad_w, x, strict=True)]
        bias -= rate * grad_b
        weights = [w - rate * (g + 0.01 * w) for w, g in zip(weights, grad_w, strict=True)]
    raw = [w / s for w, s in zip(weights, stds, strict=True)]
    raw_bias = bias - sum(w * m / s for w, m, s in zip(weights, means, stds, strict=True))
    return GateWeights(raw_bias, raw)
