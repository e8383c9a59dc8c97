"""Answers and the feedback on them, stored locally in SQLite under the data dir."""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answer import Answer
from assistant.migrations import open_migrated, statements

# Migration N brings the file from schema version N-1 to N (assistant/migrations.py).
MIGRATIONS = [
    statements(
        """CREATE TABLE IF NOT EXISTS answers (
    answer_id TEXT PRIMARY KEY, created_at REAL NOT NULL, question TEXT NOT NULL, history TEXT NOT NULL,
    audience TEXT, answer TEXT NOT NULL, refused INTEGER NOT NULL, citations TEXT NOT NULL
)""",
        """CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, answer_id TEXT NOT NULL REFERENCES answers (answer_id),
    created_at REAL NOT NULL, rating TEXT NOT NULL, reason TEXT, comment TEXT
)""",
    ),
]
REASONS = ("bron klopt niet", "antwoord onvolledig", "niet relevant", "anders")


@dataclass(frozen=True)
class FeedbackRow:
    answer_id: str
    rating: str
    reason: str
    comment: str
    question: str
    answer: str
    citations: list[dict[str, Any]]


class FeedbackStore:
    """Every answer gets an id; feedback refers to it, so staff see what was rated and why."""

    def __init__(self, path: Path, store_questions: bool = True) -> None:
        self._db = open_migrated(path, MIGRATIONS)
        self._lock = threading.Lock()
        self.store_questions = store_questions

    def record_answer(self, answer: Answer, history: list[str], audience: str | None) -> str:
        """Keep `answer` (without the question when questions are not stored); returns its new id."""
        answer_id = uuid.uuid4().hex
        question = answer.question if self.store_questions else ""
        # A near-domain notice repeats the question's names ("Over Zwolle staat niets …"): not kept either.
        kept = answer if self.store_questions else answer.model_copy(update={"notice": ""})
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    answer_id,
                    time.time(),
                    question,
                    json.dumps(history if self.store_questions else []),
                    audience,
                    kept.answer,
                    int(answer.refused),
                    json.dumps([citation.model_dump(mode="json") for citation in answer.citations], ensure_ascii=False),
                ),
            )
        return answer_id

    def has_answer(self, answer_id: str) -> bool:
        with self._lock:
            row = self._db.execute("SELECT 1 FROM answers WHERE answer_id = ?", (answer_id,)).fetchone()
        return row is not None

    def record_feedback(self, answer_id: str, rating: str, reason: str | None, comment: str | None) -> None:
        """One rating per answer: a new rating of the same answer replaces the stored one (the last counts)."""
        row = (time.time(), rating, reason or "", (comment or "").strip()[:2000], answer_id)
        with self._lock, self._db:
            updated = self._db.execute(
                "UPDATE feedback SET created_at = ?, rating = ?, reason = ?, comment = ? WHERE answer_id = ?", row
            ).rowcount
            if not updated:
                self._db.execute(
                    "INSERT INTO feedback (created_at, rating, reason, comment, answer_id) VALUES (?, ?, ?, ?, ?)", row
                )

    def withdraw_feedback(self, answer_id: str) -> None:
        """Forget the rating of an answer (the user clicked the same thumb again)."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM feedback WHERE answer_id = ?", (answer_id,))

    def feedback(self, rating: str | None = None) -> list[FeedbackRow]:
        query = (
            "SELECT f.answer_id, f.rating, f.reason, f.comment, a.question, a.answer, a.citations"
            " FROM feedback f JOIN answers a USING (answer_id)"
        )
        arguments: tuple[str, ...] = ()
        if rating:
            query += " WHERE f.rating = ?"
            arguments = (rating,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY f.id", arguments).fetchall()
        return [
            FeedbackRow(row[0], row[1], row[2] or "", row[3] or "", row[4], row[5], json.loads(row[6])) for row in rows
        ]

    def close(self) -> None:
        self._db.close()
