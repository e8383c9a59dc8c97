"""Keeping the knowledge base current: add, replace and remove documents and edit their citation metadata."""

from __future__ import annotations

import hmac
import logging
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import yaml

from assistant.config import Settings
from assistant.errors import AssistantError, NotFoundError
from assistant.ingest.formats import accepted_suffixes, format_for
from assistant.ingest.pipeline import SourceFile, prepare_document, run_ingest
from assistant.ingest.read import META_FIELDS, SIDECAR_SUFFIX, SkippedFile, file_hash
from assistant.paths import corpus_file, document_id_for, index_paths
from assistant.store.catalog import DocumentRecord
from assistant.store.writing import open_catalog_for_writing, writing_to

log = logging.getLogger(__name__)
EDITABLE_FIELDS = ("title", "publisher", "url", "date")
MAX_NAME_CHARS = 120
UploadStatus = Literal["indexed", "replaced", "duplicate"]


class UploadRefused(AssistantError):
    """A file that is not taken into the knowledge base; `user_message` says why, in Dutch."""

    user_message = "Dit bestand is geweigerd."
    status_code = 422


class DocumentNotFound(NotFoundError):
    user_message = "Dit document staat niet in de kennisbank."


@dataclass(frozen=True)
class UploadResult:
    status: UploadStatus
    record: DocumentRecord


def token_matches(settings: Settings, offered: str | None) -> bool:
    """True only when admin editing is on and `offered` is its token (compared in constant time)."""
    expected = settings.admin_token.get_secret_value()
    return bool(expected) and offered is not None and hmac.compare_digest(offered.encode(), expected.encode())


def safe_file_name(name: str) -> str:
    """The name a file is stored under in the corpus; names that try to leave it are refused, not repaired."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or "\x00" in name or ".." in name:
        raise UploadRefused(f"unsafe file name {name!r}", "De bestandsnaam is niet toegestaan.")
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    if format_for(name) is None:
        allowed = ", ".join(sorted({s.lstrip(".") for s in accepted_suffixes()}))
        raise UploadRefused(
            f"unsupported type {suffix!r}", f"Bestandstype {suffix or '(geen)'} wordt niet ondersteund ({allowed})."
        )
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    clean = re.sub(r"[^A-Za-z0-9_.-]+", "-", ascii_stem).strip("-.")[:MAX_NAME_CHARS] or "document"
    return clean + suffix


def check_content(name: str, content: bytes, max_bytes: int) -> None:
    """Size and content sniffing: a PDF must be one, a text file must not be binary (a renamed file is refused)."""
    if not content:
        raise UploadRefused(f"{name}: empty upload", "Het bestand is leeg.")
    if len(content) > max_bytes:
        raise UploadRefused(
            f"{name}: {len(content)} bytes > {max_bytes}",
            f"Het bestand is te groot ({len(content) / 1e6:.1f} MB; maximaal {max_bytes / 1e6:.0f} MB).",
        )
    found = format_for(name)
    if found is None or found.accepts(content):
        return
    if found.signature:
        suffix = Path(name).suffix.lower()
        raise UploadRefused(
            f"{name}: no {found.kind} signature", f"Dit bestand heet {suffix} maar is geen {found.label}."
        )
    raise UploadRefused(
        f"{name}: binary content under a text name", "Dit bestand is geen tekstbestand (de inhoud is binair)."
    )


def add_document(
    settings: Settings,
    file_name: str,
    content: bytes,
    meta: dict[str, str] | None = None,
    replaces: str | None = None,
) -> UploadResult:
    """Store an upload in the corpus and index it; the same text twice is no duplicate, a new version replaces.

    A document is recognised by its extracted text, not its bytes: a PDF saved or downloaded again is the same one.
    Raises UploadRefused (nothing changed) for a bad file, DocumentNotFound for an unknown `replaces`.
    """
    name = safe_file_name(file_name)
    check_content(name, content, int(settings.max_file_mb * 1e6))
    fields = {key: value.strip() for key, value in (meta or {}).items() if key in META_FIELDS and (value or "").strip()}
    text = _check_readable(settings, name, content, fields)
    corpus = settings.corpus_dir.resolve()
    catalog = open_catalog_for_writing(index_paths(settings))
    try:
        existing = catalog.document_with_text(text)
        if existing is not None and replaces not in (None, existing.document_id):
            raise UploadRefused(
                f"content of {file_name} already indexed as {existing.document_id}",
                f"Deze inhoud staat al in de kennisbank als “{existing.meta.title}”.",
            )
        if existing is not None:
            if fields:
                return UploadResult("duplicate", edit_metadata(settings, existing.document_id, fields))
            return UploadResult("duplicate", existing)
        old_path: Path | None = None
        if replaces is not None:
            old = catalog.document(replaces)
            old_path = _file_of(settings, old) if old is not None else None
            if old is None or old_path is None:
                raise DocumentNotFound(f"replaces unknown document {replaces!r}")
            target = old_path.with_suffix(Path(name).suffix)
        else:
            target = corpus / name
            # "beleid.txt" beside "beleid.md" would take the id of the other and push it out of the index.
            taken = catalog.document(document_id_for(target, settings.corpus_dir))
            taken_path = _file_of(settings, taken) if taken is not None else None
            if taken is not None and (taken_path is None or taken_path.resolve() != target.resolve()):
                raise UploadRefused(
                    f"{name} would take the id {taken.document_id} of {taken.source_path}",
                    f"Er staat al een document met deze naam in de kennisbank (“{taken.meta.title}”). Vervang dat "
                    "document, of geef het bestand een andere naam.",
                )
    finally:
        catalog.close()
    replacing = target.exists() or old_path is not None
    sidecar = target.with_name(target.name + SIDECAR_SUFFIX)
    old_files = [old_path, old_path.with_name(old_path.name + SIDECAR_SUFFIX)] if old_path else []
    corpus.mkdir(parents=True, exist_ok=True)
    # Chroma down, a full disk, another ingest: the upload fails and the corpus stays as it was.
    with _restored_on_failure([target, sidecar, *old_files]):
        _write_atomically(target, content)
        # A new version keeps the metadata of the one it replaces, unless the upload gives new values.
        carried = _sidecar_fields(old_files[1]) if old_files else {}
        if fields or (carried and old_path != target):
            _write_sidecar(sidecar, {**_sidecar_fields(sidecar), **carried, **fields})
        paths = [target]
        if old_path is not None and old_path != target:
            _remove_file(old_path)
            paths.append(old_path)
        report = run_ingest(settings, paths)
        if report.skipped:
            log.error("upload %s was checked but skipped at ingest: %s", target, report.skipped)
        catalog = open_catalog_for_writing(index_paths(settings))
        try:
            record = catalog.document(document_id_for(target, settings.corpus_dir))
        finally:
            catalog.close()
        if record is None:
            raise UploadRefused(f"{target} was not indexed", "Het bestand kon niet worden geïndexeerd.")
    log.info("upload %s stored as %s: %d passages", file_name, target, record.chunk_count)
    return UploadResult("replaced" if replacing else "indexed", record)


def remove_document(settings: Settings, document_id: str) -> None:
    """Delete a document's file (and sidecar) from the corpus and its passages from both indexes."""
    catalog = open_catalog_for_writing(index_paths(settings))
    try:
        record = catalog.document(document_id)
        path = _file_of(settings, record) if record is not None else None
    finally:
        catalog.close()
    if record is None or path is None:
        raise DocumentNotFound(f"no document {document_id!r} in the corpus")
    with _restored_on_failure([path, path.with_name(path.name + SIDECAR_SUFFIX)]):
        _remove_file(path)
        run_ingest(settings, [path])
    log.info("removed %s (%s)", document_id, path)


