"""Layout-aware PDF reading: pypdf's text visitor (position, size, weight of every run) -> lines -> page blocks.

pypdf's plain `extract_text()` already gives the text in column order; what it loses is structure. This reader
keeps pypdf's order and adds, from the geometry of each run: headings by relative size and weight (with level),
paragraphs by jumps in line pitch and short last lines, running headers and footers by position and repetition,
list items with their continuation lines, footnotes (markers dropped from the text, the notes at the page end),
table rows as one line of cells, and Dutch de-hyphenation, also across a column or page break.
"""

from __future__ import annotations

import logging
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError
from pypdf.generic._font import Font

from assistant.documents import Block, DocumentMeta, Page, ReadOptions
from assistant.errors import SkippedFile
from assistant.ingest import ocr
from assistant.ingest.boilerplate import is_toc_line
from assistant.text.normalize import normalize_text

log = logging.getLogger(__name__)

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:(?:pagina|page|blz\.?|p\.)\s*)?\d{1,4}(?:\s*(?:/|van|of)\s*\d{1,4})?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
LIST_MARKER = re.compile(r"^(?:[•▪◦·*–-]|\(?\d{1,2}[.)]|\d{1,2}°[.)]?|\(?[a-z][.)])(?=\s)")
SENTENCE_END = re.compile(r"[.!?:;]['\")\]]*$")
NOTE_MARKER = re.compile(r"^[0-9]{1,3}$|^[*†‡]$")
# No space goes before these, nor after an opening bracket, whatever the gap between two runs.
CLOSING = tuple(".,;:!?)]%'\"-")
# A hyphen that Dutch spelling writes between two vowels that would otherwise read as one sound ("zee-egel",
# "decentralisatie-uitkering"); a soft line-end hyphen never splits these pairs.
VOWEL_PAIRS = {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "oe", "oi", "oo", "ou", "ui", "uu"}
ELIDED_COMPOUND_WORDS = {"en", "of", "tot", "als"}

FURNITURE_BAND = 0.1  # share of the page height at the top and the bottom where headers and footers stand
HEADING_SIZE = 1.12  # a line this much larger than body text is a heading
SMALL_SIZE = 0.88  # footnotes, headers and footers are set at most this large relative to body text
WORD_GAP = 0.15  # a gap of this many ems between two runs on one line separates words (or table cells)
PARAGRAPH_PITCH = 1.3  # a line further below the previous than this many line pitches starts a paragraph
HEADING_MAX_WORDS = 24


@dataclass
class _Run:
    text: str
    x: float
    y: float
    size: float
    bold: bool
    width: float


@dataclass
class _Line:
    runs: list[_Run]
    text: str = ""
    cells: list[tuple[float, str]] = field(default_factory=list)
    note_marker: str = ""  # a number that opens the line in its own run: a footnote's, when the line is one
    note_text: str = ""  # the text after that number

    @property
    def x0(self) -> float:
        return self.runs[0].x

    @property
    def x1(self) -> float:
        return max(run.x + run.width for run in self.runs)

    @property
    def y(self) -> float:
        return self.runs[0].y

    @property
    def size(self) -> float:
        weights: Counter[float] = Counter()
        for run in self.runs:
            weights[round(run.size * 2) / 2] += len(run.text.strip())
        return weights.most_common(1)[0][0]

    @property
    def bold(self) -> bool:
        letters = sum(len(run.text.strip()) for run in self.runs)
        bold = sum(len(run.text.strip()) for run in self.runs if run.bold)
        return letters > 0 and bold >= 0.9 * letters


@dataclass
class _PageLines:
    number: int
    height: float
    width: float
    lines: list[_Line]
    has_images: bool


