"""The one way the API and the UI ask: answer the question, then keep the answer for feedback."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer import Answer
from assistant.feedback import FeedbackStore
from assistant.retrieval.engine import AnswerEngine

HISTORY_TURNS = 10


def ask_and_record(
    engine: AnswerEngine,
    feedback: FeedbackStore,
    question: str,
    history: Sequence[str] = (),
    audience: str | None = None,
) -> Answer:
    """The engine's answer with an `answer_id` that feedback can refer to; raises AssistantError."""
    turns = [turn for turn in history if isinstance(turn, str) and turn.strip()][-HISTORY_TURNS:]
    answer = engine.ask(question, turns, audience)
    answer.answer_id = feedback.record_answer(answer, turns, audience)
    return answer
