"""Readers: turn a PDF, Markdown, text or HTML file into a SourceDocument with its pages."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from assistant.documents import DocumentKind, DocumentMeta, Page, SourceDocument
from assistant.errors import IngestError

log = logging.getLogger(__name__)

KIND_BY_SUFFIX: dict[str, DocumentKind] = {
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}
SIDECAR_SUFFIX = ".yaml"
META_FIELDS = ("title", "publisher", "url", "date", "license", "completeness")


class SkippedFile(IngestError):
    """A file that ingest passes over, with the reason in Dutch (`user_message`)."""


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in KIND_BY_SUFFIX


def read_document(path: Path, document_id: str, max_bytes: int, max_pages: int) -> SourceDocument:
    """Read one file; raises SkippedFile with a Dutch reason when it cannot be used."""
    kind = KIND_BY_SUFFIX.get(path.suffix.lower())
    if kind is None:
        raise SkippedFile(
            f"unsupported file type: {path}", f"bestandstype {path.suffix or '(geen)'} wordt niet ondersteund"
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise SkippedFile(
            f"file too large ({size} bytes > {max_bytes}): {path}",
            f"bestand is te groot ({size / 1e6:.1f} MB; maximaal {max_bytes / 1e6:.0f} MB)",
        )
    if size == 0:
        raise SkippedFile(f"empty file: {path}", "bestand is leeg")
    data = path.read_bytes()
    sidecar = _read_sidecar(path)
    content_hash = file_hash(path)
    if kind == "pdf":
        meta, pages = _read_pdf(path, max_pages)
    elif kind == "markdown":
        meta, pages = _read_markdown(path, data)
    elif kind == "html":
        meta, pages = _read_html(path, data)
    else:
        meta, pages = _read_text(path, data)
    if not any(page.text.strip() for page in pages):
        raise SkippedFile(f"no text found: {path}", "bestand bevat geen tekst")
    meta = _with_overrides(meta, sidecar)
    return SourceDocument(document_id, str(path), kind, content_hash, meta, pages)


def file_hash(path: Path) -> str:
    """Hash of a file's bytes and its sidecar's, which is all that decides whether to re-index it."""
    digest = hashlib.sha256(path.read_bytes())
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        digest.update(sidecar.read_bytes())
    return digest.hexdigest()


def _read_pdf(path: Path, max_pages: int) -> tuple[DocumentMeta, list[Page]]:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
                _ = reader.pages[0].extract_text() if reader.pages else ""
            except (FileNotDecryptedError, NotImplementedError, PdfReadError) as error:
                raise SkippedFile(f"encrypted PDF: {path}", "pdf is beveiligd met een wachtwoord") from error
        if len(reader.pages) == 0:
            raise SkippedFile(f"PDF without pages: {path}", "pdf heeft geen pagina's")
        if len(reader.pages) > max_pages:
            raise SkippedFile(
                f"PDF has {len(reader.pages)} pages > {max_pages}: {path}",
                f"pdf heeft te veel pagina's ({len(reader.pages)}; maximaal {max_pages})",
            )
        pages = [Page(number, page.extract_text() or "") for number, page in enumerate(reader.pages, start=1)]
        raw_title = str(reader.metadata.get("/Title") or "").strip() if reader.metadata else ""
    except SkippedFile:
        raise
    except FileNotDecryptedError as error:
        raise SkippedFile(f"encrypted PDF: {path}", "pdf is beveiligd met een wachtwoord") from error
    except Exception as error:  # pypdf raises many types on damaged files; all mean the same to a user
        raise SkippedFile(f"unreadable PDF {path}: {error!r}", "pdf is beschadigd of onleesbaar") from error
    if not any(page.text.strip() for page in pages):
        raise SkippedFile(f"PDF has no text layer: {path}", "pdf bevat geen tekst (alleen afbeeldingen of leeg)")
    title = raw_title if _is_useful_title(raw_title) else _first_heading(pages[0].text) or path.stem
    return DocumentMeta(title=title), pages


def _read_markdown(path: Path, data: bytes) -> tuple[DocumentMeta, list[Page]]:
    text = _decode(path, data)
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as error:
        log.warning("front matter of %s is not valid YAML (%s); reading it as plain text", path, error)
        return DocumentMeta(title=_first_heading(text) or path.stem), [Page(None, text)]
    metadata: dict[str, Any] = dict(post.metadata)
    fields = {key: _as_text(metadata.get(key)) for key in META_FIELDS}
    body = post.content
    fields["title"] = fields["title"] or _first_heading(body) or path.stem
    return DocumentMeta(**fields), [Page(None, body)]


def _read_text(path: Path, data: bytes) -> tuple[DocumentMeta, list[Page]]:
    text = _decode(path, data)
    return DocumentMeta(title=_first_heading(text) or path.stem), [Page(None, text)]


BLOCK_TAGS = {"p", "div", "section", "article", "main", "br", "tr", "blockquote", "pre", "table", "ul", "ol", "dl"}
HIDDEN_TAGS = ["script", "style", "noscript", "template", "head", "svg", "iframe", "nav", "form", "button"]


def _read_html(path: Path, data: bytes) -> tuple[DocumentMeta, list[Page]]:
    tree = HTMLParser(_decode(path, data))
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
        elif tag in BLOCK_TAGS:
            lines.append("")
            _html_lines(child, lines)
            lines.append("")
        else:
            _html_lines(child, lines)


def _decode(path: Path, data: bytes) -> str:
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


def _read_sidecar(path: Path) -> dict[str, str]:
    """Metadata for files without front matter, from NAME.ext.yaml beside the file."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        loaded: Any = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        log.warning("ignoring unreadable sidecar %s: %s", sidecar, error)
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {key: _as_text(loaded.get(key)) for key in META_FIELDS if loaded.get(key)}


def _with_overrides(meta: DocumentMeta, overrides: dict[str, str]) -> DocumentMeta:
    if not overrides:
        return meta
    fields = {key: overrides.get(key) or getattr(meta, key) for key in META_FIELDS}
    return DocumentMeta(**fields)


def _as_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _is_useful_title(title: str) -> bool:
    lowered = title.lower()
    return bool(title) and not lowered.startswith(("microsoft word", "untitled", "document")) and len(title) < 300


def _first_heading(text: str) -> str:
    """The first Markdown heading, or else the first short non-empty line."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            return stripped.lstrip("#").strip()
        return stripped if len(stripped.split()) <= 15 else ""
    return ""
