"""Passages built by hand for the composer's and the source questions' tests."""

from __future__ import annotations

from assistant.documents import Span


def spanned(units: list[tuple[str, str]], section: str = "") -> tuple[str, list[Span]]:
    """The text of `units` (kind, text), one per line, with a span for each on page 1."""
    text, spans = "", []
    for kind, unit in units:
        if text:
            text += "\n"
        spans.append(Span(len(text), len(text) + len(unit), kind, 1, section))  # type: ignore[arg-type]
        text += unit
    return text, spans
