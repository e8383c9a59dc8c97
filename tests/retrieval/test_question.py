"""Questions: Dutch messages for bad input, and follow-ups combined with the previous turn."""

from __future__ import annotations

import pytest

from assistant.errors import QuestionError
from assistant.retrieval.question import (
    Intent,
    can_stand_alone,
    compared_terms,
    defined_term,
    has_figure,
    is_follow_up,
    retrieval_query,
    validate_question,
    without_trend,
)
from assistant.text.analyzer import Analyzer


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
        "Is het verplicht?",
        "Wat kost het per jaar?",
        "Is het verplicht voor gemeenten?",
        "Wat staat daarover in het actieplan?",
        "Hoe ziet dat eruit?",
        "Staat daarin ook dat jongeren voorrang krijgen?",
        # however much of its own it names: what "daar" stands for is the earlier answer's list
        "Vallen mensen die net uit de opvang of beschermd wonen komen daar ook onder?",
    ],
)
def test_follow_ups_are_recognised(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    [
        "Wat zijn de acht principes van Housing First?",
        "Welke groepen krijgen een tijdelijk huurcontract?",
        # "het" before the subject is an article, not a pointer.
        "Wie tekent het huurcontract bij een omklapcontract?",
        # however short the name in capitals it opens
        "Wat verstaat het CBS onder vrouwenopvang?",
        # or asks what the word after it means
        "Wat houdt het woonplaatsbeginsel in?",
        "Wat is het woonplaatsbeginsel?",
        # A pronominal adverb that points ahead to a clause, or belongs to "eruitzien", points nowhere back.
        "Hoe zorgen gemeenten ervoor dat dakloze jongeren sneller een woning krijgen?",
        "Hoe ziet de aanpak van dakloosheid in Utrecht eruit?",
        "Welke groepen vallen er onder de Wet maatschappelijke opvang?",
    ],
)
def test_self_contained_questions_are_not_follow_ups(question: str) -> None:
    assert not is_follow_up(question)


def test_a_follow_up_is_searched_together_with_the_question_it_follows() -> None:
    history = ["Wat is het Expertteam Huisvesting Aandachtsgroepen?"]
    assert retrieval_query("En wie betaalt dat?", history) == f"{history[0]} En wie betaalt dat?"
    assert retrieval_query("Wat is beschermd wonen?", history) == "Wat is beschermd wonen?"


def test_a_follow_up_refers_to_the_last_question_that_stood_alone() -> None:
    history = ["Wat is Housing First?", "Wat houdt het woonplaatsbeginsel in?"]
    assert retrieval_query("En per wanneer gaat dat in?", history) == f"{history[1]} En per wanneer gaat dat in?"
    history = ["Wat is het Actieplan Dakloosheid?", "Hoe zorgen gemeenten ervoor dat jongeren een huis krijgen?"]
    assert retrieval_query("En wie betaalt dat?", history) == f"{history[1]} En wie betaalt dat?"


@pytest.mark.parametrize(
    "question",
    [
        "Hoeveel daklozen zijn er eigenlijk in Nederland?",
        "Wat houdt een driepartijenovereenkomst in en wie tekent daar?",
        "Waarom is er in Utrecht een aparte opvang voor lhbti-jongeren gekomen en wat vond de minister daarvan?",
        # "onder" and "bij" with an object of their own: "er" points nowhere.
        "Hoeveel mensen vallen er onder de definitie van dakloos en hoeveel daarvan zijn jongeren?",
        "Welke voorzieningen horen er bij beschermd wonen en wie betaalt daarvoor?",
        "Wat valt er volgens het CBS onder dakloosheid en hoe wordt daarbij geteld?",
    ],
)
def test_a_complete_question_with_er_or_daar_in_passing_can_stand_alone(question: str) -> None:
    assert can_stand_alone(question)


@pytest.mark.parametrize("question", ["En wie betaalt dat?", "Geldt dat ook hier?", "en daarna?", "Waarom is dat zo?"])
def test_a_question_that_only_points_back_cannot_stand_alone(question: str) -> None:
    assert not can_stand_alone(question)


@pytest.mark.parametrize(
    "question",
    [
        "En waarom krijgen mensen uit de opvang dan voorrang bij een huurwoning?",
        "Wat dan met mensen zonder verblijfsvergunning in de nachtopvang?",
    ],
)
def test_a_question_that_opens_by_going_on_from_the_previous_turn_cannot_stand_alone(question: str) -> None:
    assert not can_stand_alone(question)


