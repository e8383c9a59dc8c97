"""Dutch phrasing shared by the answer's lead and its notices."""

from __future__ import annotations

from collections.abc import Sequence


def enumeration(items: Sequence[str]) -> str:
    """'A', 'A en B', 'A, B en C'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"
