"""HTML and Markdown for the UI; everything from documents or users is escaped, never executed."""

from __future__ import annotations

import html
import re
from typing import Any

# Enough to stop links, images, code and headings; URLs and plain punctuation stay readable.
MARKDOWN_SPECIALS = re.compile(r"([\\`\[\]])")
LINE_START_HEADING = re.compile(r"^(\s*)#", re.MULTILINE)
EXCERPT_NOTE = "Uittreksel: alleen het begin van deze pagina staat in de kennisbank."


def as_chat_text(text: str) -> str:
    """Text for the chat, shown literally: HTML escaped, Markdown characters backslash-escaped."""
    escaped = MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))
    return LINE_START_HEADING.sub(r"\1\\#", escaped)


def source_link(citation: dict[str, Any]) -> str:
    link = f"/api/documents/{html.escape(citation['document_id'])}/file"
    if citation.get("page"):
        link += f"#page={int(citation['page'])}"
    return link


def where(citation: dict[str, Any]) -> str:
    parts = []
    if citation.get("page"):
        parts.append(f"pagina {citation['page']}")
    if citation.get("section"):
        parts.append(f"sectie “{citation['section']}”")
    return ", ".join(parts)


def sources_html(contract: dict[str, Any] | None) -> str:
    """The source panel: per citation its document, where, and the quote highlighted in its passage."""
    if not contract or not contract.get("citations"):
        return "<p class='tv-empty'>De bronnen van het antwoord verschijnen hier.</p>"
    items = []
    for citation in contract["citations"]:
        passage, quote = citation["passage"], citation["quote"]
        start = passage.find(quote)
        if start >= 0:
            body = (
                html.escape(passage[:start])
                + "<mark>"
                + html.escape(quote)
                + "</mark>"
                + html.escape(passage[start + len(quote) :])
            )
        else:
            body = html.escape(passage)
        links = [f"<a href='{source_link(citation)}' target='_blank' rel='noopener'>Open de bron</a>"]
        if citation.get("url", "").startswith(("https://", "http://")):
            links.append(f"<a href='{html.escape(citation['url'])}' target='_blank' rel='noopener'>Website</a>")
        excerpt = f"<p class='tv-excerpt'>{EXCERPT_NOTE}</p>" if citation.get("is_excerpt") else ""
        items.append(
            f"<div class='tv-source' data-n='{int(citation['n'])}'>"
            f"<h4>[{int(citation['n'])}] {html.escape(citation['title'])}</h4>"
            f"<p class='tv-meta'>{html.escape(citation.get('publisher', ''))}"
            f"{' — ' + html.escape(where(citation)) if where(citation) else ''}</p>"
            f"{excerpt}<blockquote class='tv-passage'>{body}</blockquote><p>{' · '.join(links)}</p></div>"
        )
    return "".join(items)


def documents_html(documents: list[dict[str, Any]]) -> str:
    rows = []
    for document in documents:
        title = html.escape(document["title"])
        link = f"<a href='/api/documents/{html.escape(document['id'])}/file' target='_blank'>{title}</a>"
        rows.append(
            f"<tr><td>{link}</td><td>{html.escape(document['publisher'])}</td><td>{html.escape(document['date'])}</td>"
            f"<td>{document['chunks']}</td><td>{'uittreksel' if document['is_excerpt'] else 'volledig'}</td></tr>"
        )
    return (
        "<table class='tv-documents'><thead><tr><th>Document</th><th>Uitgever</th><th>Datum</th>"
        "<th>Passages</th><th>Tekst</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def conversation_markdown(turns: list[dict[str, Any]]) -> str:
    """The conversation with its sources, for 'Gesprek exporteren'."""
    lines = ["# Gesprek met Thuisvraag", ""]
    for number, turn in enumerate(turns, start=1):
        lines += [f"## Vraag {number}", "", turn["question"], "", "### Antwoord", "", turn["answer"], ""]
        citations = turn.get("citations") or []
        if citations:
            lines += ["### Geciteerde passages", ""]
            for citation in citations:
                place = where(citation)
                lines.append(
                    f"- [{citation['n']}] {citation['title']} — {citation.get('publisher', '')}"
                    f"{', ' + place if place else ''}{', ' + citation['url'] if citation.get('url') else ''}"
                )
                lines.append(f"  > {citation['quote']}")
            lines.append("")
    return "\n".join(lines)
