"""Several `assistant serve` workers on one Chroma server and one data dir, as the README sets them up.

What one worker changes (an upload, a delete), every other worker answers from without a restart: the vectors
live in the shared Chroma server, and each worker reloads its BM25 index when the catalog's index version moves.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.ingest.pipeline import run_ingest
from tests.api.test_admin_api import AUTH, QUESTION, TOKEN, zonnehuis_pdf
from tests.conftest import copy_fixture_corpus, listening_port, make_settings
from tests.hardening.conftest import ChromaProcess


class Worker:
    """One `assistant serve` process."""

    def __init__(self, settings: Settings) -> None:
        env = {
            **os.environ,
            "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
            "ASSISTANT_DATA_DIR": str(settings.data_dir),
            "ASSISTANT_EMBEDDING_CACHE": str(settings.embedding_cache_path),
            "ASSISTANT_CHROMA_HOST": str(settings.chroma_host),
            "ASSISTANT_CHROMA_PORT": str(settings.chroma_port),
            "ASSISTANT_COLLECTION": settings.collection,
            "ASSISTANT_ADMIN_TOKEN": TOKEN,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--port", "0"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.port = 0
        self.url = ""

    def wait_until_up(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        self.port = listening_port(self.process, seconds)
        self.url = f"http://127.0.0.1:{self.port}"
        while True:
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker on port {self.port} did not start")
            time.sleep(0.2)

    def cited_documents(self, question: str) -> list[str]:
        response = httpx.post(f"{self.url}/api/ask", json={"question": question}, timeout=60)
        assert response.status_code == 200, response.text
        return [citation["document_id"] for citation in response.json()["citations"]]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def workers(tmp_path: Path, embedding_cache: Path, chroma_process: ChromaProcess) -> Iterator[tuple[Worker, Worker]]:
    server = {"chroma_host": chroma_process.host, "chroma_port": chroma_process.port}
    settings = make_settings(tmp_path, embedding_cache, collection="workers", **server)
    copy_fixture_corpus(settings.corpus_dir, ["00_hfnl-principes-van-housing-first.md"])
    run_ingest(settings)
    first, second = Worker(settings), Worker(settings)
    try:
        first.wait_until_up()
        second.wait_until_up()
        yield first, second
    finally:
        first.stop()
        second.stop()


def test_what_one_worker_uploads_or_deletes_the_other_answers_from_without_a_restart(
    workers: tuple[Worker, Worker], tmp_path: Path
) -> None:
    first, second = workers
    before = second.cited_documents(QUESTION)

    content = zonnehuis_pdf(tmp_path / "zonnehuis.pdf", homes=12)
    response = httpx.post(
        f"{first.url}/api/admin/documents", headers=AUTH, files={"file": ("zonnehuis.pdf", content)}, timeout=120
    )
    assert response.status_code == 201, response.text
    document_id = response.json()["document"]["id"]

    assert document_id not in before
    assert document_id in second.cited_documents(QUESTION)
    assert document_id in first.cited_documents(QUESTION)

    assert httpx.delete(f"{second.url}/api/admin/documents/{document_id}", headers=AUTH, timeout=60).status_code == 204
    assert document_id not in first.cited_documents(QUESTION)
    assert document_id not in second.cited_documents(QUESTION)
