"""The same ingest and answers against a real Chroma server instead of the embedded folder."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.pipeline import open_vectors, run_ingest
from assistant.retrieval.engine import AnswerEngine
from tests.conftest import copy_fixture_corpus, make_settings


def test_ingest_and_ask_work_against_a_chroma_server(
    tmp_path: Path, embedding_cache: Path, chroma_server: tuple[str, int]
) -> None:
    host, port = chroma_server
    settings = make_settings(tmp_path, embedding_cache, chroma_host=host, chroma_port=port, collection="server_test")
    copy_fixture_corpus(settings.corpus_dir, ["00_hfnl-principes-van-housing-first.md"])
    report = run_ingest(settings)
    assert report.skipped == [] and report.chunks > 0
    assert not (settings.index_dir / "chroma").exists()
    assert open_vectors(settings).count() == report.chunks
    assert run_ingest(settings).embedded == 0
    engine = AnswerEngine(settings)
    answer = engine.ask("Wat betekent harm reduction in Housing First?")
    assert not answer.refused
    assert answer.citations[0].document_id == "00_hfnl-principes-van-housing-first"
    engine.close()
