"""Chunking: pack a document's units into passages of about 150-300 words on sentence boundaries.

Written here instead of llama-index's SentenceSplitter/MarkdownNodeParser because a citation needs
the page and section of each *sentence* (a passage may cross a page break), which those parsers
drop; the sentence boundaries still come from the Punkt model llama-index ships.
"""

from __future__ import annotations

import hashlib

from assistant.documents import Chunk, DocumentMeta, Span, Unit

MIN_TAIL_WORDS = 40
OVERLAP_MAX_WORDS = 60


def chunk_units(
    document_id: str,
    source_path: str,
    meta: DocumentMeta,
    units: list[Unit],
    target_words: int = 220,
    max_words: int = 300,
    overlap_sentences: int = 1,
) -> list[Chunk]:
    """Passages of one document, never crossing documents; a new section starts a new passage
    once the current one holds half the target."""
    groups: list[list[Unit]] = []
    current: list[Unit] = []
    for unit in _bounded(units, max_words):
        size = _words(current)
        at_section_start = unit.kind == "heading" and size >= target_words // 2
        if current and (at_section_start or size >= target_words or size + _word_count(unit) > max_words):
            groups.append(current)
            current = [] if at_section_start else _overlap(current, overlap_sentences)
        current.append(unit)
    if current:
        groups.append(current)
    groups = [group for group in groups if any(unit.kind not in ("heading", "boilerplate") for unit in group)]
    if (
        len(groups) > 1
        and _words(groups[-1]) < MIN_TAIL_WORDS
        and _words(groups[-2] + groups[-1]) <= max_words + MIN_TAIL_WORDS
    ):
        tail = groups.pop()
        groups[-1] = groups[-1] + [unit for unit in tail if unit not in groups[-1][-overlap_sentences:]]
    return [_make_chunk(document_id, source_path, meta, position, group) for position, group in enumerate(groups)]


def _make_chunk(document_id: str, source_path: str, meta: DocumentMeta, position: int, units: list[Unit]) -> Chunk:
    text = ""
    spans: list[Span] = []
    previous_kind = None
    for unit in units:
        if text:
            text += " " if unit.kind == "sentence" and previous_kind == "sentence" else "\n"
        spans.append(
            Span(len(text), len(text) + len(unit.text), unit.kind, unit.page, unit.section, unit.page_end, unit.ocr)
        )
        text += unit.text
        previous_kind = unit.kind
    chunk_id = hashlib.sha1(f"{document_id}\0{position}\0{text}".encode()).hexdigest()[:20]
    chunk = Chunk(chunk_id, document_id, source_path, position, text, spans, meta, "")
    content_hash = hashlib.sha1(chunk.embedding_text.encode()).hexdigest()
    return Chunk(chunk_id, document_id, source_path, position, text, spans, meta, content_hash)


def _overlap(units: list[Unit], count: int) -> list[Unit]:
    tail = [unit for unit in units[-count:] if unit.kind == "sentence"] if count else []
    return tail if _words(tail) <= OVERLAP_MAX_WORDS else []


def _bounded(units: list[Unit], max_words: int) -> list[Unit]:
    """Units longer than a passage (a PDF paragraph without full stops) cut into word windows."""
    result: list[Unit] = []
    for unit in units:
        words = unit.text.split(" ")
        if len(words) <= max_words:
            result.append(unit)
            continue
        step = max_words // 2
        for start in range(0, len(words), step):
            result.append(
                Unit(" ".join(words[start : start + step]), unit.kind, unit.page, unit.section, unit.page_end, unit.ocr)
            )
    return result


def _word_count(unit: Unit) -> int:
    # Boilerplate (a decree's preamble) is indexed but does not fill a passage: what it introduces joins it.
    return 0 if unit.kind == "boilerplate" else len(unit.text.split())


def _words(units: list[Unit]) -> int:
    return sum(_word_count(unit) for unit in units)
