"""The layout-aware PDF reader on real PDFs of three producers, a long PDF and a scanned page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.ingest.chunk import chunk_units
from assistant.ingest.pdf_layout import join_lines
from assistant.ingest.read import SkippedFile, read_document
from assistant.ingest.segment import segment_pages
from tests.conftest import write_pdf
from tests.ingest.pdf_truth import FIXTURES, NAMES, fold, read_units, score, truth

HAS_OCR = shutil.which("tesseract") is not None and shutil.which("pdftoppm") is not None


@pytest.mark.parametrize("name", NAMES)
def test_fixture_pdfs_give_their_ground_truth(name: str) -> None:
    expected = truth(name)
    result = score(read_units(name), expected)
    assert result.recall >= 0.98, result.line(name)
    assert result.headings_found == result.headings and result.headings_false == [], result.line(name)
    assert result.spaces_before_punctuation == [], result.spaces_before_punctuation
    assert result.split_words == [], result.split_words
    assert result.on_page == result.found and result.page_end_right == result.found, result.line(name)
    assert result.items_whole == result.items and result.boilerplate_quotable == [], result.line(name)


@pytest.mark.parametrize("name", NAMES)
def test_headings_come_with_their_level_from_size_and_weight(name: str) -> None:
    document = read_document(FIXTURES / f"{name}.pdf", name, 10**8, 100)
    found = [
        (block.text, block.level) for page in document.pages for block in page.blocks or [] if block.kind == "heading"
    ]
    assert found == [(heading["text"], heading["level"]) for heading in truth(name)["headings"]]


def test_a_sentence_across_a_page_break_records_its_end_page_and_joins_a_hyphenated_word() -> None:
    units = read_units("reportlab-preventie")
    crossing = [unit for unit in units if unit.page_end is not None]
    assert [(unit.page, unit.page_end) for unit in crossing] == [(1, 2)]
    assert "medewerkers vrij te maken" in crossing[0].text


def test_a_pdf_keeps_the_hyphens_dutch_writes_and_mends_words_split_by_a_soft_hyphen(tmp_path: Path) -> None:
    lines = [
        "Gemeenten bieden sinds dit jaar een plek in de nachtopvang aan alle 18-",
        "jarigen en aan niet-",
        "westerse nieuwkomers zonder woning, samen met de ge\u00ad",
        "meenten in de regio en de dak-",
        "lozenopvang.",
    ]
    document = read_document(write_pdf(tmp_path / "koppeltekens.pdf", [lines]), "k", 10**7, 100)
    text = " ".join(unit.text for unit in segment_pages(document.pages, document.meta.title))
    assert "alle 18-jarigen en aan niet-westerse nieuwkomers" in text
    assert "samen met de gemeenten in de regio en de daklozenopvang." in text


def test_a_hyphen_after_ex_or_anti_at_a_line_end_is_a_break_not_a_prefix() -> None:
    assert join_lines("de ex-", "ploitatie van de opvang", set()) == "de exploitatie van de opvang"


def test_footnote_markers_leave_the_text_and_notes_stand_at_the_page_end() -> None:
    units = read_units("libreoffice-handreiking")
    texts = [unit.text for unit in units]
    assert (
        "ruim dertigduizend mensen zonder vaste woonplek in Nederland."
        in texts[next(i for i, text in enumerate(texts) if "dertigduizend" in text)]
    )
    note = next(unit for unit in units if unit.text.startswith("Schatting op basis van de monitor"))
    assert note.page == 1 and note.kind == "sentence"
    page_one = [unit for unit in units if unit.page == 1]
    assert page_one[-1] == note


def test_table_rows_are_one_line_of_cells() -> None:
    rows = [unit.text for unit in read_units("libreoffice-handreiking") if unit.kind == "table_row"]
    assert rows == [
        "Regio | Eigen | Klap | Onder",
        "Utrecht | 142 | 58 | 31",
        "Groningen | 87 | 40 | 12",
        "Rotterdam | 201 | 66 | 54",
    ]


def test_a_royal_preamble_and_a_table_of_contents_are_boilerplate_and_the_list_follows_its_announcement() -> None:
    units = read_units("fpdf2-besluit")
    kinds = {fold(unit.text): unit.kind for unit in units}
    assert kinds[fold(truth("fpdf2-besluit")["boilerplate"][0])] == "boilerplate"
    assert kinds["Hebben goedgevonden en verstaan:"] == "boilerplate"
    announcement = next(i for i, unit in enumerate(units) if unit.text.endswith("aangegaan, zijn:"))
    items = units[announcement + 1 : announcement + 7]
    assert [unit.kind for unit in items] == ["list_item"] * 6
    assert [unit.text[:2] for unit in items] == ["a.", "b.", "c.", "d.", "e.", "f."]


LONG_PAGES = 60
FACT_PAGE = 47


def long_report(path: Path) -> Path:
    """60 pages of report text; page 47 alone holds the fact, in a sentence that runs on to page 48."""
    pages = []
    for number in range(1, LONG_PAGES + 1):
        lines = [f"# Hoofdstuk {number}: voortgang in regio {number}"] + [
            f"In regio {number} bespraken de gemeenten in kwartaal {quarter} de voortgang van de aanpak."
            for quarter in range(1, 5)
        ]
        if number == FACT_PAGE:
            lines += ["Het Kompashuis in Noorderveen telt zeventien Housing First-woningen voor", ""]
        if number == FACT_PAGE + 1:
            lines.insert(0, "dakloze jongeren uit de regio.")
        pages.append(lines)
    return write_pdf(path, pages, header="Voortgangsrapportage aanpak dakloosheid", footer=True)


def test_a_60_page_pdf_is_read_with_progress_per_page_and_each_page_keeps_its_facts(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    document = read_document(long_report(tmp_path / "lang.pdf"), "lang", 10**8, 100, lambda *call: calls.append(call))
    assert calls == [(number, LONG_PAGES) for number in range(1, LONG_PAGES + 1)]
    units = segment_pages(document.pages, document.meta.title)
    assert {unit.page for unit in units} == set(range(1, LONG_PAGES + 1))
    fact = next(unit for unit in units if "Kompashuis" in unit.text)
    assert (
        fact.text
        == "Het Kompashuis in Noorderveen telt zeventien Housing First-woningen voor dakloze jongeren uit de regio."
    )
    assert (fact.page, fact.page_end, fact.section) == (FACT_PAGE, FACT_PAGE + 1, "Hoofdstuk 47: voortgang in regio 47")
    chunks = chunk_units("lang", "lang.pdf", document.meta, units)
    span = next(span for chunk in chunks for span in chunk.spans if chunk.text[span.start : span.end] == fact.text)
    assert (span.page, span.page_end) == (FACT_PAGE, FACT_PAGE + 1)


def test_a_fact_on_page_47_of_a_60_page_pdf_is_cited_at_page_47_to_48(settings: Settings) -> None:
    from assistant.answer_text import render_text
    from assistant.ingest.pipeline import run_ingest
    from assistant.retrieval.engine import AnswerEngine

    long_report(settings.corpus_dir / "voortgang.pdf")
    report = run_ingest(settings)
    assert report.skipped == [] and report.documents == 1
    engine = AnswerEngine(settings)
    try:
        answer = engine.ask("Hoeveel Housing First-woningen telt het Kompashuis in Noorderveen?")
    finally:
        engine.close()
    cited = next(citation for citation in answer.citations if "Kompashuis" in citation.quote)
    assert (cited.page, cited.page_end) == (FACT_PAGE, FACT_PAGE + 1)
    assert "pagina 47–48" in render_text(answer)


def scanned_pdf(tmp_path: Path) -> Path:
    """Page 1 has a text layer; page 2 is an image of a text page with none (like a scan)."""
    from fpdf import FPDF

    text_page = write_pdf(
        tmp_path / "bron.pdf",
        [["Dit is de tekst van de tweede pagina.", "De gemeente Zuiderveen opent een nieuwe woonvoorziening."]],
    )
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(text_page), str(tmp_path / "scan")], check=True)
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.set_xy(15, 25)
    pdf.cell(0, 7, "De eerste pagina heeft gewoon een tekstlaag over beschermd wonen.")
    pdf.add_page()
    pdf.image(str(tmp_path / "scan.png"), x=0, y=0, w=pdf.w, h=pdf.h)
    path = tmp_path / "gescand.pdf"
    pdf.output(str(path))
    return path


@pytest.mark.skipif(not HAS_OCR, reason="needs Debian's tesseract-ocr, tesseract-ocr-nld and poppler-utils")
def test_a_scanned_page_is_read_by_ocr_and_marked_so(tmp_path: Path) -> None:
    document = read_document(scanned_pdf(tmp_path), "scan", 10**8, 100)
    assert [page.ocr for page in document.pages] == [False, True]
    units = segment_pages(document.pages, document.meta.title)
    scanned = [unit for unit in units if unit.page == 2]
    assert scanned and all(unit.ocr for unit in scanned)
    assert "nieuwe woonvoorziening" in " ".join(unit.text for unit in scanned)
    chunks = chunk_units("scan", "gescand.pdf", document.meta, units)
    assert any(span.ocr and span.page == 2 for chunk in chunks for span in chunk.spans)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils to make the scan")
def test_without_tesseract_a_scanned_page_is_skipped_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = scanned_pdf(tmp_path)
    monkeypatch.setenv("PATH", "/nonexistent")  # no tesseract to be found
    document = read_document(path, "scan", 10**8, 100)
    assert document.pages[1].text == "" and not document.pages[1].ocr
    from fpdf import FPDF

    only_scan = FPDF()
    only_scan.add_page()
    only_scan.image(str(tmp_path / "scan.png"), x=0, y=0, w=only_scan.w, h=only_scan.h)
    only_scan.output(str(tmp_path / "alleen-scan.pdf"))
    with pytest.raises(SkippedFile) as skip:
        read_document(tmp_path / "alleen-scan.pdf", "alleen", 10**8, 100)
    assert "geen tekst" in skip.value.user_message