@pytest.mark.parametrize(
    "question",
    [
        "Vallen dakloze jongeren daar ook onder?",
        "Valt vrouwenopvang daar ook onder of is dat iets apart?",
        "Rekent het CBS dakloze jongeren met een licht verstandelijke beperking daaronder?",
        "Horen statushouders uit de noodopvang er ook bij?",
    ],
)
def test_a_question_whether_something_belongs_to_the_previous_subject_cannot_stand_alone(question: str) -> None:
    assert is_follow_up(question)
    assert not can_stand_alone(question)


def test_a_question_for_an_amount_is_answered_only_by_a_sentence_with_a_figure() -> None:
    intent = Intent.of("Hoeveel geld krijgen gemeenten voor de opvang?")
    assert intent.wants_figure
    assert intent.answered_by("Er is jaarlijks 450 miljoen euro beschikbaar.")
    assert not intent.answered_by("Gemeenten krijgen geld voor de opvang.")


@pytest.mark.parametrize(
    "question",
    [
        "Geldt de aanpak ook voor mensen zonder verblijfsvergunning?",
        "Welke regels gelden voor een omklapcontract?",
        "Wat doet de provincie Gelderland voor dak- en thuislozen?",
        "Wat antwoordde het kabinet, en is daar sindsdien iets mee gedaan?",
    ],
)
def test_a_word_that_only_contains_geld_or_sinds_asks_for_no_figure(question: str) -> None:
    assert not Intent.of(question).wants_figure


def test_money_in_a_compound_or_a_year_asked_for_still_wants_a_figure() -> None:
    assert Intent.of("Is er rijksgeld voor Housing First?").amount
    assert Intent.of("Wat kosten de woningen?").amount
    assert not Intent.of("Is er landelijk iets geregeld voor aparte woningen?").amount


@pytest.mark.parametrize(
    ("question", "amount"),
    [
        ("En wie beslist hoe dat geld besteed wordt?", False),
        ("Waarom gaat het geld naar centrumgemeenten?", False),
        ("Hoe wordt het budget verdeeld?", False),
        ("Wie betaalt hoeveel van dat geld?", True),
        ("Hoe veel geld krijgen gemeenten?", True),
        ("Welk bedrag krijgt een gemeente?", True),
        ("Wie betaalt de kosten van de opvang?", False),
        ("Waar gaat het geld naartoe?", False),
        ("Dus wie krijgt dat geld?", False),
        ("Wie krijgt welk bedrag?", True),
        ("Hoe hoog is het budget?", True),
        ("Hoe duur is een Housing First-plek?", True),
    ],
)
def test_money_named_in_a_question_who_why_or_how_asks_no_amount(question: str, amount: bool) -> None:
    assert Intent.of(question).amount is amount


@pytest.mark.parametrize(
    ("question", "recent"),
    [
        ("Wat staat er in de laatste voortgangsbrief?", True),
        ("Wat zeggen de meest recente cijfers?", True),
        ("Is het aantal daklozen de laatste jaren gestegen?", True),
        ("Is opvang het laatste redmiddel?", False),
        ("Wat is de laatste stap naar een eigen woning?", False),
    ],
)
def test_a_question_for_the_latest_document_or_figures_is_told_from_laatste_as_an_ordinal(
    question: str, recent: bool
) -> None:
    assert Intent.of(question).recent is recent
    assert Intent.of("In welk jaar begon het actieplan?").date


@pytest.mark.parametrize(
    "question",
    [
        "Wanneer ben je officieel dakloos? Wat is de definitie?",
        "Wanneer geldt iemand als dakloos?",
        "Wanneer heb je recht op beschermd wonen?",
        "Wanneer is er sprake van dakloosheid?",
        "Wanneer spreken we van dakloosheid?",
        "Wanneer heeft u recht op beschermd wonen?",
    ],
)
def test_when_asked_of_anyone_asks_a_condition_not_a_date(question: str) -> None:
    intent = Intent.of(question)
    assert not intent.date
    assert not intent.factual
    assert intent.definition


