"""Names the field gives one thing: a question that uses one is searched with the name the documents use too.

"Eerst een Thuis" is the Nationaal Actieplan Dakloosheid, but the page on its six principles never writes the
programme's name, so "Wat zijn de leidende principes van Eerst een Thuis?" found the eight principles of Housing
First instead. Abbreviations that policy officers write ("MO/BW", "HF") are spelled out the same way. Only the
search sees the longer query: the gate and the composer read the question as the user typed it.
"""

from __future__ import annotations

import re

# A name as users write it -> what the documents call it. Whole words only; an abbreviation only in capitals.
ALSO_CALLED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\beerst een thuis\b", re.IGNORECASE), "Nationaal Actieplan Dakloosheid"),
    (re.compile(r"\bNAD\b"), "Nationaal Actieplan Dakloosheid"),
    (re.compile(r"\bHF\b"), "Housing First"),
    (re.compile(r"\bMO\b"), "maatschappelijke opvang"),
    (re.compile(r"\bBW\b"), "beschermd wonen"),
    # The law's words for a temporary tenancy; the decree on it says "tijdelijke huurovereenkomst".
    (re.compile(r"\bbepaalde tijd\b", re.IGNORECASE), "tijdelijke huurovereenkomst"),
)


def with_other_names(query: str) -> str:
    """`query`, followed by the documents' name for each name it uses that they call otherwise (once each)."""
    lowered = query.lower()
    added = [name for pattern, name in ALSO_CALLED if pattern.search(query) and name.lower() not in lowered]
    return " ".join([query, *dict.fromkeys(added)])


def other_names(term: str) -> list[str]:
    """The documents' names for `term` ("NAD" -> ["Nationaal Actieplan Dakloosheid"]); none when it has none."""
    return [name for pattern, name in ALSO_CALLED if pattern.fullmatch(term)]
