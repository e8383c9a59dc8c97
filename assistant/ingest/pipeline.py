"""The ingest run: find files, index what changed, drop what was removed, rebuild BM25."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from assistant.config import Settings
from assistant.documents import Chunk, SourceDocument
from assistant.ingest.chunk import chunk_units
from assistant.ingest.clean import clean_pages, text_hash
from assistant.ingest.read import SIDECAR_SUFFIX, SkippedFile, file_hash, is_supported, read_document
from assistant.ingest.segment import segment_pages
from assistant.paths import document_id_for, index_paths, source_file, source_path_for
from assistant.store.catalog import Catalog
from assistant.store.sentences import SentenceVectors
from assistant.store.writing import (
    index_lock,
    lexical_is_current,
    open_catalog_for_writing,
    rebuild_lexical,
    writing_to,
)

if TYPE_CHECKING:
    from assistant.store.vectors import VectorStore

log = logging.getLogger(__name__)
# The catalog records the layout its index was built with (units, boilerplate, sentence vectors); an index of
# an older layout is rebuilt once at the next full run (passage and sentence vectors come from the cache).
# 4: sentences embedded with their document's title, footnote markers left out; 5: "[1]" too; 6: a short line without
# a sentence end (a web page's header or label line) and a clause after a line-final ";" stand alone; 7: a footnote
# number glued to a word inside a sentence is dropped ("te behouden2 en"); 8: a title before a name ("prof. dr.
# Judith Wolf") ends no sentence; 9: every sentence embedded alone as well; 10: an encyclopedia page's tagline left out;
# 11: a footnote number after a sentence that ends in a year ("april 2020.4 Met …"); 12: short months, "d.d.",
# "i.v.m." and a few more end no sentence, accents composed, "1°." items, HTML page furniture left out.
INDEX_FORMAT = "12"


@dataclass
class SourceFile:
    document_id: str
    path: Path
    content_hash: str


@dataclass
class IngestPlan:
    """What a run would do: files to (re)index, document ids to remove, files already current."""

    to_index: list[SourceFile]
    to_remove: list[str]
    unchanged: list[SourceFile]
    lexical_current: bool

    @property
    def is_noop(self) -> bool:
        return not self.to_index and not self.to_remove and self.lexical_current


@dataclass
class IngestReport:
    documents: int = 0
    chunks: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    embedded: int = 0
    seeded: int = 0  # passage and sentence vectors taken from the corpus's seed instead of embedded
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


def open_vectors(settings: Settings) -> VectorStore:
    """Chroma and the embedding model load only when a run has work to do, keeping no-op runs fast."""
    from assistant.store.vectors import VectorStore, open_client

    return VectorStore(open_client(settings), settings)


def find_source_files(paths: Sequence[Path], corpus_dir: Path) -> tuple[list[SourceFile], list[tuple[str, str]]]:
    """Supported files under `paths` with stable document ids; unsupported ones are reported as skipped."""
    found: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for root in paths:
        candidates = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in candidates:
            if path.name.startswith(".") or path.name.endswith(SIDECAR_SUFFIX) or path.name == "README.md":
                continue
            if not path.exists():
                skipped.append((str(path), "bestand bestaat niet"))
            elif is_supported(path):
                found.append(path)
            else:
                skipped.append((str(path), f"bestandstype {path.suffix or '(geen)'} wordt niet ondersteund"))
    files: list[SourceFile] = []
    seen: set[str] = set()
    for path in dict.fromkeys(found):
        document_id = document_id_for(path, corpus_dir)
        if document_id in seen:
            document_id = f"{document_id}-{path.suffix.lstrip('.').lower()}"
        seen.add(document_id)
        files.append(SourceFile(document_id, path, file_hash(path)))
    return files, skipped


def plan_ingest(
    settings: Settings, catalog: Catalog, paths: Sequence[Path] | None = None
) -> tuple[IngestPlan, list[tuple[str, str]]]:
    roots = list(paths) if paths else [settings.corpus_dir]
    files, skipped = find_source_files(roots, settings.corpus_dir)
    known = {record.document_id: record for record in catalog.documents()}
    outdated = catalog.get_state("index_format") != INDEX_FORMAT and not paths
    to_index = [
        f
        for f in files
        if outdated
        or f.document_id not in known
        or known[f.document_id].content_hash != f.content_hash
        or known[f.document_id].status != "complete"
        or not known[f.document_id].text_hash  # indexed before text hashes were kept: read once more
    ]
    current_ids = {f.document_id for f in files}
    resolved_roots = [root.resolve() for root in roots]
    to_remove = [
        document_id
        for document_id, record in known.items()
        if document_id not in current_ids
        and _is_under(source_file(settings.corpus_dir, record.source_path).resolve(), resolved_roots)
    ]
    lexical_current = lexical_is_current(index_paths(settings), catalog)
    unchanged = [f for f in files if f not in to_index]
    return IngestPlan(to_index, to_remove, unchanged, lexical_current), skipped


def _is_under(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def run_ingest(settings: Settings, paths: Sequence[Path] | None = None, show_progress: bool = False) -> IngestReport:
    """Bring the index in line with the files: new and changed ones indexed, removed ones dropped."""
    started = time.perf_counter()
    report = IngestReport()
    where = index_paths(settings)
    with index_lock(where):
        catalog = open_catalog_for_writing(where)
        try:
            plan, skipped = plan_ingest(settings, catalog, paths)
            report.skipped.extend(skipped)
            report.unchanged = len(plan.unchanged)
            with writing_to(where):
                if plan.to_index or plan.to_remove:
                    _apply(settings, catalog, plan, report, show_progress)
                if not lexical_is_current(where, catalog):
                    rebuild_lexical(where, catalog)
                if not paths:
                    catalog.set_state("index_format", INDEX_FORMAT)
            report.documents, report.chunks = catalog.counts()
        finally:
            catalog.close()
    report.seconds = time.perf_counter() - started
    return report


def _apply(settings: Settings, catalog: Catalog, plan: IngestPlan, report: IngestReport, show_progress: bool) -> None:
    """Read and chunk every changed file, embed all new passages in large batches, then store per document."""
    from assistant.embedding import EmbeddingCache, embed_texts, embedding_for, read_seed, sentence_hash

    known = {record.document_id for record in catalog.documents() if record.status == "complete"}
    prepared: list[tuple[SourceDocument, list[Chunk]]] = []
    with _progress(show_progress) as progress:
        reading = progress.add_task("Lezen", total=len(plan.to_index))
        pages = progress.add_task("Pagina's", total=None, visible=False)
        for source in plan.to_index:

            def on_page(done: int, total: int, name: str = source.path.name) -> None:
                progress.update(pages, completed=done, total=total, visible=True, description=f"Pagina's {name}")

            try:
                prepared.append(prepare_document(settings, source, on_page))
            except SkippedFile as skip:
                log.warning("skipped %s: %s", source.path, skip)
                report.skipped.append((str(source.path), skip.user_message))
            progress.advance(reading)
        all_chunks = [chunk for _, chunks in prepared for chunk in chunks]
        vectors = open_vectors(settings)
        passage_items, sentence_items = embedding_items(all_chunks)
        cache = EmbeddingCache(settings.embedding_cache_path)
        try:
            seed = read_seed(settings.embedding_seed_path, settings.embedding_key)
            needed = {hash_: seed[hash_] for hash_, _ in passage_items + sentence_items if hash_ in seed}
            report.seeded = cache.put_many(settings.embedding_key, needed, replace=False)
            embedding_task = progress.add_task("Inbedden", total=len(all_chunks))
            found = embed_texts(
                embedding_for(settings),
                cache,
                settings.embedding_key,
                passage_items,
                on_batch=lambda batch: _count_embedded(report, progress, embedding_task, batch),
            )
            progress.update(embedding_task, completed=len(all_chunks))
            sentence_task = progress.add_task("Zinnen inbedden", total=len(sentence_items))
            found_sentences = embed_texts(
                embedding_for(settings),
                cache,
                settings.embedding_key,
                sentence_items,
                on_batch=lambda batch: progress.advance(sentence_task, batch),
            )
            progress.update(sentence_task, completed=len(sentence_items))
        finally:
            cache.close()
        with closing(SentenceVectors(index_paths(settings).sentences)) as sentences:
            for document, chunks in prepared:
                catalog.mark_pending(document)
                sentences.replace_document(
                    document.document_id,
                    [
                        (
                            chunk.chunk_id,
                            index,
                            found_sentences[sentence_hash(chunk.sentence_embedding_text(text))],
                            found_sentences[sentence_hash(text)],
                        )
                        for chunk in chunks
                        for index, text in chunk.evidence()
                    ],
                )
                vectors.upsert(chunks, [found[chunk.content_hash] for chunk in chunks])
                stale = vectors.ids_of_document(document.document_id) - {chunk.chunk_id for chunk in chunks}
                vectors.delete(sorted(stale))
                catalog.complete(document, chunks)
                if document.document_id in known:
                    report.changed += 1
                else:
                    report.new += 1
            for document_id in plan.to_remove:
                sentences.remove_document(document_id)
                vectors.delete_document(document_id)
                catalog.remove(document_id)
                report.removed += 1
    if report.new or report.changed or report.removed:
        version = str(int(catalog.get_state("index_version", "0")) + 1)
        catalog.set_state("index_version", version)
        vectors.set_state("index_version", version)


def embedding_items(chunks: Sequence[Chunk]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(content hash, text to embed) of each passage, and of each of their sentences once, read both ways: with
    its document's title and alone (see assistant/store/sentences.py)."""
    from assistant.embedding import sentence_hash

    passages = [(chunk.content_hash, chunk.embedding_text) for chunk in chunks]
    sentences = {
        sentence_hash(reading): reading
        for chunk in chunks
        for _, text in chunk.evidence()
        for reading in (chunk.sentence_embedding_text(text), text)
    }
    return passages, list(sentences.items())


