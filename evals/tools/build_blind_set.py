"""Turn the blind questions (written without the texts) and their located gold sentences into evals/blind.jsonl.

Splits conversations, not single turns, into dev and test with a fixed seed, and reports how much of
each question's content words its gold sentence shares (a blind set should stay under 0.25). Each
labelled file is split on its own, so adding a later batch never moves an earlier question's split.

    .venv/bin/python evals/tools/build_blind_set.py LABELLED.jsonl [LATER.jsonl ...] evals/blind.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.evaluation.gold import SPLIT_SEED, conversation_splits, gold_set_line, load_questions, stem_overlap


def main(sources: list[Path], target: Path) -> None:
    rows: list[dict] = []
    split_of: dict[str, str] = {}
    for batch, source in enumerate(sources):
        batch_rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
        split_of |= conversation_splits(batch_rows, SPLIT_SEED + batch)
        rows.extend(batch_rows)
    with target.open("w", encoding="utf-8") as handle:
        for row in rows:
            item = gold_set_line(row, split_of[row["id"]], row["gold"])
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    questions = load_questions(target)
    overlaps = [stem_overlap(q) for q in questions if q.answerable and not q.follow_up_of]
    print(f"{len(questions)} questions, {sum(q.answerable for q in questions)} answerable")
    print(f"content-stem overlap with the gold sentence: mean {sum(overlaps) / len(overlaps):.3f} over {len(overlaps)}")


if __name__ == "__main__":
    main([Path(arg) for arg in sys.argv[1:-1]], Path(sys.argv[-1]))
