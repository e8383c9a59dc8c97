"""How well the follow-up check tells an answer to a follow-up from one to the turn before it, on the blind set.

Every second turn is asked as in an eval run, but with a judge that records the follow-up check's verdict and then
accepts: the answer scored is the one the check decided on. Counted over the turns that reach the check:

- answerable, and the answer would cite a gold sentence: accepted (right) or refused (a right answer lost);
- answerable, but the answer would miss the gold anyway;
- unanswerable: accepted (answered from what the earlier turn found) or refused (right).

    .venv/bin/python evals/tools/follow_up_decision.py [--split dev|test] [evals/blind.jsonl]

A judge that reads (issue 14), handed to `main`, should raise the first acceptance and lower the last; the own-words
check accepts 64 of 93 and 29 of 92 (1864-question set). Takes about a minute.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.evaluation.gold import GoldQuestion, history_of, load_questions
from assistant.evaluation.runner import cites_gold
from assistant.retrieval.engine import AnswerEngine
from assistant.retrieval.relevance import FollowUpJudge, answers_follow_up

DEFAULT_SET = Path("evals/blind.jsonl")


class RecordingJudge:
    """The verdicts of `judge` (the follow-up check by default), recorded; every follow-up is then answered as if it
    had accepted."""

    def __init__(self, judge: FollowUpJudge = answers_follow_up) -> None:
        self.judge = judge
        self.verdicts: list[bool] = []

    def __call__(self, *follow_up: Any) -> bool:
        """Called as the engine calls `answers_follow_up`; the arguments pass through unread."""
        self.verdicts.append(self.judge(*follow_up))
        return True


def outcome(question: GoldQuestion, engine: AnswerEngine, judge: RecordingJudge, by_id: dict[str, GoldQuestion]) -> str:
    """What the check did with this second turn: "" when it was not asked (the turn stood alone or was refused
    before composing)."""
    judge.verdicts.clear()
    answer = engine.ask(question.question, history_of(question, by_id))
    if not judge.verdicts:
        return ""
    verdict = "accepted" if judge.verdicts[-1] else "refused"
    if not question.answerable:
        return f"unanswerable, {verdict}"
    citations = answer.model_dump(mode="json")["citations"]
    if not answer.refused and any(cites_gold(citation, question) for citation in citations):
        return f"answer cites the gold, {verdict}"
    return f"answer misses the gold, {verdict}"


def main(arguments: list[str], judged: FollowUpJudge = answers_follow_up) -> None:
    split = arguments[arguments.index("--split") + 1] if "--split" in arguments else None
    paths = [argument for argument in arguments if argument.endswith(".jsonl")]
    questions = load_questions(Path(paths[0]) if paths else DEFAULT_SET)
    by_id = {question.id: question for question in questions}
    judge = RecordingJudge(judged)
    engine = AnswerEngine(Settings(), follow_up_judge=judge)
    counts: Counter[str] = Counter()
    for question in questions:
        if question.follow_up_of and (split is None or question.split == split):
            counts[outcome(question, engine, judge, by_id) or "not asked"] += 1
    print(f"second turns{f' ({split})' if split else ''}: {sum(counts.values())}")
    for label, count in sorted(counts.items()):
        print(f"  {label}: {count}")
    for kind in ("answer cites the gold", "unanswerable"):
        accepted, refused = counts[f"{kind}, accepted"], counts[f"{kind}, refused"]
        if accepted + refused:
            print(f"{kind}: accepted {accepted}/{accepted + refused} ({accepted / (accepted + refused):.0%})")


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    main(sys.argv[1:])
