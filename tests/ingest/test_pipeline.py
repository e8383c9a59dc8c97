"""The ingest run against a real Chroma folder, BM25 index and catalog in tmp_path."""

from __future__ import annotations

import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli import EXIT_SKIPPED, app
from assistant.config import Settings
from assistant.ingest.pipeline import open_vectors, run_ingest
from assistant.paths import index_paths
from assistant.store.catalog import Catalog
from assistant.store.lexical import LexicalIndex
from tests.conftest import copy_fixture_corpus, make_settings, write_encrypted_pdf, write_pdf

SMALL = [
    "46_stb-2024-152-besluit-specifieke-groepen-tijdelijke-huurovereenkomst.md",
    "60_cbs-maatschappelijke-opvang-en-vrouwenopvang-definitie.md",
]
# Six short documents: enough separate writes to kill an ingest between, quick to embed.
SHORT = [
    "01_eersteenthuis-home.md",
    "04_eersteenthuis-actielijn-2-preventie.md",
    "13_kamerbrief-2022-06-02-aanpak-dakloosheid.md",
    "53_bergenopzoom-presentatie-beschermd-wonen-dannenberg.md",
    "56_kamerbrief-2022-04-01-doordecentralisatie-beschermd-wonen.md",
    "60_cbs-maatschappelijke-opvang-en-vrouwenopvang-definitie.md",
]


def index_state(settings: Settings) -> tuple[list[tuple[str, str]], set[str], list[str]]:
    """(catalog chunk ids per document, Chroma ids, BM25 ids) of an index."""
    catalog = Catalog(index_paths(settings).catalog)
    try:
        chunks = sorted((chunk.document_id, chunk.chunk_id) for chunk in catalog.all_chunks())
        version = catalog.get_state("index_version")
    finally:
        catalog.close()
    chroma_ids = open_vectors(settings).all_ids()
    lexical = LexicalIndex.load(index_paths(settings).lexical(version))
    return chunks, chroma_ids, sorted(lexical.chunk_ids)


def test_first_ingest_indexes_every_document_in_all_three_stores(settings: Settings) -> None:
    copy_fixture_corpus(settings.corpus_dir, SMALL)
    report = run_ingest(settings)
    assert (report.documents, report.new, report.skipped) == (2, 2, [])
    chunks, chroma_ids, lexical_ids = index_state(settings)
    assert {document for document, _ in chunks} == {Path(name).stem for name in SMALL}
    assert chroma_ids == {chunk_id for _, chunk_id in chunks} == set(lexical_ids)


def test_a_second_ingest_with_nothing_changed_embeds_nothing(settings: Settings) -> None:
    copy_fixture_corpus(settings.corpus_dir, SMALL)
    run_ingest(settings)
    before = index_state(settings)
    report = run_ingest(settings)
    assert (report.new, report.changed, report.removed, report.embedded) == (0, 0, 0, 0)
    assert report.unchanged == 2
    assert index_state(settings) == before


def test_a_changed_file_replaces_its_chunks(settings: Settings) -> None:
    copy_fixture_corpus(settings.corpus_dir, SMALL)
    run_ingest(settings)
    old_chunks, _, _ = index_state(settings)
    path = settings.corpus_dir / SMALL[1]
    path.write_text(path.read_text() + "\nDe opvang in Zeewolde telt sinds kort veertien bedden.\n")
    report = run_ingest(settings)
    assert (report.changed, report.new) == (1, 0)
    chunks, chroma_ids, lexical_ids = index_state(settings)
    changed_doc = Path(SMALL[1]).stem
    assert {c for d, c in chunks if d == changed_doc} != {c for d, c in old_chunks if d == changed_doc}
    assert chroma_ids == {chunk_id for _, chunk_id in chunks} == set(lexical_ids)
    catalog = Catalog(index_paths(settings).catalog)
    lexical = LexicalIndex.load(index_paths(settings).lexical(catalog.get_state("index_version")))
    top = lexical.search("Zeewolde bedden", 1)
    assert "Zeewolde" in catalog.chunks([top[0][0]])[top[0][0]].text
    catalog.close()


def test_deleting_a_file_removes_its_chunks_everywhere(settings: Settings) -> None:
    copy_fixture_corpus(settings.corpus_dir, SMALL)
    run_ingest(settings)
    (settings.corpus_dir / SMALL[0]).unlink()
    report = run_ingest(settings)
    assert report.removed == 1 and report.documents == 1
    chunks, chroma_ids, lexical_ids = index_state(settings)
    assert {document for document, _ in chunks} == {Path(SMALL[1]).stem}
    assert chroma_ids == {chunk_id for _, chunk_id in chunks} == set(lexical_ids)


