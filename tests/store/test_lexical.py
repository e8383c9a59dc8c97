"""BM25 over Dutch stems: compounds, stop words and persistence."""

from __future__ import annotations

from pathlib import Path

from assistant.store.lexical import Analyzer, LexicalIndex

PASSAGES = [
    ("a", "Medewerkers van de opvang begeleiden dakloze mensen naar een eigen woning."),
    ("b", "De corporatie sluit een huurovereenkomst voor bepaalde tijd met de woningzoekende."),
    ("c", "Het Rijk vergoedt twee derde deel tot een maximum van 8.800 euro."),
]


def test_a_compound_is_found_through_its_parts() -> None:
    index = LexicalIndex.build(PASSAGES)
    assert index.search("Wat doen opvangmedewerkers?", 1)[0][0] == "a"


def test_stemming_matches_inflections_and_stop_words_do_not_count() -> None:
    analyzer = Analyzer()
    assert analyzer.tokens("huurovereenkomsten") == analyzer.tokens("huurovereenkomst")
    assert analyzer.tokens("de het een van") == []


def test_numbers_and_names_are_matched_exactly() -> None:
    index = LexicalIndex.build(PASSAGES)
    assert index.search("maximum 8.800", 1)[0][0] == "c"


def test_a_question_with_no_known_word_finds_nothing() -> None:
    assert LexicalIndex.build(PASSAGES).search("appeltaart kaneel", 3) == []


def test_the_index_survives_a_save_and_load(tmp_path: Path) -> None:
    index = LexicalIndex.build(PASSAGES)
    index.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    assert loaded.search("tijdelijke huurovereenkomst", 3) == index.search("tijdelijke huurovereenkomst", 3)
    assert loaded.idf == index.idf