@pytest.mark.parametrize(
    "question",
    [
        "Tot wanneer kun je bezwaar maken?",
        "Sinds wanneer moet je dat melden?",
        "Wanneer krijgt u bericht?",
        "Wanneer krijgen we van het Rijk het geld?",
    ],
)
def test_until_or_since_when_asked_of_anyone_still_asks_a_date(question: str) -> None:
    intent = Intent.of(question)
    assert intent.date
    assert not intent.definition
    assert Intent.of("Sinds wanneer moet je dat melden?").factual


def test_when_asked_of_a_plan_still_asks_a_date() -> None:
    assert Intent.of("Wanneer is het actieplan naar de Kamer gestuurd?").date
    assert not Intent.of("Wanneer is het actieplan naar de Kamer gestuurd?").definition
    assert Intent.of("Wanneer ben je officieel dakloos, en sinds wanneer telt het CBS dat?").date


@pytest.mark.parametrize(
    "question",
    [
        "Wat zijn de uitgangspunten van Housing First?",
        "Wat zijn eigenlijk de basisregels?",
        "Wat zijn de kernprincipes?",
    ],
)
def test_the_principles_in_users_words_ask_for_a_list(question: str) -> None:
    assert Intent.of(question).wants_list


def test_one_starting_point_asks_for_no_list() -> None:
    assert not Intent.of("Wat is het uitgangspunt van Housing First?").wants_list


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        (
            "Wat is het verschil tussen maatschappelijke opvang en beschermd wonen?",
            ("maatschappelijke opvang", "beschermd wonen"),
        ),
        ("Wat is het verschil tussen beschermd wonen en een beschermd thuis?", ("beschermd wonen", "beschermd thuis")),
        (
            "Wat is dan het verschil tussen opvang en vrouwenopvang, en valt dat allebei onder de Wmo?",
            ("opvang", "vrouwenopvang"),
        ),
        ("Wat is het verschil tussen dakloos en thuisloos en wie telt ze?", ("dakloos", "thuisloos")),
        ("Wat is Housing First?", None),
        ("Wanneer geldt iemand als dakloos, en wat is het verschil met thuisloos?", None),
        # Two words sharing their ending: "dak-" is no term of its own.
        ("Wat is het verschil tussen dak- en thuisloosheid?", None),
    ],
)
def test_a_question_for_a_difference_names_its_two_terms(question: str, terms: tuple[str, str] | None) -> None:
    assert compared_terms(question) == terms


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("Wat verstaat het CBS onder vrouwenopvang?", "vrouwenopvang"),
        ("Wat bedoelen ze met 'Wonen Eerst'?", "Wonen Eerst"),
        ("wat wordt er bij het CBS eigenlijk verstaan onder maatschappelijke opvang?", "maatschappelijke opvang"),
        ("Wat houdt intermediaire verhuur in?", "intermediaire verhuur"),
        ("wat is een omklapconstructie precies?", "omklapconstructie"),
        ("wat is housing first eigenlijk", "housing first"),
        ("Wat rekent het CBS allemaal tot de vrouwenopvang?", "vrouwenopvang"),
        ("Wat valt er allemaal onder beschermd wonen?", "beschermd wonen"),
        ("Wie vallen er onder de aandachtsgroepen?", "aandachtsgroepen"),
        ("Wat valt er allemaal onder maatschappelijke opvang volgens het CBS?", "maatschappelijke opvang"),
        ("wat is dakloosheid volgens de Europese definitie precies?", "dakloosheid"),
        (
            "Wat rekent het CBS precies tot de maatschappelijke opvang als ze cijfers publiceren?",
            "maatschappelijke opvang",
        ),
        ("Wat telt als dakloos, wanneer je bij vrienden slaapt?", "dakloos"),
        # How briefly is no part of the term.
        ("Wat houdt Housing First in het kort in?", "Housing First"),
        ("Wat is beschermd wonen in een notendop?", "beschermd wonen"),
        # When it applies only after what a term covers; a second question after "en" is no part of the term.
        ("Wat is de huur als je uit de opvang komt?", None),
        ("Wat is een omklapcontract en wanneer klapt dat om?", None),
        # Two terms, a question after a comma, or a subject of many words: no one term to define.
        ("Wat is het verschil tussen dakloos en thuisloos?", None),
        ("Wat is Housing First eigenlijk, in gewone woorden?", None),
        ("Wat wordt bedoeld met Wonen Eerst in het landelijke plan tegen dakloosheid?", None),
        ("Hoeveel daklozen zijn er?", None),
        ("Wat telt mee voor de telling van daklozen?", None),
    ],
)
def test_a_question_for_the_meaning_of_one_term_names_it(question: str, term: str | None) -> None:
    assert defined_term(question) == term


