"""The gold set: Dutch questions with the exact source quotes that answer them."""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.evaluation.reference import ReferenceText, read_reference
from assistant.text.analyzer import Analyzer
from assistant.text.normalize import CHARACTER_MAP, drop_note_markers, normalize_text

DEFAULT_QUESTIONS = Path("evals/questions.jsonl")
# Conversations, not single turns, are drawn into dev and test with this seed (evals/tools/build_*_set.py).
SPLIT_SEED = 20261201
KIND_BY_INTENT = {"near_domain": "near_domain", "out_of_scope": "out_of_scope"}
ANCHOR_FIELDS = ("source", "start", "end", "sha1")


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


GoldResolver = Callable[[Mapping[str, Any]], GoldQuote]


def quoted_gold(item: Mapping[str, Any]) -> GoldQuote:
    """A gold item that carries its quote: {"source": file in the corpus, "quote": verbatim text}."""
    return GoldQuote(item["source"], item["quote"])


def load_questions(path: Path = DEFAULT_QUESTIONS, resolve: GoldResolver = quoted_gold) -> list[GoldQuestion]:
    """The questions of a JSON-lines gold set; `resolve` turns each gold item into a quote (ValueError: bad line)."""
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
                    gold=[resolve(item) for item in data.get("gold", [])],
                    key_facts=list(data.get("key_facts", [])),
                    split=data.get("split", "dev"),
                    follow_up_of=data.get("follow_up_of"),
                    kind=data.get("kind", ""),
                )
            )
        except (KeyError, TypeError, ValueError) as error:  # a JSONDecodeError is a ValueError
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
    """Text as cleaning leaves it (footnote numbers glued to a word dropped), whitespace folded and lower-cased:
    how gold quotes, copied from the sources, are matched."""
    return re.sub(r"\s+", " ", drop_note_markers(normalize_text(text))).strip().lower()


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
    """One line of a gold set from a located question; an in-scope question without an answer gets kind *_not_in_kb,
    unless its kind already says so ("follow_up_unanswerable", written to have none). A first question written as
    near-domain or out-of-scope has that kind, whatever form it was written in ("number_or_name"), so that the eval
    counts it among them."""
    kind = row["kind"]
    if row["intent"] in KIND_BY_INTENT and not row.get("follow_up_of"):
        kind = KIND_BY_INTENT[row["intent"]]
    if (
        not row["answerable"]
        and row["intent"] == "in_scope"
        and kind not in KIND_BY_INTENT.values()
        and not kind.endswith(("_not_in_kb", "_unanswerable"))
    ):
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


# ---- gold sentences as offsets into the reference texts (evals/upload.jsonl) --------------------------------
# The texts may not be committed, so the upload set holds {"source", "start", "end", "sha1"}: reference.body of
# `source`, [start:end), and the sha1 (hex, of the UTF-8 bytes) of that slice, checked whenever it is resolved.


def quote_sha1(quote: str) -> str:
    """The check an upload gold item carries: the sha1 (hex) of the quote's UTF-8 bytes."""
    return hashlib.sha1(quote.encode("utf-8")).hexdigest()


def anchor_quote(reference: ReferenceText, quote: str) -> dict[str, Any]:
    """Where `quote` stands in the reference's body, as an upload gold item; ValueError when it is not there.

    Verbatim first; else compared as gold quotes are (typographic quotes, spaces and case folded), and the item
    then points at the body's own text.
    """
    start = reference.body.find(quote)
    span = (start, start + len(quote)) if start >= 0 and quote else _folded_find(reference.body, quote)
    if span is None:
        raise ValueError(f"quote not found in {reference.name}: {quote[:60]!r}")
    start, end = span
    return {"source": reference.name, "start": start, "end": end, "sha1": quote_sha1(reference.body[start:end])}


def resolve_anchor(reference_dir: Path, item: Mapping[str, Any]) -> str:
    """The quote an upload gold item points at, read from its reference text; ValueError when it is not that text."""
    source, start, end, expected = (item[key] for key in ANCHOR_FIELDS)
    path = reference_dir / source
    if "/" in source or not path.is_file():
        raise ValueError(f"reference text {source} not found in {reference_dir}")
    body = read_reference(path).body
    quote = body[start:end] if 0 <= start < end <= len(body) else ""
    if quote_sha1(quote) != expected:
        raise ValueError(
            f"{source}[{start}:{end}] has sha1 {quote_sha1(quote)}, the gold set expects {expected}: the reference "
            "text changed; rebuild the set with evals/tools/build_upload_set.py"
        )
    return quote


def anchored_gold(reference_dir: Path, document: str) -> GoldResolver:
    """A resolver for upload gold: an anchored item becomes a quote of `document` (the uploaded file that holds
    the reference texts); an item with its own quote (a shipped corpus file) stays as it is."""

    def resolve(item: Mapping[str, Any]) -> GoldQuote:
        if "quote" in item:
            return quoted_gold(item)
        return GoldQuote(document, resolve_anchor(reference_dir, item))

    return resolve


def _folded_find(text: str, quote: str) -> tuple[int, int] | None:
    folded, positions = _fold(text)
    key = _fold(quote)[0].strip()
    at = folded.find(key) if key else -1
    if at < 0:
        return None
    return positions[at], positions[at + len(key) - 1] + 1


def _fold(text: str) -> tuple[str, list[int]]:
    """`comparable` character by character: the folded text and, per folded character, its offset in `text`."""
    characters: list[str] = []
    positions: list[int] = []
    for offset, character in enumerate(text):
        for folded in character.translate(CHARACTER_MAP).lower():
            if folded.isspace():
                if not characters or characters[-1] == " ":
                    continue
                folded = " "
            characters.append(folded)
            positions.append(offset)
    return "".join(characters), positions
