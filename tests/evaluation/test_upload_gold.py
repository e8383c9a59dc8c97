"""The upload gold set: gold sentences as offsets into the reference texts, resolved and checked when loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.evaluation.gold import (
    anchor_quote,
    anchored_gold,
    load_questions,
    quote_sha1,
    resolve_anchor,
)
from assistant.evaluation.handbook import HANDBOOK_FILE
from assistant.evaluation.reference import read_reference
from tests.conftest import ROOT
from tests.evaluation.handbook_texts import CHAPTERS, FACT, NEAR_DOMAIN, QUESTION, write_reference_texts

SHARED_REFERENCE = ROOT.parent / "shared" / "corpus" / "reference"
STAND_IN = ROOT / "tests" / "fixtures" / "upload" / "standin.jsonl"
FACT_FILE = CHAPTERS[-1][0]


def test_a_quote_becomes_offsets_into_the_body_and_back(tmp_path: Path) -> None:
    reference = read_reference(write_reference_texts(tmp_path) / FACT_FILE)
    item = anchor_quote(reference, FACT)
    assert set(item) == {"source", "start", "end", "sha1"} and item["source"] == FACT_FILE
    assert reference.body[item["start"] : item["end"]] == FACT and item["sha1"] == quote_sha1(FACT)
    assert resolve_anchor(tmp_path, item) == FACT
    # Offsets count in the body: the text after the front matter's closing line.
    text = (tmp_path / FACT_FILE).read_text(encoding="utf-8")
    assert text[text.index("\n---\n") + 5 :][item["start"] : item["end"]] == FACT


def test_offsets_do_not_depend_on_the_files_line_endings(tmp_path: Path) -> None:
    path = write_reference_texts(tmp_path) / FACT_FILE
    item = anchor_quote(read_reference(path), FACT)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert resolve_anchor(tmp_path, item) == FACT


def test_a_quote_with_other_quotes_and_spaces_points_at_the_texts_own_words(tmp_path: Path) -> None:
    own_words = "De regel heet \u201cHuur  eerst\u201d en geldt overal."
    path = tmp_path / "kort.md"
    path.write_text(f'---\ntitle: "Kort"\n---\n{own_words}\n', encoding="utf-8")
    item = anchor_quote(read_reference(path), 'de regel heet "Huur eerst" en geldt overal.')
    assert resolve_anchor(tmp_path, item) == own_words
    with pytest.raises(ValueError, match="not found"):
        anchor_quote(read_reference(path), "Een zin die er niet staat.")


def test_a_changed_reference_text_is_a_clear_error_when_the_set_is_loaded(tmp_path: Path) -> None:
    reference_dir = write_reference_texts(tmp_path / "reference")
    item = anchor_quote(read_reference(reference_dir / FACT_FILE), FACT)
    gold = tmp_path / "upload.jsonl"
    line = {"id": "u1", "question": QUESTION, "audience": "gemeente", "answerable": True, "gold": [item]}
    gold.write_text(json.dumps(line) + "\n", encoding="utf-8")
    [question] = load_questions(gold, anchored_gold(reference_dir, HANDBOOK_FILE))
    assert [(g.source, g.quote) for g in question.gold] == [(HANDBOOK_FILE, FACT)]
    path = reference_dir / FACT_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("17 mensen", "18 mensen"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"upload\.jsonl:1: .*sha1.*reference text changed"):
        load_questions(gold, anchored_gold(reference_dir, HANDBOOK_FILE))
    path.unlink()
    with pytest.raises(ValueError, match="not found"):
        load_questions(gold, anchored_gold(reference_dir, HANDBOOK_FILE))


def located_row(
    id: str, question: str, gold: list[dict[str, str]], follow_up_of: str | None = None, **fields: object
) -> dict[str, object]:
    """A question as the locating helper delivers it (the fields of /work/blind/questions_gold.jsonl)."""
    row = {"id": id, "question": question, "audience": "gemeente", "intent": "in_scope", "kind": "paraphrase"}
    return {**row, "follow_up_of": follow_up_of, "answerable": True, "gold": gold, "key_facts": [], **fields}


def test_the_converter_writes_offsets_no_text_and_splits_by_conversation(tmp_path: Path) -> None:
    reference_dir = write_reference_texts(tmp_path / "reference")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shipped = "Een openbare zin uit het corpus over beschermd wonen."
    (corpus / "openbaar.md").write_text(f"---\ntitle: Openbaar\n---\n{shipped}\n", encoding="utf-8")
    fact = [{"source": FACT_FILE, "quote": FACT}]
    rows = [located_row(f"u{n}", QUESTION, fact) for n in range(1, 7)]
    rows.append(located_row("u7", "En sinds wanneer?", [{"source": "openbaar.md", "quote": shipped}], "u2"))
    rows.append(located_row("u8", NEAR_DOMAIN, [], intent="near_domain", kind="near_domain", answerable=False))
    located, target = tmp_path / "located.jsonl", tmp_path / "upload.jsonl"
    located.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    env = {**os.environ, "ASSISTANT_EVAL_REFERENCE_DIR": str(reference_dir), "ASSISTANT_CORPUS_DIR": str(corpus)}
    env["PYTHONPATH"] = str(ROOT)
    script = ROOT / "evals" / "tools" / "build_upload_set.py"
    done = subprocess.run([sys.executable, str(script), str(located), str(target)], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    written = target.read_text(encoding="utf-8")
    assert FACT not in written and "17 mensen" not in written
    lines = {line["id"]: line for line in map(json.loads, written.splitlines())}
    assert lines["u1"]["gold"] == [anchor_quote(read_reference(reference_dir / FACT_FILE), FACT)]
    assert lines["u7"]["gold"] == [{"source": "openbaar.md", "quote": shipped}]  # a shipped text may stand there
    assert lines["u7"]["split"] == lines["u2"]["split"]
    assert {line["split"] for line in lines.values()} == {"dev", "test"}
    assert lines["u8"]["kind"] == "near_domain"
    again = tmp_path / "again.jsonl"
    subprocess.run([sys.executable, str(script), str(located), str(again)], env=env, check=True, capture_output=True)
    assert again.read_text(encoding="utf-8") == written  # the seed is fixed


@pytest.mark.skipif(not SHARED_REFERENCE.is_dir(), reason="needs ../shared/corpus/reference beside the repo")
def test_the_stand_in_questions_resolve_against_the_shared_reference_texts() -> None:
    questions = load_questions(STAND_IN, anchored_gold(SHARED_REFERENCE, HANDBOOK_FILE))
    assert [q.id for q in questions] == ["u01", "u02", "u03"]
    assert all(gold.source == HANDBOOK_FILE and gold.quote for q in questions for gold in q.gold)
    assert sum(q.answerable for q in questions) == 2
