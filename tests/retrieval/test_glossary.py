"""A name the field gives one thing is searched with the name the documents use."""

from __future__ import annotations

import pytest

from assistant.retrieval.glossary import compounds_for_heads, named_otherwise, with_other_names


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        (
            "Wat zijn de leidende principes van Eerst een Thuis?",
            "Wat zijn de leidende principes van Eerst een Thuis? Nationaal Actieplan Dakloosheid",
        ),
        ("Wat vraagt het NAD van gemeenten?", "Wat vraagt het NAD van gemeenten? Nationaal Actieplan Dakloosheid"),
        ("Hoe zit het met MO en BW?", "Hoe zit het met MO en BW? maatschappelijke opvang beschermd wonen"),
        ("Wat is HF?", "Wat is HF? Housing First"),
        (
            "Mag een huurcontract voor bepaalde tijd?",
            "Mag een huurcontract voor bepaalde tijd? tijdelijke huurovereenkomst",
        ),
        (
            "Mag een corporatie een huurcontract voor twee jaar geven?",
            "Mag een corporatie een huurcontract voor twee jaar geven? tijdelijke huurovereenkomst",
        ),
        ("Mag een tijdelijk contract?", "Mag een tijdelijk contract? tijdelijke huurovereenkomst"),
        ("Moet hij eerst afkicken?", "Moet hij eerst afkicken? middelengebruik"),
        (
            "Welke rol krijgen mensen die zelf dakloos zijn geweest?",
            "Welke rol krijgen mensen die zelf dakloos zijn geweest? ervaringsdeskundigen ervaringskennis",
        ),
        (
            "Ik heb zelf een paar jaar op straat geleefd. Hoe word ik betrokken?",
            "Ik heb zelf een paar jaar op straat geleefd. Hoe word ik betrokken? ervaringsdeskundigen ervaringskennis",
        ),
        (
            "Hoe betrek je mensen met ervaring met dakloosheid?",
            "Hoe betrek je mensen met ervaring met dakloosheid? ervaringsdeskundigen ervaringskennis",
        ),
        ("Hoe beginnen we met Housing First?", "Hoe beginnen we met Housing First? opzetten"),
        ("Hoeveel geld is er per jaar?", "Hoeveel geld is er per jaar? jaarlijks"),
        ("Wat zijn de uitgangspunten van Housing First?", "Wat zijn de uitgangspunten van Housing First? principes"),
        ("Welke basisregels horen bij Housing First?", "Welke basisregels horen bij Housing First? principes"),
        # A word that holds the documents' name is no use of it.
        ("Wat zijn de kernprincipes van Housing First?", "Wat zijn de kernprincipes van Housing First? principes"),
        (
            "Zijn er aparte woningen voor mensen die veel overlast geven?",
            "Zijn er aparte woningen voor mensen die veel overlast geven? Skaeve Huse",
        ),
        ("Waar woont wie niet tussen buren kan wonen?", "Waar woont wie niet tussen buren kan wonen? Skaeve Huse"),
        (
            "Hoe verbeter je de samenwerking tussen domeinen?",
            "Hoe verbeter je de samenwerking tussen domeinen? integraal werken",
        ),
        ("Ze vallen tussen wal en schip.", "Ze vallen tussen wal en schip. integraal werken"),
        (
            "Hoe sluiten zorg en schuldhulp beter op elkaar aan?",
            "Hoe sluiten zorg en schuldhulp beter op elkaar aan? integraal werken",
        ),
        (
            "Hoe krijgen we zorg en schuldhulp beter op elkaar afgestemd?",
            "Hoe krijgen we zorg en schuldhulp beter op elkaar afgestemd? integraal werken",
        ),
        ("Nu werkt iedereen langs elkaar heen.", "Nu werkt iedereen langs elkaar heen. integraal werken"),
        # Not what depends on one another.
        ("Zijn hulpverleners op elkaar aangewezen?", "Zijn hulpverleners op elkaar aangewezen?"),
        # Only a time between "zelf" or "eerder" and being homeless says one was.
        (
            "Hoe kunnen we eerder signaleren dat inwoners dakloos dreigen te raken?",
            "Hoe kunnen we eerder signaleren dat inwoners dakloos dreigen te raken?",
        ),
        (
            "Hij geeft overlast. Zijn er speciale woonvormen voor zulke mensen?",
            "Hij geeft overlast. Zijn er speciale woonvormen voor zulke mensen? Skaeve Huse",
        ),
        (
            "Waar moeten we starten als kleine gemeente?",
            "Waar moeten we starten als kleine gemeente? opzetten",
        ),
        ("Wat doet het Rijk voor dakloze EU-migranten?", "Wat doet het Rijk voor dakloze EU-migranten? EU-burgers"),
        ("Slapen er arbeidsmigranten buiten?", "Slapen er arbeidsmigranten buiten? EU-burgers"),
        ("Hoe help je Oost-Europeanen?", "Hoe help je Oost-Europeanen? EU-burgers"),
        ("Krijgt hij de huur op eigen naam?", "Krijgt hij de huur op eigen naam? eigen huurcontract"),
        (
            "Wanneer komt het contract op naam van de bewoner?",
            "Wanneer komt het contract op naam van de bewoner? eigen huurcontract",
        ),
        ("Kan hij op eigen naam huren?", "Kan hij op eigen naam huren? eigen huurcontract"),
        ("Wat is een driepartijenovereenkomst?", "Wat is een driepartijenovereenkomst? omklapcontract"),
        ("Wie tekent het driepartijencontract?", "Wie tekent het driepartijencontract? omklapcontract"),
        ("Hoe werkt een omklapconstructie?", "Hoe werkt een omklapconstructie? omklapcontract"),
        ("Wie tekent de driepartijovereenkomst?", "Wie tekent de driepartijovereenkomst? omklapcontract"),
        (
            "Krijgt iemand uit de opvang urgentie?",
            "Krijgt iemand uit de opvang urgentie? voorrang",
        ),
        ("Hoe werkt de urgentieregeling?", "Hoe werkt de urgentieregeling? voorrang"),
        ("En als de gemeente ze niet urgent verklaart?", "En als de gemeente ze niet urgent verklaart? voorrang"),
        ("Is een urgentverklaring nodig?", "Is een urgentverklaring nodig? voorrang"),
        (
            "Heeft die groep deskundigen voor het voorkomen van dakloosheid tips?",
            "Heeft die groep deskundigen voor het voorkomen van dakloosheid tips? Preventie Alliantie",
        ),
        (
            "Wie zit er in die alliantie van experts? Hoe helpen ze bij preventie?",
            "Wie zit er in die alliantie van experts? Hoe helpen ze bij preventie? Preventie Alliantie",
        ),
        # Not without renting, nor in someone else's name, nor migrants as such, nor any meeting of three parties.
        ("Moet hij zich op zijn naam inschrijven in de BRP?", "Moet hij zich op zijn naam inschrijven in de BRP?"),
        ("Staat de woning op naam van de zorgaanbieder?", "Staat de woning op naam van de zorgaanbieder?"),
        ("Waar slapen ongedocumenteerde migranten?", "Waar slapen ongedocumenteerde migranten?"),
        ("Wie zitten er in het driepartijenoverleg?", "Wie zitten er in het driepartijenoverleg?"),
    ],
)
def test_a_name_users_write_is_searched_with_the_name_the_documents_use(question: str, searched: str) -> None:
    assert with_other_names(question) == searched


