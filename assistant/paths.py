"""Where things lie: every file of the index (absolute), and each document's file (relative to the corpus dir).

A document's `source_path` is stored relative to the corpus dir (posix), never to a working directory, so any
process finds, serves and removes it wherever it was started.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from assistant.config import Settings

LEXICAL_PREFIX = "lexical-"


@dataclass(frozen=True)
class IndexPaths:
    """Where an index keeps its parts; built from Settings, whose paths are already absolute."""

    root: Path
    embedding_cache: Path
    gate_weights: Path
    corpus: Path

    @property
    def catalog(self) -> Path:
        return self.root / "catalog.sqlite"

    @property
    def sentences(self) -> Path:
        return self.root / "sentences.sqlite"

    @property
    def chroma(self) -> Path:
        return self.root / "chroma"

    @property
    def lock(self) -> Path:
        return self.root / "ingest.lock"

    def lexical(self, version: str) -> Path:
        """The BM25 folder of one index version; versions are swapped by rename, never edited."""
        return self.root / f"{LEXICAL_PREFIX}{version}"

    def lexical_versions(self) -> list[Path]:
        return sorted(path for path in self.root.glob(f"{LEXICAL_PREFIX}*") if path.is_dir())


def index_paths(settings: Settings) -> IndexPaths:
    return IndexPaths(settings.index_dir, settings.embedding_cache_path, settings.gate_weights, settings.corpus_dir)


def document_id(source_path: str) -> str:
    """A readable, stable id from a path inside the corpus: without its extension, lower-case, [a-z0-9_.-]."""
    stem = PurePosixPath(source_path).with_suffix("").as_posix()
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-").lower() or "document"


def document_id_for(path: Path, corpus_dir: Path) -> str:
    """The id of a file: from its path inside the corpus, or from its name alone for a file outside it."""
    return document_id(source_path_for(path, corpus_dir) if is_in_corpus(path, corpus_dir) else path.name)


def source_path_for(path: Path, corpus_dir: Path) -> str:
    """What the catalog stores for a file: its path inside the corpus (posix), or its absolute path outside it."""
    resolved = path.resolve()
    if is_in_corpus(path, corpus_dir):
        return resolved.relative_to(corpus_dir.resolve()).as_posix()
    return str(resolved)


def is_in_corpus(path: Path, corpus_dir: Path) -> bool:
    """Whether `path` (symlinks resolved) lies inside the corpus dir."""
    return corpus_dir.resolve() in path.resolve().parents


def source_file(corpus_dir: Path, source_path: str) -> Path:
    """Where a stored `source_path` lies on disk (it may no longer exist)."""
    return corpus_dir / source_path  # an absolute source_path (a file outside the corpus) stays as it is


def corpus_file(corpus_dir: Path, source_path: str) -> Path | None:
    """The file behind a document, only when it exists inside the corpus dir (symlinks resolved)."""
    path = source_file(corpus_dir, source_path).resolve()
    return path if path.is_file() and is_in_corpus(path, corpus_dir) else None
