"""The staff tab "Kwaliteit": eval reports, two runs (or a run and the baseline) side by side, and new runs."""

from __future__ import annotations

import html
import json
import logging
import threading
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.knowledge_base import token_matches
from assistant.retrieval.engine import AnswerEngine

log = logging.getLogger(__name__)
REPORT_LINK = "/api/evals/latest/report.html"
BASELINE = "baseline"
NO_RUN_YET = "Er is nog geen evaluatie uitgevoerd. Start er een met de knop hierboven."


def report_view(run_dir: Path | None) -> tuple[str, Any]:
    """The run's Markdown report (or a note that there is none yet) and the file box with its HTML report."""
    if run_dir is None:
        return NO_RUN_YET, gr.update(value=None, visible=False)
    markdown = (run_dir / "report.md").read_text(encoding="utf-8")
    heading = f"**Laatste run:** `{run_dir.name}` · [volledig rapport openen]({REPORT_LINK})\n\n"
    html_report = run_dir / "report.html"
    shown = html_report.is_file()
    return heading + markdown, gr.update(value=str(html_report) if shown else None, visible=shown)


def run_dirs(runs_dir: Path) -> list[Path]:
    """Complete runs (with a summary), newest first."""
    runs = [path.parent for path in runs_dir.glob("*/summary.json")] if runs_dir.is_dir() else []
    return sorted(runs, key=lambda path: ((path / "summary.json").stat().st_mtime, path.name), reverse=True)


def run_choices(runs_dir: Path, baseline: Path) -> list[tuple[str, str]]:
    choices = [(f"Run {path.name}", path.name) for path in run_dirs(runs_dir)]
    if baseline.is_file():
        choices.append(("Baseline (vastgelegd)", BASELINE))
    return choices


def comparison_html(runs_dir: Path, baseline: Path, before: str | None, after: str | None) -> str:
    """A table of every metric in `before` and `after`, per question set the two share, their difference, and the
    questions whose outcome changed."""
    if not before or not after:
        return "<p class='tv-empty'>Kies twee runs om te vergelijken (er is er nog geen of één).</p>"
    if before == after:
        return "<p class='tv-empty'>Kies twee verschillende runs.</p>"
    try:
        return _comparison(runs_dir, baseline, before, after)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        # A run or baseline file that is not (or no longer) readable, or not of a run's shape.
        log.warning("cannot compare %s with %s: %s", before, after, error)
        return "<p class='tv-empty'>Een van deze runs kan ik niet lezen; kies een andere.</p>"


