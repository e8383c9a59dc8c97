"""The source view: a document as a readable Dutch page, its cited quotes highlighted and scrolled into view.

Markdown is rendered to HTML with raw HTML escaped (never passed through) and no images; the front matter
becomes a citation header. A PDF opens in pdf.js (served by the app from node_modules, never from a CDN) at
its page, with the quotes highlighted by pdf.js's own search.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote
from urllib.parse import urlencode

import frontmatter
from markdown_it import MarkdownIt

from assistant.documents import DocumentMeta
from assistant.text.dates import dutch_date
from assistant.text.normalize import CHARACTER_MAP

ROOT = Path(__file__).resolve().parents[2]
# Installed by `make` with npm (package.json); the app serves it at PDFJS_ROUTE.
PDFJS_DIR = ROOT / "node_modules" / "pdfjs-dist"
PDFJS_ROUTE = "/static/pdfjs"
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_ROUTE = "/static/thuisvraag"
MAX_QUOTES = 12
# Private-use characters mark where a quote starts and ends while the Markdown is rendered.
START, END = "\ue000", "\ue001"
WORD = re.compile(r"[^\W_]+")
# Between two words of a quote: punctuation, Markdown syntax, or the target of a Markdown link.
GAP = r"(?:\]\([^)\n]*\)|[\W_])*"
TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
LICENSES_NL = {
    "Dutch government publication, free to reuse with source attribution": (
        "Overheidspublicatie, vrij te hergebruiken met bronvermelding"
    ),
    "provided by the project's commissioner as a seed document of the knowledge base": (
        "Aangeleverd door de opdrachtgever voor de kennisbank"
    ),
}
EXCERPT_NOTICE = (
    "Uittreksel: alleen het begin van deze bron staat in de kennisbank. De volledige tekst staat op de website."
)
PAGE_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f1f1f; margin: 0;
       line-height: 1.55; background: #fff; }
header.tv-cite { background: #f3f6f9; border-bottom: 1px solid #c9d3dd; padding: 12px 20px; }
header.tv-cite h1 { font-size: 1.35rem; margin: 0 0 4px 0; }
header.tv-cite dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 0 0; }
header.tv-cite dt { font-weight: 600; }
header.tv-cite dd { margin: 0; overflow-wrap: anywhere; }
.tv-excerpt { color: #6b4400; font-weight: 600; margin: 6px 0 0 0; }
.tv-found { margin: 6px 0 0 0; }
main.tv-doc { max-width: 46rem; padding: 8px 20px 40vh 20px; overflow-wrap: break-word; }
mark.tv-quote { background: #ffe066; color: #000; padding: 0 1px; }
#quote { scroll-margin-top: 30vh; }
a { color: #1a5a8a; }
pre, code { white-space: pre-wrap; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
td, th { border: 1px solid #c9d3dd; padding: 2px 6px; }
"""
PDF_CSS = """
body.tv-pdf-page { display: flex; flex-direction: column; height: 100vh; overflow: hidden; }
.tv-pdf-frame { position: relative; flex: 1; background: #e4e7ea; }
#viewerContainer { position: absolute; inset: 0; overflow: auto; }
.pdfViewer .page { margin: 8px auto; }
.textLayer .highlight { background-color: rgba(255, 200, 0, 0.45) !important; }
.textLayer .highlight.selected { background-color: rgba(255, 150, 0, 0.6) !important; }
"""
MARKDOWN_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
PDF_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True)
class SourcePage:
    """A rendered source view and the Content-Security-Policy it is served with."""

    html: str
    csp: str


def source_view_link(document_id: str, quotes: list[str] | tuple[str, ...] = (), page: int | None = None) -> str:
    """The address of a document's source view, scrolled to its first highlighted quote."""
    query = [("quote", quote) for quote in quotes[:MAX_QUOTES]]
    if page:
        query.append(("page", str(page)))
    link = f"/bron/{url_quote(document_id, safe='')}"
    if query:
        link += "?" + urlencode(query) + ("#quote" if quotes else "")
    return link


def quote_pattern(quote: str, words: int | None = None) -> re.Pattern[str] | None:
    """A pattern that finds `quote` in the source file, whatever its line breaks, punctuation or link syntax."""
    tokens = WORD.findall(quote)[:words]
    if not tokens:
        return None
    return re.compile(GAP.join(re.escape(token) for token in tokens), re.IGNORECASE)


def mark_quotes(text: str, quotes: list[str]) -> tuple[str, int]:
    """`text` with START/END around each quote found in it, and how many quotes were found."""
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        # A quote the cleaner changed a little (a joined hyphenation) is still found by its opening words.
        for words in (None, 8):
            pattern = quote_pattern(quote, words)
            found = pattern.search(text) if pattern else None
            if found:
                spans.append(found.span())
                break
    merged = merge_spans(spans)
    for start, end in reversed(merged):
        text = text[:start] + START + text[start:end] + END + text[end:]
    return text, len(spans)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) ranges sorted, with overlapping ones joined: each highlight is marked once."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_markers(rendered: str) -> str:
    """Turn START/END in rendered HTML into <mark> around every text run between them (tags stay whole)."""
    out: list[str] = []
    inside = False
    first = True
    for piece in TAG_OR_TEXT.split(rendered):
        if piece.startswith("<"):
            # A marker inside a tag's attribute is dropped, but still opens or closes the quote.
            inside ^= (piece.count(START) + piece.count(END)) % 2 == 1
            out.append(piece.replace(START, "").replace(END, ""))
            continue
        for part in re.split(f"([{START}{END}])", piece):
            if part == START:
                inside = True
            elif part == END:
                inside = False
            elif inside and part.strip():
                ident = " id='quote'" if first else ""
                first = False
                out.append(f"<mark class='tv-quote'{ident}>{part}</mark>")
            else:
                out.append(part)
    return "".join(out)


