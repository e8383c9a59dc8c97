"""Readers: PDFs page by page, Markdown with front matter, text and HTML; bad files are named skips."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.read import SkippedFile, read_document
from tests.conftest import write_encrypted_pdf, write_image_only_pdf, write_pdf

MAX_BYTES = 10_000_000


def read(path: Path):  # type: ignore[no-untyped-def]
    return read_document(path, "doc", MAX_BYTES, 100)


def test_pdf_is_read_page_by_page_with_one_based_numbers(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "plan.pdf", [["Eerste pagina over opvang."], ["Tweede pagina over wonen."]])
    document = read(path)
    assert [page.number for page in document.pages] == [1, 2]
    assert "Tweede pagina" in document.pages[1].text
    assert document.kind == "pdf"


def test_pdf_title_comes_from_metadata_or_first_line(tmp_path: Path) -> None:
    with_meta = write_pdf(tmp_path / "a.pdf", [["# Inleiding", "Tekst."]], title="Actieplan Dakloosheid")
    without_meta = write_pdf(tmp_path / "b.pdf", [["# Handreiking wonen met begeleiding", "Tekst."]])
    assert read(with_meta).meta.title == "Actieplan Dakloosheid"
    assert read(without_meta).meta.title == "Handreiking wonen met begeleiding"


def test_pdf_sidecar_supplies_citation_metadata(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "brief.pdf", [["Kamerbrief over dakloosheid."]])
    (tmp_path / "brief.pdf.yaml").write_text("publisher: Ministerie van VWS\nurl: https://example.org/brief\n")
    meta = read(path).meta
    assert (meta.publisher, meta.url) == ("Ministerie van VWS", "https://example.org/brief")


def test_encrypted_pdf_is_skipped_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(SkippedFile) as skip:
        read(write_encrypted_pdf(tmp_path / "geheim.pdf"))
    assert "wachtwoord" in skip.value.user_message


def test_corrupt_pdf_is_skipped_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "kapot.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(SkippedFile) as skip:
        read(path)
    assert "beschadigd" in skip.value.user_message or "geen tekst" in skip.value.user_message


def test_empty_and_image_only_pdfs_are_skipped(tmp_path: Path) -> None:
    empty = tmp_path / "leeg.pdf"
    empty.write_bytes(b"")
    with pytest.raises(SkippedFile, match="empty"):
        read(empty)
    with pytest.raises(SkippedFile) as skip:
        read(write_image_only_pdf(tmp_path / "scan.pdf"))
    assert "geen tekst" in skip.value.user_message


def test_markdown_front_matter_gives_the_citation_fields(tmp_path: Path) -> None:
    path = tmp_path / "bron.md"
    path.write_text(
        '---\ntitle: "Eerst een thuis"\npublisher: "Rijksoverheid"\nurl: "https://example.org"\n'
        'date: "2022-12-01"\nlicense: "CC0"\ncompleteness: "excerpt – only the opening"\n---\n\n# Kop\n\nTekst.\n',
        encoding="utf-8",
    )
    document = read(path)
    assert document.meta.title == "Eerst een thuis"
    assert document.meta.publisher == "Rijksoverheid"
    assert document.meta.is_excerpt
    assert document.pages[0].number is None
    assert "Tekst." in document.pages[0].text and "publisher" not in document.pages[0].text


def test_html_keeps_visible_text_only(tmp_path: Path) -> None:
    path = tmp_path / "pagina.html"
    path.write_text(
        "<html><head><title>Preventie</title><style>p{color:red}</style></head><body>"
        "<nav>Menu Home</nav><h2>Vroegsignalering</h2><p>Gemeenten signaleren <b>huurachterstand</b> vroeg.</p>"
        "<script>alert('x')</script><ul><li>Eerste punt</li></ul></body></html>",
        encoding="utf-8",
    )
    document = read(path)
    text = document.pages[0].text
    assert document.meta.title == "Preventie"
    assert "## Vroegsignalering" in text
    assert "Gemeenten signaleren huurachterstand vroeg." in text
    assert "- Eerste punt" in text
    assert "alert" not in text and "color" not in text and "Menu" not in text


def test_html_leaves_out_the_pages_header_footer_and_asides_and_reads_table_cells_apart(tmp_path: Path) -> None:
    path = tmp_path / "huurtoeslag.html"
    path.write_text(
        "<html><body><header>Gemeente Utrecht Zoeken</header><article><header><h1>Huurtoeslag</h1></header>"
        "<p>U vraagt huurtoeslag aan bij de Belastingdienst.</p>"
        "<table><tr><td>Jonger dan 23</td><td>€ 454,47</td></tr></table></article>"
        "<aside>Gerelateerd: Zorgtoeslag</aside><footer>© 2024 Gemeente Utrecht. Privacyverklaring</footer>"
        "</body></html>",
        encoding="utf-8",
    )
    text = read(path).pages[0].text
    assert "# Huurtoeslag" in text
    assert "Jonger dan 23 | € 454,47" in text
    assert "Zoeken" not in text and "Zorgtoeslag" not in text and "Privacyverklaring" not in text


def test_text_in_windows_1252_is_read_and_binary_is_refused(tmp_path: Path) -> None:
    legacy = tmp_path / "oud.txt"
    legacy.write_bytes("Cliënten in de maatschappelijke opvang.".encode("cp1252"))
    assert "Cliënten" in read(legacy).pages[0].text
    binary = tmp_path / "ruis.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(SkippedFile) as skip:
        read(binary)
    assert "niet leesbaar" in skip.value.user_message


def test_unsupported_and_oversized_files_are_skipped(tmp_path: Path) -> None:
    sheet = tmp_path / "cijfers.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    with pytest.raises(SkippedFile, match="unsupported"):
        read(sheet)
    big = tmp_path / "groot.txt"
    big.write_text("woord " * 1000)
    with pytest.raises(SkippedFile) as skip:
        read_document(big, "groot", 100, 100)
    assert "te groot" in skip.value.user_message
