"""Dutch phrasing shared by the answer's lead and its notices."""

from __future__ import annotations

import re
from collections.abc import Sequence

# What a source list adds to a publisher's name: where it was read ("(eersteenthuis.nl)", "(weergave via …)"), an
# expansion in brackets, a second clause ("; verantwoordelijke organisatie: …", ", via wikiwand.com …").
PUBLISHER_DETAIL = re.compile(r"\s*\([^)]*\)|\s*;.*$|,\s*via\b.*$")


def enumeration(items: Sequence[str]) -> str:
    """'A', 'A en B', 'A, B en C'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def publisher_name(publisher: str) -> str:
    """A publisher as a sentence names it: without what the source list adds, and the author of a parliamentary
    paper without the Tweede Kamer before it ("Tweede Kamer / Ministerie van VWS" -> "Ministerie van VWS")."""
    return PUBLISHER_DETAIL.sub("", publisher).strip().rsplit(" / ", 1)[-1].strip()