class _Fonts:
    """Width tables and weight of each font a page uses, read once per font dictionary."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[dict[str, float], float, bool]] = {}

    def get(self, font: Any) -> tuple[dict[str, float], float, bool]:
        key = id(font)
        if key not in self._cache:
            self._cache[key] = self._load(font)
        return self._cache[key]

    @staticmethod
    def _load(font: Any) -> tuple[dict[str, float], float, bool]:
        name = str(font.get("/BaseFont", "")) if font is not None else ""
        bold = bool(BOLD_FONT.search(name))
        widths: dict[str, float] = {}
        try:
            parsed = Font.from_font_resource(font)
            descriptor = font.get("/FontDescriptor")
            weight = descriptor.get_object().get("/FontWeight") if descriptor is not None else None
            bold = bold or (isinstance(weight, (int, float)) and weight >= 600)
            for code, width in parsed.character_widths.items():
                if code == "default" or not width:
                    continue
                char = parsed.character_map.get(code)
                if char is None and isinstance(parsed.encoding, dict) and len(code) == 1:
                    char = parsed.encoding.get(ord(code))
                widths[str(char or code)] = float(width)
        except Exception:  # an odd font only costs width estimates
            widths = {}
        average = statistics.fmean(widths.values()) if widths else 500.0
        return widths, average, bold


def read_pdf(path: Path, data: bytes, options: ReadOptions) -> tuple[DocumentMeta, list[Page]]:
    """Meta and structured pages of a PDF; raises SkippedFile with a Dutch reason when it cannot be used."""
    try:
        reader = _open(path, options.max_pages)
        fonts = _Fonts()
        total = len(reader.pages)
        page_lines: list[_PageLines] = []
        for number, page in enumerate(reader.pages, start=1):
            page_lines.append(_read_page(page, number, fonts))
            if options.on_page is not None:
                options.on_page(number, total)
        raw_title = str(reader.metadata.get("/Title") or "").strip() if reader.metadata else ""
    except SkippedFile:
        raise
    except FileNotDecryptedError as error:
        raise SkippedFile(f"encrypted PDF: {path}", "pdf is beveiligd met een wachtwoord") from error
    except Exception as error:  # pypdf raises many types on damaged files; all mean the same to a user
        raise SkippedFile(f"unreadable PDF {path}: {error!r}", "pdf is beschadigd of onleesbaar") from error
    pages, first_line = _structure(page_lines)
    pages = _read_scanned_pages(path, page_lines, pages)
    if not any(page.text.strip() for page in pages):
        raise SkippedFile(f"PDF has no text layer: {path}", "pdf bevat geen tekst (alleen afbeeldingen of leeg)")
    return DocumentMeta(title=_title(raw_title, pages, first_line, path)), pages


def _open(path: Path, max_pages: int) -> PdfReader:
    reader = PdfReader(path)
    if reader.is_encrypted:
        try:
            reader.decrypt("")
            _ = reader.pages[0].extract_text() if reader.pages else ""
        except (FileNotDecryptedError, NotImplementedError, PdfReadError) as error:
            raise SkippedFile(f"encrypted PDF: {path}", "pdf is beveiligd met een wachtwoord") from error
    if len(reader.pages) == 0:
        raise SkippedFile(f"PDF without pages: {path}", "pdf heeft geen pagina's")
    if len(reader.pages) > max_pages:
        raise SkippedFile(
            f"PDF has {len(reader.pages)} pages > {max_pages}: {path}",
            f"pdf heeft te veel pagina's ({len(reader.pages)}; maximaal {max_pages})",
        )
    return reader


def _title(raw_title: str, pages: list[Page], first_line: str, path: Path) -> str:
    """The PDF's own title when it is useful, else the first heading of page 1, else its first short line."""
    lowered = raw_title.lower()
    if raw_title and not lowered.startswith(("microsoft word", "untitled", "document")) and len(raw_title) < 300:
        return raw_title
    heading = next((block.text for block in pages[0].blocks or [] if block.kind == "heading"), "") if pages else ""
    return heading or (first_line if 0 < len(first_line.split()) <= 15 else "") or path.stem


# ---- one page: runs -> lines ----------------------------------------------------------------------------------


