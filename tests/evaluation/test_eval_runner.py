"""The eval run on a real index: verdicts, summary with intervals, reports, comparison and the gate."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from assistant.documents import Chunk, DocumentMeta, Span
from assistant.evaluation.compare import baseline_from, changed_outcomes, gate_failures
from assistant.evaluation.gold import GoldQuestion, GoldQuote, load_questions
from assistant.evaluation.metrics import bootstrap_interval
from assistant.evaluation.runner import cites_gold, expected_chunks, quotes_gold, run_eval
from assistant.retrieval.engine import AnswerEngine

GOLD = [
    {
        "id": "t1",
        "question": "Welke hulp biedt de Preventie Alliantie aan gemeenten?",
        "audience": "gemeente",
        "answerable": True,
        "gold": [
            {
                "source": "00_vng-brede-aanpak-dakloosheid.md",
                "quote": "Producten en diensten die beschikbaar zijn, zijn onder andere handreikingen, infographics, "
                "masterclasses, een kennisbank en ondersteuning en advies van de experts.",
            }
        ],
        "key_facts": ["masterclasses"],
        "split": "dev",
        "follow_up_of": None,
        "kind": "paraphrase",
    },
    {
        "id": "t2",
        "question": "En wie kan zich daarvoor aanmelden?",
        "audience": "gemeente",
        "answerable": True,
        "gold": [
            {
                "source": "00_vng-brede-aanpak-dakloosheid.md",
                "quote": "Gemeenten, zorgaanbieders en woningcorporaties kunnen zich aanmelden voor de masterclasses "
                "van de Preventie Alliantie.",
            }
        ],
        "key_facts": ["zorgaanbieders"],
        "split": "test",
        "follow_up_of": "t1",
        "kind": "follow_up",
    },
    {
        "id": "t3",
        "question": "Hoe bak ik een appeltaart met kaneel?",
        "audience": "algemeen",
        "answerable": False,
        "gold": [],
        "key_facts": [],
        "split": "test",
        "follow_up_of": None,
        "kind": "far_domain",
    },
]


def write_gold(path: Path, lines: list[dict[str, Any]] = GOLD) -> Path:
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    return path


def test_a_run_writes_verdicts_summary_and_self_contained_reports(engine: AnswerEngine, tmp_path: Path) -> None:
    gold = load_questions(write_gold(tmp_path / "gold.jsonl"))
    summary, results = run_eval(engine, gold, tmp_path / "run")
    by_id = {result.id: result for result in results}
    assert by_id["t1"].hit5 == 1.0 and by_id["t1"].answer_hit == 1.0
    assert by_id["t2"].answer_hit == 1.0, by_id["t2"].answer
    assert by_id["t3"].refused
    assert summary["metrics"]["refusal_rate_out_of_scope"]["value"] == 1.0
    assert summary["metrics"]["citation_validity"]["value"] == 1.0
    assert "ci95" in summary["metrics"]["hit@5"]
    assert summary["metrics"]["faithfulness"]["value"] is None
    assert summary["metrics"]["faithfulness"]["status"].startswith("not run")
    for name in ("results.jsonl", "summary.json", "report.md", "report.html"):
        assert (tmp_path / "run" / name).is_file()
    page = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert "<svg" in page
    assert not re.search(r"(src|href)=['\"]https?://", page)


def test_a_split_run_keeps_the_questions_a_follow_up_needs(engine: AnswerEngine, tmp_path: Path) -> None:
    gold = load_questions(write_gold(tmp_path / "gold.jsonl"))
    summary, results = run_eval(engine, gold, tmp_path / "run", split="test")
    assert {result.id for result in results} == {"t2", "t3"}
    assert summary["questions"] == 2


def test_gold_quotes_of_a_document_in_a_subfolder_are_matched_under_the_id_ingest_gives_it() -> None:
    from assistant.paths import document_id_for

    corpus = Path("/srv/kennisbank")
    quote = "Het Zonnehuis in Zuiderveen telt 14 Housing First-woningen voor dakloze inwoners."
    document_id = document_id_for(corpus / "rapporten" / "Zonnehuis 2025.pdf", corpus)
    passage = f"Inleiding over Zuiderveen. {quote}"
    chunk = Chunk(
        "c1",
        document_id,
        "rapporten/Zonnehuis 2025.pdf",
        0,
        passage,
        [Span(0, 10, "sentence", 2, "")],
        DocumentMeta(title="Jaarverslag"),
        "h1",
    )
    question = GoldQuestion(
        "q1", "Hoeveel woningen?", "gemeente", True, [GoldQuote("rapporten/Zonnehuis 2025.pdf", quote)]
    )
    assert expected_chunks(question, [chunk]) == ["c1"]
    assert cites_gold({"document_id": document_id, "passage": passage}, question)


def test_quoting_the_gold_sentence_is_stricter_than_citing_its_passage() -> None:
    gold = "Er is jaarlijks 450 miljoen euro beschikbaar om dit plan uit te voeren."
    other = "Het plan heeft zes leidende principes voor gemeenten en hun partners."
    passage = f"{other} {gold}"
    question = GoldQuestion("q1", "Hoeveel geld?", "gemeente", True, [GoldQuote("plan.md", gold)])
    quoting_the_other = {"document_id": "plan", "passage": passage, "quote": other}
    quoting_the_gold = {"document_id": "plan", "passage": passage, "quote": passage}
    elsewhere = {"document_id": "brief", "passage": passage, "quote": gold}

    assert cites_gold(quoting_the_other, question)
    assert not quotes_gold(quoting_the_other, question)
    assert quotes_gold(quoting_the_gold, question)
    assert not quotes_gold(elsewhere, question)


def test_the_gate_fails_only_past_the_tolerance() -> None:
    reference = {"questions": 10, "metrics": {"hit@5": {"value": 0.8, "ci95": [0.7, 0.9], "n": 10}}}
    baseline = baseline_from(reference)
    assert baseline["eigen"]["metrics"]["hit@5"]["tolerance"] == 0.1
    assert gate_failures(baseline, {"metrics": {"hit@5": {"value": 0.75}}}) == []
    assert gate_failures(baseline, {"metrics": {"hit@5": {"value": 0.65}}}) != []
    assert gate_failures(baseline, {"metrics": {}}) == ["eigen hit@5: missing from this run"]


def test_the_gate_guards_every_question_set() -> None:
    run = {
        "metrics": {"hit@5": {"value": 0.9}},
        "sets": {
            "blind": {"questions": 5, "metrics": {"hit@5": {"value": 0.6, "ci95": [0.55, 0.65], "n": 5}}},
            "eigen": {"questions": 5, "metrics": {"hit@5": {"value": 0.9, "ci95": [0.85, 0.95], "n": 5}}},
        },
    }
    baseline = baseline_from(run)
    assert set(baseline) == {"blind", "eigen"}
    worse_blind = {"sets": {**run["sets"], "blind": {"metrics": {"hit@5": {"value": 0.5}}}}}
    assert gate_failures(baseline, worse_blind) == ["blind hit@5: 0.5 < baseline 0.6 - 0.05"]
    assert gate_failures(baseline, run) == []


def test_a_lower_is_better_metric_fails_when_it_rises() -> None:
    baseline = {"metrics": {"false_refusal_rate": {"value": 0.05, "tolerance": 0.02}}}
    assert gate_failures(baseline, {"metrics": {"false_refusal_rate": {"value": 0.1}}})
    assert not gate_failures(baseline, {"metrics": {"false_refusal_rate": {"value": 0.0}}})


def test_two_sets_are_reported_side_by_side(engine: AnswerEngine, tmp_path: Path) -> None:
    gold = load_questions(write_gold(tmp_path / "gold.jsonl"))
    summary, results = run_eval(engine, {"blind": gold[:2], "eigen": gold}, tmp_path / "run")
    assert summary["primary"] == "blind"
    assert summary["sets"]["blind"]["questions"] == 2 and summary["sets"]["eigen"]["questions"] == len(gold)
    assert summary["metrics"] == summary["sets"]["blind"]["metrics"]
    assert {r.question_set for r in results} == {"blind", "eigen"}
    page = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert "De sets naast elkaar" in page and "Blinde set" in page and "Eigen set" in page


def test_comparison_lists_questions_whose_outcome_changed() -> None:
    before = [{"id": "a", "question": "q", "answerable": True, "refused": False, "answer_hit": 1.0}]
    after = [{"id": "a", "question": "q", "answerable": True, "refused": True, "answer_hit": 0.0}]
    assert changed_outcomes(before, after) == [("a", "q", "juiste bron geciteerd", "onterecht geweigerd")]


def test_comparison_matches_a_question_within_its_own_set() -> None:
    # The blind and the handbook set both have a "u001": each is compared with itself only.
    blind = {"id": "u001", "question": "b", "answerable": True, "question_set": "blind"}
    handbook = {"id": "u001", "question": "h", "answerable": True, "question_set": "handboek"}
    before = [{**blind, "refused": False, "answer_hit": 1.0}, {**handbook, "refused": True, "answer_hit": 0.0}]
    after = [{**blind, "refused": False, "answer_hit": 1.0}, {**handbook, "refused": True, "answer_hit": 0.0}]
    assert changed_outcomes(before, after) == []


def test_the_bootstrap_interval_brackets_the_mean_and_narrows_with_more_data() -> None:
    small = bootstrap_interval([1.0, 0.0] * 5)
    large = bootstrap_interval([1.0, 0.0] * 200)
    assert small[0] <= 0.5 <= small[1]
    assert (large[1] - large[0]) < (small[1] - small[0])
