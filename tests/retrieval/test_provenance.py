"""Questions for the source of the previous answer: which are, which document answers, which of its lines."""

from __future__ import annotations

import pytest

from assistant.documents import DocumentMeta
from assistant.retrieval.provenance import (
    SourceQuestion,
    asked_source,
    is_of_kind,
    points_back_to_source,
    source_notice,
)
from assistant.text.analyzer import Analyzer


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Uit welke kamerbrief komt dat?", SourceQuestion("kamerbrief")),
        ("In welk document staat dit eigenlijk?", SourceQuestion("")),  # any document is one
        ("Uit welke kamerbrief komt dat bedrag?", SourceQuestion("kamerbrief", pointed="bedrag")),
        ("En zijn daar ooit Kamervragen over gesteld?", SourceQuestion("kamervragen", exists=True)),
        ("Is daar een motie over ingediend?", SourceQuestion("motie", exists=True)),
        ("Door wie is die ingediend?", SourceQuestion(who=True)),  # "die" is no noun
        ("Wie heeft dat in de Kamer voorgesteld?", SourceQuestion(who=True)),
        ("Van wie komt dat idee eigenlijk, wie heeft dat geadviseerd?", SourceQuestion(who=True, pointed="idee")),
        ("Wie heeft die motie ondertekend?", SourceQuestion("motie", who=True, pointed="motie")),
        ("Wie hebben die motie over skaeve huse ingediend?", SourceQuestion("motie", who=True, pointed="motie")),
        ("En wie heeft die principes opgesteld?", SourceQuestion(who=True, pointed="principes")),
        ("Waar staat dat?", SourceQuestion()),
    ],
)
def test_a_question_for_who_made_or_which_document_asks_for_the_source(question: str, asked: SourceQuestion) -> None:
    assert asked_source(question) == asked
    assert points_back_to_source(question)


@pytest.mark.parametrize(
    "question",
    [
        "Wie tekent er dan het huurcontract?",  # who signs a lease, not who made a document
        "Wie betaalt dat dan?",
        "Wie heeft dat bedacht?",  # a method's origin, which no document's opening says
        "Waar komt dat door?",
        "Welke vragen stelt de corporatie bij de intake?",
    ],
)
def test_other_questions_do_not_ask_for_the_source(question: str) -> None:
    assert asked_source(question) is None


def test_a_question_that_names_its_own_subject_does_not_point_at_the_previous_answer() -> None:
    assert asked_source("Wie heeft het actieplan opgesteld?") is not None
    assert not points_back_to_source("Wie heeft het actieplan opgesteld?")


@pytest.mark.parametrize(
    ("kind", "title", "is_it"),
    [
        ("kamerbrief", "Brief van de staatssecretaris van VWS over beschermd thuis", True),
        ("kamervragen", "Antwoord op vragen van de leden Regterschot en El Yassini", True),
        ("kamervragen", "Kamervraag 2021Z24041 – Het bericht …", True),
        ("motie", "Motie van de leden Eerdmans en Bikker", True),
        ("motie", "Brief van de staatssecretaris van VWS over beschermd thuis", False),
        ("advies", "Herstel begint met een huis (adviespagina)", True),
        ("", "Brede aanpak dakloosheid", True),
    ],
)
def test_a_document_is_of_the_kind_its_title_or_the_head_of_a_compound_names(
    kind: str, title: str, is_it: bool
) -> None:
    assert is_of_kind(kind, title, Analyzer()) is is_it


def test_the_source_is_named_with_its_publisher_and_date_as_a_reader_writes_them() -> None:
    meta = DocumentMeta(
        title="Brief van de staatssecretaris van VWS (Kamerstuk 29 325, nr. 156)",
        publisher="Tweede Kamer / Ministerie van VWS (officielebekendmakingen.nl)",
        date="2023-12-11",
    )
    assert source_notice(meta) == (
        "Bron: «Brief van de staatssecretaris van VWS (Kamerstuk 29 325, nr. 156)» (Ministerie van VWS, "
        "11 december 2023)."
    )
    assert source_notice(DocumentMeta(title="Zonder uitgever")) == "Bron: «Zonder uitgever»."