@pytest.mark.parametrize(
    "question",
    [
        "Wat wil het Nationaal Actieplan Dakloosheid 'Eerst een Thuis' bereiken?",  # both names already there
        "Wat zijn de zes leidende principes?",
        "mo en bw",  # lower case: words, not the abbreviations
        "Wat is een motie?",  # 'mo' inside a word
        "Hoeveel mensen zijn dakloos geworden?",  # being homeless now is no experience of it
        "Wie woont er al twee jaar in de opvang?",  # a stay of two years, no tenancy
        "Wat is een drugsrunner?",  # 'drugs' inside a word
        "Wanneer is het begin van de winteropvang?",  # the beginning of something is no setting up
        "Hoeveel kleine woningen komen er bij?",  # small dwellings, but no nuisance
        "Wat doet een corporatie bij overlast van een huurder?",  # nuisance, but no dwellings of their own
        "Hoe werken gemeenten samen in de regio?",  # working together, but not across domains
        "Hoe voorkom je ruzie tussen buren bij Housing First?",  # neighbours, but living among them is no question
        "Mijn buurman geeft overlast in zijn kleine huis, wat doet de gemeente?",  # his own house, no dwellings
        "Is er urgente hulp nodig?",  # urgent help, no urgency for a dwelling
        "Hoe regel je voorrang bij urgentie?",  # the documents' word is there already
        "Wat doet het expertteam voor huisvesting van kwetsbare groepen?",  # the VNG's team: no prevention
        "Hoe helpt de Preventie Alliantie gemeenten dakloosheid te voorkomen?",  # the documents' name is there already
    ],
)
def test_a_question_that_needs_no_other_name_is_searched_as_asked(question: str) -> None:
    assert with_other_names(question) == question


def test_a_name_found_by_looking_ahead_credits_the_words_of_the_description() -> None:
    question = "Heeft die groep deskundigen voor het voorkomen van dakloosheid tips?"
    assert named_otherwise(question) == [("groep deskundigen", "Preventie Alliantie")]


def test_a_word_the_documents_write_only_as_the_head_of_a_compound_is_searched_with_that_compound() -> None:
    vocabulary = frozenset(["huur", "huurcontract", "omklap", "omklapcontract", "terug", "terugvallen", "mensen"])
    known = {"mensen"}.__contains__
    words = ["tijdelijk", "contract", "mensen", "vallen"]
    # "vallen" heads only a verb with a particle; "mensen" is known; "tijdelijk" heads nothing.
    assert compounds_for_heads(words, vocabulary, known) == ["huurcontract"]
