"""Thumbs-down feedback from the web app becomes candidate eval lines for staff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.answer import Answer, AnswerSentence, Citation
from assistant.cli import app
from assistant.config import Settings
from assistant.feedback import FeedbackStore


def test_thumbs_down_answers_are_exported_with_the_reason(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FeedbackStore(settings.feedback_path)
    citation = Citation(n=1, document_id="handreiking", title="Handreiking", quote="De corporatie tekent.", passage="")
    answer = Answer(
        question="Wie tekent een omklapcontract?",
        refused=False,
        sentences=[AnswerSentence(text="De corporatie tekent.", citation=1)],
        citations=[citation],
    )
    bad = store.record_answer(answer, [], "corporatie")
    good = store.record_answer(answer.model_copy(update={"question": "Wat is Housing First?"}), [], None)
    store.record_feedback(bad, "down", "bron klopt niet", "verkeerde handreiking")
    store.record_feedback(good, "up", None, None)
    store.close()
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(settings.data_dir))
    out = tmp_path / "kandidaten.jsonl"
    result = CliRunner().invoke(app, ["feedback", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1
    assert lines[0]["question"] == "Wie tekent een omklapcontract?"
    assert lines[0]["review"]["reason"] == "bron klopt niet"
    assert lines[0]["review"]["cited"] == ["Handreiking: De corporatie tekent."]
