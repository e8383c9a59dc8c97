"""Turn the located questions over the uploaded handbook into evals/upload.jsonl, committing no reference text.

Each gold quote from a reference text (../shared/corpus/reference, not cleared for shipping) becomes
{"source", "start", "end", "sha1"}: offsets into that text's body (assistant/evaluation/reference.py says which
string) and the sha1 of the quote, checked whenever the set is loaded. A quote from a shipped corpus file stays
as it is. Conversations are split into dev and test with the blind set's fixed seed. The reference folder and the
corpus are the configured ones (ASSISTANT_EVAL_REFERENCE_DIR, ASSISTANT_CORPUS_DIR).

    .venv/bin/python evals/tools/build_upload_set.py LOCATED.jsonl evals/upload.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.evaluation.gold import (
    anchor_quote,
    anchored_gold,
    comparable,
    conversation_splits,
    gold_set_line,
    load_questions,
)
from assistant.evaluation.handbook import HANDBOOK_FILE
from assistant.evaluation.reference import ReferenceText, read_reference


def main(source: Path, target: Path, settings: Settings) -> None:
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    references: dict[str, ReferenceText] = {}

    def anchored(row: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
        name = item["source"]
        path = settings.eval_reference_dir / name
        if path.is_file():
            reference = references.setdefault(name, read_reference(path))
            return anchor_quote(reference, item["quote"])
        if (settings.corpus_dir / name).is_file():
            return {"source": name, "quote": item["quote"]}  # shipped text: it may stand in the set
        raise SystemExit(f"{row['id']}: {name} is neither in {settings.eval_reference_dir} nor in the corpus")

    split_of = conversation_splits(rows)
    lines = []
    for row in rows:
        try:
            gold = [anchored(row, item) for item in row["gold"]]
        except ValueError as error:
            raise SystemExit(f"{row['id']}: {error}") from error
        if not row["answerable"] and row["intent"] == "near_domain":
            row = {**row, "kind": "near_domain"}  # counted by near_domain_refused, like the blind set's
        lines.append(gold_set_line(row, split_of[row["id"]], gold))
    target.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    # Read back as the eval will: every quote resolves to the text it was located as.
    questions = load_questions(target, anchored_gold(settings.eval_reference_dir, HANDBOOK_FILE))
    for row, question in zip(rows, questions, strict=True):
        for item, gold in zip(row["gold"], question.gold, strict=True):
            assert comparable(gold.quote) == comparable(item["quote"]), (row["id"], item["quote"])
    anchors = sum(1 for line in lines for item in line["gold"] if "sha1" in item)
    print(f"{len(questions)} questions, {sum(q.answerable for q in questions)} answerable, {anchors} anchored quotes")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Settings())