def markdown_renderer() -> MarkdownIt:
    """CommonMark with tables; raw HTML is shown as text and images as their alt text, so nothing loads or runs."""
    renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    renderer.enable("table")
    renderer.disable("image")
    # Links from documents open outside the app, without handing it the opener.
    html_renderer: Any = renderer.renderer

    def link_open(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        tokens[idx].attrSet("rel", "noopener noreferrer nofollow")
        return html_renderer.renderToken(tokens, idx, options, env)

    renderer.add_render_rule("link_open", link_open)
    return renderer


def document_body_html(path: Path, kind: str, text: str | None, quotes: list[str]) -> tuple[str, int]:
    """The document's text as HTML with its quotes marked; `text` is the read text for non-Markdown files."""
    if kind == "markdown":
        body = frontmatter.loads(path.read_text(encoding="utf-8", errors="replace")).content
        marked, found = mark_quotes(unicodedata.normalize("NFC", body).translate(CHARACTER_MAP), quotes)
        return highlight_markers(markdown_renderer().render(marked)), found
    # Composed as the index's text is ("financie\u0308le" read as "financiële"), so its quotes are found.
    marked, found = mark_quotes(unicodedata.normalize("NFC", text or "").translate(CHARACTER_MAP), quotes)
    paragraphs = [block for block in re.split(r"\n\s*\n", marked) if block.strip()]
    rendered = "".join(f"<p>{html.escape(block, quote=False)}</p>\n" for block in paragraphs)
    return highlight_markers(rendered.replace("\n", "<br>\n").replace("</p><br>", "</p>")), found


def citation_header(meta: DocumentMeta, file_link: str, found: int | None, asked: int, page: int | None) -> str:
    """Title, publisher, date, url, license and the excerpt notice: what a citation of this document shows."""
    rows = []
    if meta.publisher:
        rows.append(("Uitgever", html.escape(meta.publisher)))
    if meta.date:
        rows.append(("Datum", html.escape(dutch_date(meta.date))))
    if meta.url.startswith(("https://", "http://")):
        url = html.escape(meta.url)
        rows.append(("Website", f"<a href='{url}' rel='noopener noreferrer nofollow'>{url}</a>"))
    if meta.license:
        rows.append(("Licentie", html.escape(LICENSES_NL.get(meta.license, meta.license))))
    if page:
        rows.append(("Pagina", str(page)))
    rows.append(("Bestand", f"<a href='{html.escape(file_link)}'>bronbestand downloaden</a>"))
    details = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    excerpt = f"<p class='tv-excerpt'>{EXCERPT_NOTICE}</p>" if meta.is_excerpt else ""
    if not asked:
        status = ""
    elif found is None:
        status = f"<p class='tv-found' id='tv-found' role='status'>{_quote_count(asked)} wordt gezocht…</p>"
    elif found:
        status = (
            f"<p class='tv-found' id='tv-found' role='status'>{_quote_count(found)} geel gemarkeerd. "
            "<a href='#quote'>Naar het citaat</a></p>"
        )
    else:
        status = (
            "<p class='tv-found' id='tv-found' role='status'>Het citaat staat niet letterlijk in dit bestand; "
            "zoek op de tekst uit het bronnenpaneel.</p>"
        )
    return f"<header class='tv-cite'><h1>{html.escape(meta.title)}</h1><dl>{details}</dl>{excerpt}{status}</header>"


def render_text_page(meta: DocumentMeta, body: str, found: int, asked: int, file_link: str) -> SourcePage:
    page = (
        f"<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(meta.title)} · Thuisvraag</title><style>{PAGE_CSS}</style></head><body>"
        f"{citation_header(meta, file_link, found, asked, None)}"
        f"<main class='tv-doc' id='tv-document'>{body}</main></body></html>"
    )
    return SourcePage(page, MARKDOWN_CSP)


def render_pdf_page(meta: DocumentMeta, file_link: str, quotes: list[str], page: int | None) -> SourcePage:
    """The pdf.js viewer page; pdf-view.mjs reads the file, page and quotes from the data attributes."""
    config = html.escape(json.dumps(quotes, ensure_ascii=False))
    body = (
        f"<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(meta.title)} · Thuisvraag</title>"
        f"<link rel='stylesheet' href='{PDFJS_ROUTE}/web/pdf_viewer.css'>"
        f"<style>{PAGE_CSS}{PDF_CSS}</style></head><body class='tv-pdf-page'>"
        f"{citation_header(meta, file_link, None, len(quotes), page)}"
        f"<main class='tv-pdf-frame' aria-label='Het document'>"
        f"<div id='viewerContainer' tabindex='0' data-file='{html.escape(file_link)}' "
        f"data-page='{int(page or 1)}' data-quotes='{config}' data-pdfjs='{PDFJS_ROUTE}'>"
        f"<div id='viewer' class='pdfViewer'></div></div></main>"
        f"<script type='module' src='{STATIC_ROUTE}/pdf-view.mjs'></script></body></html>"
    )
    return SourcePage(body, PDF_CSP)


def _quote_count(count: int) -> str:
    return "1 citaat" if count == 1 else f"{count} citaten"
