"""Eval reports for staff: Markdown and a self-contained HTML page (inline SVG, no CDN)."""

from __future__ import annotations

import html
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

TARGETS = {
    "hit@5": (0.8, "≥"),
    "mrr@10": (0.6, "≥"),
    "answer_hit": (0.7, "≥"),
    "refusal_rate_out_of_scope": (0.8, "≥"),
    "false_refusal_rate": (0.1, "≤"),
    "citation_validity": (1.0, "≥"),
    "dutch_share": (1.0, "≥"),
    "latency_p95_ms": (150.0, "≤"),
    "answer_first": (0.5, "≥"),
    "answer_words_median": (100.0, "≤"),
}
LABELS = {
    "hit@1": "Juiste passage op 1",
    "hit@3": "Juiste passage in top 3",
    "hit@5": "Juiste passage in top 5",
    "mrr@10": "MRR@10",
    "answer_hit": "Antwoord citeert de juiste bron",
    "answer_first": "Eerste bron van het antwoord is de juiste",
    "quote_hit": "Antwoord citeert de juiste zin zelf",
    "quote_first": "Eerste citaat is de juiste zin",
    "second_turn_right": "Tweede vraag van een gesprek goed beantwoord",
    "second_turn_refused": "Vervolgvraag zonder antwoord in de kennisbank geweigerd",
    "answer_words_median": "Lengte van het antwoord (mediaan, woorden)",
    "key_fact_recall": "Kernfeiten in het antwoord",
    "refusal_rate_out_of_scope": "Weigert terecht (buiten de kennisbank)",
    "near_domain_refused": "Weigert terecht (net buiten de kennisbank)",
    "page_right": "Citeert de gouden zin op de juiste pdf-pagina",
    "false_refusal_rate": "Weigert ten onrechte",
    "citation_validity": "Citaten letterlijk en op de juiste pagina",
    "dutch_share": "Antwoorden in het Nederlands",
    "latency_p50_ms": "Wachttijd p50 (ms)",
    "latency_p95_ms": "Wachttijd p95 (ms)",
    "faithfulness": "Trouw aan de bronnen (taalmodel-beoordeling)",
    "answer_relevancy": "Relevantie van het antwoord (taalmodel-beoordeling)",
}
SET_LABELS = {
    "blind": "Blinde set (geschreven zonder de teksten)",
    "eigen": "Eigen set",
    "handboek": "Handboek (vragen over een geüploade lange pdf)",
}
SET_NOTES = {
    "blind": "De blinde set is geschreven zonder de teksten te zien en telt het zwaarst.",
    "eigen": "De eigen set hergebruikt vaak de woorden van de bron.",
    "handboek": "De handboekset vraagt naar een lange pdf die naast het corpus is geüpload, tot op de pagina.",
}
GROUP_LABELS = {
    "audience:gemeente": "Doelgroep: gemeente",
    "audience:corporatie": "Doelgroep: woningcorporatie",
    "audience:algemeen": "Doelgroep: algemeen",
    "audience:anders": "Doelgroep: anders",
    "split:dev": "Deel: ontwikkelset (kalibratie)",
    "split:test": "Deel: testset",
    "kind:paraphrase": "Soort: andere woorden dan de bron",
    "kind:number_or_name": "Soort: getal of naam",
    "kind:follow_up": "Soort: vervolgvraag",
    "kind:near_domain": "Soort: net buiten de kennisbank",
    "kind:far_domain": "Soort: ver buiten de kennisbank",
    "kind:-": "Soort: gewone vraag",
}
GROUP_KINDS = {"audience": "Doelgroep", "split": "Deel", "kind": "Soort"}
NOT_RUN = "niet uitgevoerd (geen taalmodel ingesteld)"
JUDGE_FAILED = "niet uitgevoerd (het taalmodel gaf geen bruikbaar oordeel; zie de log)"


def new_run_dir(runs_dir: Path) -> Path:
    """A fresh run folder named for the moment it starts."""
    return runs_dir / time.strftime("%Y%m%d-%H%M%S")


def latest_run(runs_dir: Path) -> Path | None:
    """The most recent complete run folder (one with a summary), or None."""
    runs = [path.parent for path in runs_dir.glob("*/summary.json")] if runs_dir.is_dir() else []
    return max(runs, key=lambda path: (path / "summary.json").stat().st_mtime, default=None)