def _read_page(page: PageObject, number: int, fonts: _Fonts) -> _PageLines:
    runs: list[_Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, font_size: float) -> None:
        text = text.replace("\n", "")
        if not text.strip() or font is None:
            return
        m = _multiply(tm, cm)
        size = font_size * math.hypot(m[2], m[3])
        widths, average, bold = fonts.get(font)
        scale_x = math.hypot(m[0], m[1]) * font_size / 1000
        width = sum(widths.get(char, average) for char in text) * scale_x
        # reportlab's bullet, which pypdf decodes as DEL, is read as the bullet it shows.
        text = normalize_text(text.replace("\t", " ").replace("\x7f", "•"))
        runs.append(_Run(text, m[4], m[5], size, bold, width))

    page.extract_text(orientations=(0,), visitor_text=visit)
    box = page.mediabox
    lines = _lines(runs)
    return _PageLines(number, float(box.height), float(box.width), lines, _has_images(page))


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _has_images(page: PageObject) -> bool:
    try:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            return False
        return any(xobject.get_object().get("/Subtype") == "/Image" for xobject in xobjects.get_object().values())
    except Exception:
        return False


def _lines(runs: list[_Run]) -> list[_Line]:
    """Runs in content-stream order grouped into lines: same baseline (superscripts included), moving right."""
    lines: list[_Line] = []
    for run in runs:
        line = lines[-1] if lines else None
        if line is not None:
            base = line.runs[0]
            tolerance = 0.6 * max(base.size, run.size)
            if abs(run.y - base.y) <= tolerance and run.x >= line.x1 - 0.6 * run.size:
                line.runs.append(run)
                continue
        lines.append(_Line([run]))
    for line in lines:
        _compose(line)
    return [line for line in lines if line.text]


def _compose(line: _Line) -> None:
    """The line's text, its cells (when runs stand far apart) and its opening footnote number, if any."""
    size = line.size
    runs = line.runs
    if len(runs) > 1 and NOTE_MARKER.match(runs[0].text.strip()) and runs[1].x - runs[0].x - runs[0].width < size:
        line.note_marker = runs[0].text.strip()
        line.note_text = " ".join("".join(run.text for run in runs[1:]).split())
    # Each run after a word gap starts a cell; whether the cells form a table row is decided with the lines around.
    cells: list[tuple[float, str]] = []
    text = ""
    cell_start = runs[0].x
    previous: _Run | None = None
    for run in runs:
        if previous is not None and _is_note_reference(run, previous, size):
            continue
        piece = run.text
        if previous is not None and not piece.lstrip().startswith(CLOSING) and not text.endswith(("(", "[")):
            gap = run.x - (previous.x + previous.width)
            if gap > WORD_GAP * run.size or text.endswith(" ") or piece.startswith(" "):
                cells.append((cell_start, text.strip()))
                text, cell_start = "", run.x
        text += piece
        previous = run
    cells.append((cell_start, text.strip()))
    line.cells = cells if len(cells) > 1 else []
    line.text = " ".join(" ".join(cell for _, cell in cells).split())


def _is_note_reference(run: _Run, previous: _Run, size: float) -> bool:
    """A footnote number raised and set smaller after a word: 'Nederland.¹' reads 'Nederland.'."""
    return bool(NOTE_MARKER.match(run.text.strip())) and run.size < 0.8 * size and run.y > previous.y + 0.1 * size


# ---- the document: lines -> blocks -----------------------------------------------------------------------------


@dataclass
class _Layout:
    """What holds for the whole document: body text size, line pitch, heading levels, running lines, words."""

    body: float
    pitch: float
    levels: dict[tuple[float, bool], int]
    running: set[str]
    words: set[str]
    pages: int


