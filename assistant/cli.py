"""The `assistant` command: ingest, ask, serve and eval, as the README describes them."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from assistant.offline import enforce_offline

enforce_offline()

from assistant.config import Settings  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402

app = typer.Typer(
    help="Thuisvraag: vragen over de aanpak van dakloosheid, beantwoord uit bronnen.", no_args_is_help=True
)
console = Console(stderr=True)
EXIT_SKIPPED = 3


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details for operators.")] = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # the eval's handbook PDF: a line per font table


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders; default: the corpus dir.")] = None,
) -> None:
    """Index the corpus (or PATHs): new and changed files are indexed, removed ones dropped.

    Exit code 0: all files indexed; 3: done, but some files were skipped (listed); 1: failed.
    """
    from assistant.ingest.pipeline import run_ingest

    settings = Settings()
    try:
        report = run_ingest(settings, paths or None, show_progress=True)
    except AssistantError as error:
        logging.getLogger(__name__).error("ingest failed: %s", error)
        console.print(f"[red]{error.user_message}[/red]")
        raise typer.Exit(1) from error
    table = Table(title="Indexering klaar", show_header=False)
    for label, value in [
        ("Documenten in de index", report.documents),
        ("Passages in de index", report.chunks),
        ("Nieuw / gewijzigd / verwijderd", f"{report.new} / {report.changed} / {report.removed}"),
        ("Ongewijzigd", report.unchanged),
        ("Passages ingebed", report.embedded),
        ("Vectoren uit de meegeleverde set", report.seeded),
        ("Overgeslagen", len(report.skipped)),
        ("Seconden", f"{report.seconds:.1f}"),
    ]:
        table.add_row(label, str(value))
    console.print(table)
    for path, reason in report.skipped:
        console.print(f"[yellow]Overgeslagen:[/yellow] {path}: {reason}")
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="De vraag, in het Nederlands.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON (the API's contract).")] = False,
    history: Annotated[
        list[str] | None, typer.Option("--history", help="An earlier question of the conversation (repeatable).")
    ] = None,
) -> None:
    """Answer one question from the knowledge base, with numbered sources."""
    from assistant.retrieval.engine import AnswerEngine

    try:
        engine = AnswerEngine(Settings())
        answer = engine.ask(question, history or [])
    except AssistantError as error:
        logging.getLogger(__name__).error("ask failed: %s", error)
        if as_json:
            typer.echo(json.dumps({"error": error.user_message}, ensure_ascii=False))
        else:
            console.print(f"[red]{error.user_message}[/red]")
        raise typer.Exit(1) from error
    if as_json:
        typer.echo(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        typer.echo(answer.answer)


@app.command(name="eval")
def evaluate(
    questions: Annotated[
        Path | None,
        typer.Option(
            help="One gold set (JSON lines); default evals/blind.jsonl, evals/questions.jsonl and evals/upload.jsonl."
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Run folder; default evals/runs/<timestamp>.")] = None,
    split: Annotated[str, typer.Option(help="Only questions of this split: dev, test or all.")] = "all",
    calibrate: Annotated[
        bool, typer.Option("--calibrate", help="Fit the refusal gate on the dev split before evaluating.")
    ] = False,
    gate: Annotated[
        bool, typer.Option("--gate", help="Fail (exit 1) when a metric drops below evals/baseline.json.")
    ] = False,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Write this run's metrics as evals/baseline.json.")
    ] = False,
    compare: Annotated[
        tuple[Path, Path] | None, typer.Option(help="Compare two run folders (RUN_A RUN_B) instead of running.")
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option("--set", help="Only this question set (repeatable): blind, eigen or handboek.")
    ] = None,
) -> None:
    """Run the gold questions through the answer engine; report retrieval, answer and refusal metrics."""

    from assistant.evaluation import compare as comparison
    from assistant.evaluation.gold import load_questions
    from assistant.evaluation.judge import judge_from_settings
    from assistant.evaluation.report import load_run, new_run_dir
    from assistant.evaluation.runner import BLIND_SET, EvalSet, calibrate_gate, default_sets, run_eval
    from assistant.retrieval.engine import AnswerEngine

    if compare is not None:
        (before, before_results), (after, after_results) = load_run(compare[0]), load_run(compare[1])
        _print_comparison(
            comparison.metric_deltas(before, after), comparison.changed_outcomes(before_results, after_results)
        )
        return
    settings = Settings()
    left_out: dict[str, str] = {}

    def leave_out(name: str, reason: str) -> None:
        left_out[name] = reason
        console.print(f"[yellow]Set {name} left out:[/yellow] {reason}")

    try:
        every = {questions.stem: EvalSet(load_questions(questions))} if questions else default_sets(settings, leave_out)
    except ValueError as error:  # a bad gold line, or a reference text that no longer holds its quote
        console.print(f"[red]Gold set unusable:[/red] {error}")
        raise typer.Exit(1) from error
    if unknown := sorted(set(only or []) - every.keys() - left_out.keys()):
        console.print(f"[red]No question set named {', '.join(unknown)}[/red] (there are: {', '.join(every)})")
        raise typer.Exit(1)
    sets = {name: eval_set for name, eval_set in every.items() if not only or name in only}
    left_out.update({name: "niet gekozen (--set)" for name in every if name not in sets})
    if not sets:
        console.print("[red]No question set to run.[/red]")
        raise typer.Exit(1)
    try:
        engine = AnswerEngine(settings)
    except AssistantError as error:
        console.print(f"[red]{error.user_message}[/red]")
        raise typer.Exit(1) from error
    if calibrate:
        # Fitted on the blind set's dev split, on the main index; never on a set with an index of its own.
        on_main_index = [name for name, eval_set in every.items() if eval_set.own_index is None]
        if not on_main_index:
            console.print("[red]No question set to calibrate on[/red] (the blind set is missing).")
            raise typer.Exit(1)
        calibration_set = BLIND_SET if BLIND_SET in on_main_index else on_main_index[0]
        report = calibrate_gate(engine, every[calibration_set].questions, "dev")
        console.print(f"Refusal gate fitted on the dev split of {calibration_set}: {json.dumps(report)}")
    run_dir = out or new_run_dir(settings.eval_runs_dir)
    summary, _ = run_eval(engine, sets, run_dir, split, judge_from_settings(settings), left_out=left_out)
    for name, set_summary in summary["sets"].items():
        title = f"Eval {name}: {set_summary['questions']} vragen ({split}), {set_summary['seconds']} s"
        _print_summary(set_summary, title)
    console.print(f"Run written to {run_dir} (report.html, report.md, summary.json, results.jsonl)")
    if update_baseline:
        comparison.save_baseline(summary, settings.eval_baseline)
        console.print(f"Baseline written to {settings.eval_baseline}")
    if gate:
        failures = comparison.gate_failures(comparison.load_baseline(settings.eval_baseline), summary)
        for failure in failures:
            console.print(f"[red]Regression:[/red] {failure}")
        if failures:
            raise typer.Exit(1)
        console.print("[green]Gate passed: no metric dropped past its tolerance.[/green]")


def _print_summary(summary: dict[str, Any], title: str) -> None:
    table = Table(title=title)
    for column in ("metric", "value", "95% CI", "n"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for name, metric in summary["metrics"].items():
        interval = metric.get("ci95")
        value = "niet uitgevoerd" if metric["value"] is None else str(metric["value"])
        table.add_row(name, value, f"{interval[0]:.2f}–{interval[1]:.2f}" if interval else "", str(metric["n"]))
    Console().print(table)


def _print_comparison(deltas: list[Any], changes: list[tuple[str, str, str, str]]) -> None:
    table = Table(title="Verschil tussen runs (A -> B)")
    for column in ("metric", "A", "B", "delta"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for delta in deltas:
        colour = "green" if delta.delta > 0 else "red" if delta.delta < 0 else "white"
        table.add_row(delta.name, str(delta.before), str(delta.after), f"[{colour}]{delta.delta:+}[/{colour}]")
    Console().print(table)
    changed = Table(title=f"{len(changes)} vragen met een andere uitkomst")
    for column in ("id", "vraag", "A", "B"):
        changed.add_column(column)
    for row in changes:
        changed.add_row(*row)
    Console().print(changed)


feedback_app = typer.Typer(help="Feedback from the web app.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("export")
def export_feedback(
    out: Annotated[Path, typer.Option(help="Where to write the candidate eval lines (JSON lines).")] = Path(
        "evals/feedback-candidates.jsonl"
    ),
) -> None:
    """Turn thumbs-down feedback into candidate gold questions for staff to review and complete."""
    from assistant.feedback import FeedbackStore

    settings = Settings()
    if not settings.feedback_path.is_file():
        console.print("Er is nog geen feedback opgeslagen.")
        return
    store = FeedbackStore(settings.feedback_path)
    rows = store.feedback("down")
    store.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for number, row in enumerate(rows, start=1):
            candidate: dict[str, Any] = {
                "id": f"fb{number:03d}",
                "question": row.question,
                "audience": "algemeen",
                "answerable": None,
                "gold": [],
                "key_facts": [],
                "split": "dev",
                "follow_up_of": None,
                "kind": "from_feedback",
                "review": {
                    "reason": row.reason,
                    "comment": row.comment,
                    "answer": row.answer,
                    "cited": [f"{c['title']}: {c['quote']}" for c in row.citations],
                },
            }
            handle.write(json.dumps(candidate, ensure_ascii=False) + "\n")
    console.print(
        f"{len(rows)} kandidaat-vragen geschreven naar {out}. Vul per regel answerable, gold en key_facts in "
        "en verwijder 'review' voordat u ze aan evals/questions.jsonl toevoegt."
    )


@app.command(name="export-seed")
def export_seed() -> None:
    """Write the corpus's passage and sentence vectors beside it (corpus/.vectors.npz), for a quick first ingest.

    Run it (`make seed`) after changing the corpus or how it is chunked, and commit the file.
    """
    from assistant.ingest.seed import export_seed as write

    settings = Settings()
    try:
        report = write(settings)
    except AssistantError as error:
        logging.getLogger(__name__).error("export-seed failed: %s", error)
        console.print(f"[red]{error.user_message}[/red]")
        raise typer.Exit(1) from error
    console.print(
        f"{report.vectors} vectoren geschreven naar {settings.embedding_seed_path} ({report.embedded} nieuw ingebed)"
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web app (Gradio at /, JSON API at /api, docs at /docs); ingests first if needed."""
    from assistant.server import serve as run_server

    run_server(Settings(), host, port)


if __name__ == "__main__":
    app()
