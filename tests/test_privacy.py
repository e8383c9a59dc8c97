"""Personal data in questions is spotted before a question is sent."""

from __future__ import annotations

import pytest

from assistant.privacy import is_bsn, personal_data_kinds


def test_the_eleven_test_tells_a_bsn_from_other_nine_digit_numbers() -> None:
    assert is_bsn("111222333")
    assert is_bsn("123456782")
    assert not is_bsn("123456789")
    assert not is_bsn("000000000")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Mijn cliënt heeft BSN 111222333, waar kan hij terecht?", "burgerservicenummer"),
        ("BSN 1234.56.782 heeft geen woning", "burgerservicenummer"),
        ("Mail j.de.vries@gemeente-utrecht.nl over Housing First", "e-mailadres"),
        ("Bel mevrouw op 06-12345678 over beschermd wonen", "telefoonnummer"),
        ("Zijn nummer is +31 6 1234 5678", "telefoonnummer"),
        ("Bel 020 123 4567", "telefoonnummer"),
    ],
)
def test_personal_data_is_spotted(question: str, kind: str) -> None:
    assert any(kind in found for found in personal_data_kinds(question))


@pytest.mark.parametrize(
    "question",
    [
        "Hoeveel dakloze mensen waren er in 2024?",
        "Het actieplan trekt 123456789 euro uit voor preventie.",
        "Wat staat er in Stb. 2024, 152 over tijdelijke huurcontracten?",
        "Wat kost het Expertteam per jaar, 15.000 of 25.000 euro?",
        "Wat betekent artikel 7:274 BW voor de huurder?",
    ],
)
def test_ordinary_policy_questions_raise_no_warning(question: str) -> None:
    assert personal_data_kinds(question) == []
