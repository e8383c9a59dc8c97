"""A document's file is found through the corpus dir, never through the working directory of a run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.config import Settings
from assistant.ingest.pipeline import run_ingest
from assistant.paths import index_paths
from assistant.retrieval.engine import AnswerEngine
from assistant.store.catalog import Catalog
from tests.conftest import copy_fixture_corpus, make_settings, write_pdf

TOKEN = "beheer-geheim-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PDF_QUESTION = "Hoeveel Housing First-woningen heeft het Zonnehuis in Zuiderveen?"
MD_QUESTION = "Hoeveel bedden heeft de nachtopvang De Vuurtoren in Oostermeer?"
MARKDOWN = """---
title: Nachtopvang De Vuurtoren
publisher: Gemeente Oostermeer
---

# Nachtopvang De Vuurtoren

De nachtopvang De Vuurtoren in Oostermeer heeft sinds dit jaar achttien bedden voor dakloze inwoners.
Bewoners van De Vuurtoren krijgen binnen een week een gesprek over een eigen woning in Oostermeer.
"""


@pytest.fixture
def subfolder_index(tmp_path: Path, embedding_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A corpus with a PDF and a Markdown file in subfolders, indexed with the corpus's parent as working dir."""
    settings = make_settings(tmp_path / "kb", embedding_cache, admin_token=TOKEN)
    copy_fixture_corpus(settings.corpus_dir, ["00_hfnl-principes-van-housing-first.md"])
    (settings.corpus_dir / "rapporten" / "2025").mkdir(parents=True)
    write_pdf(
        settings.corpus_dir / "rapporten" / "2025" / "zonnehuis.pdf",
        [
            ["Jaarverslag wonen en zorg Zuiderveen 2025"],
            ["Het Zonnehuis in Zuiderveen telt 14 Housing First-woningen voor dakloze inwoners."],
        ],
        title="Jaarverslag Zuiderveen 2025",
    )
    (settings.corpus_dir / "opvang").mkdir()
    (settings.corpus_dir / "opvang" / "vuurtoren.md").write_text(MARKDOWN, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "kb")
    report = run_ingest(settings)
    assert (report.documents, report.skipped) == (3, [])
    (tmp_path / "elders").mkdir()
    monkeypatch.chdir(tmp_path / "elders")
    return settings


def cited_documents(settings: Settings, question: str) -> list[str]:
    engine = AnswerEngine(settings)
    try:
        return [citation.document_id for citation in engine.ask(question).citations]
    finally:
        engine.close()


@pytest.mark.parametrize(
    ("relative", "document_id", "question"),
    [
        ("rapporten/2025/zonnehuis.pdf", "rapporten-2025-zonnehuis", PDF_QUESTION),
        ("opvang/vuurtoren.md", "opvang-vuurtoren", MD_QUESTION),
    ],
)
def test_a_file_deleted_from_a_subfolder_is_no_longer_answered_after_an_ingest_from_another_directory(
    subfolder_index: Settings, relative: str, document_id: str, question: str
) -> None:
    assert document_id in cited_documents(subfolder_index, question)
    (subfolder_index.corpus_dir / relative).unlink()
    report = run_ingest(subfolder_index)
    assert (report.removed, report.documents) == (1, 2)
    with closing(Catalog(index_paths(subfolder_index).catalog, read_only=True)) as catalog:
        assert catalog.document(document_id) is None
    assert document_id not in cited_documents(subfolder_index, question)


def test_the_catalog_stores_source_paths_relative_to_the_corpus_dir(subfolder_index: Settings) -> None:
    with closing(Catalog(index_paths(subfolder_index).catalog, read_only=True)) as catalog:
        paths = {record.document_id: record.source_path for record in catalog.documents()}
    assert paths == {
        "00_hfnl-principes-van-housing-first": "00_hfnl-principes-van-housing-first.md",
        "opvang-vuurtoren": "opvang/vuurtoren.md",
        "rapporten-2025-zonnehuis": "rapporten/2025/zonnehuis.pdf",
    }


@pytest.fixture
def api(subfolder_index: Settings) -> Iterator[TestClient]:
    """The JSON and admin API (without the web page) over the subfolder index."""
    from assistant.admin_api import build_admin_api
    from assistant.api import add_error_handler, build_api
    from assistant.feedback import FeedbackStore

    engine = AnswerEngine(subfolder_index)
    feedback = FeedbackStore(subfolder_index.feedback_path)
    app = FastAPI()
    add_error_handler(app)
    app.include_router(build_api(subfolder_index, engine, feedback))
    app.include_router(build_admin_api(subfolder_index, engine))
    with TestClient(app) as client:
        yield client
    engine.close()
    feedback.close()


def test_files_in_subfolders_are_served_and_deleted_from_any_working_directory(
    api: TestClient, subfolder_index: Settings
) -> None:
    served = api.get("/api/documents/rapporten-2025-zonnehuis/file")
    assert served.status_code == 200, served.text
    assert served.content == (subfolder_index.corpus_dir / "rapporten/2025/zonnehuis.pdf").read_bytes()
    assert api.get("/api/documents/opvang-vuurtoren/file").text == MARKDOWN
    assert api.delete("/api/admin/documents/opvang-vuurtoren", headers=AUTH).status_code == 204
    assert not (subfolder_index.corpus_dir / "opvang" / "vuurtoren.md").exists()
    assert api.get("/api/documents/opvang-vuurtoren").status_code == 404
