"""Extractive answers: sentences quoted verbatim from the retrieved passages, each cited.

With no language model offline, the answer is composed only of sentences that stand in a cited
passage; the composer cannot write a sentence of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.answer import AnswerSentence, Citation
from assistant.documents import Chunk, Span
from assistant.retrieval.search import Hit
from assistant.store.lexical import LexicalIndex

MIN_WORDS = 40
COMPOSE_PASSAGES = 4
MIN_SENTENCE_WORDS = 4
REDUNDANCY = 0.6
RELATIVE_CUTOFF = 0.35
LIST_ITEMS_MAX = 10
UNQUOTED_KINDS = ("heading", "boilerplate")
# Lines that point elsewhere instead of saying something ("Lees meer", "Kijk op de website").
POINTERS = re.compile(r"^(lees|kijk|ga naar|klik|bekijk|download|meer informatie|zie ook|deel dit)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Pick:
    """A sentence chosen for the answer: which passage, which span, how it scored."""

    hit_rank: int
    chunk: Chunk
    span_index: int
    score: float

    @property
    def span(self) -> Span:
        return self.chunk.spans[self.span_index]

    @property
    def text(self) -> str:
        return self.chunk.text[self.span.start : self.span.end]


@dataclass
class Composition:
    """What a composer makes of the retrieved passages: cited sentences and their sources."""

    sentences: list[AnswerSentence]
    citations: list[Citation]


class Composer(Protocol):
    """Turns retrieved passages into an answer; extractive today, a generative one can take its place."""

    def compose(self, question: str, hits: Sequence[Hit], lexical: LexicalIndex) -> Composition: ...


@dataclass(frozen=True)
class ExtractiveComposer:
    """Quotes sentences verbatim from the passages; it cannot write a sentence of its own."""

    max_words: int = 180

    def compose(self, question: str, hits: Sequence[Hit], lexical: LexicalIndex) -> Composition:
        return compose_answer(question, hits, lexical, self.max_words)


def compose_answer(question: str, hits: Sequence[Hit], lexical: LexicalIndex, max_words: int = 180) -> Composition:
    """Pick the sentences that answer `question`, keep lists whole, cite each."""
    question_tokens = set(lexical.analyzer.tokens(question))
    picks = _pick_sentences(question_tokens, list(hits)[:COMPOSE_PASSAGES], lexical, max_words)
    if not picks:
        return Composition([], [])
    picks = _with_enumerations(picks, max_words)
    ordered = _reading_order(picks)
    citations, numbers = _citations(ordered, hits)
    sentences = [
        AnswerSentence(
            text=pick.text, citation=number, kind="list_item" if pick.span.kind == "list_item" else "sentence"
        )
        for pick, number in zip(ordered, numbers, strict=True)
    ]
    return Composition(sentences, citations)


def _pick_sentences(question_tokens: set[str], hits: list[Hit], lexical: LexicalIndex, max_words: int) -> list[Pick]:
    total_weight = sum(lexical.term_weight(token) for token in question_tokens) or 1.0
    scored: list[Pick] = []
    for rank, hit in enumerate(hits):
        prior = 0.3 / (1 + rank)
        for index, span in enumerate(hit.chunk.spans):
            text = hit.chunk.text[span.start : span.end]
            if span.kind in UNQUOTED_KINDS or len(text.split()) < MIN_SENTENCE_WORDS or POINTERS.match(text):
                continue
            tokens = set(lexical.analyzer.tokens(text))
            overlap = sum(lexical.term_weight(token) for token in question_tokens & tokens) / total_weight
            position = 0.05 / (1 + index)
            scored.append(Pick(rank, hit.chunk, index, overlap + prior + position))
    scored.sort(key=lambda pick: -pick.score)
    if not scored:
        return []
    best = scored[0].score
    chosen: list[Pick] = []
    chosen_tokens: list[set[str]] = []
    words = 0
    for pick in scored:
        size = len(pick.text.split())
        if words >= MIN_WORDS and pick.score < RELATIVE_CUTOFF * best:
            break
        if words + size > max_words:
            continue
        tokens = set(lexical.analyzer.tokens(pick.text))
        if any(_similarity(tokens, other) > REDUNDANCY for other in chosen_tokens):
            continue
        chosen.append(pick)
        chosen_tokens.append(tokens)
        words += size
        if words >= max_words * 0.8:
            break
    return chosen


def _with_enumerations(picks: list[Pick], max_words: int) -> list[Pick]:
    """A sentence that announces a list brings its items; a picked item brings its announcement."""
    keys = {(pick.chunk.chunk_id, pick.span_index) for pick in picks}
    words = sum(len(pick.text.split()) for pick in picks)
    extra: list[Pick] = []
    for pick in picks:
        spans = pick.chunk.spans
        if pick.span.kind == "sentence" and pick.text.rstrip().endswith(":"):
            index = pick.span_index + 1
            while index < len(spans) and spans[index].kind == "list_item" and index - pick.span_index <= LIST_ITEMS_MAX:
                candidate = Pick(pick.hit_rank, pick.chunk, index, pick.score)
                size = len(candidate.text.split())
                if (pick.chunk.chunk_id, index) not in keys and words + size <= max_words * 1.3:
                    extra.append(candidate)
                    keys.add((pick.chunk.chunk_id, index))
                    words += size
                index += 1
        elif pick.span.kind == "list_item":
            index = pick.span_index - 1
            while index >= 0 and spans[index].kind == "list_item":
                index -= 1
            if index >= 0 and spans[index].kind == "sentence" and (pick.chunk.chunk_id, index) not in keys:
                intro = Pick(pick.hit_rank, pick.chunk, index, pick.score)
                if intro.text.rstrip().endswith(":"):
                    extra.append(intro)
                    keys.add((pick.chunk.chunk_id, index))
    return picks + extra


def _reading_order(picks: list[Pick]) -> list[Pick]:
    """Passages in the order their best sentence ranks; sentences in the order they stand."""
    first_score: dict[str, float] = {}
    for pick in picks:
        first_score[pick.chunk.chunk_id] = max(first_score.get(pick.chunk.chunk_id, 0.0), pick.score)
    return sorted(picks, key=lambda pick: (-first_score[pick.chunk.chunk_id], pick.chunk.chunk_id, pick.span_index))


def _citations(ordered: list[Pick], hits: Sequence[Hit]) -> tuple[list[Citation], list[int]]:
    """One citation per run of adjacent sentences on one page of one passage."""
    scores = {hit.chunk.chunk_id: hit.candidate.fused for hit in hits}
    citations: list[Citation] = []
    numbers: list[int] = []
    run: list[Pick] = []

    def close_run() -> None:
        if not run:
            return
        chunk = run[0].chunk
        start, end = run[0].span.start, run[-1].span.end
        last_page = run[-1].span.page_end or run[-1].span.page
        citations.append(
            Citation(
                n=len(citations) + 1,
                document_id=chunk.document_id,
                title=chunk.meta.title,
                publisher=chunk.meta.publisher,
                url=chunk.meta.url,
                source_path=chunk.source_path,
                page=run[0].span.page,
                page_end=last_page if last_page != run[0].span.page else None,
                section=run[0].span.section,
                quote=chunk.text[start:end],
                passage=chunk.text,
                score=round(scores.get(chunk.chunk_id, 0.0), 6),
                is_excerpt=chunk.meta.is_excerpt,
                ocr=any(pick.span.ocr for pick in run),
            )
        )
        numbers.extend([len(citations)] * len(run))
        run.clear()

    for pick in ordered:
        if run and not (
            pick.chunk.chunk_id == run[-1].chunk.chunk_id
            and pick.span_index == run[-1].span_index + 1
            and pick.span.page == run[-1].span.page
        ):
            close_run()
        run.append(pick)
    close_run()
    return citations, numbers


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
