"""How gold quotes, copied from the sources, are matched with the cleaned index text."""

from __future__ import annotations

from assistant.documents import Page
from assistant.evaluation.gold import comparable, gold_set_line
from assistant.ingest.clean import clean_pages


def test_a_gold_quote_with_a_glued_footnote_number_matches_the_cleaned_passage() -> None:
    source = (
        "Zo zijn regelingen getroffen om bestaanszekerheid te behouden2 en met\nhet oog op ‘Een (T)huis’1 , en meer."
    )
    [cleaned] = clean_pages([Page(1, source)])

    assert "behouden2" not in cleaned.text
    assert comparable(source) == comparable(cleaned.text)


def unanswered(question: str, intent: str, **fields: object) -> dict[str, object]:
    """A located question the knowledge base does not answer, as a labeller writes it."""
    return {
        "id": "x1",
        "question": question,
        "audience": "gemeente",
        "answerable": False,
        "key_facts": [],
        "intent": intent,
        **fields,
    }


def test_an_in_scope_question_without_an_answer_is_marked_not_in_kb_once() -> None:
    row = unanswered("Wat is een omklapcontract?", "in_scope")
    assert gold_set_line({**row, "kind": "definition"}, "dev", [])["kind"] == "definition_not_in_kb"
    # A labeller who already wrote the suffix does not get it twice.
    assert gold_set_line({**row, "kind": "definition_not_in_kb"}, "dev", [])["kind"] == "definition_not_in_kb"
    assert gold_set_line({**row, "kind": "definition", "answerable": True}, "dev", [])["kind"] == "definition"
    # A follow-up written to have no answer keeps the kind that says so.
    unanswerable = {**row, "kind": "follow_up_unanswerable"}
    assert gold_set_line(unanswerable, "dev", [])["kind"] == "follow_up_unanswerable"


def test_a_first_question_written_as_near_domain_has_that_kind_whatever_its_form() -> None:
    row = unanswered("Hoeveel Housing First-plekken heeft Zeeland?", "near_domain", kind="number_or_name")
    assert gold_set_line(row, "dev", [])["kind"] == "near_domain"
    # A follow-up keeps the kind it was written as.
    follow_up = {**row, "follow_up_of": "z0", "kind": "follow_up_unanswerable"}
    assert gold_set_line(follow_up, "dev", [])["kind"] == "follow_up_unanswerable"
