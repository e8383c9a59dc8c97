"""Judge metrics against a small OpenAI-compatible server started by the test (a stand-in language model)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from assistant.answer_text import render_body
from assistant.config import Settings
from assistant.evaluation.gold import load_questions
from assistant.evaluation.judge import judge_from_settings
from assistant.evaluation.runner import run_eval
from assistant.retrieval.engine import AnswerEngine
from tests.conftest import loopback_socket
from tests.evaluation.test_eval_runner import write_gold


def normalise(text: str) -> str:
    return " ".join(text.split())


def faithfulness_reply(prompt: str) -> str:
    """YES only when every cited claim of the information stands verbatim in the context."""
    information = re.search(r"Informatie: (.*?)\nContext: ", prompt, re.DOTALL)
    context = normalise(prompt.split("Context: ", 1)[-1])
    if information is None:
        return "NO"
    body = re.sub(r"^Volgens [^\n]*:\n", "", information.group(1).strip())
    claims = [
        line.lstrip("- ").strip()
        for segment in re.split(r"\[\d+\]", body)
        for line in segment.splitlines()
        if line.strip()
    ]
    return "YES" if claims and all(normalise(claim) in context for claim in claims) else "NO"


def relevancy_reply(prompt: str) -> str:
    """Two points when the answer shares a long word with the question, else none."""
    question = re.search(r"Vraag: \n(.*?)\nAntwoord: \n(.*?)\nToelichting:", prompt, re.DOTALL)
    if question is None:
        return "Onleesbaar."
    words = lambda text: {w for w in re.findall(r"\w+", text.lower()) if len(w) >= 6}  # noqa: E731
    shared = words(question.group(1)) & words(question.group(2))
    return f"Het antwoord {'past' if shared else 'past niet'} bij de vraag. [RESULT] {2 if shared else 0}"


class StandInModel(BaseHTTPRequestHandler):
    prompts: list[str] = []  # noqa: RUF012 (shared across requests on purpose)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = "\n".join(str(message["content"]) for message in body["messages"])
        type(self).prompts.append(prompt)
        reply = faithfulness_reply(prompt) if "Informatie:" in prompt else relevancy_reply(prompt)
        payload = {
            "id": "stand-in",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "stand-in"),
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": reply}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stand_in_model() -> Iterator[str]:
    StandInModel.prompts = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandInModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


def judge_settings(base: Settings, url: str) -> Settings:
    return base.model_copy(update={"judge_base_url": url, "judge_model": "stand-in", "judge_timeout_s": 5.0})


def test_without_a_configured_model_there_is_no_judge(indexed_settings: Settings) -> None:
    assert judge_from_settings(indexed_settings) is None


def test_a_cited_answer_is_judged_faithful_and_a_made_up_one_is_not(
    engine: AnswerEngine, indexed_settings: Settings, stand_in_model: str
) -> None:
    judge = judge_from_settings(judge_settings(indexed_settings, stand_in_model))
    assert judge is not None
    answer = engine.ask("Welke hulp biedt de Preventie Alliantie aan gemeenten?")
    passages = [citation.passage for citation in answer.citations]
    faithful = judge.judge(answer.question, render_body(answer), passages)
    made_up = judge.judge(answer.question, "Volgens VNG:\nDe Preventie Alliantie bouwt zelf woningen. [1]", passages)
    assert faithful.faithfulness == 1.0
    assert made_up.faithfulness == 0.0
    assert faithful.answer_relevancy == 1.0
    off_topic = judge.judge(answer.question, "Een appeltaart bak je op 180 graden. [1]", passages)
    assert off_topic.answer_relevancy == 0.0
    assert any("Beoordeel of een stuk informatie" in prompt for prompt in StandInModel.prompts)
    assert not any("Bronnen" in prompt.split("Informatie:")[-1].split("Context:")[0] for prompt in StandInModel.prompts)


def test_an_eval_run_reports_judge_metrics_with_intervals(
    engine: AnswerEngine, indexed_settings: Settings, stand_in_model: str, tmp_path: Path
) -> None:
    gold = load_questions(write_gold(tmp_path / "gold.jsonl"))
    judge = judge_from_settings(judge_settings(indexed_settings, stand_in_model))
    summary, results = run_eval(engine, gold, tmp_path / "run", judge=judge)
    faithfulness = summary["metrics"]["faithfulness"]
    assert faithfulness["status"] == "run: stand-in"
    assert faithfulness["n"] == sum(1 for r in results if not r.refused)
    assert faithfulness["value"] == 1.0 and "ci95" in faithfulness
    assert all(r.faithfulness is None for r in results if r.refused)


def test_a_failing_model_leaves_judge_metrics_not_run_rather_than_zero(
    engine: AnswerEngine, indexed_settings: Settings, tmp_path: Path
) -> None:
    gold = load_questions(write_gold(tmp_path / "gold.jsonl"))
    with loopback_socket() as bound_not_listening:  # held, so a connection is refused and no server can take it
        nobody_listens = f"http://127.0.0.1:{bound_not_listening.getsockname()[1]}/v1"
        judge = judge_from_settings(judge_settings(indexed_settings, nobody_listens))
        summary, results = run_eval(engine, gold, tmp_path / "run", judge=judge)
    for name in ("faithfulness", "answer_relevancy"):
        assert summary["metrics"][name]["value"] is None
        assert summary["metrics"][name]["status"].startswith("not run: the judge failed")
    assert all(r.faithfulness is None for r in results)
    assert "het taalmodel gaf geen bruikbaar oordeel" in (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
