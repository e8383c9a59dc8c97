"""HTML and Markdown for the UI; everything from documents or users is escaped, never executed."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlencode

from assistant.answer import Answer, Citation
from assistant.answer_text import format_source, render_body, where
from assistant.text.dates import date_order, dutch_date
from assistant.ui.source_page import merge_spans, source_view_link

# Enough to stop links, images, code and headings; URLs and plain punctuation stay readable.
MARKDOWN_SPECIALS = re.compile(r"([\\`\[\]])")
LINE_START_HEADING = re.compile(r"^(\s*)#", re.MULTILINE)
EXCERPT_NOTE = "Uittreksel: alleen het begin van deze bron staat in de kennisbank."
# Private-use characters stand for a citation number and a suggested document until the text is escaped.
CITE_MARK = re.compile("\ue010(\\d+)\ue011")
SUGGESTION_MARK = re.compile("\ue012(\\d+)\ue013")
DocumentFilter = Literal["alle", "volledig", "uittreksel"]
DOCUMENT_FILTERS: dict[str, DocumentFilter] = {
    "Alle documenten": "alle",
    "Volledige tekst": "volledig",
    "Uittreksels": "uittreksel",
}
DOCUMENT_SORTS = {
    "Titel (A–Z)": "title",
    "Datum (nieuwste eerst)": "date",
    "Uitgever (A–Z)": "publisher",
    "Meeste passages": "chunks",
}


@dataclass
class Turn:
    """One question and its answer in a conversation, as the chat, the export and feedback need them."""

    question: str
    body: str
    citations: list[Citation] = field(default_factory=list)
    answer_id: str = ""


@dataclass
class SourceCard:
    """One passage in the source panel, with every citation that quotes from it (in answer order)."""

    citations: list[Citation]

    @property
    def first(self) -> Citation:
        return self.citations[0]


def as_chat_text(text: str) -> str:
    """Text for the chat, shown literally: HTML escaped, Markdown characters backslash-escaped."""
    escaped = MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))
    return LINE_START_HEADING.sub(r"\1\\#", escaped)


def chat_markdown(answer: Answer, turn: int = 1) -> str:
    """The answer's body for the chat: each [n] links to its source card, each suggested document to its page.

    A card is named by the answer's `turn` and its number (`source_card_id`): the panel shows the newest answer's
    cards only, and [1] of an earlier answer had jumped to the newest answer's first card. The link is the source
    view of its quote, with the card's name in `tvbron`: the page's script goes to the card while the panel shows
    it, and otherwise lets the link open the quote in its document."""
    suggestions = answer.suggestions
    body = render_body(
        answer,
        cite=lambda n: f"\ue010{n}\ue011",
        suggestion=lambda s: f"\ue012{suggestions.index(s)}\ue013",
    )
    text = as_chat_text(body)
    cited = {citation.n: citation for citation in answer.citations}

    def citation_link(match: re.Match[str]) -> str:
        number = int(match.group(1))
        citation = cited.get(number)
        view = source_view_link(citation.document_id, [citation.quote], citation.page) if citation else "/"
        card = urlencode({"tvbron": source_card_id(turn, number)})
        address = view.replace("#quote", f"&{card}#quote") if "?" in view else f"{view}?{card}"
        return f"[\\[{number}\\]]({address})"

    text = CITE_MARK.sub(citation_link, text)

    def suggestion_link(match: re.Match[str]) -> str:
        suggested = suggestions[int(match.group(1))]
        quotes = [suggested.quote] if suggested.quote else []
        return f"[{as_chat_text(suggested.title)}]({source_view_link(suggested.document_id, quotes, suggested.page)})"

    return SUGGESTION_MARK.sub(suggestion_link, text)


def source_cards(citations: list[Citation]) -> list[SourceCard]:
    """One card per passage, in the order the answer first cites it."""
    cards: dict[tuple[str, str], SourceCard] = {}
    for citation in sorted(citations, key=lambda c: c.n):
        key = (citation.document_id, citation.passage)
        if key in cards:
            cards[key].citations.append(citation)
        else:
            cards[key] = SourceCard([citation])
    return list(cards.values())


def highlighted_passage(passage: str, quotes: list[str]) -> str:
    """The passage, escaped, with every quote in it in <mark>."""
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        start = passage.find(quote)
        if start >= 0 and quote:
            spans.append((start, start + len(quote)))
    merged = merge_spans(spans)
    parts, position = [], 0
    for start, end in merged:
        parts.append(html.escape(passage[position:start]))
        parts.append(f"<mark>{html.escape(passage[start:end])}</mark>")
        position = end
    parts.append(html.escape(passage[position:]))
    return "".join(parts)


def source_card_id(turn: int, number: int) -> str:
    """The element id of citation `number` of the answer to question `turn` in the source panel."""
    return f"tv-src-{turn}-{number}"


def sources_html(citations: list[Citation] | None, turn: int = 1) -> str:
    """The source panel: per passage its document, where, and its quoted sentences highlighted."""
    if not citations:
        return "<p class='tv-empty'>De bronnen van het antwoord verschijnen hier.</p>"
    items = []
    for index, card in enumerate(source_cards(citations), start=1):
        first = card.first
        numbers = " ".join(
            f"<span class='tv-n' id='{source_card_id(turn, c.n)}'>[{c.n}]</span>" for c in card.citations
        )
        quotes = [c.quote for c in card.citations]
        pages = sorted({page for c in card.citations for page in (c.page, c.page_end) if page is not None})
        place = where(first.model_copy(update={"page": pages[0], "page_end": pages[-1]}) if pages else first)
        view = source_view_link(first.document_id, quotes, first.page)
        title = html.escape(first.title)
        links = [
            f"<a href='{html.escape(view)}' target='_blank' rel='noopener'>Open de bron"
            f"<span class='tv-visually-hidden'>: {title} (nieuw tabblad)</span></a>"
        ]
        if first.url.startswith(("https://", "http://")):
            links.append(
                f"<a href='{html.escape(first.url)}' target='_blank' rel='noopener noreferrer'>Website"
                f"<span class='tv-visually-hidden'> van {title} (nieuw tabblad)</span></a>"
            )
        excerpt = f"<p class='tv-excerpt'>{EXCERPT_NOTE}</p>" if first.is_excerpt else ""
        details = (first.publisher, dutch_date(first.date), place)
        meta = " — ".join(html.escape(part) for part in details if part)
        items.append(
            f"<article class='tv-source' id='tv-card-{index}' tabindex='-1' aria-labelledby='tv-card-{index}-title' "
            f"data-n='{' '.join(str(c.n) for c in card.citations)}'>"
            f"<h3 id='tv-card-{index}-title'>{numbers} {title}</h3>"
            f"<p class='tv-meta'>{meta}</p>{excerpt}"
            f"<blockquote class='tv-passage'>{highlighted_passage(first.passage, quotes)}</blockquote>"
            f"<p class='tv-links'>{' · '.join(links)}</p></article>"
        )
    return "".join(items)


def filter_documents(
    documents: list[dict[str, Any]], search: str = "", kind: str = "alle", sort: str = "title"
) -> list[dict[str, Any]]:
    """The documents whose title, publisher or id holds every word of `search`, of `kind`, sorted by `sort`."""
    words = search.lower().split()
    chosen = [
        document
        for document in documents
        if all(word in f"{document['title']} {document['publisher']} {document['id']}".lower() for word in words)
        and (kind == "alle" or (kind == "uittreksel") == bool(document["is_excerpt"]))
    ]
    if sort == "date":
        # By the date the text names ("na najaar 2023" by its year), not by its letters, which put free text first.
        return sorted(chosen, key=lambda d: date_order(str(d["date"] or "")), reverse=True)
    if sort == "chunks":
        return sorted(chosen, key=lambda d: -int(d["chunks"]))
    key = "publisher" if sort == "publisher" else "title"
    return sorted(chosen, key=lambda d: (str(d[key]).lower(), d["title"].lower()))


def documents_html(documents: list[dict[str, Any]]) -> str:
    """The Kennisbank table; it scrolls sideways on a narrow screen and becomes a list of cards on a phone."""
    if not documents:
        return "<p class='tv-empty' role='status'>Geen documenten gevonden.</p>"
    rows = []
    for document in documents:
        title = html.escape(document["title"])
        link = f"<a href='{html.escape(source_view_link(document['id']))}' target='_blank' rel='noopener'>{title}</a>"
        rows.append(
            f"<tr><td data-label='Document'>{link}</td>"
            f"<td data-label='Uitgever'>{html.escape(document['publisher'])}</td>"
            f"<td data-label='Datum'>{html.escape(document['date'])}</td>"
            f"<td data-label='Passages'>{int(document['chunks'])}</td>"
            f"<td data-label='Tekst'>{'uittreksel' if document['is_excerpt'] else 'volledig'}</td></tr>"
        )
    return (
        "<div class='tv-table-scroll' role='region' aria-label='Documenten in de kennisbank' tabindex='0'>"
        "<table class='tv-documents'><thead><tr><th scope='col'>Document</th><th scope='col'>Uitgever</th>"
        "<th scope='col'>Datum</th><th scope='col'>Passages</th><th scope='col'>Tekst</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table></div>"
    )


def dutch_datetime(moment: datetime) -> str:
    return f"{dutch_date(moment.date().isoformat())}, {moment:%H:%M}"


def conversation_markdown(turns: list[Turn], exported_at: datetime) -> str:
    """The conversation for 'Gesprek exporteren': each answer once, then its sources once, with their quotes."""
    lines = ["# Gesprek met Thuisvraag", "", f"Geëxporteerd op {dutch_datetime(exported_at)}.", ""]
    for number, turn in enumerate(turns, start=1):
        lines += [f"## Vraag {number}", "", turn.question, "", "### Antwoord", "", turn.body, ""]
        if turn.citations:
            lines += ["### Bronnen", ""]
            for citation in turn.citations:
                lines.append(f"- {format_source(citation)}")
                lines.append(f"  > {citation.quote}")
            lines.append("")
    return "\n".join(lines)
