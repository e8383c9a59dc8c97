"""How gold quotes, copied from the sources, are matched with the cleaned index text."""

from __future__ import annotations

from assistant.documents import Page
from assistant.evaluation.gold import comparable
from assistant.ingest.clean import clean_pages


def test_a_gold_quote_with_a_glued_footnote_number_matches_the_cleaned_passage() -> None:
    source = (
        "Zo zijn regelingen getroffen om bestaanszekerheid te behouden2 en met\nhet oog op ‘Een (T)huis’1 , en meer."
    )
    [cleaned] = clean_pages([Page(1, source)])

    assert "behouden2" not in cleaned.text
    assert comparable(source) == comparable(cleaned.text)
