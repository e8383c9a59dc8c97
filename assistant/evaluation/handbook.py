"""The handbook of the upload eval: the reference texts as one long two-column A4 PDF, the same bytes every time.

A title page, then one chapter per reference text in file-name order (its title, its publisher, its paragraphs
and lists), flowing through two columns under a running header with the bundle's title and above a page-number
footer. fpdf2 (a test extra) is imported only when a handbook is built.
"""

from __future__ import annotations

import bisect
import io
import itertools
import logging
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.evaluation.reference import ReferenceText
from assistant.text.normalize import normalize_text

log = logging.getLogger(__name__)
HANDBOOK_FILE = "bundel-achtergrondteksten.pdf"  # the name it is uploaded under
BUNDLE_TITLE = "Bundel achtergrondteksten: dakloosheid, wonen en zorg"
SUBTITLE = (
    "Teksten van verenigingen, kennisinstituten en adviseurs over Housing First, het Nationaal Actieplan "
    "Dakloosheid, beschermd wonen, wonen met begeleiding en preventie."
)
# fpdf2 writes the creation date into /CreationDate and the file /ID: fixed, so the bytes never change.
CREATED = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
BODY_SIZE = 10.0
LINE_HEIGHT = 1.15
MARGIN = 16.0
GUTTER = 7.0
# The footer "Pagina N van M" as PageFinder compares text: letters and digits only.
FOOTER_LETTERS = r"pagina\d+van\d+"
# A Unicode font keeps every character of the texts (one holds mojibake such as "beƫindigen"); the first family
# found is used. Without one, Helvetica (Windows-1252) stands in and characters outside it become "?".
UNICODE_FONTS = (
    ("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans", ("", "-Bold", "-Oblique")),
    ("LiberationSans", "/usr/share/fonts/truetype/liberation/LiberationSans", ("-Regular", "-Bold", "-Italic")),
)


def build_handbook(texts: Sequence[ReferenceText]) -> bytes:
    """The handbook PDF of `texts` (chapters in the order given); the same texts give the same bytes."""
    from fpdf import FPDF
    from fpdf.enums import Align

    family = _font_family()

    class Bundle(FPDF):
        def header(self) -> None:
            if self.page_no() == 1:
                return
            self.set_font(family, size=7.5)
            self.set_xy(MARGIN, 9)
            self.cell(0, 4, BUNDLE_TITLE)
            self.line(MARGIN, 14, self.w - MARGIN, 14)

        def footer(self) -> None:
            if self.page_no() == 1:
                return
            self.set_font(family, size=7.5)
            self.set_y(-12)
            self.cell(0, 4, f"Pagina {self.page_no()} van {{nb}}", align="C")

    pdf = Bundle(format="A4")
    pdf.set_creation_date(CREATED)
    pdf.set_title(BUNDLE_TITLE)
    pdf.set_author("Thuisvraag (evaluatie)")
    pdf.set_margins(MARGIN, 20, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    _add_fonts(pdf, family)
    pdf.add_page()
    _title_page(pdf, family, texts)
    pdf.add_page()
    with pdf.text_columns(ncols=2, gutter=GUTTER, text_align="J", line_height=LINE_HEIGHT) as columns:
        for text in texts:
            pdf.set_font(family, style="B", size=12.5)
            with columns.paragraph(text_align=Align.L, top_margin=4, bottom_margin=0.8) as heading:
                heading.write(_printable(text.title, family))
            if text.publisher:
                pdf.set_font(family, style="I", size=8.5)
                with columns.paragraph(text_align=Align.L, bottom_margin=2) as publisher:
                    publisher.write(_printable(text.publisher, family))
            for kind, block in text.blocks():
                pdf.set_font(family, size=BODY_SIZE)
                if kind == "list_item":
                    with columns.paragraph(
                        text_align=Align.L, bottom_margin=0.8, indent=4, bullet_string="•", bullet_r_margin=1.5
                    ) as item:
                        item.write(_printable(block, family))
                else:
                    with columns.paragraph(bottom_margin=1.8) as paragraph:
                        paragraph.write(_printable(block, family))
    return bytes(pdf.output())


def _title_page(pdf: Any, family: str, texts: Sequence[ReferenceText]) -> None:
    pdf.set_y(80)
    pdf.set_font(family, style="B", size=22)
    pdf.multi_cell(0, 10, BUNDLE_TITLE, align="L")
    pdf.ln(6)
    pdf.set_font(family, size=BODY_SIZE)  # body size: the reader takes nothing on the title page for a heading
    pdf.multi_cell(0, 5.5, SUBTITLE, align="L")
    pdf.ln(3)
    pdf.multi_cell(0, 5.5, f"{len(texts)} hoofdstukken, elk met de uitgever van de oorspronkelijke tekst.", align="L")


def _font_family() -> str:
    for family, stem, styles in UNICODE_FONTS:
        if all(Path(f"{stem}{style}.ttf").is_file() for style in styles):
            return family
    log.warning("no Unicode font found (%s); the handbook uses Helvetica", ", ".join(f[0] for f in UNICODE_FONTS))
    return "Helvetica"


def _add_fonts(pdf: Any, family: str) -> None:
    for name, stem, styles in UNICODE_FONTS:
        if name == family:
            for style, suffix in zip(("", "B", "I"), styles, strict=True):
                pdf.add_font(family, style, f"{stem}{suffix}.ttf")


def _printable(text: str, family: str) -> str:
    if family != "Helvetica":
        return text
    return text.encode("cp1252", "replace").decode("cp1252")


class PageFinder:
    """On which pages of a PDF a piece of text stands: pypdf's plain text per page, compared on letters and digits.

    Independent of the layout reader under test. The running header and the page-number footer (by default the
    handbook's) are cut from the start and end of each page's text, so a sentence across a page break is found
    whole, on both its pages.
    """

    def __init__(self, pdf: bytes, header: str = BUNDLE_TITLE, footer: str = FOOTER_LETTERS) -> None:
        from pypdf import PdfReader

        furniture = re.compile(f"^(?:{re.escape(_letters(header))})|(?:{footer})$")
        keys = [furniture.sub("", _letters(page.extract_text() or "")) for page in PdfReader(io.BytesIO(pdf)).pages]
        self.pages = len(keys)
        self.text = "".join(keys)
        self.starts = list(itertools.accumulate((len(key) for key in keys[:-1]), initial=0))

    def pages_of(self, text: str) -> set[int]:
        """Every page (1-based) on which `text` stands, wherever it stands (a text may occur more than once)."""
        key = _letters(text)
        found: set[int] = set()
        at = self.text.find(key) if key else -1
        while at >= 0:
            found.update(range(self._page_at(at), self._page_at(at + len(key) - 1) + 1))
            at = self.text.find(key, at + 1)
        return found

    def _page_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", normalize_text(text).lower())