def test_bad_files_are_skipped_by_name_and_reason_and_nothing_indexed_is_lost(settings: Settings) -> None:
    copy_fixture_corpus(settings.corpus_dir, SMALL)
    run_ingest(settings)
    before = index_state(settings)
    write_encrypted_pdf(settings.corpus_dir / "geheim.pdf")
    (settings.corpus_dir / "kapot.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (settings.corpus_dir / "leeg.txt").write_bytes(b"")
    (settings.corpus_dir / "tabel.xlsx").write_bytes(b"PK\x03\x04")
    report = run_ingest(settings)
    reasons = {Path(path).name: reason for path, reason in report.skipped}
    assert set(reasons) == {"geheim.pdf", "kapot.pdf", "leeg.txt", "tabel.xlsx"}
    assert "wachtwoord" in reasons["geheim.pdf"]
    assert index_state(settings) == before


def test_a_bad_new_version_of_an_indexed_file_keeps_the_old_chunks(settings: Settings) -> None:
    copy_fixture_corpus(settings.corpus_dir, SMALL)
    run_ingest(settings)
    before = index_state(settings)
    (settings.corpus_dir / SMALL[0]).write_bytes(b"\xff\xfe\x00\x00" + bytes(range(256)) * 8)
    report = run_ingest(settings)
    assert [Path(path).name for path, _ in report.skipped] == [SMALL[0]]
    assert index_state(settings) == before


def test_the_cli_reports_skips_in_its_exit_code(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_fixture_corpus(settings.corpus_dir, SMALL)
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ASSISTANT_EMBEDDING_CACHE", str(settings.embedding_cache_path))
    runner = CliRunner()
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    (settings.corpus_dir / "kapot.pdf").write_bytes(b"%PDF-1.4\n garbage")
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == EXIT_SKIPPED
    assert "kapot.pdf" in result.output


def test_pdf_chunks_know_their_pages(settings: Settings) -> None:
    write_pdf(
        settings.corpus_dir / "handreiking.pdf",
        [
            ["# Inleiding", "Deze handreiking gaat over wonen met begeleiding."],
            ["# Huurcontract", "Met een huurcontract op eigen naam heeft de bewoner volledige huurbescherming."],
        ],
        header="Handreiking",
        footer=True,
        title="Handreiking Wonen met begeleiding",
    )
    run_ingest(settings)
    catalog = Catalog(index_paths(settings).catalog)
    chunk = catalog.all_chunks()[0]
    catalog.close()
    pages = {chunk.text[span.start : span.end]: span.page for span in chunk.spans}
    assert pages["Met een huurcontract op eigen naam heeft de bewoner volledige huurbescherming."] == 2
    assert chunk.meta.title == "Handreiking Wonen met begeleiding"


def test_ingest_opens_no_network_connection(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[Any] = []
    real_connect = socket.socket.connect

    def audited_connect(sock: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if not (isinstance(host, str) and (host.startswith("127.") or host in {"localhost", "::1"} or "/" in host)):
            attempts.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", audited_connect)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: attempts.append(args) or [])
    copy_fixture_corpus(settings.corpus_dir, SMALL)
    run_ingest(settings)
    assert attempts == []


def ingest_progress(settings: Settings) -> int:
    """Vectors in the embedding cache plus completed documents in the catalog: how far a cold ingest got."""
    progress = 0
    for path, query in [
        (settings.embedding_cache_path, "SELECT count(*) FROM vectors"),
        (index_paths(settings).catalog, "SELECT count(*) FROM documents WHERE status = 'complete'"),
    ]:
        if path.is_file():
            try:
                with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1)) as db:
                    progress += int(db.execute(query).fetchone()[0])
            except sqlite3.OperationalError:  # not created yet, or locked for a moment by the writer
                pass
    return progress


def test_an_ingest_killed_five_times_at_random_points_recovers_to_a_clean_index(
    tmp_path: Path, embedding_cache: Path
) -> None:
    """SIGKILL five times in a row, each at a random point of the work (embedding or storing), then a full run."""
    clean = make_settings(tmp_path / "clean", embedding_cache)
    copy_fixture_corpus(clean.corpus_dir, SHORT)
    clean_report = run_ingest(clean)
    with closing(Catalog(index_paths(clean).catalog)) as catalog:
        passages = len({chunk.content_hash for chunk in catalog.all_chunks()})
    documents = clean_report.documents
    killed = make_settings(tmp_path / "killed", tmp_path / "cold-cache.sqlite", embedding_batch_size=2)
    copy_fixture_corpus(killed.corpus_dir, SHORT)
    env = {
        **os.environ,
        "ASSISTANT_CORPUS_DIR": str(killed.corpus_dir),
        "ASSISTANT_DATA_DIR": str(killed.data_dir),
        "ASSISTANT_EMBEDDING_CACHE": str(killed.embedding_cache_path),
        # Small batches: the cache commits often, so a kill can land between any two of them.
        "ASSISTANT_EMBEDDING_BATCH_SIZE": "2",
    }
    # Kill points as progress targets: three while embedding (vectors cached), two while storing (documents
    # complete); each lies beyond the last, and the last two documents are never reached.
    rng = random.Random(7)
    embedding_points = sorted(rng.sample(range(1, passages), 3))
    storing_points = sorted(rng.sample(range(passages + 1, passages + documents - 1), 2))
    kills: list[int] = []
    for point in embedding_points + storing_points:
        target = max(point, ingest_progress(killed) + 1)  # a batch may have carried the last run past this point
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "ingest"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 180
        while ingest_progress(killed) < target:
            assert process.poll() is None, f"the ingest ended (exit {process.returncode}) before point {target}"
            assert time.monotonic() < deadline, f"the ingest did not reach point {target} in time"
            time.sleep(0.01)
        assert process.poll() is None, f"the ingest finished before it could be killed at point {target}"
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills.append(ingest_progress(killed))
    print(f"killed at progress {kills} of {passages} passages + {documents} documents")
    assert len(kills) == 5
    report = run_ingest(killed)
    assert report.skipped == []
    assert (report.documents, report.chunks) == (clean_report.documents, clean_report.chunks)
    assert index_state(killed) == index_state(clean)
    with closing(Catalog(index_paths(killed).catalog)) as catalog:
        assert {record.status for record in catalog.documents()} == {"complete"}