def _structure(pages: list[_PageLines]) -> tuple[list[Page], str]:
    """Blocks of every page, and the document's first line of text (not a running header)."""
    layout = _layout(pages)
    result: list[Page] = []
    previous: list[Block] = []
    for page in pages:
        blocks = _page_blocks(page, layout)
        blocks = _continue_from(previous, blocks, layout)
        if result:  # the word taken over from this page may have changed the last page's blocks
            last = result[-1]
            result[-1] = Page(last.number, _page_text(previous), previous, last.ocr)
        result.append(Page(page.number, _page_text(blocks), blocks))
        previous = blocks
    first_page = pages[0] if pages else None
    first_line = (
        next(
            (line.text for line in first_page.lines if not _is_furniture(line, first_page, layout, layout.pages == 1)),
            "",
        )
        if first_page
        else ""
    )
    return result, first_line


def _page_text(blocks: list[Block]) -> str:
    return "\n\n".join(block.text for block in blocks)


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _in_band(line: _Line, page: _PageLines) -> str:
    if line.y > page.height * (1 - FURNITURE_BAND):
        return "top"
    if line.y < page.height * FURNITURE_BAND:
        return "bottom"
    return ""


def _layout(pages: list[_PageLines]) -> _Layout:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    pitches = [
        round(above.y - below.y, 1)
        for page in pages
        for above, below in zip(page.lines, page.lines[1:], strict=False)
        if abs(above.size - body) < 0.6 and abs(below.size - body) < 0.6 and 0.8 * body < above.y - below.y < 2 * body
    ]
    pitch = statistics.median(pitches) if pitches else 1.2 * body
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_signature(line.text) for line in page.lines if _in_band(line, page)})
    threshold = max(2, math.ceil(len(pages) * 0.4))
    running = {signature for signature, count in counts.items() if count >= threshold}
    styles = sorted(
        {
            (line.size, line.bold)
            for page in pages
            for line in page.lines
            if _heading_style(line, body) and not _in_band(line, page)
        },
        key=lambda style: (-style[0], not style[1]),
    )
    words = {word.strip(".,;:!?()'\"").lower() for page in pages for line in page.lines for word in line.text.split()}
    levels = {style: level for level, style in enumerate(styles, start=1)}
    return _Layout(body, pitch, levels, running, words, len(pages))


def _heading_style(line: _Line, body: float) -> bool:
    words = len(line.text.split())
    if words > HEADING_MAX_WORDS or is_toc_line(line.text):
        return False
    if line.size >= HEADING_SIZE * body:
        return True
    return line.bold and line.size >= 0.97 * body and not LIST_MARKER.match(line.text) and words <= 14


def _is_furniture(line: _Line, page: _PageLines, layout: _Layout, single_page: bool) -> bool:
    band = _in_band(line, page)
    if not band:
        return False
    if _signature(line.text) in layout.running or PAGE_NUMBER.match(line.text):
        return True
    # A one-page document repeats nothing: a small line at its very top is its running header.
    return single_page and band == "top" and line.size <= SMALL_SIZE * layout.body


@dataclass
class _Open:
    """The block being built from lines."""

    kind: str
    lines: list[_Line]
    level: int = 0


def _page_blocks(page: _PageLines, layout: _Layout) -> list[Block]:
    lines = [line for line in page.lines if not _is_furniture(line, page, layout, layout.pages == 1)]
    body, notes = _split_footnotes(lines, page, layout)
    right_edges = _right_edges(body)
    blocks: list[_Open] = []
    for index, line in enumerate(body):
        above = body[index - 1] if index else None
        current = blocks[-1] if blocks else None
        level = layout.levels.get((line.size, line.bold), 0) if _heading_style(line, layout.body) else 0
        if level and line.size < HEADING_SIZE * layout.body and line.cells and _in_table(body, index):
            level = 0  # a bold table header row
        if level:
            if current and current.kind == "heading" and current.level == level and _close_below(above, line):
                current.lines.append(line)
            else:
                blocks.append(_Open("heading", [line], level))
            continue
        if is_toc_line(line.text):
            blocks.append(_Open("boilerplate", [line]))
            continue
        if LIST_MARKER.match(line.text):
            blocks.append(_Open("list_item", [line]))
            continue
        if line.cells and _in_table(body, index):
            blocks.append(_Open("table_row", [_Line(line.runs, " | ".join(cell for _, cell in line.cells))]))
            continue
        open_text = current is not None and current.kind in ("paragraph", "list_item")
        if current is not None and open_text and _runs_on(current, above, line, layout, right_edges):
            current.lines.append(line)
            continue
        blocks.append(_Open("paragraph", [line]))
    result = [Block(block.kind, _join(block.lines, layout), block.level) for block in blocks]  # type: ignore[arg-type]
    result += [Block("footnote", _join(note, layout)) for note in notes]
    return [block for block in result if block.text]


