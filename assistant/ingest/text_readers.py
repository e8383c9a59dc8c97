"""Readers of text formats: Markdown with front matter, plain text and HTML, each one page without a number."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from assistant.documents import DocumentMeta, Page, ReadOptions
from assistant.errors import SkippedFile

log = logging.getLogger(__name__)

META_FIELDS = ("title", "publisher", "url", "date", "license", "completeness")
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "br", "tr", "blockquote", "pre", "table", "ul", "ol", "dl", "dt", "dd",
}  # fmt: skip
# A page's own header, footers and asides ("© 2024 Gemeente Utrecht.", "Privacyverklaring Cookies") are no text of it
# (an article's footer, its byline or share links, goes too); an article's header holds its heading and stays.
HIDDEN_TAGS = [
    "script", "style", "noscript", "template", "head", "svg", "iframe", "nav", "form", "button",
    "body > header", "footer", "aside",
]  # fmt: skip
# The cells of a table row are read apart: "Jonger dan 23 | € 454,47", not "Jonger dan 23€ 454,47".
CELL_TAGS = {"td", "th"}
CELL_SEPARATOR = " | "


def read_markdown(path: Path, data: bytes, options: ReadOptions) -> tuple[DocumentMeta, list[Page]]:
    text = decode(path, data)
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as error:
        log.warning("front matter of %s is not valid YAML (%s); reading it as plain text", path, error)
        return DocumentMeta(title=first_heading(text) or path.stem), [Page(None, text)]
    metadata: dict[str, Any] = dict(post.metadata)
    fields = {key: as_text(metadata.get(key)) for key in META_FIELDS}
    body = post.content
    fields["title"] = fields["title"] or first_heading(body) or path.stem
    return DocumentMeta(**fields), [Page(None, body)]


def read_text(path: Path, data: bytes, options: ReadOptions) -> tuple[DocumentMeta, list[Page]]:
    text = decode(path, data)
    return DocumentMeta(title=first_heading(text) or path.stem), [Page(None, text)]


def read_html(path: Path, data: bytes, options: ReadOptions) -> tuple[DocumentMeta, list[Page]]:
    tree = HTMLParser(decode(path, data))
    title_node = tree.css_first("title")
    h1 = tree.css_first("h1")
    heading = (title_node.text(strip=True) if title_node else "") or (h1.text(strip=True) if h1 else "")
    for tag in HIDDEN_TAGS:
        for node in tree.css(tag):
            node.decompose()
    lines: list[str] = []
    root = tree.body or tree.root
    if root is not None:
        _html_lines(root, lines)
    text = "\n".join(line for line in (" ".join(item.split()) for item in lines) if line)
    return DocumentMeta(title=heading or path.stem), [Page(None, text)]


def _html_lines(node: Node, lines: list[str]) -> None:
    """Visible text, one line per block; headings become Markdown headings, list items bullets."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            if not lines:
                lines.append("")
            lines[-1] += child.text_content or ""
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            lines.extend(["#" * int(tag[1]) + " " + child.text(separator=" ", strip=True), ""])
        elif tag == "li":
            lines.extend(["- " + child.text(separator=" ", strip=True), ""])
        elif tag in CELL_TAGS:
            if lines and lines[-1].strip():
                lines[-1] += CELL_SEPARATOR
            _html_lines(child, lines)
        elif tag in BLOCK_TAGS:
            lines.append("")
            _html_lines(child, lines)
            lines.append("")
        else:
            _html_lines(child, lines)


def decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" not in data:
        # Windows-1252 is the usual legacy encoding of Dutch office texts; accept it only when it
        # yields no control characters, so that binary data is still refused.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
        if text and not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
            log.info("%s is not UTF-8; read as Windows-1252", path)
            return text
    raise SkippedFile(f"undecodable text (not UTF-8): {path}", "tekst is niet leesbaar (geen UTF-8-codering)")


def as_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def first_heading(text: str) -> str:
    """The first Markdown heading, or else the first short non-empty line."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            return stripped.lstrip("#").strip()
        return stripped if len(stripped.split()) <= 15 else ""
    return ""
