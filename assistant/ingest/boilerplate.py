"""Boilerplate: the formulas, tables of contents, colofons and pointers a document carries besides its content."""

from __future__ import annotations

import re

# The royal preamble and closing formula of a Dutch Besluit (Staatsblad); the items end with ";" or ":".
ROYAL_FORMULA = re.compile(
    r"^(?:Wij [A-Z][\w-]+(?: [A-Z][\w-]+)?, bij de gratie Gods"
    r"|Op de voordracht van .*[;:]$"
    r"|Gelet op .*[;:]$"
    r"|De Afdeling advisering van de Raad van State gehoord"
    r"|Gezien het nader rapport van .*[;:]$"
    r"|Hebben goedgevonden en verstaan"
    r"|Lasten en bevelen dat )",
    re.DOTALL,
)
# A line of a table of contents: dot leaders (or a tab's worth of space) before a page number.
TOC_LINE = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}$|…+\s*\d{1,4}$")
POINTER = re.compile(r"^(?:lees meer|lees verder|kijk ook|meer informatie|terug naar boven|deel dit)\b", re.IGNORECASE)
COLOFON_SECTION = re.compile(r"(?:^|> )(?:colofon|inhoud|inhoudsopgave)$", re.IGNORECASE)
COLOFON_LINE = re.compile(r"^(?:uitgave|vormgeving|fotografie|foto's|druk|drukwerk|oplage|isbn|issn)\b", re.IGNORECASE)


def is_toc_line(text: str) -> bool:
    """True for 'Inleiding ........ 3': a table of contents line."""
    return bool(TOC_LINE.search(text.strip()))


def is_boilerplate(text: str, section: str = "") -> bool:
    """True when a sentence or list item is document furniture rather than content, so it is never quoted."""
    stripped = text.strip()
    return bool(
        ROYAL_FORMULA.match(stripped)
        or is_toc_line(stripped)
        or POINTER.match(stripped)
        or COLOFON_LINE.match(stripped)
        or COLOFON_SECTION.search(section.strip())
    )
