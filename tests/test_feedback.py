"""Feedback on answers: one rating per answer, the last one counts."""

from __future__ import annotations

from pathlib import Path

from assistant.answer import Answer
from assistant.feedback import FeedbackStore


def test_a_second_rating_of_an_answer_replaces_the_first(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite")
    answer_id = store.record_answer(Answer(question="Wat is Housing First?", refused=False), [], None)
    other = store.record_answer(Answer(question="Wat is opvang?", refused=False), [], None)
    store.record_feedback(answer_id, "up", None, None)
    store.record_feedback(other, "up", None, None)
    store.record_feedback(answer_id, "down", "niet relevant", " te algemeen ")
    rows = store.feedback()
    assert [(row.answer_id, row.rating, row.reason, row.comment) for row in rows] == [
        (answer_id, "down", "niet relevant", "te algemeen"),
        (other, "up", "", ""),
    ]
    store.withdraw_feedback(answer_id)
    assert [row.answer_id for row in store.feedback()] == [other]
    store.close()
