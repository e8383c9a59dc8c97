"""Made-up reference texts for the handbook tests: the shape of ../shared/corpus/reference, none of its words.

Five chapters of distinct Dutch sentences (every sentence carries its own numbers), one with a list, enough for a
handbook of a title page and a few pages of two columns. The last chapter holds FACT, which QUESTION asks for.
"""

from __future__ import annotations

from pathlib import Path

CHAPTERS = [
    ("10_zuiderveen-wonen-met-begeleiding.md", "Wonen met begeleiding in Zuiderveen", "Gemeente Zuiderveen"),
    ("20_noordmeer-housing-first.md", "Housing First in Noordmeer: de eerste drie jaar", "Stichting Noordmeer Thuis"),
    ("30_oosterzand-preventie.md", "Preventie van huisuitzetting in Oosterzand", "Woonkracht Oosterzand"),
    ("40_westerhoven-beschermd-thuis.md", "Beschermd thuis in Westerhoven", "Regio Westerhoven"),
    ("50_middelrode-opvang.md", "Opvang en doorstroom in Middelrode", "Kenniscentrum Middelrode"),
]
FACT = "In Middelrode wonen sinds maart 2025 precies 17 mensen in de Housing First-woningen aan de Lindelaan."
QUESTION = "Hoeveel mensen wonen er in de Housing First-woningen aan de Lindelaan in Middelrode?"
NEAR_DOMAIN = "Hoeveel Housing First-woningen heeft de gemeente Zwolle in 2024 gebouwd?"
LIST_ITEMS = [
    "een vaste contactpersoon bij de corporatie,",
    "een huisbezoek binnen twee weken,",
    "een afspraak over de huur.",
]
TEMPLATES = [
    "In {place} spraken {n} huurders in wijk {k} met de begeleider over hun eerste jaar in de nieuwe woning.",
    "De werkgroep van {place} kwam in {year} precies {n} keer bijeen om de afspraken over wijk {k} te herzien.",
    "Volgens de evaluatie van {year} hield {place} {n} woningen per kwartaal vrij voor mensen uit de opvang.",
    "Het budget voor wijk {k} in {place} steeg in {year} met {n} procent, vooral voor ambulante begeleiding.",
    "Een medewerker uit {place} beschreef hoe {n} bewoners van wijk {k} samen een moestuin begonnen.",
    "De corporatie in {place} stelde in {year} een nieuwe regel op voor {n} huurders met een betalingsachterstand.",
]


def chapter_body(index: int, place: str, paragraphs: int) -> str:
    lines = []
    for paragraph in range(paragraphs):
        sentences = [
            template.format(place=place, n=index * 100 + paragraph * 6 + number, k=paragraph + 1, year=2010 + number)
            for number, template in enumerate(TEMPLATES)
        ]
        lines.append(" ".join(sentences[paragraph % 3 : paragraph % 3 + 4]))
        if index == 3 and paragraph == 2:
            lines.append("Wie een woning krijgt, kan rekenen op:")
            lines.extend(f"  • {item}" for item in LIST_ITEMS)
    if index == len(CHAPTERS):
        lines.insert(min(4, len(lines)), FACT)
    return "\n\n".join(lines) + "\n"


def write_reference_texts(folder: Path, chapters: int = len(CHAPTERS), paragraphs: int = 9) -> Path:
    """The made-up texts in `folder` (YAML front matter as in ../shared); returns `folder`.

    Fewer `chapters` keep the first ones and the last (which holds FACT); fewer `paragraphs` make them shorter.
    """
    folder.mkdir(parents=True, exist_ok=True)
    chosen = [*range(1, chapters), len(CHAPTERS)] if chapters < len(CHAPTERS) else range(1, len(CHAPTERS) + 1)
    for index in chosen:
        name, title, publisher = CHAPTERS[index - 1]
        place = title.rsplit(" in ", 1)[-1].split(":")[0]
        front = f'---\ntitle: "{title}"\npublisher: "{publisher}"\nurl: null\nlanguage: "nl"\n---\n\n'
        (folder / name).write_text(front + chapter_body(index, place, paragraphs), encoding="utf-8")
    return folder
