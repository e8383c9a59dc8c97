"""Turn the blind questions (written without the texts) and their located gold sentences into evals/blind.jsonl.

Splits conversations, not single turns, into dev and test with a fixed seed, and reports how much of
each question's content words its gold sentence shares (a blind set should stay under 0.25). Each
labelled file is split on its own, so adding a later batch never moves an earlier question's split.

    .venv/bin/python evals/tools/build_blind_set.py LABELLED.jsonl [LATER.jsonl ...] evals/blind.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from assistant.evaluation.gold import load_questions, stem_overlap

SEED = 20261201
KIND_BY_INTENT = {"near_domain": "near_domain", "out_of_scope": "out_of_scope"}


def main(sources: list[Path], target: Path) -> None:
    rows: list[dict] = []
    split_of: dict[str, str] = {}
    for batch, source in enumerate(sources):
        batch_rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
        roots = [row["id"] for row in batch_rows if not row.get("follow_up_of")]
        random.Random(SEED + batch).shuffle(roots)
        split_of |= {root: ("dev" if index % 2 == 0 else "test") for index, root in enumerate(roots)}
        rows.extend(batch_rows)
    with target.open("w", encoding="utf-8") as handle:
        for row in rows:
            root = row.get("follow_up_of") or row["id"]
            kind = row["kind"]
            if not row["answerable"] and row["intent"] == "in_scope" and kind not in KIND_BY_INTENT.values():
                kind = f"{kind}_not_in_kb"
            item = {
                "id": row["id"],
                "question": row["question"],
                "audience": row["audience"],
                "answerable": row["answerable"],
                "gold": row["gold"],
                "key_facts": row["key_facts"],
                "split": split_of[root],
                "follow_up_of": row.get("follow_up_of"),
                "kind": kind,
                "intent": row["intent"],
            }
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    questions = load_questions(target)
    overlaps = [stem_overlap(q) for q in questions if q.answerable and not q.follow_up_of]
    print(f"{len(questions)} questions, {sum(q.answerable for q in questions)} answerable")
    print(f"content-stem overlap with the gold sentence: mean {sum(overlaps) / len(overlaps):.3f} over {len(overlaps)}")


if __name__ == "__main__":
    main([Path(arg) for arg in sys.argv[1:-1]], Path(sys.argv[-1]))
