"""The handboek set end to end: its own real index (corpus plus the handbook, uploaded), the run, the gate."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.evaluation.compare import baseline_from, gate_failures, save_baseline
from assistant.evaluation.gold import anchor_quote
from assistant.evaluation.handbook import HANDBOOK_FILE
from assistant.evaluation.handbook_set import HANDBOOK_SET, index_settings
from assistant.evaluation.reference import read_reference
from assistant.evaluation.report import LABELS
from assistant.evaluation.runner import default_sets, run_eval
from assistant.paths import document_id, index_paths
from assistant.retrieval.engine import AnswerEngine
from assistant.store.catalog import Catalog
from tests.conftest import ROOT, copy_fixture_corpus, make_settings
from tests.evaluation.handbook_texts import CHAPTERS, FACT, NEAR_DOMAIN, QUESTION, write_reference_texts
from tests.evaluation.test_eval_runner import GOLD, write_gold


def write_upload_set(settings: Settings) -> None:
    """Two questions over the made-up handbook, in the committed format (offsets and sha1, no text)."""
    # Two short chapters: a handbook of two pages, quick to embed.
    reference_dir = write_reference_texts(settings.eval_reference_dir, chapters=2, paragraphs=3)
    reference = read_reference(reference_dir / CHAPTERS[-1][0])
    lines = [
        {"id": "h1", "question": QUESTION, "audience": "gemeente", "answerable": True, "split": "dev",
         "gold": [anchor_quote(reference, FACT)], "key_facts": ["17 mensen"], "kind": "number_or_name"},
        {"id": "h2", "question": NEAR_DOMAIN, "audience": "gemeente", "answerable": False, "split": "test",
         "gold": [], "key_facts": [], "kind": "near_domain"},
    ]  # fmt: skip
    settings.eval_upload_questions.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


def fingerprint(settings: Settings) -> dict[str, str]:
    """The bytes of the main index's catalog, sentence vectors and BM25 folders."""
    paths = index_paths(settings)
    files = [
        paths.catalog,
        paths.sentences,
        *(f for v in paths.lexical_versions() for f in v.rglob("*") if f.is_file()),
    ]
    return {str(path): hashlib.sha1(path.read_bytes()).hexdigest() for path in files}


def index_version(settings: Settings) -> str:
    catalog = Catalog(index_paths(settings).catalog, read_only=True)
    try:
        return catalog.get_state("index_version", "0")
    finally:
        catalog.close()


def test_the_handboek_set_runs_on_an_index_of_its_own_and_leaves_the_main_index_alone(
    tmp_path: Path, embedding_cache: Path
) -> None:
    from assistant.ingest.pipeline import run_ingest

    settings = make_settings(tmp_path, embedding_cache)
    copy_fixture_corpus(settings.corpus_dir, ["00_hfnl-principes-van-housing-first.md"])
    run_ingest(settings)
    write_upload_set(settings)
    write_gold(settings.eval_questions, GOLD[2:])  # one question of our own set, beside the handboek set
    before = fingerprint(settings)
    engine = AnswerEngine(settings)
    left_out: list[str] = []
    sets = default_sets(settings, lambda name, reason: left_out.append(name))
    assert list(sets) == ["eigen", HANDBOOK_SET] and left_out == []
    try:
        summary, results = run_eval(engine, sets, tmp_path / "run")
        own = index_settings(settings)
        version = index_version(own)
        run_eval(engine, default_sets(settings), tmp_path / "again")
    finally:
        engine.close()
    handbook = summary["sets"][HANDBOOK_SET]
    assert handbook["questions"] == 2
    assert handbook["metrics"]["page_right"] == {"value": 1.0, "ci95": [1.0, 1.0], "n": 1}
    assert handbook["metrics"]["near_domain_refused"]["n"] == 1
    assert "page_right" not in summary["sets"]["eigen"]["metrics"]
    [fact] = [r for r in results if r.id == "h1"]
    assert fact.answer_hit == 1.0 and fact.page_right == 1.0
    cited = {(c["document_id"], c["page"]) for c in fact.citations if FACT in c["quote"]}
    assert cited == {(document_id(HANDBOOK_FILE), 2)}
    report = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    assert "Handboek" in report and LABELS["page_right"] in report
    # The set's index is the shipped corpus plus the upload, under the work folder; the main index is as it was.
    assert sorted(p.name for p in own.corpus_dir.iterdir()) == sorted(
        [*(p.name for p in settings.corpus_dir.iterdir()), HANDBOOK_FILE, HANDBOOK_FILE + ".yaml"]
    )
    assert own.index_dir.is_relative_to(settings.eval_work_dir)
    assert fingerprint(settings) == before
    main = Catalog(index_paths(settings).catalog, read_only=True)
    assert main.document(document_id(HANDBOOK_FILE)) is None
    main.close()
    # A second run finds the same upload already indexed: nothing is indexed again.
    assert index_version(own) == version


