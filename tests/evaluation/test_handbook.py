"""The handbook PDF of the upload eval: a real PDF, read back by the project's reader."""

from __future__ import annotations

import io
from pathlib import Path

from assistant.evaluation.handbook import BUNDLE_TITLE, PageFinder, build_handbook
from assistant.evaluation.reference import reference_texts
from assistant.ingest.clean import clean_pages
from assistant.ingest.read import read_document
from assistant.ingest.segment import segment_pages
from tests.evaluation.handbook_texts import CHAPTERS, FACT, LIST_ITEMS, write_reference_texts

A4 = (595, 842)


def test_the_handbook_is_a_multi_page_two_column_a4_pdf_whose_chapters_the_reader_finds(tmp_path: Path) -> None:
    from pypdf import PdfReader

    texts = reference_texts(write_reference_texts(tmp_path / "reference"))
    pdf = build_handbook(texts)
    path = tmp_path / "handboek.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 4
    assert all((round(page.mediabox.width), round(page.mediabox.height)) == A4 for page in reader.pages)
    assert reader.metadata is not None and reader.metadata.title == BUNDLE_TITLE
    lefts: set[str] = set()

    def column_of(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            lefts.add("left" if tm[4] < A4[0] / 2 else "right")

    reader.pages[2].extract_text(visitor_text=column_of)
    assert lefts == {"left", "right"}

    document = read_document(path, "handboek", 10**8, 100)
    units = segment_pages(clean_pages(document.pages), document.meta.title)
    headings = {unit.text: unit.page for unit in units if unit.kind == "heading"}
    finder = PageFinder(pdf)
    expected = {title: min(finder.pages_of(title)) for _, title, _ in CHAPTERS}
    assert {title: headings.get(title) for title in expected} == expected
    assert expected[CHAPTERS[0][1]] == 2 and expected[CHAPTERS[-1][1]] == finder.pages  # after the title page
    assert list(expected.values()) == sorted(expected.values())
    items = [unit.text for unit in units if unit.kind == "list_item"]
    assert [item.lstrip("• ") for item in items] == LIST_ITEMS
    fact = next(unit for unit in units if unit.text == FACT)
    assert fact.page in finder.pages_of(FACT)
    # The running header and the page footer are furniture, never text to quote.
    assert not any(BUNDLE_TITLE in unit.text or "Pagina 3 van" in unit.text for unit in units)


def test_the_same_texts_give_the_same_bytes(tmp_path: Path) -> None:
    texts = reference_texts(write_reference_texts(tmp_path / "reference"))
    assert build_handbook(texts) == build_handbook(texts)
