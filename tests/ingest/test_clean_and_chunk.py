"""Cleaning, segmentation and chunking: what a passage holds and where each sentence stands."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from assistant.documents import DocumentMeta, Page
from assistant.ingest.chunk import chunk_units
from assistant.ingest.clean import clean_pages, join_hyphenated, normalize_text, text_hash
from assistant.ingest.read import read_document
from assistant.ingest.segment import segment_pages
from tests.conftest import write_pdf

HEADER = "Handreiking Wonen met begeleiding - concept"
PAGES = [
    [
        "# 1. Inleiding",
        "Deze handreiking helpt gemeenten en corporaties bij de keuze van een huurconstructie.",
        "Een huurder met een eigen contract heeft volledige huurbescherming, ook als de dak-",
        "loze huurder later minder begeleiding nodig heeft.",
    ],
    [
        "# 2. Intermediaire verhuur",
        "Bij intermediaire verhuur huurt een zorgaanbieder de woning van de corporatie.",
        "De zorgaanbieder verhuurt de woning door aan de bewoner.",
    ],
    [
        "# 3. Omklapcontract",
        "Bij een driepartijenovereenkomst klapt het contract na een proefperiode om naar de bewoner.",
        "De corporatie en de zorgaanbieder tekenen samen met de bewoner.",
    ],
]


def test_ligatures_quotes_and_odd_spaces_are_normalised() -> None:
    assert normalize_text("de ﬁnanciering \u2018eerst\u2019 een\u00a0thuis \u201cnu\u201d") == (
        "de financiering 'eerst' een thuis \"nu\""
    )


def test_accents_are_composed_and_a_soft_hyphen_at_a_line_end_becomes_one_the_joining_mends() -> None:
    assert normalize_text("een financie\u0308le bijdrage") == "een financiële bijdrage"
    assert join_hyphenated(normalize_text("De ge\u00ad\nmeente helpt.")) == "De gemeente\n helpt."
    assert normalize_text("zacht\u00adkoppelteken") == "zachtkoppelteken"


def test_words_hyphenated_across_a_line_end_are_joined_but_elided_compounds_stay() -> None:
    assert join_hyphenated("voor dak-\nloze mensen") == "voor dakloze\n mensen"
    assert join_hyphenated("zorg-\nen woonvormen") == "zorg-\nen woonvormen"


def test_running_headers_and_page_numbers_are_removed(tmp_path: Path) -> None:
    document = read_document(write_pdf(tmp_path / "h.pdf", PAGES, header=HEADER, footer=True), "h", 10**7, 100)
    cleaned = clean_pages(document.pages)
    text = "\n".join(page.text for page in cleaned)
    assert HEADER not in text
    assert "Pagina" not in text
    assert "dakloze huurder" in text


def test_a_known_sentence_gets_its_page_and_section(tmp_path: Path) -> None:
    document = read_document(write_pdf(tmp_path / "h.pdf", PAGES, header=HEADER, footer=True), "h", 10**7, 100)
    units = segment_pages(clean_pages(document.pages), document.meta.title)
    sentence = next(unit for unit in units if unit.text.startswith("De zorgaanbieder verhuurt"))
    assert sentence.page == 2
    assert sentence.section == "2. Intermediaire verhuur"
    joined = next(unit for unit in units if "dakloze huurder" in unit.text)
    assert joined.page == 1 and joined.kind == "sentence"


def test_every_chunk_carries_ids_metadata_and_a_page_per_sentence(tmp_path: Path) -> None:
    document = read_document(write_pdf(tmp_path / "h.pdf", PAGES, header=HEADER), "h", 10**7, 100)
    units = segment_pages(clean_pages(document.pages), document.meta.title)
    chunks = chunk_units("h", "h.pdf", DocumentMeta(title="Handreiking"), units, target_words=30, max_words=45)
    assert len(chunks) >= 2
    for chunk in chunks:
        assert chunk.chunk_id and chunk.document_id == "h" and chunk.meta.title == "Handreiking"
        assert all(span.page in {1, 2, 3} for span in chunk.spans)
        for span in chunk.spans:
            assert chunk.text[span.start : span.end].strip() == chunk.text[span.start : span.end]
    assert len({chunk.chunk_id for chunk in chunks}) == len(chunks)


def test_chunks_stay_within_the_word_bounds_and_overlap_by_a_sentence() -> None:
    sentences = [f"Zin nummer {i} gaat over de aanpak van dakloosheid in de regio." for i in range(80)]
    units = segment_pages([Page(None, " ".join(sentences))])
    chunks = chunk_units("d", "d.md", DocumentMeta(title="D"), units, target_words=150, max_words=200)
    sizes = [len(chunk.text.split()) for chunk in chunks]
    assert all(size <= 200 for size in sizes)
    assert all(size >= 100 for size in sizes[:-1])
    first_of_second = chunks[1].text[chunks[1].spans[0].start : chunks[1].spans[0].end]
    assert first_of_second in chunks[0].text


def test_a_new_section_starts_a_new_chunk_and_sections_are_paths() -> None:
    text = (
        "# Actieplan\n\n## Preventie\n\n"
        + "Preventie gaat voor. " * 60
        + "\n\n## Wonen eerst\n\nEen woning met begeleiding."
    )
    units = segment_pages([Page(None, text)], title="Iets anders")
    chunks = chunk_units("d", "d.md", DocumentMeta(title="D"), units, target_words=100, max_words=150)
    last = chunks[-1]
    sections = {last.text[span.start : span.end]: span.section for span in last.spans}
    assert sections["Een woning met begeleiding."] == "Actieplan > Wonen eerst"
    assert chunks[0].section == "Actieplan > Preventie"


def test_an_enumeration_keeps_its_items_as_units() -> None:
    units = segment_pages([Page(None, "De principes zijn:\n- Wonen is een recht\n- Keuze en regie\n")])
    assert [unit.kind for unit in units] == ["sentence", "list_item", "list_item"]


def test_a_decrees_sub_items_numbered_with_a_degree_sign_are_items() -> None:
    text = "Het geldt voor een huurder die:\n1°. dakloos is;\n2°. uitstroomt uit beschermd wonen; of\n3°. urgent is."
    units = segment_pages([Page(None, text)])
    assert [(unit.kind, unit.text[:3]) for unit in units] == [
        ("sentence", "Het"),
        ("list_item", "1°."),
        ("list_item", "2°."),
        ("list_item", "3°."),
    ]


def test_a_web_pages_short_header_and_label_lines_stand_alone_and_never_run_into_the_text() -> None:
    # An unfinished header line takes the short line after it, as wrapped text would; short lines without an end
    # (a label, a record number, a caption) never take the next line.
    page = Page(
        None,
        "Motie van de leden Eerdmans en Bikker over een programma voor landelijke Skaeve Huse\n"
        "Motie\n"
        "Nummer: 2024D02693, datum: 2024-01-25\n"
        "Beeld: ©VWS\n"
        "Steeds meer gemeenten zetten in op Housing First.",
    )
    assert [unit.text for unit in segment_pages([page], "Programma voor Skaeve Huse")] == [
        "Motie van de leden Eerdmans en Bikker over een programma voor landelijke Skaeve Huse Motie",
        "Nummer: 2024D02693, datum: 2024-01-25",
        "Beeld: ©VWS",
        "Steeds meer gemeenten zetten in op Housing First.",
    ]


def test_an_encyclopedia_pages_tagline_is_dropped_so_its_first_sentence_defines_alone() -> None:
    page = Page(
        None,
        "Dakloosheid\n"
        "persoon zonder (vast) onderdak Van Wikipedia, de vrije encyclopedie\n"
        "persoon zonder (vast) onderdak Van Wikipedia, de vrije encyclopedie\n"
        "Dakloosheid is het niet hebben van onderdak. Iemand die dakloos is wordt een dakloze genoemd.",
    )
    units = segment_pages(clean_pages([page]), "Dakloosheid (Wikipedia)")
    assert [unit.text for unit in units] == [
        "Dakloosheid is het niet hebben van onderdak.",
        "Iemand die dakloos is wordt een dakloze genoemd.",
    ]


def test_a_long_line_wrapped_mid_sentence_still_joins_the_next_whatever_its_first_letter() -> None:
    page = Page(
        None,
        "Housing First benadrukt het recht op huisvesting. Dakloze mensen hoeven volgens Housing\n"
        "First niet te bewijzen dat ze klaar zijn voor een woning. Er is een warme,\n"
        "positieve benadering.",
    )
    assert [unit.text for unit in segment_pages([page], "Principes")] == [
        "Housing First benadrukt het recht op huisvesting.",
        "Dakloze mensen hoeven volgens Housing First niet te bewijzen dat ze klaar zijn voor een woning.",
        "Er is een warme, positieve benadering.",
    ]


def test_each_clause_of_a_motion_after_a_semicolon_at_a_lines_end_is_a_unit_of_its_own() -> None:
    page = Page(
        None,
        "De Kamer,\n"
        "gehoord de beraadslaging,\n"
        "constaterende dat het aantal verwarde personen groeit;\n"
        "constaterende dat er in meerdere gemeenten Skaeve Huse zijn ontwikkeld;\n"
        "verzoekt de regering om een programma voor landelijke Skaeve Huse vorm te geven.",
    )
    assert [unit.text for unit in segment_pages([page], "Motie")] == [
        "De Kamer, gehoord de beraadslaging, constaterende dat het aantal verwarde personen groeit;",
        "constaterende dat er in meerdere gemeenten Skaeve Huse zijn ontwikkeld;",
        "verzoekt de regering om een programma voor landelijke Skaeve Huse vorm te geven.",
    ]


def test_the_text_hash_is_the_same_for_the_same_text_in_other_bytes_or_layout_and_differs_for_other_words(
    tmp_path: Path,
) -> None:
    def hash_of(path: Path) -> str:
        return text_hash(clean_pages(read_document(path, "h", 10**7, 100).pages))

    first = write_pdf(tmp_path / "a.pdf", PAGES, header=HEADER, footer=True)
    saved_again = write_pdf(
        tmp_path / "b.pdf", PAGES, header=HEADER, footer=True, created=datetime(2026, 1, 5, tzinfo=UTC)
    )
    assert first.read_bytes() != saved_again.read_bytes()
    assert hash_of(first) == hash_of(saved_again)
    assert text_hash([Page(1, "Eerst  een\nthuis.")]) == text_hash([Page(1, "Eerst een"), Page(2, " thuis.")])
    assert text_hash([Page(1, "Eerst een thuis.")]) != text_hash([Page(1, "Eerst een huis.")])


def test_a_footnote_marker_after_a_full_stop_ends_the_sentence_and_is_never_part_of_one() -> None:
    page = Page(
        1,
        "De cijfers laten een schokkend beeld zien van dakloosheid in Nederland.1 In negen regio's zijn op één dag "
        "28.721 dakloze mensen geteld.2 Zie artikel 2.1 van de wet. Het plan kwam in april 2020.4 Met dat plan "
        "begon de brede aanpak in 2020.",
    )
    units = segment_pages([page], "Voortgangsbrief")

    assert [unit.text for unit in units] == [
        "De cijfers laten een schokkend beeld zien van dakloosheid in Nederland.",
        "In negen regio's zijn op één dag 28.721 dakloze mensen geteld.",
        "Zie artikel 2.1 van de wet.",
        "Het plan kwam in april 2020.",
        "Met dat plan begon de brede aanpak in 2020.",
    ]


def test_a_title_before_a_name_ends_no_sentence() -> None:
    page = Page(
        1,
        "Oprichtster van de Preventie Alliantie prof. Judith Wolf gaat gemeenten ondersteunen. Dat zegt "
        "prof. dr. Judith Wolf, met drs. Jansen en ir. De Boer.",
    )
    units = segment_pages([page], "Preventie Alliantie")

    assert [unit.text for unit in units] == [
        "Oprichtster van de Preventie Alliantie prof. Judith Wolf gaat gemeenten ondersteunen.",
        "Dat zegt prof. dr. Judith Wolf, met drs. Jansen en ir. De Boer.",
    ]


def test_a_date_or_an_abbreviation_in_a_sentence_ends_no_sentence() -> None:
    page = Page(
        1,
        "Op 1 jan. 2024 start de regeling i.v.m. de nieuwe wet. Dit zijn o.a. De Key en Ymere, volgens de brief "
        "d.d. 25 mei 2022. Daarna volgt meer.",
    )
    assert [unit.text for unit in segment_pages([page])] == [
        "Op 1 jan. 2024 start de regeling i.v.m. de nieuwe wet.",
        "Dit zijn o.a. De Key en Ymere, volgens de brief d.d. 25 mei 2022.",
        "Daarna volgt meer.",
    ]


def test_a_bracketed_footnote_marker_after_a_full_stop_opens_no_sentence() -> None:
    page = Page(
        1,
        "Uit onderzoek bleek dat een op de drie ex-gedetineerden dakloos zou worden.[1] Er bestaan verschillende "
        "gradaties van dakloosheid. Zie noot [3] in de bijlage.",
    )
    units = segment_pages([page], "Dakloosheid")

    assert [unit.text for unit in units] == [
        "Uit onderzoek bleek dat een op de drie ex-gedetineerden dakloos zou worden.",
        "Er bestaan verschillende gradaties van dakloosheid.",
        "Zie noot [3] in de bijlage.",
    ]


def test_a_footnote_number_glued_to_a_word_inside_a_sentence_is_dropped_and_names_keep_their_numbers() -> None:
    page = Page(
        1,
        "Verhuurders spraken af om huurders te behouden2 en tijdelijke huurcontracten tijdens de Coronacrisis»3 "
        "te verlengen. Platform31 en de G4 meten de CO2 per m2 van de woning.",
    )
    [cleaned] = clean_pages([page])

    assert cleaned.text == (
        'Verhuurders spraken af om huurders te behouden en tijdelijke huurcontracten tijdens de Coronacrisis" '
        "te verlengen. Platform31 en de G4 meten de CO2 per m2 van de woning."
    )
