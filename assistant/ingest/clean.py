"""Cleaning: normalise characters, drop running headers/footers and page numbers, join hyphenated words."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from assistant.documents import Page
from assistant.text.normalize import drop_note_markers, normalize_text

PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:(?:pagina|page|blz\.?|p\.)\s*)?\d{1,4}(?:\s*(?:/|van|of)\s*\d{1,4})?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
# The punctuation after the joined word moves with it: 'kennisses-\nsies. Ook' -> 'kennissessies.\n Ook'.
HYPHENATED_LINE_END = re.compile(r"([a-zà-ÿ])-\n[ \t]*([a-zà-ÿ]+)([.,;:!?)\]]*)")
# A hyphen before "en"/"of"/"tot" is a Dutch elided compound ("zorg- en woonvormen"), not a line break.
ELIDED_COMPOUND_WORDS = {"en", "of", "tot", "als"}
EDGE_LINES = 3
# The tagline an encyclopedia page carries under its title, after the page's one-line description ("persoon zonder
# (vast) onderdak Van Wikipedia, de vrije encyclopedie", twice in the shipped page): text lines run it into the first
# sentence, and "Wat is dakloosheid eigenlijk?" quoted it before "Dakloosheid is het niet hebben van onderdak.".
SITE_TAGLINE = re.compile(r"\b(?:Van Wikipedia, de vrije encyclopedie|From Wikipedia, the free encyclopedia)\s*$")


def clean_pages(pages: list[Page]) -> list[Page]:
    """Clean every page of one document; headers/footers are found by comparing pages.

    Pages with structure (`Page.blocks`, from the layout-aware PDF reader) come cleaned and pass unchanged.
    """
    if any(page.blocks is not None for page in pages):
        return pages
    normalized = [Page(page.number, normalize_text(page.text)) for page in pages]
    repeated = _running_lines(normalized)
    cleaned = []
    for page in normalized:
        lines = page.text.split("\n")
        lines = [line for index, line in enumerate(lines) if not _is_page_furniture(line, index, len(lines), repeated)]
        joined = drop_note_markers(join_hyphenated("\n".join(lines)))
        cleaned.append(Page(page.number, "\n".join(line.strip() for line in joined.split("\n")).strip()))
    return cleaned


def text_hash(pages: list[Page]) -> str:
    """What makes two files the same document: the hash of their cleaned text, whitespace folded.

    A PDF saved or downloaded again has other bytes (creation date, file id) but the same text.
    """
    words = " ".join(" ".join(page.text for page in pages).split())
    return hashlib.sha256(words.encode()).hexdigest()


def join_hyphenated(text: str) -> str:
    """Join words split by a hyphen at a line end: 'dak-\\nloosheid' -> 'dakloosheid'."""

    def join(match: re.Match[str]) -> str:
        if match.group(2) in ELIDED_COMPOUND_WORDS:
            return match.group(0)
        return match.group(1) + match.group(2) + match.group(3) + "\n"

    return HYPHENATED_LINE_END.sub(join, text)


def _line_signature(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def _running_lines(pages: list[Page]) -> set[str]:
    """Signatures of lines at the top or bottom of at least half the pages (2 pages at least)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page.text.split("\n") if line.strip()]
        edges = set(lines[:EDGE_LINES] + lines[-EDGE_LINES:])
        counts.update({_line_signature(line) for line in edges})
    threshold = max(2, (len(pages) + 1) // 2)
    return {signature for signature, count in counts.items() if count >= threshold and signature}


def _is_page_furniture(line: str, index: int, line_count: int, repeated: set[str]) -> bool:
    if SITE_TAGLINE.search(line):
        return True
    at_edge = index < EDGE_LINES or index >= line_count - EDGE_LINES
    if not at_edge or not line.strip():
        return False
    return _line_signature(line) in repeated or bool(PAGE_NUMBER.match(line))
