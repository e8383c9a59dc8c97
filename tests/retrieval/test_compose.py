"""Answer-first composition, on small passages whose sentence scores the test sets."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answer import Answer
from assistant.answer_text import render_body
from assistant.documents import Chunk, DocumentMeta, Span
from assistant.retrieval.compose import TUNING, ExtractiveComposer, is_answer_sentence, leans_back
from assistant.retrieval.fusion import Candidate
from assistant.retrieval.search import Hit, Retrieval
from assistant.store.lexical import LexicalIndex
from tests.retrieval.builders import spanned

META = DocumentMeta(title="Handreiking wonen met begeleiding", publisher="Testuitgever")


def passage(chunk_id: str, units: list[tuple[str, str]], title: str = "") -> Chunk:
    """A passage of the handreiking; with a `title`, the one passage of a document of its own by that title."""
    text, spans = spanned(units, "Sectie")
    if title:
        meta = DocumentMeta(title=title, publisher="Ministerie van VWS")
        return Chunk(chunk_id, chunk_id, f"{chunk_id}.md", 0, text, spans, meta, chunk_id)
    return Chunk(chunk_id, "handreiking", "handreiking.md", 0, text, spans, META, chunk_id)


def retrieval_of(chunks: list[Chunk], cosines: dict[str, dict[int, float]]) -> Retrieval:
    hits = [Hit(chunk, Candidate(chunk.chunk_id, fused=1.0 / (rank + 1))) for rank, chunk in enumerate(chunks)]
    return Retrieval("vraag", hits, sentence_scores=cosines)


def lexical_of(chunks: list[Chunk]) -> LexicalIndex:
    return LexicalIndex.build([(chunk.chunk_id, chunk.text) for chunk in chunks])


def test_the_sentence_closest_to_the_question_comes_first_and_is_cited_first() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "Deze handreiking gaat over wonen met begeleiding in de wijk."),
            ("sentence", "Bij een omklapcontract tekent de corporatie eerst met de zorgaanbieder."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.80, 1: 0.91}})
    answer = ExtractiveComposer().compose("Wie tekent bij een omklapcontract?", retrieval, lexical_of([chunk]))
    assert answer.sentences[0].text.startswith("Bij een omklapcontract tekent")
    assert answer.sentences[0].citation == 1 and answer.citations[0].quote.startswith("Bij een omklapcontract")


def test_a_question_for_a_meaning_leads_with_the_sentence_that_defines_its_term() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "Het doel is een dataprotocol te ontwikkelen voor Housing First in Nederland."),
            ("sentence", "Housing First is een aanpak waarin iemand eerst een eigen woning krijgt."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.91, 1: 0.90}})
    answer = ExtractiveComposer().compose("Wat is Housing First?", retrieval, lexical_of([chunk]))
    assert answer.sentences[0].text.startswith("Housing First is een aanpak")


def test_a_question_for_the_meaning_of_two_terms_leads_with_a_sentence_that_defines_one() -> None:
    chunk = passage(
        "p1",
        [
            (
                "sentence",
                "In de cijfers over maatschappelijke opvang en vrouwenopvang zijn nevenactiviteiten meegenomen.",
            ),
            ("sentence", "Vrouwenopvang is het tijdelijk bieden van onderdak aan vrouwen die niet thuis kunnen wonen."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.91, 1: 0.90}})
    answer = ExtractiveComposer().compose(
        "Wat verstaat het CBS onder maatschappelijke opvang en vrouwenopvang?", retrieval, lexical_of([chunk])
    )
    assert answer.sentences[0].text.startswith("Vrouwenopvang is het tijdelijk")


def test_an_item_of_a_list_no_sentence_announces_comes_alone_not_replaced_by_the_first_item() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "Gemeenten hebben verschillende taken bij de opvang van dakloze mensen."),
            ("list_item", "Zij regelen de nachtopvang in de regio."),
            ("list_item", "Zij bieden dagbesteding aan voor bewoners."),
            ("list_item", "Zij betalen de huurachterstand van jongeren tot 27 jaar."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.70, 1: 0.60, 2: 0.60, 3: 0.93}})
    answer = ExtractiveComposer().compose(
        "Betaalt de gemeente de huurachterstand van jongeren?", retrieval, lexical_of([chunk])
    )
    texts = [sentence.text for sentence in answer.sentences]
    assert texts[0] == "Zij betalen de huurachterstand van jongeren tot 27 jaar."
    assert "Zij regelen de nachtopvang in de regio." not in texts


def test_the_item_that_answers_comes_along_however_far_down_a_long_list() -> None:
    items = [
        "Studenten die tijdelijk in een andere gemeente studeren.",
        "Promovendi met een tijdelijke aanstelling.",
        "Huurders van een woning die wordt gesloopt.",
        "Huurders van een woning die wordt gerenoveerd.",
        "Jongeren tot 27 jaar.",
        "Grote gezinnen met meer dan vijf kinderen.",
        "Woningzoekenden met een medische urgentie.",
        "Statushouders die een woning zoeken.",
        "Personen uit de maatschappelijke opvang.",
        "Personen uit beschermd wonen.",
        "Werknemers met een tijdelijk contract in de zorg.",
        "Mensen die vrijkomen uit detentie met een reclasseringstoezicht.",
    ]
    units = [("sentence", "De groepen met wie een tijdelijk huurcontract mag worden gesloten zijn:")]
    units += [("list_item", item) for item in items]
    chunk = passage("p1", units)
    cosines = {index: 0.6 for index in range(len(units))} | {12: 0.95}
    answer = ExtractiveComposer().compose(
        "Mag een corporatie een tijdelijk huurcontract geven aan iemand die uit detentie komt?",
        retrieval_of([chunk], {"p1": cosines}),
        lexical_of([chunk]),
    )
    assert any("detentie" in sentence.text for sentence in answer.sentences)


def test_a_sentence_that_leans_back_does_not_follow_a_definition_it_does_not_speak_of() -> None:
    opvang = passage(
        "d1",
        [
            (
                "sentence",
                "Maatschappelijke opvang is het tijdelijk bieden van onderdak en begeleiding aan dakloze mensen.",
            )
        ],
        title="CBS begrippen",
    )
    wonen = passage(
        "d2",
        [("sentence", "Beschermd wonen is een woonvorm met toezicht en begeleiding in een instelling.")],
        title="Wmo begrippen",
    )
    chunk = passage(
        "p1",
        [
            (
                "sentence",
                "Sinds 2015 ontvangen centrumgemeenten een uitkering die zij met de regio verdelen, "
                "voor de opvang en voor beschermd wonen, en zij spreken samen af hoe zij die uitkering besteden.",
            ),
            ("sentence", "Dit betekent dat regiogemeenten zelf geen budget hebben voor deze zorg."),
        ],
    )
    definitions = [
        ("maatschappelijke opvang", retrieval_of([opvang], {"d1": {0: 0.9}})),
        ("beschermd wonen", retrieval_of([wonen], {"d2": {0: 0.9}})),
    ]
    answer = ExtractiveComposer(replace(TUNING, explanation_words=40)).compose(
        "Wat is het verschil tussen maatschappelijke opvang en beschermd wonen?",
        retrieval_of([chunk], {"p1": {0: 0.90, 1: 0.89}}),
        lexical_of([opvang, wonen, chunk]),
        definitions,
    )
    texts = [sentence.text for sentence in answer.sentences]
    assert texts[0].startswith("Maatschappelijke opvang is") and texts[1].startswith("Beschermd wonen is")
    assert not any(text.startswith("Dit betekent") for text in texts)


def test_a_sentence_two_overlapping_passages_share_is_quoted_once() -> None:
    shared = "Gemeenten krijgen vanaf 2026 een specifieke uitkering voor de aanpak van dakloosheid."
    first = passage("pA", [("sentence", "Het kabinet wil dat iedereen een eigen thuis heeft."), ("sentence", shared)])
    second = replace(
        passage(
            "pB",
            [
                ("sentence", shared),
                ("sentence", "Daarmee kunnen zij woningen met begeleiding voor dakloze jongeren betalen."),
                ("sentence", "Ook corporaties dragen bij met extra woningen."),
            ],
        ),
        position=1,
    )
    answer = ExtractiveComposer().compose(
        "Welk geld krijgen gemeenten voor de aanpak van dakloosheid onder jongeren?",
        retrieval_of([first, second], {"pA": {0: 0.70, 1: 0.92}, "pB": {0: 0.92, 1: 0.88, 2: 0.60}}),
        lexical_of([first, second]),
    )
    texts = [sentence.text for sentence in answer.sentences]
    assert texts.count(shared) == 1
    assert texts.index(shared) < texts.index(
        "Daarmee kunnen zij woningen met begeleiding voor dakloze jongeren betalen."
    )


def test_numbered_headings_a_sentence_announces_are_those_after_it_not_the_documents_chapters() -> None:
    title = "Regionale notitie Housing First"
    chapters = passage(
        "d0",
        [
            ("heading", "1. Inleiding"),
            ("sentence", "Deze notitie beschrijft de aanpak van dakloosheid in onze regio."),
            ("heading", "2. Achtergrond"),
            ("sentence", "Het aantal dakloze mensen in de regio is de laatste jaren gestegen."),
        ],
        title=title,
    )
    principles = replace(
        passage(
            "d1",
            [
                ("sentence", "Housing First werkt in onze regio volgens drie principes:"),
                ("heading", "1. Huisvesting is een mensenrecht"),
                ("sentence", "Iedereen heeft recht op een eigen woning zonder voorwaarden vooraf."),
                ("heading", "2. Keuze en regie voor deelnemers"),
                ("sentence", "De deelnemer bepaalt zelf welke begeleiding hij krijgt."),
                ("heading", "3. Scheiden van wonen en zorg"),
                ("sentence", "De huurovereenkomst staat los van de begeleiding."),
            ],
            title=title,
        ),
        document_id="d0",
        position=1,
    )
    retrieval = retrieval_of([principles, chapters], {"d1": {0: 0.93, 2: 0.80, 4: 0.78, 6: 0.77}, "d0": {1: 0.7}})
    retrieval.document_chunks = lambda document: [chapters, principles] if document == "d0" else []
    answer = ExtractiveComposer().compose(
        "Welke principes hanteert Housing First in onze regio?", retrieval, lexical_of([chapters, principles])
    )
    texts = [sentence.text for sentence in answer.sentences]
    assert texts[:4] == [
        "Housing First werkt in onze regio volgens drie principes:",
        "1. Huisvesting is een mensenrecht",
        "2. Keuze en regie voor deelnemers",
        "3. Scheiden van wonen en zorg",
    ]
    assert "1. Inleiding" not in texts


def test_a_sentence_that_announces_a_list_brings_every_item_in_order() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "Wij Willem-Alexander, bij de gratie Gods, Koning der Nederlanden."),
            ("sentence", "De groepen met wie een tijdelijk huurcontract mag worden gesloten zijn:"),
            ("list_item", "a. studenten die tijdelijk in een andere gemeente wonen;"),
            ("list_item", "b. huurders wier woning wordt gerenoveerd;"),
            ("list_item", "c. personen afkomstig uit de maatschappelijke opvang;"),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.85, 1: 0.84, 2: 0.80, 3: 0.79, 4: 0.88}})
    answer = ExtractiveComposer().compose(
        "Met welke groepen mag een tijdelijk huurcontract worden gesloten?", retrieval, lexical_of([chunk])
    )
    texts = [sentence.text for sentence in answer.sentences]
    assert texts[0].startswith("De groepen met wie")
    assert texts[1:4] == [
        "a. studenten die tijdelijk in een andere gemeente wonen;",
        "b. huurders wier woning wordt gerenoveerd;",
        "c. personen afkomstig uit de maatschappelijke opvang;",
    ]
    assert not any("Willem-Alexander" in text for text in texts)


def test_a_list_item_the_excerpt_cuts_off_is_marked_as_cut_and_rendered_with_an_ellipsis_outside_the_quote() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "De groepen met wie een tijdelijk huurcontract mag worden gesloten zijn:"),
            ("list_item", "a. studenten die tijdelijk in een andere gemeente wonen;"),
            ("list_item", "b. personen met kinderen, die niet langer een duurzame gemeenschappelijke"),
            ("sentence", "[… tekst afgebroken: van deze pagina is alleen het begin opgenomen]"),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.92, 1: 0.84, 2: 0.80}})
    composition = ExtractiveComposer().compose(
        "Met welke groepen mag een tijdelijk huurcontract worden gesloten?", retrieval, lexical_of([chunk])
    )
    assert [sentence.cut for sentence in composition.sentences] == [False, False, True]
    answer = Answer(question="?", refused=False, sentences=composition.sentences, citations=composition.citations)
    assert render_body(answer).endswith(
        "b. personen met kinderen, die niet langer een duurzame gemeenschappelijke "
        "[… hier breekt het uittreksel in de kennisbank af] [1]"
    )
    assert composition.citations[0].quote.endswith("gemeenschappelijke")  # the quote stays verbatim


def test_a_how_much_question_prefers_the_sentence_with_the_amount() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "Het Rijk betaalt mee aan het expertteam voor gemeenten."),
            ("sentence", "Een gemeente betaalt 4.400 euro per jaar voor het expertteam."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.88, 1: 0.86}})
    answer = ExtractiveComposer().compose(
        "Hoeveel betaalt een gemeente voor het expertteam?", retrieval, lexical_of([chunk])
    )
    assert "4.400 euro" in answer.sentences[0].text


def dated(chunk_id: str, date: str, sentence: str) -> Chunk:
    meta = DocumentMeta(title=f"Voortgangsbrief {date}", publisher="Ministerie van VWS", date=date)
    return Chunk(
        chunk_id, chunk_id, f"{chunk_id}.md", 0, sentence, [Span(0, len(sentence), "sentence", 1, "")], meta, chunk_id
    )


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("Wat staat er in de laatste voortgangsbrief over de telling?", "De telling van 2025"),
        ("Wat staat er in de voortgangsbrief over de telling?", "De telling van 2023"),
    ],
)
def test_a_question_for_the_latest_prefers_the_newest_document_among_close_sentences(question: str, lead: str) -> None:
    older = dated("brief-2024", "2024-06-04", "De telling van 2023 telde veel dakloze mensen in de regio's.")
    newer = dated("brief-2025", "2025-12-17", "De telling van 2025 telde meer dakloze mensen in de regio's.")
    retrieval = retrieval_of([older, newer], {"brief-2024": {0: 0.90}, "brief-2025": {0: 0.89}})
    answer = ExtractiveComposer().compose(question, retrieval, lexical_of([older, newer]))
    assert answer.sentences[0].text.startswith(lead)


def test_an_answer_to_a_factual_question_stays_short() -> None:
    long_sentence = "Het expertteam helpt gemeenten met advies over huisvesting en begeleiding van aandachtsgroepen."
    chunk = passage("p1", [("sentence", f"{long_sentence} ({number})") for number in range(12)])
    cosines = {"p1": dict.fromkeys(range(12), 0.85)}
    answer = ExtractiveComposer().compose(
        "Hoeveel gemeenten helpt het expertteam?", retrieval_of([chunk], cosines), lexical_of([chunk])
    )
    assert sum(len(sentence.text.split()) for sentence in answer.sentences) <= 60


def test_pointers_preambles_fragments_footnotes_and_name_lists_are_never_answers() -> None:
    for text in [
        "Lees meer over de aanpak van dakloosheid.",
        "Wij Willem-Alexander, bij de gratie Gods, Koning der Nederlanden,",
        "en daarna wordt de woning overgedragen aan de huurder.",
        "1 Zie Kamerstukken II 2022/23, 29 325, nr. 139.",
        "Aanwezig: Van der Staaij (SGP), Kuik (CDA), Bikker (CU), Peters (CDA).",
        "[… tekst afgebroken: van deze pagina is alleen het begin opgenomen]",
        "Hoe pak je dit precies aan?",
        "Nr. 159 BRIEF VAN DE STAATSSECRETARIS VAN VOLKSGEZONDHEID Aan de Voorzitter van de Tweede Kamer.",
        "Directe link naar document (.pdf), link naar pagina op de Tweede Kamer site, officiële HTML versie.",
        "Onderdeel van kamerstukdossier 29325 -134 Maatschappelijke Opvang.",
        "Nummer: 2024D02693, datum: 2024-01-25, bijgewerkt: 2024-02-19 10:56, versie: 3 Directe link naar document.",
        "(ingezonden 19 februari 2021).",
        "Neem voor meer informatie contact op met het Expertteam Huisvesting Aandachtsgroepen via wonenzorg@rvo.nl.",
        "Voor meer informatie, kijk op de website van Dakloosheid Voorbij.",
        "De doelen Ons project kent drie doelen: 1.",
        "Onderzoeksrapport Portaal: welke huurders veroorzaken overlast?",  # a link's title on a web page
        "De publicatie is te vinden via Wat werkt bij de aanpak van dak- en thuisloosheid onder jongeren.",
        "Hierop zijn handreikingen en informatie te vinden voor professionals en beleidsmakers.",
    ]:
        assert not is_answer_sentence(text), text
    assert is_answer_sentence("Er is jaarlijks 450 miljoen euro beschikbaar om dit plan uit te voeren.")
    assert is_answer_sentence("De VNG, de GGD en het UWV werken samen in de regio.")
    assert is_answer_sentence("Het project kent drie thema's: infrastructuur, kennis en netwerk.")
    assert is_answer_sentence("Gemeenten kunnen contact opnemen met de regioadviseur van hun regio voor advies.")
    assert is_answer_sentence("Voor veel mensen is het moeilijk passende huisvesting te vinden.")
    assert is_answer_sentence("De oorzaak is te vinden in een combinatie van schulden en verlies van werk.")
    assert is_answer_sentence("Hierop zijn gemeenten aangesproken, omdat er te weinig woningen te vinden waren.")
    # A statement may ask a question after its colon.
    assert is_answer_sentence("Het dashboard helpt het gesprek in de regio: waar gaat het goed, waar kan het beter?")


def test_a_motions_clauses_are_answers_though_they_start_in_lower_case() -> None:
    assert is_answer_sentence("constaterende dat er in meerdere gemeenten zogenaamde Skaeve Huse zijn ontwikkeld;")
    assert is_answer_sentence("overwegende dat er veel positieve resultaten geboekt worden door Skaeve Huse;")
    # Without its clause's opening and its semicolon, lower case still marks the tail of a cut sentence.
    assert not is_answer_sentence("dat er in meerdere gemeenten zogenaamde Skaeve Huse zijn ontwikkeld;")
    assert not is_answer_sentence("constaterende dat er in meerdere gemeenten zogenaamde Skaeve Huse zijn")


def sectioned(chunk_id: str, position: int, units: list[tuple[str, str, str]]) -> Chunk:
    """A passage whose units carry their own section: (kind, text, section)."""
    text, spans = "", []
    for kind, sentence, section in units:
        if text:
            text += "\n"
        spans.append(Span(len(text), len(text) + len(sentence), kind, 1, section))  # type: ignore[arg-type]
        text += sentence
    meta = DocumentMeta(title="De principes van Housing First", publisher="Housing First Nederland")
    return Chunk(chunk_id, "principes", "principes.md", position, text, spans, meta, chunk_id)


def test_numbered_sections_that_a_sentence_announces_follow_it_as_a_list_in_reading_order() -> None:
    first = sectioned(
        "p1",
        0,
        [
            ("sentence", "Housing First werkt volgens drie belangrijke basisprincipes:", "Basisprincipes"),
            ("heading", "1. Huisvesting is een mensenrecht", "Basisprincipes > 1. Huisvesting is een mensenrecht"),
            (
                "sentence",
                "Iedereen krijgt direct een eigen woning.",
                "Basisprincipes > 1. Huisvesting is een mensenrecht",
            ),
            ("heading", "2. Keuze en regie", "Basisprincipes > 2. Keuze en regie"),
            ("sentence", "Deelnemers bepalen zelf welke hulp zij willen.", "Basisprincipes > 2. Keuze en regie"),
        ],
    )
    second = sectioned(
        "p2",
        1,
        [
            ("heading", "3. Scheiden van wonen en zorg", "Basisprincipes > 3. Scheiden van wonen en zorg"),
            ("sentence", "De huur hangt niet af van de begeleiding.", "Basisprincipes > 3. Scheiden van wonen en zorg"),
        ],
    )
    retrieval = retrieval_of([first], {"p1": {0: 0.90, 2: 0.80, 4: 0.79}})
    retrieval.document_chunks = lambda document_id: [first, second]

    answer = ExtractiveComposer().compose("Welke principes heeft Housing First?", retrieval, lexical_of([first]))

    texts = [sentence.text for sentence in answer.sentences]
    assert texts[:4] == [
        "Housing First werkt volgens drie belangrijke basisprincipes:",
        "1. Huisvesting is een mensenrecht",
        "2. Keuze en regie",
        "3. Scheiden van wonen en zorg",
    ]
    assert [sentence.kind for sentence in answer.sentences[1:4]] == ["list_item"] * 3
    assert answer.citations[answer.sentences[3].citation - 1].quote == "3. Scheiden van wonen en zorg"


def test_a_numbered_heading_whose_section_the_excerpt_cuts_off_is_marked_as_cut() -> None:
    first = sectioned(
        "p1",
        0,
        [
            ("sentence", "Housing First werkt volgens zes belangrijke basisprincipes:", "Basisprincipes"),
            ("heading", "1. Huisvesting is een mensenrecht", "Basisprincipes > 1. Huisvesting is een mensenrecht"),
            ("sentence", "Iedereen krijgt direct een woning.", "Basisprincipes > 1. Huisvesting is een mensenrecht"),
            ("heading", "2. Keuze en regie", "Basisprincipes > 2. Keuze en regie"),
            ("sentence", "Deelnemers bepalen zelf welke hulp zij willen.", "Basisprincipes > 2. Keuze en regie"),
        ],
    )
    second = sectioned(
        "p2",
        1,
        [
            ("heading", "3. Scheiden van wonen en zorg", "Basisprincipes > 3. Scheiden van wonen en zorg"),
            ("heading", "De huur ha", "Basisprincipes > 3. Scheiden van wonen en zorg"),  # the excerpt cuts it
            ("sentence", "[… tekst afgebroken: van deze pagina is alleen het begin opgenomen]", ""),
        ],
    )
    retrieval = retrieval_of([first], {"p1": {0: 0.90, 2: 0.80, 4: 0.79}})
    retrieval.document_chunks = lambda document_id: [first, second]

    answer = ExtractiveComposer().compose("Welke principes heeft Housing First?", retrieval, lexical_of([first]))

    cut = {sentence.text: sentence.cut for sentence in answer.sentences if sentence.text[:1].isdigit()}
    assert cut == {
        "1. Huisvesting is een mensenrecht": False,
        "2. Keuze en regie": False,
        "3. Scheiden van wonen en zorg": True,
    }
    rendered = render_body(Answer(question="?", refused=False, sentences=answer.sentences, citations=answer.citations))
    assert "3. Scheiden van wonen en zorg [… hier breekt het uittreksel in de kennisbank af]" in rendered


def test_numbered_sections_come_after_the_whole_quote_of_the_sentence_that_names_them_not_inside_it() -> None:
    section = "Basisprincipes > 1. Huisvesting is een mensenrecht"
    first = sectioned(
        "p1",
        0,
        [
            ("heading", "1. Huisvesting is een mensenrecht", section),
            ("sentence", "Een echt thuis, waar je veilig bent en woonzekerheid hebt.", section),
            ("sentence", "Het betekent evengoed voorkomen dat mensen hun woning verliezen.", section),
            ("heading", "2. Keuze en regie", "Basisprincipes > 2. Keuze en regie"),
            ("heading", "3. Scheiden van wonen en zorg", "Basisprincipes > 3. Scheiden van wonen en zorg"),
        ],
    )
    retrieval = retrieval_of([first], {"p1": {1: 0.80, 2: 0.92}})
    retrieval.document_chunks = lambda document_id: [first]

    answer = ExtractiveComposer().compose("Wat zijn de principes?", retrieval, lexical_of([first]))

    assert [sentence.text for sentence in answer.sentences] == [
        "Een echt thuis, waar je veilig bent en woonzekerheid hebt.",
        "Het betekent evengoed voorkomen dat mensen hun woning verliezen.",
        "1. Huisvesting is een mensenrecht",
        "2. Keuze en regie",
        "3. Scheiden van wonen en zorg",
    ]


def test_a_list_asked_for_in_users_words_leads_with_its_own_announcement_before_the_sentence_that_found_it() -> None:
    # "uitgangspunten" is what users call the principles. The sentence closest to the question stands in a passage
    # under them that was found; the list and its announcement stand in one that was not.
    headings = [
        ("heading", "1. Huisvesting is een mensenrecht", "Basisprincipes > 1. Huisvesting is een mensenrecht"),
        ("heading", "2. Keuze en regie", "Basisprincipes > 2. Keuze en regie"),
        ("heading", "3. Scheiden van wonen en zorg", "Basisprincipes > 3. Scheiden van wonen en zorg"),
    ]
    announcement = ("sentence", "Housing First werkt volgens drie belangrijke basisprincipes:", "Basisprincipes")
    listed = sectioned("p1", 0, [announcement, *headings])
    found = sectioned(
        "p2",
        1,
        [
            (
                "sentence",
                "Het uitgangspunt is dat de ondersteuning zich aanpast aan de persoon.",
                "Basisprincipes > 3. Scheiden van wonen en zorg",
            )
        ],
    )
    retrieval = retrieval_of([found], {"p2": {0: 0.95}})
    retrieval.document_chunks = lambda document_id: [listed, found]
    question = "Wat zijn de uitgangspunten van Housing First?"

    answer = ExtractiveComposer().compose(question, retrieval, lexical_of([listed, found]))

    principles = [text for _, text, _ in headings]
    assert [sentence.text for sentence in answer.sentences] == [announcement[1], *principles, found.text]

    # Without a sentence announcing it right before its first heading, the list follows the sentence that found it.
    unannounced = sectioned("p1", 0, headings)
    retrieval.document_chunks = lambda document_id: [unannounced, found]
    answer = ExtractiveComposer().compose(question, retrieval, lexical_of([unannounced, found]))
    assert [sentence.text for sentence in answer.sentences] == [found.text, *principles]


def test_a_numbered_item_that_only_points_elsewhere_is_left_out_and_a_numbered_last_line_ends_the_list() -> None:
    # A page's list of the action plan's lines names the page itself "2. Zie hierboven"; its last line, with nothing
    # after it, is read as a list item, not a heading.
    section = "Actielijnen"
    chunk = sectioned(
        "p1",
        0,
        [
            ("sentence", "Het plan kent vier actielijnen die samen dakloosheid moeten beëindigen.", section),
            ("sentence", "Klik hieronder op een van de actielijnen om meer te lezen:", section),
            ("heading", "1. Versterken bestaanszekerheid", section),
            ("heading", "2. Zie hierboven", section),
            ("heading", "3. Wonen Eerst", section),
            ("list_item", "4. Inclusieve aanpak", section),
            ("list_item", "9. Colofon", section),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.90}})
    retrieval.document_chunks = lambda document_id: [chunk]

    answer = ExtractiveComposer().compose("Welke actielijnen heeft het plan?", retrieval, lexical_of([chunk]))

    texts = [sentence.text for sentence in answer.sentences]
    assert texts[1:] == ["1. Versterken bestaanszekerheid", "3. Wonen Eerst", "4. Inclusieve aanpak"]
    assert not any("Zie hierboven" in citation.quote for citation in answer.citations)


def test_a_list_question_leads_with_the_best_ranked_whole_numbered_list_of_a_passage_whose_title_names_it() -> None:
    # The sentence closest to the question is about something else; two pages titled after an action line each end
    # in the list of all lines. The better ranked one names itself "2. Zie hierboven", so its list has a gap.
    groups = passage("groepen", [("sentence", "Het plan vraagt extra aandacht voor jongeren.")], "Extra aandacht")
    lines = ["1. Bestaanszekerheid", "2. Preventie", "3. Wonen Eerst", "4. Inclusieve aanpak"]
    prevention = passage(
        "preventie",
        [
            ("sentence", "Voorkomen is altijd beter dan genezen."),
            ("heading", lines[0]),
            ("heading", "2. Zie hierboven"),
            ("heading", lines[2]),
            ("heading", lines[3]),
        ],
        "Actielijn 2. Preventie",
    )
    housing = passage(
        "wonen",
        [("sentence", "Iedereen krijgt een eigen woonplek met begeleiding."), *(("heading", line) for line in lines)],
        "Actielijn 3. Wonen Eerst",
    )
    chunks = [groups, prevention, housing]
    retrieval = retrieval_of(chunks, {"groepen": {0: 0.95}, "preventie": {0: 0.70}, "wonen": {0: 0.70}})
    retrieval.document_chunks = lambda document_id: [chunk for chunk in chunks if chunk.document_id == document_id]

    answer = ExtractiveComposer().compose("Welke actielijnen heeft het plan?", retrieval, lexical_of(chunks))

    texts = [sentence.text for sentence in answer.sentences]
    assert texts[:4] == lines
    assert answer.citations[0].document_id == "wonen"

    # Without the whole list, the one with the gap leads (less its pointer).
    partial = retrieval_of([groups, prevention], {"groepen": {0: 0.95}, "preventie": {0: 0.70}})
    partial.document_chunks = retrieval.document_chunks
    answer = ExtractiveComposer().compose("Welke actielijnen heeft het plan?", partial, lexical_of(chunks))
    assert [sentence.text for sentence in answer.sentences[:3]] == [lines[0], lines[2], lines[3]]


def test_a_compared_term_the_question_s_own_passages_define_is_not_called_undefined() -> None:
    # The search for "Wat is Housing First?" found no defining sentence; the question's own passages hold one.
    own = passage("hf", [("sentence", "Housing First is een aanpak waarbij iemand eerst een eigen woning krijgt.")])
    shelter = passage("mo", [("sentence", "Maatschappelijke opvang is het tijdelijk bieden van onderdak.")])
    elsewhere = passage("x", [("sentence", "Steeds meer gemeenten werken met Housing First.")])
    chunks = [own, shelter, elsewhere]
    question = retrieval_of([own, shelter], {"hf": {0: 0.9}, "mo": {0: 0.8}})
    definitions = [
        ("Housing First", retrieval_of([elsewhere], {"x": {0: 0.9}})),
        ("maatschappelijke opvang", retrieval_of([shelter], {"mo": {0: 0.9}})),
    ]

    answer = ExtractiveComposer().compose(
        "Wat is het verschil tussen Housing First en maatschappelijke opvang?",
        question,
        lexical_of(chunks),
        definitions,
    )

    assert [sentence.text for sentence in answer.sentences[:2]] == [own.text, shelter.text]
    assert answer.undefined == []


def test_a_sentence_cut_off_mid_way_or_an_announcement_without_its_list_is_never_quoted() -> None:
    chunk = passage(
        "p1",
        [
            (
                "sentence",
                "Daarom zijn voor het plan zes leidende principes geformuleerd op advies van de Raad voor Volks",
            ),
            ("sentence", "De leidende principes van het plan zijn:"),
            ("sentence", "De principes gelden voor gemeenten, corporaties en zorgaanbieders samen."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.95, 1: 0.93, 2: 0.90}})

    answer = ExtractiveComposer().compose("Wat zijn de leidende principes?", retrieval, lexical_of([chunk]))

    assert [sentence.text for sentence in answer.sentences] == [
        "De principes gelden voor gemeenten, corporaties en zorgaanbieders samen."
    ]


@pytest.mark.parametrize(
    ("sentence", "leans"),
    [
        ("Om dat te bereiken moeten alle gemeenten zich inzetten.", True),
        ("Voor deze groep is extra aandacht nodig.", True),
        ("Om de opvang te verbeteren moeten alle gemeenten zich inzetten.", False),
        ("Voor jongeren is extra aandacht nodig.", False),
        ("Op dit moment zijn er 33 Housing First praktijken.", False),
        ("Om die reden is het plan opgesteld.", False),
    ],
)
def test_a_preposition_with_a_pointing_word_opens_a_sentence_that_leans_back(sentence: str, leans: bool) -> None:
    assert leans_back(sentence) is leans


def test_a_lead_that_leans_on_the_sentence_before_it_comes_with_that_sentence_in_one_citation() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "Steeds meer gemeenten werken met Housing First in de regio."),
            ("sentence", "Daar experimenteren ze met Housing First voor gezinnen."),
            ("sentence", "Het Rijk financiert onderzoek naar modelgetrouwheid."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.80, 1: 0.92, 2: 0.70}})
    question = "Waar werkt men met Housing First voor gezinnen?"
    answer = ExtractiveComposer().compose(question, retrieval, lexical_of([chunk]))
    texts = [sentence.text for sentence in answer.sentences]
    assert texts[:2] == [
        "Steeds meer gemeenten werken met Housing First in de regio.",
        "Daar experimenteren ze met Housing First voor gezinnen.",
    ]
    assert answer.sentences[0].citation == answer.sentences[1].citation == 1
    assert answer.citations[0].quote.endswith("voor gezinnen.")


def test_a_lead_whose_context_leans_back_too_comes_with_the_sentence_that_one_leans_on() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "De middelen voor beschermd wonen gaan alleen naar centrumgemeenten."),
            ("sentence", "Deze centrumgemeenten voeren beschermd wonen uit voor de regio."),
            ("sentence", "Dit samenspel belast gemeenten met een voorziening onevenredig."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.70, 1: 0.75, 2: 0.92}})
    answer = ExtractiveComposer().compose("Wie draait op voor beschermd wonen?", retrieval, lexical_of([chunk]))
    assert [sentence.text for sentence in answer.sentences] == [
        "De middelen voor beschermd wonen gaan alleen naar centrumgemeenten.",
        "Deze centrumgemeenten voeren beschermd wonen uit voor de regio.",
        "Dit samenspel belast gemeenten met een voorziening onevenredig.",
    ]
    assert [sentence.citation for sentence in answer.sentences] == [1, 1, 1]


def test_a_lead_that_points_back_inside_the_sentence_comes_with_the_sentence_it_points_at() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "Bij de inzet van experts op een traject gaan we uit van maximaal 80 uur."),
            ("sentence", "Het Rijk vergoedt hiervan 2/3 deel tot een maximum van € 8.800."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.70, 1: 0.92}})
    answer = ExtractiveComposer().compose("Hoeveel geld geeft het Rijk?", retrieval, lexical_of([chunk]))
    assert [sentence.text for sentence in answer.sentences] == [
        "Bij de inzet van experts op een traject gaan we uit van maximaal 80 uur.",
        "Het Rijk vergoedt hiervan 2/3 deel tot een maximum van € 8.800.",
    ]
    assert answer.citations[0].quote.startswith("Bij de inzet van experts")


@pytest.mark.parametrize(
    ("before", "ellipsis", "question"),
    [
        (
            "We gaan te rade bij Den Haag, dat al tien jaar met Housing First werkt.",
            "En bij Heerenveen, waar ze experimenteren met Housing First voor gezinnen.",
            "Waar werkt men met Housing First voor gezinnen?",
        ),
        # An adverb before the preposition: "Bij voorkeur in …" has no verb of its own either.
        (
            "De ambitie is om deze ondersteuning waar mogelijk dichtbij mensen te organiseren.",
            "Bij voorkeur in hun eigen buurt of wijk.",
            "Waar krijgen mensen ondersteuning in hun buurt of wijk?",
        ),
        # A clause of the sentence before it, written as a sentence of its own.
        (
            "Het project richt zich op kennis en kwaliteit van Housing First.",
            "Zodat voormalig dakloze mensen naar eigen wens in een eigen woning zullen wonen.",
            "Hoe zorgt men dat dakloze mensen in een eigen woning wonen?",
        ),
    ],
)
def test_a_lead_that_is_an_ellipsis_comes_with_the_sentence_it_borrows_its_verb_from(
    before: str, ellipsis: str, question: str
) -> None:
    chunk = passage("p1", [("sentence", before), ("sentence", ellipsis)])
    retrieval = retrieval_of([chunk], {"p1": {0: 0.70, 1: 0.92}})
    answer = ExtractiveComposer().compose(question, retrieval, lexical_of([chunk]))
    assert [sentence.text for sentence in answer.sentences] == [before, ellipsis]


def test_a_lead_whose_subject_is_a_pronoun_after_its_verb_comes_with_the_sentence_that_names_them() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "Gemeenten moeten plannen maken voor huisvesting en zorg."),
            ("sentence", "Ook moeten ze zorgen dat dakloze mensen uit de opvang voorrang krijgen bij het toewijzen."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.70, 1: 0.92}})
    answer = ExtractiveComposer().compose("Krijgen dakloze mensen voorrang?", retrieval, lexical_of([chunk]))
    assert [sentence.text for sentence in answer.sentences] == [
        "Gemeenten moeten plannen maken voor huisvesting en zorg.",
        "Ook moeten ze zorgen dat dakloze mensen uit de opvang voorrang krijgen bij het toewijzen.",
    ]


@pytest.mark.parametrize(
    ("before", "lead"),
    [
        (
            "Gemeenten krijgen een extra steuntje in de rug bij preventie.",
            "Vanaf vandaag kunnen zij een beroep doen op de Preventie Alliantie voor advies bij preventie.",
        ),
        (
            "Housing First biedt een echt thuis met woonzekerheid.",
            "Het betekent evengoed voorkomen dat mensen hun woning verliezen door preventie.",
        ),
    ],
)
def test_a_lead_whose_subject_is_a_pronoun_after_a_longer_opening_or_a_pointing_het_comes_with_its_sentence(
    before: str, lead: str
) -> None:
    chunk = passage("p1", [("sentence", before), ("sentence", lead)])
    retrieval = retrieval_of([chunk], {"p1": {0: 0.70, 1: 0.92}})
    answer = ExtractiveComposer().compose("Wat doet men aan preventie?", retrieval, lexical_of([chunk]))
    assert [sentence.text for sentence in answer.sentences] == [before, lead]


def test_a_lead_on_a_share_of_costs_it_does_not_name_comes_with_the_sentence_that_names_them() -> None:
    before = "Een expert werkt maximaal 80 uur aan een traject van de gemeente."
    lead = "De gemeente betaalt 1/3 deel van de kosten tot maximaal € 4.400."
    chunk = passage("p1", [("sentence", before), ("sentence", lead)])
    retrieval = retrieval_of([chunk], {"p1": {0: 0.70, 1: 0.92}})
    answer = ExtractiveComposer().compose("Welk geld betaalt de gemeente?", retrieval, lexical_of([chunk]))
    assert [sentence.text for sentence in answer.sentences] == [before, lead]

    named = "De gemeente betaalt de kosten van de opvang tot maximaal € 4.400."
    chunk = passage("p1", [("sentence", before), ("sentence", named)])
    retrieval = retrieval_of([chunk], {"p1": {0: 0.70, 1: 0.92}})
    answer = ExtractiveComposer().compose("Welk geld betaalt de gemeente?", retrieval, lexical_of([chunk]))
    assert [sentence.text for sentence in answer.sentences] == [named]


def test_a_supporting_sentence_that_points_back_comes_with_the_sentence_before_it() -> None:
    lead = passage("p1", [("sentence", "Er is jaarlijks 450 miljoen euro beschikbaar voor het actieplan.")])
    support = passage(
        "p2",
        [
            ("sentence", "Een expert werkt maximaal 80 uur aan een traject van de gemeente."),
            ("sentence", "Het Rijk vergoedt daarvan twee derde deel van de kosten."),
        ],
    )
    retrieval = retrieval_of([lead, support], {"p1": {0: 0.93}, "p2": {0: 0.60, 1: 0.92}})
    answer = ExtractiveComposer().compose(
        "Hoeveel geld geeft het Rijk voor het actieplan?", retrieval, lexical_of([lead, support])
    )
    texts = [sentence.text for sentence in answer.sentences]
    assert texts == [
        "Er is jaarlijks 450 miljoen euro beschikbaar voor het actieplan.",
        "Een expert werkt maximaal 80 uur aan een traject van de gemeente.",
        "Het Rijk vergoedt daarvan twee derde deel van de kosten.",
    ]
    # The sentence it leans on and the sentence itself are one quote, under one number.
    assert [sentence.citation for sentence in answer.sentences] == [1, 2, 2]


def test_a_supporting_sentence_comes_with_its_whole_chain_when_that_starts_with_a_sentence_standing_alone() -> None:
    lead = passage("p1", [("sentence", "Gemeenten bieden begeleiding aan mensen in een Housing First woning.")])
    support = passage(
        "p2",
        [
            ("sentence", "Een expert werkt maximaal 80 uur aan een traject van de gemeente."),
            ("sentence", "Het Rijk vergoedt hiervan twee derde deel."),
            ("sentence", "De gemeente betaalt een derde deel van de kosten."),
        ],
    )
    retrieval = retrieval_of([lead, support], {"p1": {0: 0.93}, "p2": {0: 0.60, 1: 0.70, 2: 0.92}})
    answer = ExtractiveComposer().compose(
        "Wie betaalt de begeleiding bij Housing First?", retrieval, lexical_of([lead, support])
    )
    # Without the first, the two would seem to speak of the begeleiding.
    assert [sentence.text for sentence in answer.sentences][1:] == [
        "Een expert werkt maximaal 80 uur aan een traject van de gemeente.",
        "Het Rijk vergoedt hiervan twee derde deel.",
        "De gemeente betaalt een derde deel van de kosten.",
    ]


def test_a_supporting_sentence_whose_predecessor_is_in_the_answer_is_quoted_right_after_it() -> None:
    corporation = passage(
        "p1",
        [
            ("sentence", "Het past bij de taak van corporaties om naar andere woonruimte te kijken."),
            ("sentence", "Hier bestaat echter geen formele regel voor."),
        ],
    )
    letter = passage("p2", [("sentence", "Corporaties kijken bij een dreigende ontruiming naar andere woonruimte.")])
    retrieval = retrieval_of([corporation, letter], {"p1": {0: 0.93, 1: 0.88}, "p2": {0: 0.92}})
    answer = ExtractiveComposer().compose(
        "Hebben corporaties een plicht om naar andere woonruimte te kijken?",
        retrieval,
        lexical_of([corporation, letter]),
    )
    assert [sentence.text for sentence in answer.sentences] == [
        "Het past bij de taak van corporaties om naar andere woonruimte te kijken.",
        "Hier bestaat echter geen formele regel voor.",
        "Corporaties kijken bij een dreigende ontruiming naar andere woonruimte.",
    ]
    assert [sentence.citation for sentence in answer.sentences] == [1, 1, 2]


def test_a_supporting_sentence_that_a_chosen_one_leans_on_is_quoted_right_before_it() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "De zes leidende principes in het Actieplan zijn als een kompas voor het beleid."),
            ("sentence", "Ze worden gebruikt als meetlat om het beleid te beoordelen."),
            ("sentence", "Dit betekent dat we op basis van deze zes leidende principes veranderingen realiseren."),
        ],
    )
    # The lead ("Dit betekent …") brings "Ze worden …", which leans on the first sentence in turn.
    retrieval = retrieval_of([chunk], {"p1": {0: 0.90, 1: 0.80, 2: 0.91}})
    answer = ExtractiveComposer().compose("Wat zijn de leidende principes?", retrieval, lexical_of([chunk]))
    assert [sentence.text for sentence in answer.sentences] == [
        "De zes leidende principes in het Actieplan zijn als een kompas voor het beleid.",
        "Ze worden gebruikt als meetlat om het beleid te beoordelen.",
        "Dit betekent dat we op basis van deze zes leidende principes veranderingen realiseren.",
    ]
    assert [sentence.citation for sentence in answer.sentences] == [1, 1, 1]


def test_a_sentence_that_leans_back_itself_is_never_put_before_the_lead_it_precedes() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "Dit betekent minder opvang in de komende jaren."),
            ("sentence", "Het belangrijkste is een woning en daarbij de juiste hulp."),
            ("sentence", "Dit helpt dakloosheid te verminderen."),
            ("sentence", "Gemeenten en woningcorporaties werken hierin samen."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.91, 1: 0.70, 2: 0.70, 3: 0.92}})
    answer = ExtractiveComposer().compose("Welke rol hebben woningcorporaties?", retrieval, lexical_of([chunk]))
    assert answer.sentences[0].text == "Het belangrijkste is een woning en daarbij de juiste hulp."


def test_a_supporting_sentence_that_opens_with_a_causal_connective_is_quoted_alone() -> None:
    lead = passage("p1", [("sentence", "Het actieplan dakloosheid loopt tot en met het jaar 2030.")])
    support = passage(
        "p2",
        [
            ("sentence", "Dakloosheid los je niet op binnen één kabinetsperiode van vier jaar."),
            ("sentence", "Daarom loopt het actieplan dakloosheid van 2023 tot en met 2030."),
        ],
    )
    retrieval = retrieval_of([lead, support], {"p1": {0: 0.93}, "p2": {0: 0.60, 1: 0.92}})
    answer = ExtractiveComposer().compose("Tot wanneer loopt het actieplan?", retrieval, lexical_of([lead, support]))
    assert [sentence.text for sentence in answer.sentences] == [
        "Het actieplan dakloosheid loopt tot en met het jaar 2030.",
        "Daarom loopt het actieplan dakloosheid van 2023 tot en met 2030.",
    ]


def test_a_lead_that_opens_its_passage_and_points_back_comes_with_its_sentence_from_the_passage_before() -> None:
    # Passages overlap by a sentence: the lead closes the passage before, after the sentence it points at.
    earlier = passage(
        "p1",
        [
            ("sentence", "Corporaties kijken bij een ontruiming naar andere woonruimte voor de huurder."),
            ("sentence", "Het is aan corporaties zelf welk beleid zij hierop hanteren."),
        ],
    )
    later = replace(
        passage(
            "p2",
            [
                ("sentence", "Het is aan corporaties zelf welk beleid zij hierop hanteren."),
                ("sentence", "Een verhuurder kan een huurovereenkomst niet zomaar beëindigen."),
            ],
        ),
        position=1,
    )
    retrieval = replace(
        retrieval_of([later], {"p2": {0: 0.93, 1: 0.70}}),
        document_chunks=lambda document_id: [earlier, later],
    )
    answer = ExtractiveComposer().compose("Welk beleid hanteren corporaties?", retrieval, lexical_of([earlier, later]))
    assert [sentence.text for sentence in answer.sentences][:2] == [
        "Corporaties kijken bij een ontruiming naar andere woonruimte voor de huurder.",
        "Het is aan corporaties zelf welk beleid zij hierop hanteren.",
    ]
    assert answer.citations[0].quote.startswith("Corporaties kijken") and answer.sentences[1].citation == 1


def test_a_supporting_sentence_that_points_back_at_nothing_the_answer_can_show_is_left_out() -> None:
    lead = passage("p1", [("sentence", "Er is jaarlijks 450 miljoen euro beschikbaar voor het actieplan.")])
    # The first sentence of its passage: what "daarvan" points at is not in it.
    support = passage("p2", [("sentence", "Het Rijk vergoedt daarvan twee derde deel van de kosten.")])
    retrieval = retrieval_of([lead, support], {"p1": {0: 0.93}, "p2": {0: 0.92}})
    answer = ExtractiveComposer().compose(
        "Hoeveel geld geeft het Rijk voor het actieplan?", retrieval, lexical_of([lead, support])
    )
    assert [sentence.text for sentence in answer.sentences] == [
        "Er is jaarlijks 450 miljoen euro beschikbaar voor het actieplan."
    ]


@pytest.mark.parametrize(
    "lead",
    [
        "In Heerenveen experimenteren ze met Housing First voor gezinnen.",
        # "(hierna: …)" names something; it does not point back.
        "In de Wet maatschappelijke ondersteuning (hierna: Wmo) staat dat Housing First voor gezinnen mag.",
        # A connective keeps the sentence's content: it leads alone.
        "Maar in Heerenveen experimenteren ze met Housing First voor gezinnen.",
    ],
)
def test_a_lead_that_stands_on_its_own_comes_alone(lead: str) -> None:
    chunk = passage(
        "p1", [("sentence", "Steeds meer gemeenten werken met Housing First in de regio."), ("sentence", lead)]
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.70, 1: 0.92}})
    question = "Waar werkt men met Housing First voor gezinnen?"
    answer = ExtractiveComposer().compose(question, retrieval, lexical_of([chunk]))
    assert answer.sentences[0].text == lead


def test_a_question_how_many_prefers_a_count_and_a_year_is_no_count() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "In 2023 deden de gemeenten mee aan de telling van dakloze mensen."),
            ("sentence", "Aan de telling van dakloze mensen deden 57 gemeenten mee."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.86, 1: 0.85}})
    answer = ExtractiveComposer().compose("Hoeveel gemeenten deden mee aan de telling?", retrieval, lexical_of([chunk]))
    assert answer.sentences[0].text.startswith("Aan de telling van dakloze mensen deden 57")


def priority_passage() -> Chunk:
    return passage(
        "p1",
        [
            ("sentence", "Mensen uit de opvang krijgen een woning van een corporatie in de regio."),
            ("sentence", "Gemeenten moeten zorgen dat mensen uit de opvang voorrang krijgen bij een woning."),
        ],
    )


@pytest.mark.parametrize(
    "question",
    [
        "Moeten wij als corporatie voorrang geven aan mensen uit de opvang?",
        "Zijn corporaties verplicht mensen uit de opvang voorrang te geven?",
        "Mag een corporatie mensen uit de opvang voorrang geven?",
    ],
)
def test_a_question_what_must_or_may_be_done_prefers_the_sentence_that_says_what_must_or_may(question: str) -> None:
    chunk = priority_passage()
    retrieval = retrieval_of([chunk], {"p1": {0: 0.87, 1: 0.85}})
    answer = ExtractiveComposer().compose(question, retrieval, lexical_of([chunk]))
    assert answer.sentences[0].text.startswith("Gemeenten moeten zorgen")


def test_a_question_without_must_or_may_keeps_the_closest_sentence_first() -> None:
    chunk = priority_passage()
    retrieval = retrieval_of([chunk], {"p1": {0: 0.87, 1: 0.85}})
    answer = ExtractiveComposer().compose(
        "Krijgen mensen uit de opvang een woning van een corporatie?", retrieval, lexical_of([chunk])
    )
    assert answer.sentences[0].text.startswith("Mensen uit de opvang krijgen")


def test_a_question_how_to_begin_prefers_the_sentence_on_setting_it_up() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "Housing First is er voor mensen met meervoudige problemen."),
            ("sentence", "Het platform helpt gemeenten bij het opzetten van Housing First in de regio."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.87, 1: 0.86}})
    lexical = lexical_of([chunk])
    begin = ExtractiveComposer().compose("Hoe begin je als kleine gemeente met Housing First?", retrieval, lexical)
    assert begin.sentences[0].text.startswith("Het platform helpt gemeenten bij het opzetten")
    other = ExtractiveComposer().compose("Voor wie is Housing First bedoeld?", retrieval, lexical)
    assert other.sentences[0].text.startswith("Housing First is er voor mensen")


def test_a_question_whether_something_rose_or_fell_prefers_the_sentence_that_says_so() -> None:
    chunk = passage(
        "p1",
        [
            ("sentence", "De resultaten over de groep zijn in lijn met de resultaten van eerdere tellingen."),
            ("sentence", "Wel is het aantal getelde dakloze mensen nu veel hoger dan bij de vorige telling."),
        ],
    )
    retrieval = retrieval_of([chunk], {"p1": {0: 0.87, 1: 0.85}})
    lexical = lexical_of([chunk])
    trend = ExtractiveComposer().compose("Is het aantal meer of minder dan een paar jaar geleden?", retrieval, lexical)
    assert trend.sentences[0].text.startswith("Wel is het aantal getelde dakloze mensen nu veel hoger")
    other = ExtractiveComposer().compose("Wat zeggen de resultaten van de telling?", retrieval, lexical)
    assert other.sentences[0].text.startswith("De resultaten over de groep")


def test_a_sentence_in_the_documents_words_for_what_the_question_calls_otherwise_leads() -> None:
    # "afkicken" is what the documents call "middelengebruik"; the search added that name to the question.
    chunk = passage(
        "p1",
        [
            ("sentence", "Housing First ondersteunt gemeenten bij de huisvesting van dakloze mensen."),
            ("sentence", "Er worden geen vereisten gesteld, zoals stoppen met middelengebruik."),
        ],
    )
    question = "Moeten ze eerst afkicken voordat ze een woning krijgen?"
    retrieval = replace(retrieval_of([chunk], {"p1": {0: 0.90, 1: 0.86}}), query=f"{question} middelengebruik")
    answer = ExtractiveComposer().compose(question, retrieval, lexical_of([chunk]))
    assert answer.sentences[0].text.startswith("Er worden geen vereisten gesteld")
    without = ExtractiveComposer(replace(TUNING, named=0.0)).compose(question, retrieval, lexical_of([chunk]))
    assert without.sentences[0].text.startswith("Housing First ondersteunt")


def test_a_sentence_with_the_questions_own_words_for_a_name_gets_no_bonus_for_it() -> None:
    # "Eerst een Thuis" is the documents' name too: a sentence holding it is the question's by its words already.
    chunk = passage(
        "p1",
        [
            ("sentence", "De actielijnen zijn bestaanszekerheid, preventie, wonen eerst en ervaringskennis."),
            (
                "sentence",
                "Met het Nationaal Actieplan Dakloosheid: Eerst een Thuis willen we beter aansluiten op wat nodig is.",
            ),
        ],
    )
    question = "Uit welke actielijnen bestaat Eerst een Thuis?"
    query = f"{question} Nationaal Actieplan Dakloosheid"
    retrieval = replace(retrieval_of([chunk], {"p1": {0: 0.90, 1: 0.87}}), query=query)
    answer = ExtractiveComposer().compose(question, retrieval, lexical_of([chunk]))
    assert answer.sentences[0].text.startswith("De actielijnen zijn")
