"""What a citation names as its section: real headings, never a letter's date line, a caption or a link."""

from __future__ import annotations

import pytest

from assistant.text.sections import cited_section


@pytest.mark.parametrize(
    "not_a_section",
    [
        "Den Haag, 11 december 2023",
        "Vastgesteld 6 januari 2023",
        "Beeld: ©VWS",
        "Bron antwoord https://zoek.officielebekendmakingen.nl/ah-tk-20212022-1713.html",
        "Gerelateerde personen:- Eerste ondertekenaar: B.J. Eerdmans, Tweede Kamerlid (JA21)",
        "Splinter, F. (Fabiola)",
    ],
)
def test_a_date_line_caption_link_record_or_name_is_never_cited_as_a_section(not_a_section: str) -> None:
    assert cited_section(not_a_section) == ""
    assert cited_section(f"Actieplan > {not_a_section}") == "Actieplan"


@pytest.mark.parametrize(
    "heading",
    [
        "1. Huisvesting is een mensenrecht",
        "Preventie: voorkomen van dakloosheid is altijd het beste",
        "Bronnen en literatuur",
        "Actieplan 2022-2030 > Wonen Eerst",
    ],
)
def test_a_real_heading_is_cited_as_it_stands(heading: str) -> None:
    assert cited_section(heading) == heading
