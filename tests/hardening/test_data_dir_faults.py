"""A read-only or full data dir: ingest stops with a clear Dutch error and the existing index stays as it was."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.config import Settings
from assistant.errors import IndexUnwritableError, IngestError
from assistant.ingest.pipeline import open_vectors, run_ingest
from assistant.paths import index_paths
from assistant.retrieval.engine import AnswerEngine
from assistant.store.catalog import Catalog
from tests.conftest import SHIPPED_CORPUS, copy_fixture_corpus, make_settings

FIRST = "00_hfnl-principes-van-housing-first.md"
LATER = "00_vng-brede-aanpak-dakloosheid.md"
UPLOAD = "60_cbs-maatschappelijke-opvang-en-vrouwenopvang-definitie.md"
IS_ROOT = os.geteuid() == 0


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with the SHA-256 of its bytes.

    SQLite's shared-memory index (-shm) and an empty write-ahead log (-wal) hold no data: a failed open may
    leave them behind, so they are left out. A -wal with content would be a change, and is compared.
    """
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not path.name.endswith("-shm")
        and not (path.name.endswith("-wal") and path.stat().st_size == 0)
    }


def mount(*arguments: str) -> None:
    result = subprocess.run(["mount", *arguments], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        command = " ".join(["mount", *arguments])
        pytest.skip(f"running as root, and `{command}` is not permitted here: {result.stderr.strip()}")


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "--lazy", str(folder)], check=True)  # Chroma keeps its files open in this process


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` read-only for this process: chmod for a normal user, a read-only bind mount for root.

    Root ignores file modes, so a chmod would test nothing there.
    """
    if not IS_ROOT:
        paths = [folder, *folder.rglob("*")]
        modes = {path: path.stat().st_mode for path in paths}
        for path in paths:
            path.chmod(stat.S_IMODE(modes[path]) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        try:
            yield
        finally:
            for path in paths:
                path.chmod(stat.S_IMODE(modes[path]))
        return
    mount("--bind", str(folder), str(folder))
    try:
        mount("-o", "remount,ro,bind", str(folder))
        yield
    finally:
        unmount(folder)


def cli_ingest(settings: Settings) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
        "ASSISTANT_DATA_DIR": str(settings.data_dir),
        "ASSISTANT_EMBEDDING_CACHE": str(settings.embedding_cache_path),
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ingest"], env=env, capture_output=True, text=True, timeout=300
    )


def assert_still_answers(settings: Settings) -> None:
    engine = AnswerEngine(settings)
    try:
        answer = engine.ask("Wat betekent harm reduction in Housing First?")
    finally:
        engine.close()
    assert not answer.refused
    assert answer.citations[0].document_id == Path(FIRST).stem


@pytest.fixture
def indexed(tmp_path: Path, embedding_cache: Path) -> Settings:
    """An index of one document, with a second document waiting in the corpus, so an ingest has work to do."""
    settings = make_settings(tmp_path, embedding_cache)
    copy_fixture_corpus(settings.corpus_dir, [FIRST])
    assert run_ingest(settings).chunks > 0
    copy_fixture_corpus(settings.corpus_dir, [LATER])
    return settings


def test_a_read_only_data_dir_gives_a_clear_error_and_leaves_the_index_untouched(indexed: Settings) -> None:
    before = file_hashes(indexed.data_dir)
    with read_only(indexed.data_dir):
        with pytest.raises(IngestError) as raised:
            run_ingest(indexed)
        result = cli_ingest(indexed)
    assert "niet schrijfbaar" in raised.value.user_message
    assert result.returncode == 1, result.stderr
    assert "niet schrijfbaar" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    assert file_hashes(indexed.data_dir) == before
    assert_still_answers(indexed)


@contextmanager
def small_filesystem(folder: Path, size: str = "64m") -> Iterator[None]:
    """A tmpfs of `size` mounted on `folder` (root only: nothing else makes a real full disk)."""
    if not IS_ROOT:
        pytest.skip("a full data dir needs a small filesystem; mounting one needs root")
    folder.mkdir(parents=True, exist_ok=True)
    mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield
    finally:
        unmount(folder)


def fill(folder: Path, leave: int = 0) -> None:
    """Write a filler file until the filesystem under `folder` has `leave` bytes left."""
    descriptor = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for block in (1 << 20, 4096, 1):
            try:
                while os.write(descriptor, b"\0" * block):
                    pass
            except OSError:
                pass
        os.ftruncate(descriptor, max(0, os.fstat(descriptor).st_size - leave))
    finally:
        os.close(descriptor)


def served_index(settings: Settings) -> tuple[object, ...]:
    """What answers are made from: complete documents with their passage ids, the index version, the BM25 files."""
    with closing(Catalog(index_paths(settings).catalog)) as catalog:
        complete = {record.document_id for record in catalog.documents() if record.status == "complete"}
        chunks = sorted((c.document_id, c.chunk_id) for c in catalog.all_chunks() if c.document_id in complete)
        version = catalog.get_state("index_version")
    vectors = open_vectors(settings).all_ids() & {chunk_id for _, chunk_id in chunks}
    return chunks, vectors, version, file_hashes(index_paths(settings).lexical(version))


# Free space left on the data dir: none at all (the catalog cannot even open), then room enough to fail later,
# while embedding (the vector cache lives in the data dir) or while storing passages.
@pytest.mark.parametrize("leave", [0, 32_768, 131_072], ids=["full", "full-while-embedding", "full-while-storing"])
def test_a_full_data_dir_gives_a_clear_error_and_leaves_the_index_untouched(tmp_path: Path, leave: int) -> None:
    settings = make_settings(tmp_path, tmp_path / "data" / "embeddings.sqlite")
    with small_filesystem(settings.data_dir):
        copy_fixture_corpus(settings.corpus_dir, [FIRST])
        assert run_ingest(settings).chunks > 0
        before, before_bytes = served_index(settings), file_hashes(settings.index_dir)
        copy_fixture_corpus(settings.corpus_dir, [LATER])
        fill(settings.data_dir, leave)
        with pytest.raises(IngestError) as raised:
            run_ingest(settings)
        result = cli_ingest(settings)
        assert "niet schrijfbaar" in raised.value.user_message, raised.value
        assert result.returncode == 1, result.stderr
        assert "niet schrijfbaar" in " ".join(result.stderr.split())
        assert "Traceback" not in result.stderr
        if leave == 0:
            assert file_hashes(settings.index_dir) == before_bytes
        (settings.data_dir / "filler").unlink()
        assert served_index(settings) == before
        assert_still_answers(settings)
        report = run_ingest(settings)
        assert (report.documents, report.skipped) == (2, [])
        with closing(Catalog(index_paths(settings).catalog)) as catalog:
            assert {record.status for record in catalog.documents()} == {"complete"}
            assert {c.chunk_id for c in catalog.all_chunks()} == open_vectors(settings).all_ids()


@contextmanager
def admin_client(settings: Settings) -> Iterator[TestClient]:
    """The admin API of an app over `settings`, started while its data dir is still writable."""
    from assistant.admin_api import build_admin_api
    from assistant.api import add_error_handler
    from tests.api.test_admin_api import TOKEN

    settings = settings.model_copy(update={"admin_token": SecretStr(TOKEN)})
    engine = AnswerEngine(settings)
    app = FastAPI()
    add_error_handler(app)
    app.include_router(build_admin_api(settings, engine))
    try:
        with TestClient(app) as client:
            yield client
    finally:
        engine.close()


def admin_calls(client: TestClient) -> list[tuple[int, str]]:
    """An upload, a metadata edit and a delete through the admin API: (status, Dutch detail) of each."""
    from tests.api.test_admin_api import AUTH

    document = Path(FIRST).stem
    responses = [
        client.post(
            "/api/admin/documents", headers=AUTH, files={"file": ("opvang.md", (SHIPPED_CORPUS / UPLOAD).read_bytes())}
        ),
        client.patch(f"/api/admin/documents/{document}", headers=AUTH, json={"title": "Nieuwe titel"}),
        client.delete(f"/api/admin/documents/{document}", headers=AUTH),
    ]
    return [(response.status_code, response.json()["detail"]) for response in responses]


def corpus_files(settings: Settings) -> dict[str, bytes]:
    corpus = settings.corpus_dir
    return {path.relative_to(corpus).as_posix(): path.read_bytes() for path in corpus.rglob("*") if path.is_file()}


def test_admin_changes_to_a_read_only_data_dir_are_refused_as_unwritable_and_change_nothing(indexed: Settings) -> None:
    before = corpus_files(indexed), file_hashes(indexed.data_dir)
    with admin_client(indexed) as client, read_only(indexed.data_dir):
        outcomes = admin_calls(client)
    for status, detail in outcomes:
        assert status == IndexUnwritableError.status_code == 507  # not 409, which means another ingest is running
        assert "niet schrijfbaar" in detail
    assert (corpus_files(indexed), file_hashes(indexed.data_dir)) == before


def test_admin_changes_to_a_full_data_dir_are_refused_as_unwritable_and_change_nothing(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, tmp_path / "data" / "embeddings.sqlite")
    with small_filesystem(settings.data_dir):
        copy_fixture_corpus(settings.corpus_dir, [FIRST])
        assert run_ingest(settings).chunks > 0
        before = corpus_files(settings), served_index(settings)
        with admin_client(settings) as client:
            fill(settings.data_dir)
            outcomes = admin_calls(client)
            (settings.data_dir / "filler").unlink()
        for status, detail in outcomes:
            assert status == IndexUnwritableError.status_code == 507  # not 409, which means another ingest is running
            assert "niet schrijfbaar" in detail
        assert (corpus_files(settings), served_index(settings)) == before
