"""`assistant serve` answers questions before its web page is built, and switches `/` to the page when it is."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import assistant.server
from assistant.config import Settings
from assistant.retrieval.engine import AnswerEngine

QUESTION = {"question": "Wat betekent harm reduction in Housing First?"}


def wait_for_page(client: TestClient, seconds: float = 60) -> Any:
    deadline = time.monotonic() + seconds
    while (response := client.get("/")).status_code != 200:
        assert time.monotonic() < deadline, "the web page was never mounted"
        time.sleep(0.1)
    return response


def test_the_api_answers_while_the_web_page_is_built_and_then_the_page_is_served(
    indexed_settings: Settings, engine: AnswerEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    build = assistant.server.mount_ui

    def slow_build(*args: Any) -> FastAPI:
        release.wait(timeout=60)
        return build(*args)

    monkeypatch.setattr(assistant.server, "mount_ui", slow_build)
    with TestClient(assistant.server.create_app(indexed_settings, engine, ui="background")) as client:
        starting = client.get("/")
        assert starting.status_code == 503
        assert "Thuisvraag wordt gestart" in starting.text and starting.headers["retry-after"] == "2"
        answer = client.post("/api/ask", json=QUESTION)
        assert answer.status_code == 200 and not answer.json()["refused"]
        assert client.get("/api/health").json()["status"] == "ok"

        release.set()
        page = wait_for_page(client)
        assert "Thuisvraag wordt gestart" not in page.text
        config = client.get("/config")
        assert config.status_code == 200 and "components" in config.json()
        assert client.post("/api/ask", json=QUESTION).status_code == 200


def test_when_the_web_page_cannot_be_built_the_api_keeps_answering_and_slash_says_so(
    indexed_settings: Settings, engine: AnswerEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_build(*args: Any) -> FastAPI:
        raise RuntimeError("gradio is broken")

    monkeypatch.setattr(assistant.server, "mount_ui", broken_build)
    with TestClient(assistant.server.create_app(indexed_settings, engine, ui="background")) as client:
        deadline = time.monotonic() + 30
        while "wordt gestart" in (page := client.get("/")).text:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert page.status_code == 503 and "kon niet worden gestart" in page.text
        assert client.post("/api/ask", json=QUESTION).status_code == 200
