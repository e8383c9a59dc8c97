"""Every file of the index, named in one place and absolute: catalog, BM25 versions, Chroma, cache, lock."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.config import Settings

LEXICAL_PREFIX = "lexical-"


@dataclass(frozen=True)
class IndexPaths:
    """Where an index keeps its parts; built from Settings, whose paths are already absolute."""

    root: Path
    embedding_cache: Path
    gate_weights: Path

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
    return IndexPaths(settings.index_dir, settings.embedding_cache_path, settings.gate_weights)