def edit_metadata(settings: Settings, document_id: str, changes: dict[str, str]) -> DocumentRecord:
    """New title, publisher, url or date in citations, kept in the sidecar file; the passages are not re-embedded."""
    fields = {key: value.strip() for key, value in changes.items() if key in EDITABLE_FIELDS and value is not None}
    catalog = open_catalog_for_writing(index_paths(settings))
    try:
        record = catalog.document(document_id)
        path = _file_of(settings, record) if record is not None else None
        if record is None or path is None:
            raise DocumentNotFound(f"no document {document_id!r} in the corpus")
        if fields.get("title") == "":
            raise UploadRefused("empty title", "Een document heeft een titel nodig.")
        sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
        with _restored_on_failure([sidecar]), writing_to(index_paths(settings)):
            _write_sidecar(sidecar, {**_sidecar_fields(sidecar), **fields})
            meta = replace(record.meta, **fields)
            # The sidecar is part of the file's hash: record the new hash so the next ingest sees nothing to redo.
            catalog.update_meta(document_id, meta, file_hash(path))
        updated = catalog.document(document_id)
    finally:
        catalog.close()
    assert updated is not None
    return updated


def _file_of(settings: Settings, record: DocumentRecord) -> Path | None:
    return corpus_file(settings.corpus_dir, record.source_path)


def _check_readable(settings: Settings, name: str, content: bytes, fields: dict[str, str]) -> str:
    """Read and chunk the upload in a scratch folder first, so a bad file never reaches the corpus; its text hash."""
    with tempfile.TemporaryDirectory(prefix="thuisvraag-upload-") as scratch:
        path = Path(scratch) / name
        path.write_bytes(content)
        if fields:
            sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
            sidecar.write_text(yaml.safe_dump(fields, allow_unicode=True), encoding="utf-8")
        try:
            document, _ = prepare_document(settings, SourceFile("upload", path, ""))
        except SkippedFile as skip:
            raise UploadRefused(str(skip), f"Het bestand is geweigerd: {skip.user_message}.") from skip
    return document.text_hash


def _sidecar_fields(sidecar: Path) -> dict[str, str]:
    if not sidecar.is_file():
        return {}
    try:
        loaded = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return {str(k): str(v) for k, v in loaded.items() if v is not None} if isinstance(loaded, dict) else {}


def _write_sidecar(sidecar: Path, fields: dict[str, str]) -> None:
    _write_atomically(sidecar, yaml.safe_dump(fields, allow_unicode=True, sort_keys=False).encode())


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)


@contextmanager
def _restored_on_failure(paths: Sequence[Path]) -> Iterator[None]:
    """Put `paths` back as they were (present with their bytes, or absent) when the block fails."""
    saved = {path: path.read_bytes() if path.is_file() else None for path in dict.fromkeys(paths)}
    try:
        yield
    except BaseException:
        for path, data in saved.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                _write_atomically(path, data)
        raise


def _remove_file(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.with_name(path.name + SIDECAR_SUFFIX).unlink(missing_ok=True)
