"""The answer engine on a real index of four shipped documents."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from typer.testing import CliRunner

from assistant.answer_text import CUT_MARK, REFUSAL, render_body
from assistant.cli import app
from assistant.config import Settings
from assistant.errors import IndexMissingError, QuestionError
from assistant.retrieval.engine import (
    FOLLOW_UP_NOTICE,
    AnswerEngine,
    near_domain_notice,
    rare_words_notice,
    written_as,
)
from assistant.retrieval.relevance import GateWeights, Signals, names_in_question

CONTRACT = {"question", "answer", "refused", "sentences", "citations", "suggestions", "confidence", "timings_ms"}
CITATION_FIELDS = {
    "n",
    "document_id",
    "title",
    "publisher",
    "url",
    "source_path",
    "page",
    "section",
    "quote",
    "passage",
    "score",
}


@pytest.fixture(scope="module")
def answering_engine(indexed_settings: Settings) -> AnswerEngine:
    """The engine over the session index with a gate that never refuses: the gate is fitted on the whole
    knowledge base, and on these four documents its borderline cases say nothing about retrieval and citing."""
    return AnswerEngine(indexed_settings, gate=GateWeights(0.0, [0.0] * len(Signals(0, 0, 0, 0, 0).vector()), 0.0))


@pytest.mark.parametrize(
    ("question", "document", "section_or_text"),
    [
        ("Wat houdt harm reduction in bij Housing First?", "00_hfnl-principes-van-housing-first", "Harm reduction"),
        (
            "Met welke woningzoekenden mag een corporatie een huurcontract voor bepaalde tijd sluiten?",
            "46_stb-2024-152-besluit-specifieke-groepen-tijdelijke-huurovereenkomst",
            "",
        ),
        (
            "Hoeveel vergoedt het Rijk voor het Expertteam Huisvesting Aandachtsgroepen?",
            "00_vng-brede-aanpak-dakloosheid",
            "8.800",
        ),
        (
            "Wat wordt verstaan onder maatschappelijke opvang?",
            "60_cbs-maatschappelijke-opvang-en-vrouwenopvang-definitie",
            "",
        ),
    ],
)
def test_real_questions_cite_the_right_document_and_section(
    answering_engine: AnswerEngine, question: str, document: str, section_or_text: str
) -> None:
    answer = answering_engine.ask(question)
    assert not answer.refused, answer.answer
    first = answer.citations[0]
    assert first.document_id == document
    if section_or_text:
        assert section_or_text in first.section or section_or_text in answer.answer
    assert "[1]" in answer.answer and "Bronnen:" in answer.answer


def test_every_quote_stands_verbatim_in_its_passage_and_every_sentence_is_cited(engine: AnswerEngine) -> None:
    answer = engine.ask("Wat zijn de basisprincipes van Housing First?")
    assert answer.citations
    for citation in answer.citations:
        assert citation.quote and citation.quote in citation.passage
        assert f"[{citation.n}]" in answer.answer
    assert answer.sentences
    numbers = {citation.n for citation in answer.citations}
    for sentence in answer.sentences:
        assert sentence.citation in numbers
        assert sentence.text in render_body(answer)
    assert render_body(answer).rstrip().endswith("]")


def test_a_quote_is_only_ever_text_from_the_index(engine: AnswerEngine) -> None:
    answer = engine.ask("Welke hulp biedt de Preventie Alliantie aan gemeenten?")
    passages = {chunk.text for chunk in engine.catalog.all_chunks()}
    for citation in answer.citations:
        assert citation.passage in passages


def test_an_unrelated_question_is_refused_plainly(engine: AnswerEngine) -> None:
    answer = engine.ask("Wat is een goed recept voor appeltaart met kaneel?")
    assert answer.refused
    assert answer.answer.startswith(REFUSAL)
    assert answer.citations == []


def test_a_follow_up_is_resolved_with_the_previous_question(engine: AnswerEngine) -> None:
    first = "Wat doet het Expertteam Huisvesting Aandachtsgroepen voor gemeenten?"
    answer = engine.ask("En hoeveel betaalt de gemeente daarvoor?", history=[first])
    assert not answer.refused
    assert "4.400" in answer.answer
    assert answer.retrieval_query.startswith(first)


def test_a_follow_up_leads_with_what_it_asks_not_with_the_previous_answer(engine: AnswerEngine) -> None:
    first = "Wat doet het Expertteam Huisvesting Aandachtsgroepen voor gemeenten?"
    before = engine.ask(first)
    answer = engine.ask("En hoeveel betaalt de gemeente daarvoor?", history=[first])
    # In the first quote, after the sentences that say of what ("… 80 uur. Het Rijk vergoedt hiervan 2/3 deel …").
    assert "De gemeente betaalt 1/3 deel van de kosten tot maximaal € 4.400" in answer.citations[0].quote
    assert answer.sentences[0].text != before.sentences[0].text


def test_a_follow_up_naming_its_own_subject_leads_with_a_sentence_on_it(answering_engine: AnswerEngine) -> None:
    first = "Welke groepen krijgen extra aandacht in het actieplan dakloosheid? Jongeren zeker, maar wie verder?"
    answer = answering_engine.ask(
        "En wat wordt er dan specifiek voor die dakloze EU-migranten gedaan?", history=[first]
    )
    # Not "In het Nationaal Actieplan wordt extra aandacht gevraagd voor jongeren.", which answers the earlier turn.
    lead = answer.sentences[0].text
    assert "jongeren" not in lead
    assert "EU-burger" in lead or "gelijke behandeling" in lead


def test_a_question_for_the_difference_between_two_terms_leads_with_the_definition_of_each(
    engine: AnswerEngine,
) -> None:
    answer = engine.ask("Wat is het verschil tussen maatschappelijke opvang en vrouwenopvang?")
    assert not answer.refused
    first, second = (sentence.text for sentence in answer.sentences[:2])
    assert first.startswith("Maatschappelijke opvang is het tijdelijk onderdak")
    assert second.startswith("Vrouwenopvang is het tijdelijk bieden van onderdak")


def test_a_comparison_of_which_one_term_is_defined_leads_with_it_and_says_the_other_is_not(
    answering_engine: AnswerEngine,
) -> None:
    # VNG's page names the omklapcontract but never says what it is; the CBS page defines maatschappelijke opvang.
    answer = answering_engine.ask("Wat is het verschil tussen maatschappelijke opvang en een omklapcontract?")
    assert not answer.refused
    assert answer.sentences[0].text.startswith("Maatschappelijke opvang is het tijdelijk onderdak")
    assert answer.notice == "Een omschrijving van “omklapcontract” vind ik niet in de kennisbank."
    assert render_body(answer).startswith(answer.notice)


def test_a_question_whose_subject_the_best_passage_is_named_after_in_the_documents_words_is_answered(
    indexed_settings: Settings,
) -> None:
    # A gate that refuses everything: only the documents' own name for what the question calls a "tijdelijk contract"
    # ("tijdelijke huurovereenkomst"), heading the best passage (the Besluit), lets it through.
    closed = AnswerEngine(indexed_settings, gate=GateWeights(-100.0, [0.0] * len(Signals(0, 0, 0, 0, 0).vector()), 0.5))
    named = closed.ask("Mag een corporatie een tijdelijk contract geven aan iemand die uit de opvang komt?")
    assert not named.refused
    assert named.citations[0].document_id == "46_stb-2024-152-besluit-specifieke-groepen-tijdelijke-huurovereenkomst"
    assert closed.ask("Welke groepen mogen een huurovereenkomst voor een beperkte periode krijgen?").refused
    # The name opens no gate for a figure the closest sentences lack: the decree says who, not for how long.
    assert closed.ask("Hoe lang mag een tijdelijk contract voor iemand uit de opvang maximaal duren?").refused


def test_an_excerpt_source_is_flagged_with_its_source_not_in_the_answer_body(engine: AnswerEngine) -> None:
    answer = engine.ask("Met welke woningzoekenden mag een huurovereenkomst voor bepaalde tijd worden aangegaan?")
    excerpt = next(citation for citation in answer.citations if citation.is_excerpt)
    sources = answer.answer.split("Bronnen:\n", 1)[1]
    assert any(line.startswith(f"[{excerpt.n}] ") and ", uittreksel" in line for line in sources.splitlines())
    # Only where the excerpt cuts a quoted item off does the body say so, at that item.
    assert "uittreksel" not in render_body(answer).replace(CUT_MARK, "")


def test_the_json_contract_holds(engine: AnswerEngine) -> None:
    data = engine.ask("Wat is Housing First?").model_dump(mode="json")
    assert set(data) >= CONTRACT
    assert set(data["timings_ms"]) == {"retrieve", "compose", "total"}
    assert data["citations"] and set(data["citations"][0]) >= CITATION_FIELDS
    json.dumps(data)


def test_bad_questions_are_refused_with_a_message_not_an_answer(engine: AnswerEngine) -> None:
    with pytest.raises(QuestionError):
        engine.ask("   ")


def test_a_missing_index_tells_the_user_to_run_ingest(settings: Settings) -> None:
    with pytest.raises(IndexMissingError) as error:
        AnswerEngine(settings)
    assert "assistant ingest" in error.value.user_message


def test_the_cli_answers_in_json(indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(indexed_settings.corpus_dir))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(indexed_settings.data_dir))
    result = CliRunner().invoke(app, ["ask", "--json", "Wat is harm reduction?"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.output)) >= CONTRACT


def test_a_list_question_gets_the_whole_list_and_never_the_royal_preamble(engine: AnswerEngine) -> None:
    answer = engine.ask("Met welke groepen mag een corporatie een tijdelijk huurcontract sluiten?")
    assert not answer.refused
    items = [sentence for sentence in answer.sentences if sentence.kind == "list_item"]
    assert len(items) >= 5
    assert not any("Willem-Alexander" in sentence.text for sentence in answer.sentences)


def test_a_term_the_knowledge_base_defines_is_answered_with_its_definition_first(engine: AnswerEngine) -> None:
    # The gate's cosines alone refuse this one here (confidence 0.26); the CBS page says what vrouwenopvang is.
    answer = engine.ask("Wat verstaat het CBS onder vrouwenopvang?")
    assert not answer.refused
    assert answer.sentences[0].text.startswith("Vrouwenopvang is het tijdelijk bieden van onderdak")
    # A term the knowledge base names but never defines is still refused.
    assert engine.ask("Wat is een omklapcontract precies?").refused


def test_a_near_domain_question_is_refused_and_says_what_the_knowledge_base_lacks(engine: AnswerEngine) -> None:
    answer = engine.ask("Hoeveel Housing First plekken heeft Zeeland?")
    assert answer.refused
    assert answer.notice == "Over Zeeland staat niets in de kennisbank."
    assert render_body(answer).startswith("Over Zeeland staat niets in de kennisbank.")


def test_an_abbreviation_is_searched_as_the_documents_write_it(answering_engine: AnswerEngine) -> None:
    answer = answering_engine.ask("Wat zijn de principes van HF?")
    assert answer.retrieval_query == "Wat zijn de principes van HF? Housing First"
    assert answer.citations[0].document_id == "00_hfnl-principes-van-housing-first"


def test_a_year_is_held_by_the_date_of_the_document_that_answers(answering_engine: AnswerEngine) -> None:
    # The CBS description is dated 2011 in its front matter; its text never writes the year.
    answer = answering_engine.ask("Hoe omschreef het CBS in 2011 de maatschappelijke opvang?")
    assert not answer.refused, answer.notice
    assert answer.citations[0].document_id == "60_cbs-maatschappelijke-opvang-en-vrouwenopvang-definitie"


def test_a_name_held_elsewhere_in_the_knowledge_base_is_not_called_absent() -> None:
    assert near_domain_notice(["Zeeland"]) == "Over Zeeland staat niets in de kennisbank."
    assert near_domain_notice(["Utrecht"], {"Utrecht": ["Kamervragen over opvang in Utrecht"]}) == (
        "Over Utrecht vind ik geen antwoord in de kennisbank; Utrecht wordt wel genoemd in "
        "“Kamervragen over opvang in Utrecht”."
    )
    # A year may stand anywhere, on another matter: it is not looked up, nor called absent.
    assert near_domain_notice(["Zeeland", "2016"]) == (
        "Over Zeeland staat niets in de kennisbank. Over 2016 vind ik geen antwoord in de kennisbank."
    )
    assert near_domain_notice(["Zeeland", "Den Haag", "Utrecht"], {"Den Haag": ["A"], "Utrecht": ["A", "B"]}) == (
        "Over Zeeland staat niets in de kennisbank. "
        "Over Den Haag en Utrecht vind ik geen antwoord in de kennisbank; Den Haag en Utrecht worden wel genoemd in "
        "“A” en “B”."
    )


def test_a_refusal_says_where_the_knowledge_base_names_a_term_of_the_question_in_passing(engine: AnswerEngine) -> None:
    # The VNG page names "omklapcontracten" once, pointing to a guide that the knowledge base does not hold.
    answer = engine.ask("Wat is een omklapcontract precies?")
    assert answer.refused
    assert answer.notice == (
        "Een antwoord vind ik niet in de kennisbank; “omklapcontract” wordt wel genoemd in “Brede aanpak dakloosheid”."
    )
    assert answer.suggestions[0].document_id == "00_vng-brede-aanpak-dakloosheid"
    assert "omklapcontracten/driepartijenoveenkomsten" in answer.suggestions[0].quote  # where the link opens
    assert list(engine._naming_rare_words("Hoe werkt intermediaire verhuur?")) == ["intermediaire verhuur"]


def test_a_refusal_names_the_documents_word_for_a_term_of_the_question(engine: AnswerEngine) -> None:
    # Corporations call it a driepartijenovereenkomst, which the page misspells: the refusal names the page's word.
    answer = engine.ask("Wie is de huurder bij een driepartijenovereenkomst?")
    assert answer.refused
    assert answer.notice == (
        "Een antwoord vind ik niet in de kennisbank; “omklapcontract” wordt wel genoemd in “Brede aanpak dakloosheid”."
    )


def test_a_refusal_names_no_common_or_short_word_of_the_question(engine: AnswerEngine) -> None:
    assert engine._naming_rare_words("Hoe bak ik een appeltaart met kaneel?") == {}  # absent
    assert engine._naming_rare_words("Wat doet Eropaf voor de aanpak van dakloosheid?") == {}  # short; common
    assert rare_words_notice({}) == ""


def test_a_name_of_several_words_is_one_name() -> None:
    question = "Hoeveel wachten bij Eigen Haard in Den Haag en Zeeland in 2026?"
    assert names_in_question(question, ["Eigen", "Haard", "Den", "Haag", "Zeeland", "2026"]) == [
        "Eigen Haard",
        "Den Haag",
        "Zeeland",
        "2026",
    ]
    # A name is named whole, with its particles, though the knowledge base holds a part of it ("Den" of Den Haag).
    assert names_in_question("Wat doet de RVS aan huisuitzettingen in Den Bosch?", ["Bosch"]) == ["Den Bosch"]
    assert names_in_question("Wat doet het Leger des Heils in Amsterdam?", ["Leger", "Heils", "Amsterdam"]) == [
        "Leger des Heils",
        "Amsterdam",
    ]
    assert names_in_question("Hoeveel plekken heeft Bergen op Zoom?", ["Bergen", "Zoom"]) == ["Bergen op Zoom"]
    # Two names with particles between them stay two.
    assert names_in_question("Wat vindt Zeeland van de Wmo?", ["Zeeland"]) == ["Zeeland"]


def test_a_name_is_found_word_for_word_with_either_apostrophe() -> None:
    assert written_as("’s-Hertogenbosch").search("De gemeente 's-Hertogenbosch telt mee.")
    assert written_as("Eigen Haard").search("Corporatie eigen haard bouwt.")
    assert not written_as("Eigen Haard").search("Een eigen haardvuur.")


def test_the_documents_that_name_a_name_word_for_word_are_found_and_suggested_first(engine: AnswerEngine) -> None:
    assert list(engine._naming("Eropaf")) == ["00_vng-brede-aanpak-dakloosheid"]
    assert engine._naming("Eigen Haard") == {}  # "eigen" stands in the passages; the name does not
    assert engine._naming("2024") == {}  # a year somewhere says nothing about the question
    unrelated = engine.retriever.retrieve("Wat is een goed recept voor appeltaart met kaneel?")
    suggested = engine._suggestions(unrelated, engine._naming("Eropaf"))
    assert suggested[0].document_id == "00_vng-brede-aanpak-dakloosheid"


def test_a_complete_second_question_that_says_er_stands_alone(engine: AnswerEngine) -> None:
    history = ["Wat zijn de basisprincipes van Housing First?"]
    answer = engine.ask("Wat wordt er verstaan onder maatschappelijke opvang?", history=history)
    assert not answer.refused
    assert answer.retrieval_query == "Wat wordt er verstaan onder maatschappelijke opvang?"
    assert answer.citations[0].document_id == "60_cbs-maatschappelijke-opvang-en-vrouwenopvang-definitie"


def test_an_answer_leads_with_the_sentence_that_says_what_the_question_calls_otherwise(
    answering_engine: AnswerEngine,
) -> None:
    answer = answering_engine.ask("Moet een deelnemer bij Housing First eerst afkicken voordat hij een woning krijgt?")
    assert "stoppen met middelengebruik" in answer.sentences[0].text


def test_a_complete_second_question_that_finds_nothing_alone_is_read_with_the_conversation(
    engine: AnswerEngine,
) -> None:
    question = "Moeten deelnemers dan eerst stoppen met drinken?"
    assert engine.ask(question).refused
    history = ["Wat houdt harm reduction in bij Housing First?"]
    answer = engine.ask(question, history=history)
    assert not answer.refused
    assert answer.retrieval_query.startswith(history[0])
    assert any("stoppen met middelengebruik" in citation.quote for citation in answer.citations)


@pytest.mark.parametrize(
    "question",
    [
        "Wat verstaat het CBS onder vrouwenopvang?",
        "Met welke woningzoekenden mag een corporatie een tijdelijk contract sluiten?",
    ],
)
def test_a_complete_question_is_answered_after_an_unrelated_turn_as_it_is_alone(
    engine: AnswerEngine, question: str
) -> None:
    alone = engine.ask(question)
    after = engine.ask(question, history=["Wat houdt harm reduction in bij Housing First?"])
    assert not alone.refused
    assert [sentence.text for sentence in after.sentences] == [sentence.text for sentence in alone.sentences]


def test_an_unrelated_question_after_a_turn_is_refused_on_its_own_not_as_a_follow_up(engine: AnswerEngine) -> None:
    answer = engine.ask("Hoe laat gaat de bakker open?", history=["Wat houdt harm reduction in bij Housing First?"])
    assert answer.refused
    assert answer.notice != FOLLOW_UP_NOTICE
    assert answer.retrieval_query == "Hoe laat gaat de bakker open?"


LEASE_GROUPS = "Met welke woningzoekenden mag een corporatie een huurcontract voor bepaalde tijd sluiten?"


def test_a_question_for_the_source_names_the_document_the_previous_answer_quoted(engine: AnswerEngine) -> None:
    before = engine.ask(LEASE_GROUPS)
    answer = engine.ask("In welk besluit staat dat?", history=[LEASE_GROUPS])
    assert not answer.refused
    assert answer.notice.startswith("Bron: «Besluit specifieke groepen tijdelijke huurovereenkomst")
    assert "5 juni 2024" in answer.notice
    decree = before.citations[0].document_id
    assert {citation.document_id for citation in answer.citations} == {decree}
    # No line of its opening names a maker: what "dat" was, the earlier answer's quotes from it, stands under it.
    from_decree = {citation.n for citation in before.citations if citation.document_id == decree}
    assert [s.text for s in answer.sentences] == [s.text for s in before.sentences if s.citation in from_decree]
    assert answer.answer.startswith(answer.notice)


def test_a_question_for_the_source_quotes_the_lines_that_name_its_publisher(engine: AnswerEngine) -> None:
    first = "Wat doet het Expertteam Huisvesting Aandachtsgroepen voor gemeenten?"
    answer = engine.ask("Wie heeft dat opgesteld?", history=[first])
    assert answer.notice.startswith("Bron: «Brede aanpak dakloosheid» (VNG")
    assert answer.sentences
    assert all("VNG" in sentence.text for sentence in answer.sentences)


def test_a_question_for_a_kind_of_document_the_answer_did_not_quote_names_what_it_quoted(engine: AnswerEngine) -> None:
    before = engine.ask(LEASE_GROUPS)
    answer = engine.ask("Uit welke kamerbrief komt dat?", history=[LEASE_GROUPS])
    assert not answer.refused
    assert answer.notice.startswith("Het vorige antwoord citeert geen kamerbrief. Bron: «Besluit specifieke groepen")
    assert answer.citations[0].document_id == before.citations[0].document_id


def test_who_made_a_document_whose_opening_names_no_maker_is_answered_from_its_text(engine: AnswerEngine) -> None:
    # The decree's opening names no maker (its title no "van de …", no line its publisher): a heading or its title
    # line would say nothing of who; the question is answered as any other (the motion's signers are the other case,
    # tests/retrieval/test_provenance.py).
    answer = engine.ask("Wie heeft het besluit over tijdelijke huurcontracten voor specifieke groepen opgesteld?")
    assert not answer.refused
    assert not answer.notice.startswith("Bron:")
    assert answer.citations[0].document_id.startswith("46_stb-2024-152")


def test_a_question_for_a_kind_of_document_the_knowledge_base_lacks_is_refused_saying_so(engine: AnswerEngine) -> None:
    answer = engine.ask("Is daar een motie over ingediend?", history=[LEASE_GROUPS])
    assert answer.refused
    assert answer.notice == "Daarover vind ik geen motie in de kennisbank."
    assert answer.citations == []


def test_a_question_for_the_source_of_a_refused_answer_is_refused(engine: AnswerEngine) -> None:
    answer = engine.ask("Uit welke kamerbrief komt dat?", history=["Hoe laat gaat de bakker open?"])
    assert answer.refused
    assert not answer.notice.startswith("Bron:")


def test_a_question_for_the_source_after_a_turn_that_is_no_question_is_answered_as_any_other(
    engine: AnswerEngine,
) -> None:
    answer = engine.ask("Uit welk document komt dat?", history=["2024 / 2025 ?"])
    assert not answer.notice.startswith("Bron:")


def test_the_source_asked_for_is_that_of_the_answer_just_given(engine: AnswerEngine) -> None:
    # The follow-up's answer quotes the decree; the question it follows was answered from Housing First Nederland.
    history = [
        "Wat houdt harm reduction in bij Housing First?",
        "En mag een corporatie met hen een tijdelijk huurcontract sluiten?",
    ]
    shown = engine.ask(history[1], history=history[:1])
    assert shown.citations[0].document_id.startswith("46_stb")
    answer = engine.ask("Waar staat dat?", history=history)
    assert answer.citations[0].document_id == shown.citations[0].document_id


def test_a_who_question_naming_its_own_subject_is_no_question_for_the_previous_source(engine: AnswerEngine) -> None:
    # "die" in a relative clause points nowhere back (a review found it answered with the previous answer's source).
    question = "Wie heeft de motie ingediend die vraagt om kleine woningen voor mensen die overlast geven?"
    answer = engine.ask(question, history=["Wat houdt harm reduction in bij Housing First?"])
    assert not answer.notice.startswith("Bron: «De principes van Housing First")
    assert all(not citation.document_id.startswith("00_hfnl") for citation in answer.citations)


def test_a_follow_up_the_knowledge_base_cannot_answer_is_refused(engine: AnswerEngine) -> None:
    first = "Wat doet het Expertteam Huisvesting Aandachtsgroepen voor gemeenten?"
    answer = engine.ask("En hoeveel heeft Groningen daarvan gekregen?", history=[first])
    assert answer.refused


def test_a_follow_up_asking_when_is_refused_when_no_date_is_about_what_it_follows(
    answering_engine: AnswerEngine,
) -> None:
    history = ["Wat doet het Expertteam Huisvesting Aandachtsgroepen voor gemeenten?"]
    answer = answering_engine.ask("En sinds wanneer bestaat dat?", history=history)
    assert answer.refused, answer.answer


def test_a_follow_up_asking_how_long_is_refused_when_the_answer_holds_no_duration(engine: AnswerEngine) -> None:
    history = ["Met welke woningzoekenden mag een corporatie een huurcontract voor bepaalde tijd sluiten?"]
    assert not engine.ask(history[0]).refused
    # The decree lists who may get one, not for how long: its article numbers are no duration.
    answer = engine.ask("En hoe lang mag zo'n contract dan maximaal duren?", history=history)
    assert answer.refused, answer.answer
    assert answer.notice == FOLLOW_UP_NOTICE


def test_a_follow_up_is_refused_when_what_was_found_says_nothing_of_what_it_adds(
    answering_engine: AnswerEngine,
) -> None:
    history = ["Wat doet het Expertteam Huisvesting Aandachtsgroepen voor gemeenten?"]
    answer = answering_engine.ask("En wat is het telefoonnummer van degene die daarover gaat?", history=history)
    assert answer.refused, answer.answer
    assert answer.notice == FOLLOW_UP_NOTICE
    assert render_body(answer).startswith(FOLLOW_UP_NOTICE)


class FixedJudge:
    """A follow-up judge with one verdict for every follow-up, recording what it was asked."""

    def __init__(self, verdict: bool) -> None:
        self.verdict = verdict
        self.asked: list[tuple[str, str]] = []

    def __call__(self, question: str, earlier: str, sentences: Sequence[str], *_: object) -> bool:
        assert sentences
        self.asked.append((question, earlier))
        return self.verdict


def test_whether_the_sentences_found_answer_a_follow_up_is_for_the_engines_follow_up_judge(
    indexed_settings: Settings,
) -> None:
    first = "Wat doet het Expertteam Huisvesting Aandachtsgroepen voor gemeenten?"
    never_gate = GateWeights(0.0, [0.0] * len(Signals(0, 0, 0, 0, 0).vector()), 0.0)
    saying_no, saying_yes = FixedJudge(False), FixedJudge(True)
    refusing = AnswerEngine(indexed_settings, follow_up_judge=saying_no)
    accepting = AnswerEngine(indexed_settings, gate=never_gate, follow_up_judge=saying_yes)
    try:
        # Answered by the default check (the 4.400 euro the municipality pays), refused by a judge that says no.
        refused = refusing.ask("En hoeveel betaalt de gemeente daarvoor?", history=[first])
        assert refused.refused
        assert refused.notice == FOLLOW_UP_NOTICE
        assert saying_no.asked == [("En hoeveel betaalt de gemeente daarvoor?", first)]
        # Refused by the default check (nothing found says a telephone number), answered by a judge that says yes.
        answered = accepting.ask("En wat is het telefoonnummer van degene die daarover gaat?", history=[first])
        assert not answered.refused
        assert answered.citations
        assert saying_yes.asked == [("En wat is het telefoonnummer van degene die daarover gaat?", first)]
    finally:
        refusing.close()
        accepting.close()


def test_a_word_the_documents_write_only_inside_a_compound_is_searched_with_it(engine: AnswerEngine) -> None:
    question = "Mogen wij als corporatie een tijdelijk contract geven aan iemand die uit de opvang komt?"
    answer = engine.ask(question)
    # The documents' name for a temporary tenancy comes first (the glossary), then the compound for "contract".
    assert answer.retrieval_query == f"{question} tijdelijke huurovereenkomst huurcontract"
    assert answer.citations[0].document_id == "46_stb-2024-152-besluit-specifieke-groepen-tijdelijke-huurovereenkomst"


def test_a_question_with_a_typo_is_searched_as_the_corpus_spells_it(answering_engine: AnswerEngine) -> None:
    answer = answering_engine.ask("Wat houdt harm reduction in bij hosuing first?")
    assert answer.retrieval_query == "Wat houdt harm reduction in bij housing first?"
    assert answer.question == "Wat houdt harm reduction in bij hosuing first?"
    assert answer.citations[0].document_id == "00_hfnl-principes-van-housing-first"
    assert answer.notice == "Gelezen als: housing (getypt: hosuing)."