def load_run(run_dir: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    results = [
        json.loads(line) for line in (run_dir / "results.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    return summary, results


def problems(result: dict[str, Any]) -> list[str]:
    """What went wrong with one question, in Dutch."""
    found = []
    if result["answerable"] and result["refused"]:
        found.append("onterecht geweigerd")
    if not result["answerable"] and not result["refused"]:
        found.append("had moeten weigeren")
    if result["answerable"] and not result["refused"] and not result["answer_hit"]:
        found.append("gouden citaat niet geciteerd")
    if result["answerable"] and not result["hit5"]:
        found.append("juiste passage niet in top 5")
    if result["invalid_citations"]:
        found.append(f"{result['invalid_citations']} ongeldige bronvermelding(en)")
    return found


def worst(results: Sequence[dict[str, Any]], count: int = 15) -> list[dict[str, Any]]:
    scored = [(len(problems(r)) + (1 - r["rr"] if r["answerable"] else 0), r) for r in results if problems(r)]
    return [r for _, r in sorted(scored, key=lambda item: -item[0])[:count]]


def write_markdown(run_dir: Path, summary: dict[str, Any], results: Sequence[dict[str, Any]]) -> Path:
    sets = summary_sets(summary)
    lines = [f"# Evaluatie: {summary['questions']} vragen", ""]
    for name, reason in (summary.get("left_out") or {}).items():
        lines += [f"*{SET_LABELS.get(name, name)}: niet uitgevoerd ({reason}).*", ""]
    if len(sets) > 1:
        lines += [
            "## De sets naast elkaar",
            "",
            "| metric | " + " | ".join(SET_LABELS.get(n, n) for n in sets) + " | doel |",
        ]
        lines.append("|---|" + "---|" * len(sets) + "---|")
        for name in metric_names(sets):
            cells = [_cell(sets[set_name]["metrics"].get(name, {}).get("value")) for set_name in sets]
            target = TARGETS.get(name)
            lines.append(
                f"| {LABELS.get(name, name)} | "
                + " | ".join(cells)
                + f" | {f'{target[1]} {target[0]}' if target else ''} |"
            )
        lines.append("")
    for set_name, set_summary in sets.items():
        set_results = [r for r in results if r.get("question_set", set_name) == set_name]
        lines += _markdown_section(SET_LABELS.get(set_name, set_name), set_summary, set_results)
    path = run_dir / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def metric_names(sets: dict[str, dict[str, Any]]) -> list[str]:
    """Every metric of any set, in the order the sets first report them (a set may have one the others lack)."""
    return list(dict.fromkeys(name for set_summary in sets.values() for name in set_summary["metrics"]))


def summary_sets(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The summary of each question set in a run (a run of one set is its own only set)."""
    return summary.get("sets") or {summary.get("primary", "eigen"): summary}


def _markdown_section(title: str, summary: dict[str, Any], results: Sequence[dict[str, Any]]) -> list[str]:
    lines = [
        f"## {title}: {summary['questions']} vragen",
        "",
        "| metric | waarde | 95%-BI | doel | n |",
        "|---|---|---|---|---|",
    ]
    for name, metric in summary["metrics"].items():
        interval = metric.get("ci95")
        target = TARGETS.get(name)
        lines.append(
            f"| {LABELS.get(name, name)} | {not_run(metric) if metric['value'] is None else metric['value']} | "
            f"{f'{interval[0]:.2f}–{interval[1]:.2f}' if interval else ''} | "
            f"{f'{target[1]} {target[0]}' if target else ''} | {metric['n']} |"
        )
    lines += [
        "",
        "### Per doelgroep en soort",
        "",
        "| groep | vragen | hit@5 | antwoord-hit | geweigerd |",
        "|---|---|---|---|---|",
    ]
    for key, group in summary["breakdown"].items():
        lines.append(
            f"| {group_label(key)} | {group['questions']} | {_cell(group['hit@5'])} | {_cell(group['answer_hit'])} | "
            f"{group['refused']} |"
        )
    lines += ["", "### Documenten die nooit worden gevonden", ""]
    lines += [f"- {document}" for document in summary.get("never_retrieved", [])] or ["- (geen)"]
    lines += ["", "### Slechtste vragen", ""]
    for result in worst(results):
        lines.append(f"- **{result['id']}** {result['question']} — {', '.join(problems(result))}")
    if not worst(results):
        lines.append("Geen: elke vraag ging goed.")
    lines.append("")
    return lines


def group_label(key: str) -> str:
    """A breakdown group in Dutch: 'audience:gemeente' -> 'Doelgroep: gemeente'."""
    if key in GROUP_LABELS:
        return GROUP_LABELS[key]
    kind, _, value = key.partition(":")
    return f"{GROUP_KINDS.get(kind, kind)}: {value}"


def _cell(value: float | None) -> str:
    return "–" if value is None else str(value)


def _bar_chart(values: dict[str, float], width: int = 520, maximum: float = 1.0) -> str:
    bar_height, gap = 22, 8
    height = len(values) * (bar_height + gap) + 10
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for index, (label, value) in enumerate(values.items()):
        y = 5 + index * (bar_height + gap)
        length = 0 if maximum <= 0 else (width - 230) * min(value / maximum, 1.0)
        parts.append(f'<text x="0" y="{y + 16}" font-size="13">{html.escape(label)}</text>')
        parts.append(f'<rect x="180" y="{y}" width="{length:.1f}" height="{bar_height}" fill="#2f6f9f"/>')
        parts.append(f'<text x="{185 + length:.1f}" y="{y + 16}" font-size="13">{value:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram(values: Sequence[float], bins: int = 12, width: int = 520, height: int = 160) -> str:
    if not values:
        return ""
    low, high = min(values), max(values)
    step = (high - low) / bins or 1.0
    counts = [0] * bins
    for value in values:
        counts[min(int((value - low) / step), bins - 1)] += 1
    tallest = max(counts) or 1
    bar = (width - 40) / bins
    parts = [f'<svg viewBox="0 0 {width} {height + 30}" width="{width}" height="{height + 30}" role="img">']
    for index, count in enumerate(counts):
        h = height * count / tallest
        x, y = 20 + index * bar, height - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" fill="#6a9f2f"/>')
    parts.append(f'<text x="20" y="{height + 20}" font-size="12">{low:.0f} ms</text>')
    parts.append(f'<text x="{width - 80}" y="{height + 20}" font-size="12">{high:.0f} ms</text>')
    parts.append("</svg>")
    return "".join(parts)


def _confusion(results: Sequence[dict[str, Any]]) -> str:
    cells = {
        (a, r): sum(1 for x in results if x["answerable"] == a and x["refused"] == r)
        for a in (True, False)
        for r in (False, True)
    }
    return (
        "<table class='grid'><tr><th></th><th>beantwoord</th><th>geweigerd</th></tr>"
        f"<tr><th>in de kennisbank</th><td>{cells[(True, False)]}</td><td class='bad'>{cells[(True, True)]}</td></tr>"
        f"<tr><th>buiten de kennisbank</th><td class='bad'>{cells[(False, False)]}</td>"
        f"<td>{cells[(False, True)]}</td></tr>"
        "</table>"
    )


def not_run(metric: dict[str, Any]) -> str:
    """Why a metric has no value: no language model configured, or the configured one failed."""
    return JUDGE_FAILED if "failed" in str(metric.get("status", "")) else NOT_RUN


def _html_section(title: str, summary: dict[str, Any], results: Sequence[dict[str, Any]]) -> str:
    rows = []
    for name, metric in summary["metrics"].items():
        target = TARGETS.get(name)
        interval = metric.get("ci95")
        met = ""
        if metric["value"] is None:
            label = html.escape(LABELS.get(name, name))
            rows.append(f"<tr><td>{label}</td><td colspan='4'>{not_run(metric)}</td></tr>")
            continue
        if target:
            ok = metric["value"] >= target[0] if target[1] == "≥" else metric["value"] <= target[0]
            met = "<span class='ok'>gehaald</span>" if ok else "<span class='bad'>niet gehaald</span>"
        rows.append(
            f"<tr><td>{html.escape(LABELS.get(name, name))}</td><td>{metric['value']}</td>"
            f"<td>{f'{interval[0]:.2f}–{interval[1]:.2f}' if interval else ''}</td>"
            f"<td>{html.escape(f'{target[1]} {target[0]}') if target else ''}</td><td>{met}</td></tr>"
        )
    answerable = [r for r in results if r["answerable"]]
    hit_curve = {f"hit@{k}": sum(r[f"hit{k}"] for r in answerable) / max(len(answerable), 1) for k in (1, 3, 5)}
    audiences = {
        key.split(":", 1)[1]: group["answer_hit"] or 0.0
        for key, group in summary["breakdown"].items()
        if key.startswith("audience:") and group["answer_hit"] is not None
    }
    worst_items = []
    for result in worst(results):
        sources = "".join(
            f"<li>[{c['n']}] {html.escape(c['title'])} — {html.escape(c['quote'])}</li>" for c in result["citations"]
        )
        worst_items.append(
            f"<details><summary><b>{html.escape(result['id'])}</b> {html.escape(result['question'])} — "
            f"<span class='bad'>{html.escape(', '.join(problems(result)))}</span></summary>"
            f"<pre>{html.escape(result['answer'])}</pre><ul>{sources}</ul></details>"
        )
    never = "".join(f"<li>{html.escape(d)}</li>" for d in summary.get("never_retrieved", [])) or "<li>(geen)</li>"
    return f"""<h2>{html.escape(title)}: {summary["questions"]} vragen</h2>
<h3>Kerncijfers</h3><table><tr><th>metric</th><th>waarde</th><th>95%-BI</th><th>doel</th><th></th></tr>{"".join(rows)}</table>
<h3>Juiste passage gevonden (hit@k)</h3>{_bar_chart(hit_curve)}
<h3>Antwoord citeert de juiste bron, per doelgroep</h3>{_bar_chart(audiences)}
<h3>Weigeren</h3>{_confusion(results)}
<h3>Wachttijd per vraag</h3>{_histogram([r["latency_ms"] for r in results])}
<h3>Documenten die nooit worden gevonden</h3><ul>{never}</ul>
<h3>Slechtste vragen</h3>{"".join(worst_items) or "<p>Geen.</p>"}
"""


def write_html(run_dir: Path, summary: dict[str, Any], results: Sequence[dict[str, Any]]) -> Path:
    sets = summary_sets(summary)
    side_by_side = ""
    if len(sets) > 1:
        head = "".join(f"<th>{html.escape(SET_LABELS.get(name, name))}</th>" for name in sets)
        rows = []
        for name in metric_names(sets):
            cells = "".join(
                f"<td>{html.escape(_cell(sets[set_name]['metrics'].get(name, {}).get('value')))}</td>"
                for set_name in sets
            )
            target = TARGETS.get(name)
            rows.append(
                f"<tr><td>{html.escape(LABELS.get(name, name))}</td>{cells}"
                f"<td>{html.escape(f'{target[1]} {target[0]}') if target else ''}</td></tr>"
            )
        about = " ".join(SET_NOTES[name] for name in sets if name in SET_NOTES)
        side_by_side = (
            f"<h2>De sets naast elkaar</h2><p>{html.escape(about)}</p>"
            f"<table><tr><th>metric</th>{head}<th>doel</th></tr>{''.join(rows)}</table>"
        )
    left_out = "".join(
        f"<p><em>{html.escape(SET_LABELS.get(name, name))}: niet uitgevoerd ({html.escape(reason)}).</em></p>"
        for name, reason in (summary.get("left_out") or {}).items()
    )
    sections = "".join(
        _html_section(
            SET_LABELS.get(name, name), set_summary, [r for r in results if r.get("question_set", name) == name]
        )
        for name, set_summary in sets.items()
    )
    page = f"""<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Thuisvraag evaluatie</title>
<style>body{{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}
.ok{{color:#1b7a1b}}.bad{{color:#b22}}pre{{white-space:pre-wrap;background:#f6f6f6;padding:8px}}
.grid td{{text-align:center;min-width:90px}}</style></head><body>
<h1>Thuisvraag: evaluatie van de antwoordkwaliteit</h1>
<p>{summary["questions"]} vragen. Intervallen zijn 95%-bootstrapintervallen.</p>
{left_out}{side_by_side}{sections}
</body></html>"""
    path = run_dir / "report.html"
    path.write_text(page, encoding="utf-8")
    return path
