"""The one renderer of an answer as text: for the CLI, the API's `answer` field, the chat and the export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.text.dates import dutch_date
from assistant.text.phrasing import enumeration, publisher_name

if TYPE_CHECKING:
    from assistant.answer import Answer, Citation, Suggestion

REFUSAL = "Daarover vind ik niets in de kennisbank."
SUGGESTIONS_LEAD = "Misschien helpen deze documenten verder:"
EXCERPT_MARK = "uittreksel"
# After a quoted unit that the excerpt in the knowledge base cuts off (outside the quote, which stays verbatim). Not
# a bare "[…]": a UI walk read a list ending in it as complete but for its last item's tail.
CUT_MARK = "[… hier breekt het uittreksel in de kennisbank af]"
# The lead names at most this many publishers; with more, the first ones and "andere bronnen".
LEAD_NAMES = 3
EXCERPT_FOOTNOTE = (
    "Uittreksel: van zo'n bron staat alleen het begin in de kennisbank; de volledige bron kan meer zeggen."
)


def render_body(
    answer: Answer,
    cite: Callable[[int], str] = "[{}]".format,
    suggestion: Callable[[Suggestion], str] = lambda s: s.title,
) -> str:
    """The answer without its source list: notice, lead and cited sentences (what the chat shows).

    That a source is an excerpt is said with the source (`format_source`, the chat's source cards), not here:
    it was the same 15 words under nine answers in ten, between the answer and its sources.

    `cite` and `suggestion` write a citation number and a suggested document (the chat makes them links).
    """
    if answer.refused or not answer.sentences:
        parts = [answer.notice or REFUSAL]
        if answer.suggestions:
            parts.append(SUGGESTIONS_LEAD + "\n" + "\n".join(f"- {suggestion(s)}" for s in answer.suggestions))
        return "\n\n".join(parts)
    by_number = {citation.n: citation for citation in answer.citations}
    lines: list[str] = []
    previous_kind = previous_item = ""
    for position, sentence in enumerate(answer.sentences):
        following = answer.sentences[position + 1] if position + 1 < len(answer.sentences) else None
        # A run of sentences from one quote is marked once, at its end.
        same_quote = following is not None and following.citation == sentence.citation
        text = f"{sentence.text} {CUT_MARK}" if sentence.cut else sentence.text
        text = text if same_quote else f"{text} {cite(sentence.citation)}"
        # List items, and clauses that end in a semicolon ("constaterende dat …;" of a motion), stand on lines of
        # their own; running sentences share a paragraph.
        kind = "clause" if sentence.text.rstrip().endswith(";") else sentence.kind
        if lines and kind == "sentence" and previous_kind == "sentence":
            lines[-1] += " " + text
        else:
            if lines and kind == "sentence" and previous_item == "list_item":
                # A paragraph after a list stands apart: in the chat's Markdown it would run on in the last item
                # (whether that item ends in a full stop or, as a clause, in a semicolon).
                lines.append("")
            lines.append(text)
        previous_kind, previous_item = kind, sentence.kind
    quoted = [by_number[sentence.citation] for sentence in answer.sentences if sentence.citation in by_number]
    parts = []
    if answer.notice:
        parts.append(answer.notice)
    parts.append((f"Volgens {lead_names(quoted)}:\n" if quoted else "") + "\n".join(lines))
    return "\n\n".join(parts)


def lead_names(quoted: Sequence[Citation]) -> str:
    """Who the answer quotes, the first sentence's source first: "VNG", "Ministerie van VWS en VNG", "A, B en
    andere bronnen". A walk through the UI read "Volgens Ministerie van VWS:" above sentences of three publishers
    as if all were the ministry's. The names are short (`short_name`); the source list gives them whole."""
    names = list(dict.fromkeys(short_name(citation) for citation in quoted))
    if len(names) > LEAD_NAMES:
        names = [*names[: LEAD_NAMES - 1], "andere bronnen"]
    return enumeration(names)


def short_name(citation: Citation) -> str:
    """A publisher without what the source list adds: where it was read ("(eersteenthuis.nl)", "(weergave via …)"),
    an expansion in brackets, a second clause ("; verantwoordelijke organisatie: …", ", via wikiwand.com …"), and
    the Tweede Kamer before the author of a parliamentary paper."""
    return publisher_name(citation.publisher) or source_name(citation)


def render_text(answer: Answer) -> str:
    """The whole answer as text: the body, then its numbered sources, an excerpt marked as such."""
    body = render_body(answer)
    if not answer.citations or answer.refused:
        return body
    text = body + "\n\nBronnen:\n" + "\n".join(format_source(citation) for citation in answer.citations)
    if any(citation.is_excerpt for citation in answer.citations):
        text += "\n\n" + EXCERPT_FOOTNOTE
    return text


def where(citation: Citation) -> str:
    """'pagina 4–5, sectie “…”': where in its document a citation stands."""
    parts = []
    if citation.page is not None:
        if citation.page_end and citation.page_end != citation.page:
            parts.append(f"pagina {citation.page}–{citation.page_end}")
        else:
            parts.append(f"pagina {citation.page}")
    if citation.ocr:
        parts.append("gescande pagina, tekst via OCR")
    if citation.section:
        parts.append(f"sectie “{citation.section}”")
    return ", ".join(parts)


def format_source(citation: Citation) -> str:
    place = where(citation)
    excerpt = EXCERPT_MARK if citation.is_excerpt else ""
    details = ", ".join(part for part in (citation.publisher, dutch_date(citation.date), place, excerpt) if part)
    line = f"[{citation.n}] {citation.title}"
    if details:
        line += f" — {details}"
    if citation.url:
        line += f", {citation.url}"
    return line


def source_name(citation: Citation) -> str:
    return citation.publisher or f"“{citation.title}”"