def _close_below(above: _Line | None, line: _Line) -> bool:
    return above is not None and 0 < above.y - line.y <= 1.8 * line.size


def _in_table(lines: list[_Line], index: int) -> bool:
    """A line of cells is a table row when a neighbouring line has as many cells starting at the same places
    (the words of justified text, placed one by one, never line up like that)."""
    starts = [x for x, _ in lines[index].cells]
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < len(lines) and len(lines[neighbour].cells) == len(starts):
            other = [x for x, _ in lines[neighbour].cells]
            if all(abs(x - o) <= 2 for x, o in zip(starts, other, strict=True)):
                return True
    return False


def _right_edges(lines: list[_Line]) -> dict[int, float]:
    """Per left edge (a column), the usual right end of its lines: a line ending well before it ends a paragraph."""
    ends: dict[int, list[float]] = {}
    for line in lines:
        ends.setdefault(round(line.x0 / 4), []).append(line.x1)
    return {key: sorted(values)[int(len(values) * 0.8)] for key, values in ends.items() if len(values) >= 3}


def _runs_on(current: _Open, above: _Line | None, line: _Line, layout: _Layout, edges: dict[int, float]) -> bool:
    """Whether `line` continues the open paragraph or list item, from pitch, indent and how the last line ended."""
    if above is None:
        return False
    last = current.lines[-1]
    ended = bool(SENTENCE_END.search(last.text))
    drop = above.y - line.y
    same_column = 0 < drop < 4 * layout.pitch and abs(line.x0 - current.lines[0].x0) < 4 * layout.body
    if not same_column:  # a new column or page: the text runs on unless a sentence ended there
        return not ended or line.text[:1].islower()
    if drop > PARAGRAPH_PITCH * layout.pitch or abs(line.size - last.size) > 1:
        return False
    if current.kind == "list_item" and len(current.lines) > 1 and line.x0 < current.lines[1].x0 - 2:
        return False  # the list's hanging indent ends
    edge = edges.get(round(last.x0 / 4))
    short = edge is not None and last.x1 < edge - 3 * layout.body
    return not (ended and short)


def _split_footnotes(lines: list[_Line], page: _PageLines, layout: _Layout) -> tuple[list[_Line], list[list[_Line]]]:
    """Footnotes: small lines in the lower part of a page, each note opening with its number."""
    body: list[_Line] = []
    notes: list[list[_Line]] = []
    for line in lines:
        small = line.size <= SMALL_SIZE * layout.body and line.y < page.height * 0.45
        if small and (line.note_marker or _numbered_note(line)):
            line.text = line.note_text if line.note_marker else line.text.split(" ", 1)[1]
            notes.append([line])
        elif small and notes and not line.cells:
            notes[-1].append(line)
        else:
            body.append(line)
    return body, notes


def _numbered_note(line: _Line) -> bool:
    first = line.text.split(" ", 1)
    return len(first) == 2 and first[0].isdigit() and len(first[0]) <= 3 and first[1][:1].isupper()


def _join(lines: list[_Line], layout: _Layout) -> str:
    text = ""
    for line in lines:
        text = join_lines(text, line.text, layout.words) if text else line.text
    return " ".join(text.split())


