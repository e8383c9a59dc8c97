"""Run-to-run comparison and the regression gate against the committed baseline."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_BASELINE = Path("evals/baseline.json")
LOWER_IS_BETTER = {"false_refusal_rate", "latency_p50_ms", "latency_p95_ms"}
# Latency depends on the machine; the gate watches quality only.
GATED = [
    "hit@5",
    "mrr@10",
    "answer_hit",
    "answer_first",
    "quote_hit",
    "quote_first",
    "key_fact_recall",
    "refusal_rate_out_of_scope",
    "near_domain_refused",
    "false_refusal_rate",
    "citation_validity",
    "dutch_share",
    "page_right",
]
MIN_TOLERANCE = 0.02


@dataclass(frozen=True)
class MetricDelta:
    name: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 4)


def metric_deltas(before: dict[str, Any], after: dict[str, Any]) -> list[MetricDelta]:
    names = [
        name
        for name in before["metrics"]
        if name in after["metrics"]
        and before["metrics"][name]["value"] is not None
        and after["metrics"][name]["value"] is not None
    ]
    return [MetricDelta(name, before["metrics"][name]["value"], after["metrics"][name]["value"]) for name in names]


def changed_outcomes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """(id, question, outcome before, outcome after) for questions whose outcome changed. A question is its set's:
    the sets number their questions apart, so "u001" of the blind set is not "u001" of the handbook set."""
    previous = {_key(result): result for result in before}
    changes = []
    for result in after:
        old = previous.get(_key(result))
        if old is not None and outcome(old) != outcome(result):
            changes.append((result["id"], result["question"], outcome(old), outcome(result)))
    return changes


def _key(result: dict[str, Any]) -> tuple[str, str]:
    return result.get("question_set", ""), result["id"]


def outcome(result: dict[str, Any]) -> str:
    if result["refused"]:
        return "terecht geweigerd" if not result["answerable"] else "onterecht geweigerd"
    if not result["answerable"]:
        return "beantwoord (had moeten weigeren)"
    return "juiste bron geciteerd" if result["answer_hit"] else "verkeerde bron"


def baseline_from(summary: dict[str, Any]) -> dict[str, Any]:
    """Per question set: baseline values with a tolerance of half the 95% interval (at least MIN_TOLERANCE)."""
    from assistant.evaluation.report import summary_sets

    return {name: _set_baseline(set_summary) for name, set_summary in summary_sets(summary).items()}


def _set_baseline(summary: dict[str, Any]) -> dict[str, Any]:
    metrics = {}
    for name in GATED:
        metric = summary["metrics"].get(name)
        if metric is None or metric.get("value") is None:
            continue
        low, high = metric.get("ci95", [metric["value"], metric["value"]])
        tolerance = max(MIN_TOLERANCE, round((high - low) / 2, 4))
        metrics[name] = {"value": metric["value"], "tolerance": tolerance, "n": metric["n"]}
    return {"questions": summary["questions"], "metrics": metrics}


def gate_failures(baseline: dict[str, Any], summary: dict[str, Any]) -> list[str]:
    """Metrics of any question set that dropped past their tolerance; empty when the run passes.

    A set the run left out for a reason it names (summary["left_out"]: no reference texts here) is not gated.
    """
    from assistant.evaluation.report import summary_sets

    sets = summary_sets(summary)
    references = baseline_sets(baseline)
    left_out = summary.get("left_out") or {}
    failures = []
    for set_name, reference_set in references.items():
        current_set = sets.get(set_name)
        if current_set is None and set_name in left_out:
            continue
        if current_set is None:
            failures.append(f"{set_name}: question set missing from this run")
            continue
        for name, reference in reference_set["metrics"].items():
            current = current_set["metrics"].get(name)
            if current is None or current.get("value") is None:
                failures.append(f"{set_name} {name}: missing from this run")
                continue
            value, allowed = current["value"], reference["tolerance"]
            if name in LOWER_IS_BETTER:
                if value > reference["value"] + allowed:
                    failures.append(f"{set_name} {name}: {value} > baseline {reference['value']} + {allowed}")
            elif value < reference["value"] - allowed:
                failures.append(f"{set_name} {name}: {value} < baseline {reference['value']} - {allowed}")
    return failures


def baseline_sets(baseline: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The baseline of each question set; a baseline from before question sets holds one set's metrics at its top
    level (the own set's)."""
    return {"eigen": baseline} if "metrics" in baseline else baseline


def load_baseline(path: Path = DEFAULT_BASELINE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def save_baseline(summary: dict[str, Any], path: Path = DEFAULT_BASELINE) -> None:
    """Write the run's baseline; a set the run left out keeps the block it had (this machine could not run it)."""
    baseline = baseline_from(summary)
    previous = load_baseline(path) if path.is_file() else {}
    for name in summary.get("left_out") or {}:
        if name in previous and name not in baseline:
            baseline[name] = previous[name]
    path.write_text(json.dumps(baseline, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
