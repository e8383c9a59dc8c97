"""The gold set: Dutch questions with the exact source quotes that answer them."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.text.analyzer import Analyzer
from assistant.text.normalize import normalize_text

DEFAULT_QUESTIONS = Path("evals/questions.jsonl")
# Conversations, not single turns, are drawn into dev and test with this seed (evals/tools/build_*_set.py).
SPLIT_SEED = 20261201
KIND_BY_INTENT = {"near_domain": "near_domain", "out_of_scope": "out_of_scope"}


@dataclass(frozen=True)
class GoldQuote:
    source: str
    quote: str


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    question: str
    audience: str
    answerable: bool
    gold: list[GoldQuote] = field(default_factory=list)
    key_facts: list[str] = field(default_factory=list)
    split: str = "dev"
    follow_up_of: str | None = None
    kind: str = ""


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[GoldQuestion]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            questions.append(
                GoldQuestion(
                    id=data["id"],
                    question=data["question"],
                    audience=data.get("audience", "algemeen"),
                    answerable=bool(data["answerable"]),
                    gold=[GoldQuote(item["source"], item["quote"]) for item in data.get("gold", [])],
                    key_facts=list(data.get("key_facts", [])),
                    split=data.get("split", "dev"),
                    follow_up_of=data.get("follow_up_of"),
                    kind=data.get("kind", ""),
                )
            )
        except (KeyError, TypeError, json.JSONDecodeError) as error:
            raise ValueError(f"{path}:{number}: not a gold question: {error}") from error
    return questions


def history_of(question: GoldQuestion, by_id: dict[str, GoldQuestion]) -> list[str]:
    """The earlier questions of the conversation a follow-up belongs to, oldest first."""
    history: list[str] = []
    current = question
    while current.follow_up_of and current.follow_up_of in by_id:
        current = by_id[current.follow_up_of]
        history.insert(0, current.question)
    return history


def comparable(text: str) -> str:
    """Text as cleaning leaves it, whitespace folded and lower-cased: how gold quotes are matched."""
    return re.sub(r"\s+", " ", normalize_text(text)).strip().lower()


def stem_overlap(question: GoldQuestion) -> float:
    """Share of the question's content stems that stand in its (first, best-answering) gold sentence (0..1).

    Questions written while looking at a passage reuse its words (0.34 in evals/questions.jsonl by
    this measure); questions written blind share fewer (0.27 in evals/blind.jsonl): the check that a set
    was written blind.
    """
    analyzer = Analyzer()
    stems = set(analyzer.tokens(question.question))
    if not stems or not question.gold:
        return 0.0
    return len(stems & set(analyzer.tokens(question.gold[0].quote))) / len(stems)


def conversation_splits(rows: Sequence[Mapping[str, Any]], seed: int = SPLIT_SEED) -> dict[str, str]:
    """The split of each question id, "dev" or "test", drawn per conversation: a follow-up goes with its first turn."""
    roots = [row["id"] for row in rows if not row.get("follow_up_of")]
    random.Random(seed).shuffle(roots)
    split_of = {root: ("dev" if index % 2 == 0 else "test") for index, root in enumerate(roots)}
    return {row["id"]: split_of[row.get("follow_up_of") or row["id"]] for row in rows}


def gold_set_line(row: Mapping[str, Any], split: str, gold: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One line of a gold set from a located question; an in-scope question without an answer gets kind *_not_in_kb."""
    kind = row["kind"]
    if not row["answerable"] and row["intent"] == "in_scope" and kind not in KIND_BY_INTENT.values():
        kind = f"{kind}_not_in_kb"
    return {
        "id": row["id"],
        "question": row["question"],
        "audience": row["audience"],
        "answerable": row["answerable"],
        "gold": list(gold),
        "key_facts": row["key_facts"],
        "split": split,
        "follow_up_of": row.get("follow_up_of"),
        "kind": kind,
        "intent": row["intent"],
    }