def prepare_document(
    settings: Settings, source: SourceFile, on_page: Callable[[int, int], None] | None = None
) -> tuple[SourceDocument, list[Chunk]]:
    """read -> clean -> segment -> chunk for one file; raises SkippedFile with the reason.

    `on_page(done, total)` follows the pages of a PDF as they are read."""
    max_bytes = int(settings.max_file_mb * 1e6)
    document = read_document(source.path, source.document_id, max_bytes, settings.max_pdf_pages, on_page)
    pages = clean_pages(document.pages)
    document = replace(
        document, source_path=source_path_for(source.path, settings.corpus_dir), text_hash=text_hash(pages)
    )
    units = segment_pages(pages, document.meta.title)
    chunks = chunk_units(
        document.document_id,
        document.source_path,
        document.meta,
        units,
        settings.chunk_words,
        settings.chunk_max_words,
        settings.chunk_overlap_sentences,
    )
    if not chunks:
        raise SkippedFile(f"no usable text in {source.path}", "bestand bevat geen bruikbare tekst")
    return document, chunks


def _count_embedded(report: IngestReport, progress: Progress, task: TaskID, batch: int) -> None:
    report.embedded += batch
    progress.advance(task, batch)


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress]:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        disable=not enabled or not os.isatty(2),
        transient=False,
    )
    with progress:
        yield progress
