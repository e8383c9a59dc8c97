"""The staff tab "Kwaliteit": the latest eval report, and a button that starts a new run with progress."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import gradio as gr

from assistant.errors import AssistantError
from assistant.retrieval.engine import AnswerEngine

log = logging.getLogger(__name__)
REPORT_LINK = "/api/evals/latest/report.html"


def report_view(run_dir: Path | None) -> tuple[str, str | None]:
    """The run's Markdown report (or a note that there is none yet) and the path of its HTML report."""
    if run_dir is None:
        return "Er is nog geen evaluatie uitgevoerd. Start er hieronder een.", None
    markdown = (run_dir / "report.md").read_text(encoding="utf-8")
    heading = f"**Laatste run:** `{run_dir.name}` · [volledig rapport openen]({REPORT_LINK})\n\n"
    html_report = run_dir / "report.html"
    return heading + markdown, str(html_report) if html_report.is_file() else None


def build_quality_tab(engine: AnswerEngine, tab: gr.Tab) -> None:
    """Renders inside `tab`, which shows the newest report whenever it is opened; one eval run at a time."""
    from assistant.evaluation.report import latest_run

    settings = engine.settings
    running = threading.Lock()

    def show_latest() -> tuple[str, str | None]:
        return report_view(latest_run(settings.eval_runs_dir))

    def start_run(progress: gr.Progress = gr.Progress()) -> tuple[str, str | None, str]:
        from assistant.evaluation.compare import gate_failures, load_baseline
        from assistant.evaluation.judge import judge_from_settings
        from assistant.evaluation.report import new_run_dir
        from assistant.evaluation.runner import default_sets, run_eval

        if not running.acquire(blocking=False):
            return *show_latest(), "Er loopt al een evaluatie; wacht tot die klaar is."
        try:
            gold = default_sets(settings)
            progress((0, sum(len(questions) for questions in gold.values())), desc="Vragen beoordelen", unit="vragen")
            run_dir = new_run_dir(settings.eval_runs_dir)
            summary, results = run_eval(
                engine,
                gold,
                run_dir,
                judge=judge_from_settings(settings),
                on_progress=lambda done, total: progress((done, total), desc="Vragen beoordelen", unit="vragen"),
            )
        except (AssistantError, OSError, ValueError) as error:
            log.error("eval run from the UI failed: %s", error)
            return *show_latest(), f"De evaluatie is mislukt: {getattr(error, 'user_message', error)}"
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
        return *report_view(run_dir), status

    gr.Markdown(
        "Voor medewerkers: de antwoordkwaliteit op de gouden vragenset. Een nieuwe run stelt alle vragen opnieuw "
        "en vergelijkt de uitkomst met de vastgelegde baseline."
    )
    with gr.Row():
        start = gr.Button("Nieuwe evaluatie starten", variant="primary", elem_id="tv-eval-start")
        refresh = gr.Button("Vernieuwen", elem_id="tv-eval-refresh")
    status = gr.Markdown(elem_id="tv-eval-status")
    initial, initial_file = show_latest()
    report = gr.Markdown(initial, elem_id="tv-eval-report")
    report_file = gr.File(initial_file, label="Rapport (HTML)", elem_id="tv-eval-file", interactive=False)
    start.click(start_run, None, [report, report_file, status], concurrency_limit=1)
    refresh.click(show_latest, None, [report, report_file])
    tab.select(show_latest, None, [report, report_file])