def test_without_the_reference_texts_the_set_is_left_out_with_its_reason_and_not_gated(
    tmp_path: Path, embedding_cache: Path
) -> None:
    settings = make_settings(tmp_path, embedding_cache)
    write_upload_set(settings)
    for path in settings.eval_reference_dir.iterdir():
        path.unlink()
    reasons: dict[str, str] = {}
    assert default_sets(settings, reasons.__setitem__) == {}
    assert list(reasons) == [HANDBOOK_SET] and str(settings.eval_reference_dir) in reasons[HANDBOOK_SET]
    run = {"sets": {HANDBOOK_SET: {"questions": 2, "metrics": {"page_right": {"value": 0.5, "ci95": [0, 1], "n": 2}}}}}
    baseline = baseline_from(run)
    assert gate_failures(baseline, {"sets": {}, "left_out": reasons}) == []
    assert gate_failures(baseline, {"sets": {}}) == [f"{HANDBOOK_SET}: question set missing from this run"]
    # A baseline written where the set could not run keeps the set's block from before.
    settings.eval_baseline.write_text(json.dumps(baseline), encoding="utf-8")
    eigen = {"questions": 1, "metrics": {"hit@5": {"value": 1.0, "ci95": [1.0, 1.0], "n": 1}}}
    save_baseline({"sets": {"eigen": eigen}, "left_out": reasons}, settings.eval_baseline)
    assert json.loads(settings.eval_baseline.read_text(encoding="utf-8")) == {
        **baseline_from({"sets": {"eigen": eigen}}),
        **baseline,
    }


HIDE_FPDF = "import sys; sys.modules['fpdf'] = None; from assistant.cli import app; app()"  # as if not installed


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path) -> Settings:
    """An index of one shipped text that only the `assistant eval` processes below open."""
    from assistant.ingest.pipeline import run_ingest

    settings = make_settings(tmp_path_factory.mktemp("small"), embedding_cache)
    copy_fixture_corpus(settings.corpus_dir, ["00_hfnl-principes-van-housing-first.md"])
    run_ingest(settings)
    return settings


@pytest.mark.parametrize("missing", ["reference texts", "fpdf2"])
def test_assistant_eval_leaves_the_set_out_with_one_line_and_runs_the_others(
    missing: str, small_index: Settings, tmp_path: Path
) -> None:
    upload = make_settings(tmp_path, small_index.embedding_cache_path)
    write_upload_set(upload)
    if missing == "reference texts":
        shutil.rmtree(upload.eval_reference_dir)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ASSISTANT_CORPUS_DIR": str(small_index.corpus_dir),
        "ASSISTANT_DATA_DIR": str(small_index.data_dir),
        "ASSISTANT_EMBEDDING_CACHE": str(small_index.embedding_cache_path),
        "ASSISTANT_EVAL_QUESTIONS": str(write_gold(tmp_path / "eigen.jsonl", GOLD[2:])),
        "ASSISTANT_EVAL_BLIND_QUESTIONS": str(tmp_path / "geen.jsonl"),
        "ASSISTANT_EVAL_UPLOAD_QUESTIONS": str(upload.eval_upload_questions),
        "ASSISTANT_EVAL_REFERENCE_DIR": str(upload.eval_reference_dir),
        "ASSISTANT_EVAL_WORK_DIR": str(tmp_path / "work"),
        "COLUMNS": "200",
    }
    command = ["-c", HIDE_FPDF] if missing == "fpdf2" else ["-m", "assistant.cli"]
    done = subprocess.run(
        [sys.executable, *command, "eval", "--out", str(tmp_path / "run")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if HANDBOOK_SET in line]
    assert len(lines) == 1 and "left out" in lines[0], done.stderr
    assert ("referentieteksten" if missing == "reference texts" else "fpdf2") in lines[0]
    summary = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert list(summary["sets"]) == ["eigen"] and list(summary["left_out"]) == [HANDBOOK_SET]
    assert not (tmp_path / "work").exists()
