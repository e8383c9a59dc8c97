"""Typos in a question are read as the corpus word one edit away; names and real words stay as typed."""

from __future__ import annotations

import pytest

from assistant.retrieval.engine import read_as_notice
from assistant.text.spelling import corrected, is_inflection

VOCABULARY = frozenset(["housing", "first", "skaeve", "huse", "dakloosheid", "woningcorporaties", "contact", "erkent"])


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("Welke regels horen bij hosuing first?", "Welke regels horen bij housing first?"),
        ("wat zijn skeave huse?", "wat zijn skaeve huse?"),
        ("Hoeveel daklooshied is er?", "Hoeveel dakloosheid is er?"),
        ("Wat doen woningcoorporaties?", "Wat doen woningcorporaties?"),
    ],
)
def test_a_swapped_doubled_or_missing_letter_is_read_as_the_corpus_word(question: str, searched: str) -> None:
    assert corrected(question, VOCABULARY) == searched


@pytest.mark.parametrize(
    "question",
    [
        "Wie tekent het contract?",  # one wrong letter from "contact": in a short word that is another word
        "Hoe rekent de gemeente?",  # a typo keeps its first letter ("erkent")
        "Hoeveel plekken heeft Hosuing?",  # capitalised inside the question: a name, kept for the near-domain gate
    ],
)
def test_real_words_and_names_stay_as_typed(question: str) -> None:
    assert corrected(question, VOCABULARY) == question


def test_a_word_the_index_knows_in_another_form_stays() -> None:
    assert corrected("Wat is skeave?", VOCABULARY, is_known=lambda word: word == "skeave") == "Wat is skeave?"


@pytest.mark.parametrize(
    ("typed", "read"),
    [("concreet", "concrete"), ("Compleet", "complete"), ("concrete", "concreet"), ("breed", "brede")],
)
def test_a_long_vowel_written_open_or_closed_is_the_same_word_inflected(typed: str, read: str) -> None:
    assert is_inflection(typed, read)


@pytest.mark.parametrize(
    ("typed", "read"), [("hosuing", "housing"), ("daklooshied", "dakloosheid"), ("staat", "stade")]
)
def test_a_typo_is_no_inflection(typed: str, read: str) -> None:
    assert not is_inflection(typed, read)


def test_the_user_is_told_of_a_typo_read_otherwise_but_not_of_an_inflection() -> None:
    assert read_as_notice("Wat is concreet hosuing?", "Wat is concrete housing?") == (
        "Gelezen als: housing (getypt: hosuing)."
    )
    assert read_as_notice("Wat vraagt het concreet?", "Wat vraagt het concrete?") == ""
