"""Questions: Dutch messages for bad input, and follow-ups combined with the previous turn."""

from __future__ import annotations

import pytest

from assistant.errors import QuestionError
from assistant.retrieval.question import is_follow_up, retrieval_query, validate_question


@pytest.mark.parametrize(
    ("question", "fragment"),
    [
        ("", "leeg"),
        ("   \n\t ", "leeg"),
        ("x" * 1001, "te lang"),
        ("\x00\x01\x02binary\x03", "niet lezen"),
        ("?!?!", "niet lezen"),
    ],
)
def test_bad_questions_get_a_clear_dutch_message(question: str, fragment: str) -> None:
    with pytest.raises(QuestionError) as error:
        validate_question(question, 1000)
    assert fragment in error.value.user_message


def test_a_good_question_is_trimmed_and_kept() -> None:
    assert validate_question("  Wat is  Housing First? ", 1000) == "Wat is Housing First?"


@pytest.mark.parametrize(
    "question",
    [
        "En hoe lang duurt dat?",
        "Wie betaalt die?",
        "en voor corporaties?",
        "Geldt dat ook hier?",
        "Valt iemand die uit de maatschappelijke opvang komt daaronder?",
    ],
)
def test_follow_ups_are_recognised(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question", ["Wat zijn de acht principes van Housing First?", "Welke groepen krijgen een tijdelijk huurcontract?"]
)
def test_self_contained_questions_are_not_follow_ups(question: str) -> None:
    assert not is_follow_up(question)


def test_a_follow_up_is_searched_together_with_the_question_it_follows() -> None:
    history = ["Wat is het Expertteam Huisvesting Aandachtsgroepen?"]
    assert retrieval_query("En wie betaalt dat?", history) == f"{history[0]} En wie betaalt dat?"
    assert retrieval_query("Wat is beschermd wonen?", history) == "Wat is beschermd wonen?"
