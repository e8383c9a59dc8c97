"""Questions for the source of an answer: which are, which document answers, which of its lines."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answer import Answer, AnswerSentence, Citation
from assistant.documents import Chunk, DocumentMeta
from assistant.retrieval.provenance import (
    SourceQuestion,
    asked_source,
    first_sentence,
    is_of_kind,
    maker_sentences,
    quotes_from,
    source_notice,
)
from assistant.store.lexical import LexicalIndex
from assistant.text.analyzer import Analyzer
from tests.retrieval.builders import spanned


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
        ("En wie heeft die principes opgesteld?", SourceQuestion(who=True, pointed="principes")),
        ("Wie schreef dat?", SourceQuestion(who=True)),
        (
            "Van wie kwam dat advies oorspronkelijk en in welk jaar was dat?",
            SourceQuestion("advies", who=True, pointed="advies"),
        ),
        ("Van wie is die motie?", SourceQuestion("motie", who=True, pointed="motie")),
        ("Waar staat dat?", SourceQuestion()),
        ("Waar staat dat precies?", SourceQuestion()),
    ],
)
def test_a_question_for_who_made_or_which_document_asks_for_the_source(question: str, asked: SourceQuestion) -> None:
    assert asked_source(question) == replace(asked, pointing=True)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Wie heeft de motie over Skaeve Huse ingediend?", "motie"),
        ("Wie heeft het actieplan opgesteld?", ""),
    ],
)
def test_a_question_for_who_made_what_it_names_itself_does_not_point_back(question: str, kind: str) -> None:
    assert asked_source(question) == SourceQuestion(kind, who=True)


@pytest.mark.parametrize(
    "question",
    [
        "Wie tekent er dan het huurcontract?",  # who signs a lease, not who made a document
        "Wie betaalt dat dan?",
        "Wie heeft dat bedacht?",  # a method's origin, which no document's opening says
        "Van wie komt dat geld?",  # who pays, not who wrote
        "Van wie komt dat rapport en wat staat erin?",  # asks more than who
        "Waar komt dat door?",
        "Welke vragen stelt de corporatie bij de intake?",
        "Door wie wordt dat plan opgesteld?",  # who draws up a plan of action
        "Uit welke bron wordt dat betaald?",  # where money comes from
        "Waar staat dat loket precies?",
        "Waar staat dat voor?",
        "Bij wie moet dat worden ingediend?",
        "Wie moet die huurovereenkomst hebben ondertekend?",
        "Wie betaalt de Skaeve Huse nu de motie is ingediend?",
        "Wie heeft de motie ingediend die vraagt om kleine woningen voor mensen die overlast geven?",
        "Wie heeft het Nationaal Actieplan Dakloosheid opgesteld en wat willen ze ermee bereiken?",
    ],
)
def test_other_questions_do_not_ask_for_the_source(question: str) -> None:
    assert asked_source(question) is None


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


def opening(title: str, publisher: str, units: list[tuple[str, str]]) -> Chunk:
    """The first passage of a document titled `title`, of `units` (kind, text)."""
    text, spans = spanned(units)
    meta = DocumentMeta(title=title, publisher=publisher)
    return Chunk("d#0", "d", "d.md", 0, text, spans, meta, "d")


MOTION = opening(
    "Motie van de leden Eerdmans en Bikker over een programma voor landelijke Skaeve Huse (Kamerstuk 36 410 XVI)",
    "Tweede Kamer (weergave via berthub.eu tkconv)",
    [
        ("sentence", "Vaststelling van de begrotingsstaten van het Ministerie van VWS voor het jaar 2024."),
        ("heading", "Gerelateerde personen:- Eerste ondertekenaar: B.J. Eerdmans, Tweede Kamerlid (JA21)"),
        ("list_item", "- Mede ondertekenaar: M.H. Bikker, Tweede Kamerlid (ChristenUnie)"),
        ("sentence", "De Kamer, gehoord de beraadslaging, constaterende dat het aantal verwarde personen groeit;"),
    ],
)


def test_the_lines_that_name_the_makers_its_title_names_say_who_made_a_document() -> None:
    lexical = LexicalIndex.build([("d#0", MOTION.text), ("x", "Housing First is een aanpak voor dakloze mensen.")])
    assert maker_sentences(MOTION, lexical) == [1, 2]


def test_a_publisher_names_the_maker_only_with_all_its_words() -> None:
    page = opening(
        "De principes van Housing First",
        "Housing First Nederland",
        [
            ("heading", "Onze 8 basisprincipes"),
            ("sentence", "Housing First werkt volgens acht belangrijke basisprincipes."),
            ("sentence", "Housing First Nederland ondersteunt gemeenten bij de invoering."),
        ],
    )
    lexical = LexicalIndex.build([("d#0", page.text), ("x", "Beschermd wonen is wonen met begeleiding.")])
    assert maker_sentences(page, lexical) == [2]
    assert first_sentence(page) == [1]  # not the heading


def test_a_pictures_caption_names_no_maker_though_it_names_the_publisher() -> None:
    advice = opening(
        "Herstel begint met een huis (adviespagina)",
        "Raad voor Volksgezondheid & Samenleving",
        [
            ("sentence", "Met dit advies presenteert de Raad voor Volksgezondheid & Samenleving een andere aanpak."),
            ("sentence", "Raad voor Volksgezondheid & Samenleving: Herstel begint met een huis Beeld: Ellen Houtman"),
        ],
    )
    lexical = LexicalIndex.build([("d#0", advice.text), ("x", "Beschermd wonen is wonen met begeleiding.")])
    assert maker_sentences(advice, lexical) == [0]


@pytest.mark.parametrize(
    ("title", "publisher"),
    [
        ("Memorie van toelichting – Wijziging van de Wmo 2015 in verband met het woonplaatsbeginsel", ""),
        ("Nationaal Actieplan Dakloosheid – omschrijving (begin van de tekst van het Actieplan)", ""),
    ],
)
def test_a_title_without_a_role_or_a_name_names_no_maker(title: str, publisher: str) -> None:
    page = opening(title, publisher, [("sentence", "De Wmo 2015 regelt het Actieplan en de tekst van het plan.")])
    assert maker_sentences(page, LexicalIndex.build([("d#0", page.text)])) == []


def test_what_an_answer_quoted_from_one_document_keeps_its_order_numbered_anew() -> None:
    def cited(n: int, document: str) -> Citation:
        return Citation(n=n, document_id=document, title=document, quote=f"q{n}", passage=f"q{n}")

    answer = Answer(
        question="?",
        refused=False,
        sentences=[AnswerSentence(text="a", citation=1), AnswerSentence(text="b", citation=2)],
        citations=[cited(1, "other"), cited(2, "decree")],
    )
    sentences, citations = quotes_from(answer, "decree")
    assert [(s.text, s.citation) for s in sentences] == [("b", 1)]
    assert [(c.n, c.document_id) for c in citations] == [(1, "decree")]
