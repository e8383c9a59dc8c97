"""The ingest run against a real Chroma folder, BM25 index and catalog in tmp_path."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli import EXIT_SKIPPED, app
from assistant.config import Settings
from assistant.ingest.pipeline import catalog_path, lexical_path, open_vectors, run_ingest
from assistant.store.catalog import Catalog
from assistant.store.lexical import LexicalIndex
from tests.conftest import copy_fixture_corpus, make_settings, write_encrypted_pdf, write_pdf

SMALL = [
    "46_stb-2024-152-besluit-specifieke-groepen-tijdelijke-huurovereenkomst.md",
    "60_cbs-maatschappelijke-opvang-en-vrouwenopvang-definitie.md",
]


def index_state(settings: Settings) -> tuple[list[tuple[str, str]], set[str], list[str]]:
    """(catalog chunk ids per document, Chroma ids, BM25 ids) of an index."""
    catalog = Catalog(catalog_path(settings))
    try:
        chunks = sorted((chunk.document_id, chunk.chunk_id) for chunk in catalog.all_chunks())
        version = catalog.get_state("index_version")
    finally:
        catalog.close()
    chroma_ids = open_vectors(settings).all_ids()
    lexical = LexicalIndex.load(lexical_path(settings, version))
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
    catalog = Catalog(catalog_path(settings))
    lexical = LexicalIndex.load(lexical_path(settings, catalog.get_state("index_version")))
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
            ["Inleiding", "Deze handreiking gaat over wonen met begeleiding."],
            ["Huurcontract", "Met een huurcontract op eigen naam heeft de bewoner volledige huurbescherming."],
        ],
        header="Handreiking",
        footer=True,
        title="Handreiking Wonen met begeleiding",
    )
    run_ingest(settings)
    catalog = Catalog(catalog_path(settings))
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


def test_an_ingest_killed_mid_way_recovers_to_a_clean_index(tmp_path: Path, embedding_cache: Path) -> None:
    """SIGKILL at random points during a cold ingest, then a full run: same chunks as a clean ingest."""
    clean = make_settings(tmp_path / "clean", embedding_cache)
    copy_fixture_corpus(clean.corpus_dir, SMALL)
    run_ingest(clean)
    killed = make_settings(tmp_path / "killed", tmp_path / "cold-cache.sqlite")
    copy_fixture_corpus(killed.corpus_dir, SMALL)
    env = {
        **os.environ,
        "ASSISTANT_CORPUS_DIR": str(killed.corpus_dir),
        "ASSISTANT_DATA_DIR": str(killed.data_dir),
        "ASSISTANT_EMBEDDING_CACHE": str(killed.embedding_cache_path),
    }
    rng = random.Random(7)
    for _ in range(3):
        process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest"], env=env)
        time.sleep(rng.uniform(1.0, 4.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
    report = run_ingest(killed)
    assert report.skipped == []
    assert index_state(killed) == index_state(clean)