def test_a_question_for_a_date_wants_a_date_and_an_explanation_wants_nothing_in_particular() -> None:
    assert Intent.of("Sinds wanneer geldt het besluit?").answered_by("Het besluit geldt sinds 1 juli 2024.")
    assert not Intent.of("Sinds wanneer geldt het besluit?").answered_by("Het besluit geldt voor corporaties.")
    explanation = Intent.of("Hoe werkt Housing First?")
    assert not explanation.wants_figure and explanation.answered_by("Housing First begint met een woning.")


def test_a_question_for_how_long_is_answered_by_a_time_not_by_any_number() -> None:
    intent = Intent.of("Hoe lang mag zo'n contract duren?")
    assert intent.wants_figure
    assert intent.answered_by("Het contract duurt ten hoogste vijf jaar.")
    assert intent.answered_by("De begeleiding duurt zo lang als nodig is.")
    assert not intent.answered_by("Het gaat om de groepen van artikel 271, tweede lid.")
    # A question for a count as well is answered by its number.
    assert Intent.of("Hoeveel regio's deden mee en hoe lang?").answered_by("Acht regio's deden mee.")


def test_a_number_written_out_is_a_figure_and_a_year_is_not() -> None:
    assert has_figure("Inmiddels werken al bijna negentig gemeenten met Housing First.")
    assert has_figure("Honderden mensen slapen buiten.")
    assert has_figure("Er zijn 33 Housing First praktijken.")
    assert not has_figure("Het plan loopt van 2023 tot en met 2030.")
    assert not has_figure("Dat was in de twintigste eeuw.")
    counting = Intent.of("Hoeveel gemeenten werken met Housing First?")
    assert counting.answered_by("Het zijn er nu veertien.")
    assert counting.answered_by("Inmiddels werken al bijna negentig gemeenten met Housing First.")


@pytest.mark.parametrize("question", ["kun je een voorbeeld geven van zo'n maatregel?", "Wat kost zo’n traject?"])
def test_zo_n_points_back_though_it_is_split_into_two_words(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    ("question", "trend"),
    [
        ("En is dat meer of minder dan een paar jaar geleden?", True),
        ("Is het aantal daklozen de afgelopen jaren gestegen of gedaald?", True),
        ("Zijn er nu meer daklozen dan vroeger?", True),
        ("Zijn er nu meer daklozen in Nederland dan vroeger?", True),
        ("Stijgt het aantal daklozen nog?", True),
        ("Is dat meer of minder?", True),
        ("Neemt het aantal dakloze jongeren toe?", True),
        ("Neemt het aantal daklozen in de steden af?", True),
        ("Groeit het aantal daklozen?", True),
        ("Zijn er nu meer dakloze jongeren in de grote steden dan vroeger?", True),
        ("Neemt de corporatie de huur af?", False),
        ("Hoe groeien kinderen op in de opvang?", False),
        ("Zijn er meer dan 20.000 daklozen?", False),
        ("Hoeveel geld is er meer beschikbaar gekomen?", False),
        # An idiom, and a comparison of two things, are no trend.
        ("Is beschermd wonen meer of minder hetzelfde als opvang?", False),
        ("Kost Housing First meer of minder dan gewone opvang?", False),
    ],
)
def test_a_question_whether_something_rose_or_fell_asks_for_a_trend(question: str, trend: bool) -> None:
    assert Intent.of(question).trend is trend


def test_what_a_trend_question_adds_besides_asking_the_trend_is_what_rose() -> None:
    assert Analyzer.words(without_trend("En neemt dat toe?")) == ["en", "dat"]
    assert Analyzer.words(without_trend("Neemt het aantal dakloze jongeren toe?")) == [
        "het",
        "aantal",
        "dakloze",
        "jongeren",
    ]
    assert "dakloze jongeren" in without_trend("Zijn er nu meer dakloze jongeren dan vroeger?")
    assert "gestegen" not in without_trend("Is het aantal daklozen gestegen?")