def _comparison(runs_dir: Path, baseline: Path, before: str, after: str) -> str:
    from assistant.evaluation.compare import baseline_sets, changed_outcomes
    from assistant.evaluation.report import summary_sets

    loaded = [_load(runs_dir, baseline, name) for name in (before, after)]
    if loaded[0] is None or loaded[1] is None:
        return "<p class='tv-empty'>Deze run bestaat niet (meer).</p>"
    (old, old_results), (new, new_results) = loaded[0], loaded[1]
    # The baseline holds each set's metrics and tolerances ({"blind": {...}, "eigen": {...}}); a run's summary holds
    # them under "sets". Each set is compared with itself, never one set's figures with another's (comparing the
    # baseline's sets as if they were one summary left the whole web page unbuilt once a run existed).
    old_sets, new_sets = (
        baseline_sets(data) if name == BASELINE else summary_sets(data) for name, data in ((before, old), (after, new))
    )
    shared = [name for name in new_sets if name in old_sets]
    if not shared:
        return "<p class='tv-empty'>Deze twee runs hebben geen vragenset gemeen.</p>"
    rows = [
        row for name in shared for row in _delta_rows(name, old_sets[name], new_sets[name], tolerant=before == BASELINE)
    ]
    names = [_name(before), _name(after)]
    table = (
        f"<div class='tv-table-scroll' role='region' aria-label='Verschillen per metric' tabindex='0'>"
        f"<table class='tv-compare' id='tv-eval-deltas'><caption class='tv-visually-hidden'>"
        f"{html.escape(names[0])} vergeleken met {html.escape(names[1])}</caption><thead><tr><th scope='col'>metric"
        f"</th><th scope='col'>{html.escape(names[0])}</th><th scope='col'>{html.escape(names[1])}</th>"
        f"<th scope='col'>verschil</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    if old_results is None or new_results is None:
        return table + "<p class='tv-hint'>De baseline bewaart geen uitkomst per vraag.</p>"
    changes = changed_outcomes(old_results, new_results)
    if not changes:
        return table + "<p class='tv-hint'>Geen vraag kreeg een andere uitkomst.</p>"
    changed_rows = "".join(
        f"<tr><td>{html.escape(qid)}</td><td>{html.escape(question)}</td><td>{html.escape(was)}</td>"
        f"<td>{html.escape(now)}</td></tr>"
        for qid, question, was, now in changes
    )
    return table + (
        f"<h3 class='tv-heading'>Vragen met een andere uitkomst ({len(changes)})</h3>"
        "<div class='tv-table-scroll' role='region' aria-label='Vragen met een andere uitkomst' tabindex='0'>"
        "<table class='tv-compare' id='tv-eval-changes'><thead><tr><th scope='col'>id</th><th scope='col'>vraag</th>"
        f"<th scope='col'>eerst</th><th scope='col'>nu</th></tr></thead><tbody>{changed_rows}</tbody></table></div>"
    )


def _delta_rows(name: str, old: dict[str, Any], new: dict[str, Any], tolerant: bool) -> list[str]:
    """The rows of one question set: a heading row, then each metric both hold (a baseline's tolerance judged)."""
    from assistant.evaluation.compare import LOWER_IS_BETTER, metric_deltas
    from assistant.evaluation.report import LABELS, SET_LABELS

    tolerances = old["metrics"] if tolerant else {}
    rows = [f"<tr><th scope='colgroup' colspan='4'>{html.escape(SET_LABELS.get(name, name))}</th></tr>"]
    for delta in metric_deltas(old, new):
        lower_better = delta.name in LOWER_IS_BETTER
        better = delta.delta < 0 if lower_better else delta.delta > 0
        allowed = tolerances.get(delta.name, {}).get("tolerance")
        worse_past_tolerance = allowed is not None and (-delta.delta if not lower_better else delta.delta) > allowed
        if delta.delta == 0:
            verdict, css = "gelijk", ""
        elif better:
            verdict, css = "beter", "tv-better"
        else:
            verdict, css = ("slechter, voorbij de tolerantie" if worse_past_tolerance else "slechter"), "tv-worse"
        rows.append(
            f"<tr><th scope='row'>{html.escape(LABELS.get(delta.name, delta.name))}</th>"
            f"<td>{_number(delta.before)}</td><td>{_number(delta.after)}</td>"
            f"<td class='{css}'>{delta.delta:+g} ({verdict})</td></tr>"
        )
    return rows


def build_quality_tab(engine: AnswerEngine, tab: gr.Tab) -> None:
    """Renders inside `tab`, which shows the newest report whenever it is opened; one eval run at a time.

    Reading reports is open to everyone on the page; starting a run costs minutes of the server's time,
    so it takes the admin token (as Beheer does), checked again on the server for every run.
    """
    from assistant.evaluation.report import latest_run

    settings = engine.settings
    running = threading.Lock()

    def show_latest() -> tuple[str, Any]:
        return report_view(latest_run(settings.eval_runs_dir))

    def comparison_choices() -> tuple[Any, Any, str]:
        choices = run_choices(settings.eval_runs_dir, settings.eval_baseline)
        values = [value for _, value in choices]
        after = values[0] if values and values[0] != BASELINE else None
        before = BASELINE if BASELINE in values else (values[1] if len(values) > 1 else None)
        table = comparison_html(settings.eval_runs_dir, settings.eval_baseline, before, after)
        return gr.update(choices=choices, value=before), gr.update(choices=choices, value=after), table

    def refresh() -> tuple[Any, ...]:
        return *show_latest(), *comparison_choices()

    def start_run(granted: str, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        from assistant.evaluation.compare import gate_failures, load_baseline
        from assistant.evaluation.judge import judge_from_settings
        from assistant.evaluation.report import new_run_dir
        from assistant.evaluation.runner import default_sets, run_eval

        if not token_matches(settings, granted):
            return *refresh(), "Meld u eerst aan met het beheertoken."
        if not running.acquire(blocking=False):
            return *refresh(), "Er loopt al een evaluatie; wacht tot die klaar is."
        try:
            left_out: dict[str, str] = {}

            def leave_out(name: str, reason: str) -> None:
                log.warning("eval set %s left out: %s", name, reason)
                left_out[name] = reason

            gold = default_sets(settings, leave_out)
            count = sum(len(eval_set.questions) for eval_set in gold.values())
            progress((0, count), desc="Vragen beoordelen", unit="vragen")
            run_dir = unique_run_dir(new_run_dir(settings.eval_runs_dir))
            summary, results = run_eval(
                engine,
                gold,
                run_dir,
                judge=judge_from_settings(settings),
                on_progress=lambda done, total: progress((done, total), desc="Vragen beoordelen", unit="vragen"),
                left_out=left_out,
            )
        except (AssistantError, OSError, ValueError) as error:
            log.error("eval run from the UI failed: %s", error)
            return *refresh(), f"De evaluatie is mislukt: {getattr(error, 'user_message', error)}"
        finally:
            running.release()
        status = f"Klaar: {len(results)} vragen beoordeeld in run `{run_dir.name}`."
        if settings.eval_baseline.is_file():
            failures = gate_failures(load_baseline(settings.eval_baseline), summary)
            status += (
                "\n\n**Achteruitgang ten opzichte van de baseline:**\n" + "\n".join(f"- {f}" for f in failures)
                if failures
                else " Geen metric is verder gedaald dan de tolerantie van de baseline."
            )
        return *report_view(run_dir), *comparison_choices(), status

    def sign_in(offered: str) -> tuple[str, str, Any]:
        if not token_matches(settings, offered):
            log.warning("Kwaliteit: sign-in with a wrong token")
            return "", "Dit token klopt niet.", gr.update(interactive=False)
        return offered, "Aangemeld: u kunt een evaluatie starten.", gr.update(interactive=True)

    gr.Markdown(
        "Voor medewerkers: de antwoordkwaliteit op de gouden vragenset. Een nieuwe run stelt alle vragen opnieuw "
        "en vergelijkt de uitkomst met de vastgelegde baseline. Rapporten lezen kan iedereen; een run starten "
        "vraagt het beheertoken."
    )
    granted = gr.State("")
    if settings.admin_enabled:
        with gr.Row(equal_height=True):
            token = gr.Textbox(label="Beheertoken", type="password", elem_id="tv-eval-token", scale=3)
            sign_in_button = gr.Button("Aanmelden", elem_id="tv-eval-login", scale=1)
        signed_in = gr.Markdown(elem_id="tv-eval-signed-in")
    else:
        gr.Markdown(
            "Een run starten staat uit: stel `ASSISTANT_ADMIN_TOKEN` in en start de app opnieuw.",
            elem_id="tv-eval-off",
        )
    with gr.Row():
        start = gr.Button("Nieuwe evaluatie starten", variant="primary", elem_id="tv-eval-start", interactive=False)
        refresh_button = gr.Button("Vernieuwen", elem_id="tv-eval-refresh")
    status = gr.Markdown(elem_id="tv-eval-status")
    gr.HTML("<h2 class='tv-heading'>Twee runs vergelijken</h2>")
    choices, after_choice, initial_table = comparison_choices()
    with gr.Row():
        before = gr.Dropdown(label="Vergelijk", elem_id="tv-eval-before", **_choice_args(choices))
        after = gr.Dropdown(label="met", elem_id="tv-eval-after", **_choice_args(after_choice))
    comparison = gr.HTML(initial_table, elem_id="tv-eval-compare-table")
    gr.HTML("<h2 class='tv-heading'>Laatste rapport</h2>")
    initial, initial_file = show_latest()
    report = gr.Markdown(initial, elem_id="tv-eval-report")
    report_file = gr.File(
        label="Rapport (HTML)", elem_id="tv-eval-file", interactive=False, **_choice_args(initial_file)
    )

    if settings.admin_enabled:
        sign_in_button.click(sign_in, token, [granted, signed_in, start])
        token.submit(sign_in, token, [granted, signed_in, start])
    outputs = [report, report_file, before, after, comparison]
    start.click(start_run, granted, [*outputs, status], concurrency_limit=1)
    refresh_button.click(refresh, None, outputs)
    tab.select(refresh, None, outputs)

    def compare(old: str | None, new: str | None) -> str:
        return comparison_html(settings.eval_runs_dir, settings.eval_baseline, old, new)

    before.change(compare, [before, after], comparison)
    after.change(compare, [before, after], comparison)


def unique_run_dir(run_dir: Path) -> Path:
    """Two runs started within one second get folders of their own (run folders are named to the second)."""
    candidate, number = run_dir, 2
    while candidate.exists():
        candidate, number = run_dir.with_name(f"{run_dir.name}-{number}"), number + 1
    return candidate


def _load(runs_dir: Path, baseline: Path, name: str) -> tuple[dict[str, Any], list[dict[str, Any]] | None] | None:
    from assistant.evaluation.report import load_run

    if name == BASELINE:
        return (json.loads(baseline.read_text(encoding="utf-8")), None) if baseline.is_file() else None
    run_dir = runs_dir / name
    if "/" in name or not (run_dir / "summary.json").is_file():
        return None
    return load_run(run_dir)


def _name(choice: str) -> str:
    return "baseline" if choice == BASELINE else f"run {choice}"


def _number(value: float) -> str:
    return f"{value:g}"


def _choice_args(update: Any) -> dict[str, Any]:
    """The keyword arguments of a gr.update dict, for building a component with the same state."""
    return {key: value for key, value in dict(update).items() if key != "__type__"}
