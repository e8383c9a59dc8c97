"""Turn the blind questions (written without the texts) and their located gold sentences into evals/blind.jsonl.

Splits conversations, not single turns, into dev and test with a fixed seed, and reports how much of
each question's content words its gold sentence shares (a blind set should stay under 0.25). Each
labelled file is split on its own, so adding a later batch never moves an earlier question's split.

    .venv/bin/python evals/tools/build_blind_set.py LABELLED.jsonl [LATER.jsonl ...] evals/blind.jsonl
    .venv/bin/python evals/tools/build_blind_set.py --append BATCH LABELLED.jsonl evals/blind.jsonl

The second form adds one labelled batch to an existing set, split with the seed of batch number BATCH
(counted from 0 in the order the batches were added), and leaves every line already there as it is.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from assistant.evaluation.gold import SPLIT_SEED, conversation_splits, gold_set_line, load_questions, stem_overlap


def read_rows(source: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]


def set_lines(rows: list[dict[str, Any]], split_of: dict[str, str]) -> list[str]:
    return [json.dumps(gold_set_line(row, split_of[row["id"]], row["gold"]), ensure_ascii=False) for row in rows]


def main(sources: list[Path], target: Path) -> None:
    rows: list[dict[str, Any]] = []
    split_of: dict[str, str] = {}
    for batch, source in enumerate(sources):
        batch_rows = read_rows(source)
        split_of |= conversation_splits(batch_rows, SPLIT_SEED + batch)
        rows.extend(batch_rows)
    target.write_text("".join(line + "\n" for line in set_lines(rows, split_of)), encoding="utf-8")
    report(target, {row["id"] for row in rows})


def append(batch: int, source: Path, target: Path) -> None:
    rows = read_rows(source)
    known = {question.id for question in load_questions(target)}
    clashing = sorted(known & {row["id"] for row in rows})
    if clashing:
        raise SystemExit(f"ids already in {target}: {', '.join(clashing)}")
    with target.open("a", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in set_lines(rows, conversation_splits(rows, SPLIT_SEED + batch))))
    report(target, {row["id"] for row in rows})


def report(target: Path, batch_ids: set[str]) -> None:
    questions = load_questions(target)
    print(f"{len(questions)} questions, {sum(q.answerable for q in questions)} answerable")
    for name, chosen in (("whole set", questions), ("this batch", [q for q in questions if q.id in batch_ids])):
        overlaps = [stem_overlap(q) for q in chosen if q.answerable and not q.follow_up_of]
        if overlaps:
            mean = sum(overlaps) / len(overlaps)
            print(f"content-stem overlap with the gold sentence, {name}: mean {mean:.3f} over {len(overlaps)}")


if __name__ == "__main__":
    # An option it does not know ("--help") or too few paths is no output file to write: say how to call it instead.
    if len(sys.argv) < 3 or any(arg.startswith("-") and arg != "--append" for arg in sys.argv[1:]):
        sys.exit(__doc__)
    if sys.argv[1] == "--append":
        append(int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        main([Path(arg) for arg in sys.argv[1:-1]], Path(sys.argv[-1]))
