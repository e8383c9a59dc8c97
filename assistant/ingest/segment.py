"""Segmentation: cleaned pages -> headings, sentences and list items, each with its page and section.

Pages with structure (PDFs) give their headings, list items and table rows; for text pages headings are
guessed from line shape. Either way, boilerplate (a royal preamble, a table of contents) is marked.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from assistant.documents import Block, Page, Unit, UnitKind
from assistant.ingest.boilerplate import is_boilerplate
from assistant.text.sections import SECTION_SEPARATOR
from assistant.text.sentences import sentence_spans

MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+[A-ZÀ-Ý]")
# A decree's sub-items are numbered "1°.", "2°." too.
LIST_ITEM = re.compile(r"^(?:[-•*▪◦–]|\d{1,2}[.)]|\d{1,2}°[.)]?|[a-z][.)])\s+\S")
SENTENCE_END = re.compile(r"[.!?:;]['\")\]]*$")
INNER_SENTENCE_END = re.compile(r"[a-zà-ÿ][.!?]\s")
HEADING_MAX_WORDS = 12
# A line without a sentence end is wrapped text only when it is long: a short one is a label, caption or header
# line of a web page ("Motie", "Beeld: ©VWS", "Nr. 193", "Vraag 1") and stands alone, so it never runs into the
# text below it. Wrapped lines of prose are longer than this.
WRAPPED_LINE_MIN_CHARS = 60
LIST_ITEM_MAX_WORDS = 80


@dataclass
class _Block:
    kind: UnitKind
    text: str
    page: int | None
    level: int = 0
    page_starts: list[tuple[int, int | None]] = field(default_factory=list)
    ocr: bool = False
    last_line: str = ""

    def append(self, line: str, page: int | None) -> None:
        if page != self.page_starts[-1][1]:
            self.page_starts.append((len(self.text) + 1, page))
        self.text += " " + line
        self.last_line = line

    def page_at(self, offset: int) -> int | None:
        index = bisect_right([start for start, _ in self.page_starts], offset) - 1
        return self.page_starts[max(index, 0)][1]


def segment_pages(pages: list[Page], title: str = "") -> list[Unit]:
    """Units in reading order; a heading equal to the document title is left out of section paths."""
    structured = any(page.blocks is not None for page in pages)
    units: list[Unit] = []
    path: list[tuple[int, str]] = []
    for block in _structured_blocks(pages) if structured else _blocks(pages):
        if block.kind == "heading":
            if not units and block.text.strip().lower() in title.strip().lower():
                continue
            path = [entry for entry in path if entry[0] < block.level] + [(block.level, block.text)]
            units.append(Unit(block.text, "heading", block.page, _section(path)))
            continue
        section = _section(path)
        if block.kind in ("table_row", "boilerplate") or (
            block.kind == "list_item" and len(block.text.split()) <= LIST_ITEM_MAX_WORDS
        ):
            units.append(_unit(block, 0, len(block.text), block.kind, section))
            continue
        for start, end in sentence_spans(block.text):
            units.append(_unit(block, start, end, "sentence", section))
    return units


def _unit(block: _Block, start: int, end: int, kind: UnitKind, section: str) -> Unit:
    text = block.text[start:end]
    if kind != "heading" and is_boilerplate(text, section):
        kind = "boilerplate"
    page, last = block.page_at(start), block.page_at(end - 1)
    return Unit(text, kind, page, section, last if last != page else None, block.ocr)


BLOCK_UNIT_KINDS: dict[str, UnitKind] = {
    "paragraph": "sentence",
    "footnote": "sentence",
    "list_item": "list_item",
    "table_row": "table_row",
    "boilerplate": "boilerplate",
}


def _structured_blocks(pages: list[Page]) -> list[_Block]:
    """The reader's blocks in reading order; a block that continues one on the page before joins it."""
    blocks: list[_Block] = []
    open_text: _Block | None = None
    for page in pages:
        page_blocks = page.blocks if page.blocks is not None else [Block("paragraph", page.text)]
        for block in page_blocks:
            if not block.text.strip():
                continue
            if block.continues and open_text is not None:
                open_text.append(block.text, page.number)
                continue
            if block.kind == "heading":
                blocks.append(_Block("heading", block.text, page.number, max(block.level, 1), [(0, page.number)]))
                open_text = None
                continue
            made = _Block(BLOCK_UNIT_KINDS[block.kind], block.text, page.number, 0, [(0, page.number)], page.ocr)
            blocks.append(made)
            if block.kind in ("paragraph", "list_item"):
                open_text = made
    return blocks


def _section(path: list[tuple[int, str]]) -> str:
    return SECTION_SEPARATOR.join(text for _, text in path)


def _blocks(pages: list[Page]) -> list[_Block]:
    blocks: list[_Block] = []
    open_block: _Block | None = None
    for page in pages:
        lines = page.text.split("\n")
        for index, raw in enumerate(lines):
            line = raw.strip()
            if not line:
                open_block = None
                continue
            next_line = next((item.strip() for item in lines[index + 1 :] if item.strip()), "")
            heading = _heading(line, next_line, open_block)
            if heading is not None:
                blocks.append(_Block("heading", heading[1], page.number, heading[0], [(0, page.number)]))
                open_block = None
            elif LIST_ITEM.match(line):
                open_block = _Block("list_item", line, page.number, 0, [(0, page.number)])
                blocks.append(open_block)
            elif open_block is not None and _continues(open_block, line):
                open_block.append(line, page.number)
            else:
                open_block = _Block("sentence", line, page.number, 0, [(0, page.number)])
                blocks.append(open_block)
    return blocks


def _continues(block: _Block, line: str) -> bool:
    """A line continues the open block when it starts lower case, or when the block's last line is wrapped text
    that did not end a sentence. After a semicolon at a line's end a new clause starts: "constaterende dat …;",
    "overwegende dat …;" of a motion, each of which stands on its own."""
    if block.text.rstrip().endswith(";"):
        return False
    if line[:1].islower():
        return True
    return not SENTENCE_END.search(block.text) and len(block.last_line or block.text) >= WRAPPED_LINE_MIN_CHARS


def _heading(line: str, next_line: str, open_block: _Block | None) -> tuple[int, str] | None:
    """(level, text) when `line` is a heading: Markdown '#', or a short unpunctuated title-like line."""
    markdown = MARKDOWN_HEADING.match(line)
    if markdown:
        return len(markdown.group(1)), markdown.group(2).strip()
    if open_block is not None and not SENTENCE_END.search(open_block.text):
        return None
    words = line.split()
    if (
        len(words) > HEADING_MAX_WORDS
        or SENTENCE_END.search(line)
        or line.endswith(",")
        or INNER_SENTENCE_END.search(line)
    ):
        return None
    if not (line[0].isupper() or line[0].isdigit()) or not next_line or next_line[0].islower():
        return None
    numbered = NUMBERED_HEADING.match(line)
    if numbered:
        return numbered.group(1).count(".") + 2, line
    if LIST_ITEM.match(line):
        return None
    return 2, line