def join_lines(left: str, right: str, words: set[str]) -> str:
    """Two lines of one paragraph: a word hyphenated at the line end is joined ('kennis-' + 'sessies'), but a
    hyphen Dutch writes stays ('zorg-' + 'en', 'decentralisatie-' + 'uitkering', 'Noord-' + 'Brabant')."""
    if not re.search(r"\w-$", left) or not right:
        return f"{left} {right}"
    head = left.rsplit(" ", 1)[-1]
    tail = right.split(" ", 1)[0]
    if tail.lower() in ELIDED_COMPOUND_WORDS:
        return f"{left} {right}"
    if _keeps_hyphen(head, tail, words):
        return left + right
    return left[:-1] + right


HYPHENATED_PREFIXES = frozenset(["niet", "oud", "vice", "non"])  # not "ex-", "anti-": "ex-ploitatie", "anti-cipatie"


def _keeps_hyphen(head: str, tail: str, words: set[str]) -> bool:
    head_word = head.strip("(\"'")
    tail_word = tail.rstrip(".,;:!?)\"'")
    joined = (head_word[:-1] + tail_word).lower()
    hyphened = (head_word + tail_word).lower()
    if hyphened in words:
        return True
    if joined in words:
        return False
    if "-" in head_word[:-1] or not tail_word[:1].isalpha() or tail_word[:1].isupper() or head_word[-2:-1].isupper():
        return True
    # "18-jarigen", "24-uursopvang", "niet-westerse", "oud-minister": Dutch writes these with their hyphen.
    if head_word[-2:-1].isdigit() or head_word[:-1].lower() in HYPHENATED_PREFIXES:
        return True
    return (head_word[-2:-1] + tail_word[:1]).lower() in VOWEL_PAIRS


def _continue_from(previous: list[Block], blocks: list[Block], layout: _Layout) -> list[Block]:
    """Mark a page's first block that runs on from the last paragraph or list item of the page before; a word
    hyphenated across the break is joined on the earlier page, where it starts."""
    last_index = next(
        (i for i in range(len(previous) - 1, -1, -1) if previous[i].kind in ("paragraph", "list_item")), None
    )
    first_index = next((i for i, block in enumerate(blocks) if block.kind != "footnote"), None)
    if last_index is None or first_index is None or blocks[first_index].kind != "paragraph":
        return blocks
    last, first = previous[last_index], blocks[first_index]
    if SENTENCE_END.search(last.text) and not first.text[:1].islower():
        return blocks
    text = first.text
    if re.search(r"\w-$", last.text):
        word, _, rest = text.partition(" ")
        joined = join_lines(last.text, word, layout.words)
        if " " not in joined[len(last.text) - 1 :]:  # the word was joined, so it moves to the earlier page
            previous[last_index] = Block(last.kind, joined, last.level)
            text = rest
    blocks = list(blocks)
    if text:
        blocks[first_index] = Block(first.kind, text, first.level, continues=True)
    else:
        del blocks[first_index]
    return blocks


# ---- scanned pages ---------------------------------------------------------------------------------------------


def _read_scanned_pages(path: Path, lines: list[_PageLines], pages: list[Page]) -> list[Page]:
    """Pages with images and no text layer are read by OCR when tesseract is installed, and skipped otherwise."""
    scanned = [page.number for page, read in zip(lines, pages, strict=True) if page.has_images and not read.text]
    if not scanned:
        return pages
    if not ocr.available():
        log.warning(
            "%s: pages %s are images without a text layer; skipped (install tesseract-ocr and tesseract-ocr-nld "
            "to read them by OCR)",
            path,
            ", ".join(map(str, scanned)),
        )
        return pages
    result = list(pages)
    for number in scanned:
        text = ocr.read_page(path, number)
        blocks = [Block("paragraph", paragraph) for paragraph in _ocr_paragraphs(text)]
        result[number - 1] = Page(number, _page_text(blocks), blocks, ocr=True)
        log.info("%s: page %d read by OCR (%d characters)", path, number, len(text))
    return result


def _ocr_paragraphs(text: str) -> list[str]:
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", normalize_text(text)):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        joined = ""
        for line in lines:
            joined = join_lines(joined, line, set()) if joined else line
        if joined:
            paragraphs.append(" ".join(joined.split()))
    return paragraphs
