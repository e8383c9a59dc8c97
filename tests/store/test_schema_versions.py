"""Schema versions of the three SQLite files: files from before versions existed open and are migrated once."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embedding import EmbeddingCache
from assistant.errors import SchemaVersionError
from assistant.feedback import FeedbackStore
from assistant.ingest.pipeline import run_ingest
from assistant.paths import index_paths
from assistant.store.catalog import Catalog
from assistant.store.writing import open_catalog_for_writing
from tests.conftest import copy_fixture_corpus, make_settings

# The schemas as they were before versions were kept, copied here so the tests keep meaning what they say.
CATALOG_BEFORE_VERSIONS = """
CREATE TABLE IF NOT EXISTS documents (
    document_id TEXT PRIMARY KEY, source_path TEXT NOT NULL, kind TEXT NOT NULL, content_hash TEXT NOT NULL,
    title TEXT, publisher TEXT, url TEXT, date TEXT, license TEXT, completeness TEXT,
    pages INTEGER, chunk_count INTEGER DEFAULT 0, status TEXT NOT NULL, indexed_at REAL
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, document_id TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL,
    spans TEXT NOT NULL, content_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks (document_id, position);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
FEEDBACK_BEFORE_VERSIONS = """
CREATE TABLE IF NOT EXISTS answers (
    answer_id TEXT PRIMARY KEY, created_at REAL NOT NULL, question TEXT NOT NULL, history TEXT NOT NULL,
    audience TEXT, answer TEXT NOT NULL, refused INTEGER NOT NULL, citations TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, answer_id TEXT NOT NULL REFERENCES answers (answer_id),
    created_at REAL NOT NULL, rating TEXT NOT NULL, reason TEXT, comment TEXT
);
"""
CACHE_BEFORE_VERSIONS = (
    "CREATE TABLE IF NOT EXISTS vectors (model TEXT, hash TEXT, vector BLOB, PRIMARY KEY (model, hash))"
)
CATALOG_VERSION = 3


def file_bytes(path: Path) -> dict[str, str]:
    """The SQLite file and its non-empty write-ahead log, by name with the hash of their bytes."""
    return {
        file.name: hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted(path.parent.glob(path.name + "*"))
        if not file.name.endswith("-shm") and file.stat().st_size > 0
    }


def user_version(path: Path) -> int:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def old_catalog(path: Path, rows: list[tuple[str, str]]) -> Path:
    """A catalog as the code before schema versions wrote it: (document id, source path) rows, one passage each."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(CATALOG_BEFORE_VERSIONS)
        for document, source_path in rows:
            db.execute(
                "INSERT INTO documents (document_id, source_path, kind, content_hash, title, status)"
                " VALUES (?, ?, 'markdown', 'h', 'Titel', 'complete')",
                (document, source_path),
            )
            db.execute("INSERT INTO chunks VALUES (?, ?, 0, 'Tekst.', '[]', 'c')", (f"{document}-0", document))
    return path


@pytest.fixture
def corpus_paths(tmp_path: Path, embedding_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings of a corpus at kb/corpus, with the working dir somewhere else."""
    settings = make_settings(tmp_path / "kb", embedding_cache)
    (tmp_path / "elders").mkdir()
    monkeypatch.chdir(tmp_path / "elders")
    return settings


def test_a_catalog_from_before_schema_versions_is_migrated_on_open_for_writing(
    corpus_paths: Settings, tmp_path: Path
) -> None:
    corpus = corpus_paths.corpus_dir
    outside = tmp_path / "los" / "notitie.md"
    outside.parent.mkdir()
    outside.write_text("# Notitie\n\nTekst.", encoding="utf-8")
    paths = index_paths(corpus_paths)
    old_catalog(
        paths.catalog,
        [
            ("rapporten-zonnehuis", "corpus/rapporten/zonnehuis.pdf"),  # written from kb/, read from elders/
            ("brief", "../kb/corpus/brief.md"),  # written from this very working dir
            ("opvang-vuurtoren-pdf", str(corpus / "opvang" / "vuurtoren.pdf")),  # absolute, inside the corpus
            ("notitie", str(outside)),  # absolute, outside the corpus
        ],
    )
    with closing(open_catalog_for_writing(paths)) as catalog:
        stored = {record.document_id: (record.source_path, record.text_hash) for record in catalog.documents()}
        assert len(catalog.all_chunks()) == 4
    assert stored == {
        "rapporten-zonnehuis": ("rapporten/zonnehuis.pdf", ""),
        "brief": ("brief.md", ""),
        "opvang-vuurtoren-pdf": ("opvang/vuurtoren.pdf", ""),
        "notitie": (str(outside), ""),
    }
    assert user_version(paths.catalog) == CATALOG_VERSION
    before = file_bytes(paths.catalog)
    with closing(open_catalog_for_writing(paths)) as catalog:
        assert {record.document_id: (record.source_path, record.text_hash) for record in catalog.documents()} == stored
    assert file_bytes(paths.catalog) == before


def test_a_read_only_open_never_migrates_and_says_what_to_do(corpus_paths: Settings) -> None:
    path = old_catalog(index_paths(corpus_paths).catalog, [("brief", "corpus/brief.md")])
    before = file_bytes(path)
    with pytest.raises(SchemaVersionError) as raised:
        Catalog(path, read_only=True)
    assert "assistant ingest" in raised.value.user_message and "oudere versie" in raised.value.user_message
    assert "schema version 1" in str(raised.value)
    assert file_bytes(path) == before and user_version(path) == 0


def test_a_catalog_of_a_newer_version_is_refused_and_left_alone(corpus_paths: Settings) -> None:
    path = old_catalog(index_paths(corpus_paths).catalog, [("brief", "brief.md")])
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 99")
    before = file_bytes(path)
    for open_it in (lambda: Catalog(path, read_only=True), lambda: open_catalog_for_writing(index_paths(corpus_paths))):
        with pytest.raises(SchemaVersionError) as raised:
            open_it()
        assert "nieuwere versie" in raised.value.user_message
        assert "version 99" in str(raised.value)
    assert file_bytes(path) == before


def test_a_feedback_file_from_before_schema_versions_opens_with_its_feedback(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite"
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(FEEDBACK_BEFORE_VERSIONS)
        db.execute("INSERT INTO answers VALUES ('a1', 1, 'Wat is Housing First?', '[]', NULL, 'Een aanpak.', 0, '[]')")
        db.execute(
            "INSERT INTO feedback (answer_id, created_at, rating, reason, comment) VALUES ('a1', 2, 'down', '', '')"
        )
    store = FeedbackStore(path)
    assert [(row.answer_id, row.question) for row in store.feedback("down")] == [("a1", "Wat is Housing First?")]
    store.close()
    assert user_version(path) == 1
    before = file_bytes(path)
    FeedbackStore(path).close()
    assert file_bytes(path) == before
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 2")
    with pytest.raises(SchemaVersionError):
        FeedbackStore(path)


def test_an_embedding_cache_from_before_schema_versions_keeps_its_vectors(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite"
    vector = np.arange(4, dtype=np.float32)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(CACHE_BEFORE_VERSIONS)
        db.execute("INSERT INTO vectors VALUES ('m', 'h', ?)", (vector.tobytes(),))
    cache = EmbeddingCache(path)
    assert cache.get_many("m", ["h"])["h"].tolist() == vector.tolist()
    cache.close()
    assert user_version(path) == 1
    before = file_bytes(path)
    EmbeddingCache(path).close()
    assert file_bytes(path) == before
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 2")
    with pytest.raises(SchemaVersionError):
        EmbeddingCache(path)


def test_an_index_from_before_schema_versions_is_migrated_by_the_next_ingest_without_embedding_again(
    tmp_path: Path, embedding_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real index, turned back into what the code before versions left: cwd-relative paths, no text hashes."""
    settings = make_settings(tmp_path / "kb", embedding_cache)
    names = ["46_stb-2024-152-besluit-specifieke-groepen-tijdelijke-huurovereenkomst.md"]
    copy_fixture_corpus(settings.corpus_dir / "besluiten", names)
    assert run_ingest(settings).documents == 1
    catalog_path = index_paths(settings).catalog
    with closing(sqlite3.connect(catalog_path)) as db, db:
        db.execute("UPDATE documents SET source_path = 'corpus/' || source_path")
        db.execute("DROP INDEX documents_by_text")
        db.execute("ALTER TABLE documents DROP COLUMN text_hash")
        db.execute("PRAGMA user_version = 0")
    (tmp_path / "elders").mkdir()
    monkeypatch.chdir(tmp_path / "elders")
    report = run_ingest(settings)
    assert (report.changed, report.embedded, report.removed, report.documents) == (1, 0, 0, 1)
    with closing(Catalog(catalog_path, read_only=True)) as catalog:
        (record,) = catalog.documents()
    assert record.source_path == f"besluiten/{names[0]}" and record.text_hash
    again = run_ingest(settings)
    assert (again.new, again.changed, again.removed, again.embedded) == (0, 0, 0, 0)
