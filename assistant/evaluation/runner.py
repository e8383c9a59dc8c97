"""The eval run: every gold question through the answer engine, verdicts per question, a summary."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.answer_text import render_body
from assistant.config import Settings
from assistant.documents import Chunk
from assistant.evaluation.gold import GoldQuestion, comparable, history_of, load_questions
from assistant.evaluation.judge import AnswerJudge
from assistant.evaluation.metrics import bootstrap_interval, hit_at, is_dutch, mean, percentile, reciprocal_rank
from assistant.paths import document_id
from assistant.retrieval.engine import AnswerEngine
from assistant.retrieval.relevance import GateWeights, Signals, answer_probability, fit_gate
from assistant.text.sentences import split_sentences

if TYPE_CHECKING:
    from assistant.evaluation.handbook import PageFinder

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (questions done, questions in all)
MIN_QUOTE_SENTENCE_WORDS = 5
JUDGE_METRICS = ("faithfulness", "answer_relevancy")


@dataclass
class QuestionResult:
    id: str
    question: str
    audience: str
    answerable: bool
    split: str
    kind: str
    refused: bool
    answer: str
    answer_body: str
    citations: list[dict[str, Any]]
    retrieved: list[str]
    expected: list[str]
    hit1: float
    hit3: float
    hit5: float
    rr: float
    answer_hit: float
    answer_first: float
    answer_words: int
    key_fact_recall: float
    invalid_citations: int
    dutch: bool
    latency_ms: float
    signals: dict[str, float] = field(default_factory=dict)
    follow_up: bool = False
    quote_hit: float = 0.0
    quote_first: float = 0.0
    question_set: str = ""
    faithfulness: float | None = None
    answer_relevancy: float | None = None
    page_right: float | None = None  # sets over an uploaded PDF: the gold sentence cited at its page


@dataclass
class SetIndex:
    """The index a question set runs on instead of the run's engine, and the PDF uploaded into it.

    `pages` says where each sentence of the uploaded file `document` stands, for the page-right metric.
    """

    engine: AnswerEngine
    pages: PageFinder | None = None
    document: str = ""


@dataclass
class EvalSet:
    """A gold set and what it runs on: the run's engine, or `own_index`, opened when the set's turn comes."""

    questions: list[GoldQuestion]
    own_index: Callable[[], SetIndex] | None = None


def gold_sentences(quote: str) -> list[str]:
    """The sentences of a gold quote long enough to be matched on their own (a quote may cross a passage border)."""
    return [s for s in split_sentences(quote) if len(s.split()) >= MIN_QUOTE_SENTENCE_WORDS]


def expected_chunks(question: GoldQuestion, chunks: Sequence[Chunk]) -> list[str]:
    """Passages that hold a gold quote (or, where a quote crosses a passage border, one of its sentences)."""
    expected: list[str] = []
    for gold in question.gold:
        gold_document = document_id(gold.source)  # the gold set names files by their path inside the corpus
        quote = comparable(gold.quote)
        parts = [comparable(s) for s in gold_sentences(gold.quote)]
        for chunk in chunks:
            if chunk.document_id != gold_document:
                continue
            text = comparable(chunk.text)
            if (quote in text or any(part in text for part in parts)) and chunk.chunk_id not in expected:
                expected.append(chunk.chunk_id)
    return expected


def citation_problems(citations: Iterable[dict[str, Any]], chunks_by_text: dict[tuple[str, str], Chunk]) -> int:
    """Citations whose quote is not verbatim in its passage, or not on the page the citation gives."""
    problems = 0
    for citation in citations:
        passage, quote = citation["passage"], citation["quote"]
        start = passage.find(quote)
        if not quote or start < 0:
            problems += 1
            continue
        chunk = chunks_by_text.get((citation["document_id"], passage))
        if chunk is None:
            problems += 1
            continue
        span = next((s for s in chunk.spans if s.start <= start < s.end), None)
        if span is None or span.page != citation["page"]:
            problems += 1
    return problems


def cites_gold_on_page(
    citations: Iterable[dict[str, Any]], question: GoldQuestion, pages: PageFinder, document: str
) -> bool:
    """A citation of the uploaded `document` quotes a gold sentence and gives a page that sentence stands on.

    A sentence across a page break counts on either page; a citation runs from `page` to `page_end`.
    """
    uploaded = document_id(document)
    golds = [
        part for gold in question.gold if gold.source == document for part in gold_sentences(gold.quote) or [gold.quote]
    ]
    for citation in citations:
        if citation["document_id"] != uploaded or citation.get("page") is None:
            continue
        cited = comparable(citation["quote"])
        cited_pages = set(range(citation["page"], (citation.get("page_end") or citation["page"]) + 1))
        for sentence in golds:
            if quote_holds(cited, comparable(sentence)) and cited_pages & pages.pages_of(sentence):
                return True
    return False


def quote_holds(cited: str, gold: str) -> bool:
    """A quoted text (both comparable) holds a gold text, or is a long enough part of it."""
    return gold in cited or (len(cited.split()) >= MIN_QUOTE_SENTENCE_WORDS and cited in gold)


def cites_gold(citation: dict[str, Any], question: GoldQuestion) -> bool:
    """The citation's passage is from a gold document and holds its quote (or a full sentence of it)."""
    passage = comparable(citation["passage"])
    for gold in question.gold:
        if citation["document_id"] != document_id(gold.source):
            continue
        parts = [comparable(s) for s in gold_sentences(gold.quote)]
        if comparable(gold.quote) in passage or any(part in passage for part in parts):
            return True
    return False


def quotes_gold(citation: dict[str, Any], question: GoldQuestion) -> bool:
    """Stricter than `cites_gold`: the quoted sentences themselves hold a gold sentence, not just their passage."""
    quote = comparable(citation["quote"])
    return any(
        quote_holds(quote, comparable(text))
        for gold in question.gold
        if citation["document_id"] == document_id(gold.source)
        for text in [gold.quote, *gold_sentences(gold.quote)]
    )


def evaluate_question(
    engine: AnswerEngine,
    question: GoldQuestion,
    history: list[str],
    chunks: Sequence[Chunk],
    chunks_by_text: dict[tuple[str, str], Chunk],
    uploaded: SetIndex | None = None,
) -> QuestionResult:
    started = time.perf_counter()
    answer, retrieval, signals = engine.ask_inspected(question.question, history)
    latency = (time.perf_counter() - started) * 1000
    retrieved = [hit.chunk.chunk_id for hit in retrieval.hits]
    expected = expected_chunks(question, chunks)
    contract = answer.model_dump(mode="json")
    answer_hit = float(not answer.refused and any(cites_gold(c, question) for c in contract["citations"]))
    answer_first = float(
        not answer.refused and bool(contract["citations"]) and cites_gold(contract["citations"][0], question)
    )
    quote_hit = float(not answer.refused and any(quotes_gold(c, question) for c in contract["citations"]))
    quote_first = float(
        not answer.refused and bool(contract["citations"]) and quotes_gold(contract["citations"][0], question)
    )
    body = render_body(answer)
    answer_text = comparable(answer.answer)
    facts = [fact for fact in question.key_facts if fact.strip()]
    recall = mean([float(comparable(fact) in answer_text) for fact in facts]) if facts else 0.0
    page_right = None
    if uploaded is not None and uploaded.pages is not None:
        on_page = cites_gold_on_page(contract["citations"], question, uploaded.pages, uploaded.document)
        page_right = float(not answer.refused and on_page)
    return QuestionResult(
        id=question.id,
        question=question.question,
        audience=question.audience,
        answerable=question.answerable,
        split=question.split,
        kind=question.kind,
        refused=answer.refused,
        answer=answer.answer,
        answer_body=body,
        citations=contract["citations"],
        retrieved=retrieved,
        expected=expected,
        hit1=hit_at(expected, retrieved, 1),
        hit3=hit_at(expected, retrieved, 3),
        hit5=hit_at(expected, retrieved, 5),
        rr=reciprocal_rank(expected, retrieved, 10),
        answer_hit=answer_hit,
        answer_first=answer_first,
        answer_words=0 if answer.refused else len(body.split()),
        key_fact_recall=recall,
        invalid_citations=citation_problems(contract["citations"], chunks_by_text),
        dutch=is_dutch(answer.answer),
        latency_ms=round(latency, 1),
        signals=asdict(signals),
        follow_up=bool(history),
        quote_hit=quote_hit,
        quote_first=quote_first,
        page_right=page_right,
    )


def run_questions(
    engine: AnswerEngine,
    questions: Sequence[GoldQuestion],
    on_progress: Progress | None = None,
    uploaded: SetIndex | None = None,
) -> list[QuestionResult]:
    by_id = {question.id: question for question in questions}
    chunks = engine.catalog.all_chunks()
    chunks_by_text = {(chunk.document_id, chunk.text): chunk for chunk in chunks}
    engine.ask("Wat is Housing First?")  # warm-up, so latencies are warm
    results = []
    for done, question in enumerate(questions, start=1):
        history = history_of(question, by_id)
        results.append(evaluate_question(engine, question, history, chunks, chunks_by_text, uploaded))
        if on_progress is not None:
            on_progress(done, len(questions))
    return results


NO_JUDGE = "not run: no language model configured"
# The set names of a run: questions written without seeing the texts, our first, own set, and questions over
# an uploaded handbook (assistant.evaluation.handbook_set.HANDBOOK_SET, "handboek").
BLIND_SET = "blind"
OWN_SET = "eigen"


def judge_answers(judge: AnswerJudge | None, results: Sequence[QuestionResult]) -> str:
    """Fill in judge verdicts for every non-refused answer; returns the status the summary reports."""
    if judge is None:
        return NO_JUDGE
    answered = [r for r in results if not r.refused and r.citations]
    for result in answered:
        try:
            verdict = judge.judge(result.question, result.answer_body, [c["passage"] for c in result.citations])
        except Exception as error:  # any failure of the endpoint: the metrics are not run, never zero
            log.error("judge failed on %s: %s", result.id, error)
            for done in answered:
                done.faithfulness = done.answer_relevancy = None
            return f"not run: the judge failed ({type(error).__name__}: {error})"
        result.faithfulness, result.answer_relevancy = verdict.faithfulness, verdict.answer_relevancy
    return f"run: {judge.model_name}"


def summarize(results: Sequence[QuestionResult], judge_status: str = NO_JUDGE) -> dict[str, Any]:
    """Headline metrics with 95% bootstrap intervals, and breakdowns per audience and split."""
    answerable = [r for r in results if r.answerable]
    out_of_scope = [r for r in results if not r.answerable]
    answered = [r for r in results if not r.refused]
    headline: dict[str, list[float]] = {
        "hit@1": [r.hit1 for r in answerable],
        "hit@3": [r.hit3 for r in answerable],
        "hit@5": [r.hit5 for r in answerable],
        "mrr@10": [r.rr for r in answerable],
        "answer_hit": [r.answer_hit for r in answerable],
        "answer_first": [r.answer_first for r in answerable],
        "quote_hit": [r.quote_hit for r in answerable],
        "quote_first": [r.quote_first for r in answerable],
        "key_fact_recall": [r.key_fact_recall for r in answerable if not r.refused],
        "refusal_rate_out_of_scope": [float(r.refused) for r in out_of_scope],
        "false_refusal_rate": [float(r.refused) for r in answerable],
        "citation_validity": [float(r.invalid_citations == 0) for r in answered],
        "dutch_share": [float(r.dutch) for r in answered],
    }
    metrics = {name: _with_interval(values) for name, values in headline.items()}
    # Two-turn conversations: the second question answered right, and an unanswerable follow-up refused.
    second_turns = [r for r in results if r.follow_up]
    for name, values in {
        "second_turn_right": [r.answer_hit for r in second_turns if r.answerable],
        "second_turn_refused": [float(r.refused) for r in second_turns if not r.answerable],
    }.items():
        metrics[name] = {"value": round(mean(values), 4) if values else None, "n": len(values)}
    # Questions just beside the knowledge base (a place, year or body it does not cover) should be refused.
    near_domain = [float(r.refused) for r in results if r.kind == "near_domain"]
    metrics["near_domain_refused"] = _with_interval(near_domain) if near_domain else {"value": None, "n": 0}
    if any(r.page_right is not None for r in answerable):
        metrics["page_right"] = _with_interval([r.page_right or 0.0 for r in answerable])
    words = [float(r.answer_words) for r in answered]
    metrics["answer_words_median"] = {"value": round(percentile(words, 50), 1) if words else None, "n": len(words)}
    # Judge metrics need a language model; without one they are reported as not run, never as zero or passed.
    for name in JUDGE_METRICS:
        scores = [value for r in answered if (value := getattr(r, name)) is not None]
        if judge_status.startswith("run") and scores:
            metrics[name] = {
                "value": round(mean(scores), 4),
                "ci95": [round(v, 4) for v in bootstrap_interval(scores)],
                "n": len(scores),
                "status": judge_status,
            }
        else:
            metrics[name] = {"value": None, "status": judge_status, "n": 0}
    latencies = [r.latency_ms for r in results]
    metrics["latency_p50_ms"] = {"value": round(percentile(latencies, 50), 1), "n": len(latencies)}
    metrics["latency_p95_ms"] = {"value": round(percentile(latencies, 95), 1), "n": len(latencies)}
    breakdown: dict[str, dict[str, Any]] = {}
    for key, group in _groups(results).items():
        group_answerable = [r for r in group if r.answerable]
        breakdown[key] = {
            "questions": len(group),
            "hit@5": round(mean([r.hit5 for r in group_answerable]), 4) if group_answerable else None,
            "answer_hit": round(mean([r.answer_hit for r in group_answerable]), 4) if group_answerable else None,
            "refused": sum(r.refused for r in group),
        }
    return {"questions": len(results), "metrics": metrics, "breakdown": breakdown}


def _with_interval(values: Sequence[float]) -> dict[str, Any]:
    return {
        "value": round(mean(values), 4),
        "ci95": [round(v, 4) for v in bootstrap_interval(values)],
        "n": len(values),
    }


def _groups(results: Sequence[QuestionResult]) -> dict[str, list[QuestionResult]]:
    groups: dict[str, list[QuestionResult]] = {}
    for result in results:
        for key in (f"audience:{result.audience}", f"split:{result.split}", f"kind:{result.kind or '-'}"):
            groups.setdefault(key, []).append(result)
    return groups


def write_run(out_dir: Path, results: Sequence[QuestionResult], summary: dict[str, Any], settings: Settings) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "results.jsonl").open("w", encoding="utf-8") as handle:
        for result in results:
            handle.write(json.dumps(asdict(result), ensure_ascii=False) + "\n")
    summary = {
        **summary,
        "settings": {"embedding": settings.embedding_key, "top_k": settings.top_k, "chunk_words": settings.chunk_words},
    }
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def calibrate_gate(engine: AnswerEngine, questions: Sequence[GoldQuestion], split: str = "dev") -> dict[str, Any]:
    """Fit the refusal gate on one split; report accuracy on every split."""
    by_id = {question.id: question for question in questions}
    samples: dict[str, list[tuple[Signals, bool]]] = {}
    for question in questions:
        _, signals = engine.inspect(question.question, history_of(question, by_id))
        samples.setdefault(question.split, []).append((signals, question.answerable))
    fitted = fit_gate(samples.get(split, []))
    weights = GateWeights(fitted.bias, fitted.weights, fitted.threshold, engine.settings.embedding_key)
    report: dict[str, Any] = {"fitted_on": split, "bias": weights.bias, "weights": weights.weights}
    for name, group in samples.items():
        report[f"accuracy_{name}"] = round(mean([float(_decide(s, weights) == label) for s, label in group]), 4)
    weights.save(engine.paths.gate_weights)
    engine.gate = weights
    return report


def _decide(signals: Signals, weights: GateWeights) -> bool:
    return answer_probability(signals, weights) >= weights.threshold


def never_retrieved(results: Sequence[QuestionResult], chunks: Sequence[Chunk]) -> list[str]:
    """Documents none of whose passages came up for any question."""
    document_of = {chunk.chunk_id: chunk.document_id for chunk in chunks}
    seen = {document_of.get(chunk_id) for result in results for chunk_id in result.retrieved}
    return sorted({chunk.document_id for chunk in chunks} - seen)


LeftOut = Callable[[str, str], None]  # (set name, why it was left out)


def default_sets(settings: Settings, on_left_out: LeftOut | None = None) -> dict[str, EvalSet]:
    """The blind set first (the primary one), then our own, then the handboek set on an index of its own.

    A set whose file is missing is left out. The handboek set also needs the reference texts (../shared) and fpdf2;
    without them it is left out and `on_left_out` (default: a warning in the log) hears why.
    """
    from assistant.evaluation.handbook_set import HANDBOOK_SET, handbook_questions, missing_prerequisites

    paths = {BLIND_SET: settings.eval_blind_questions, OWN_SET: settings.eval_questions}
    sets = {name: EvalSet(load_questions(path)) for name, path in paths.items() if path.is_file()}
    reason = missing_prerequisites(settings)
    if reason is None:
        sets[HANDBOOK_SET] = EvalSet(handbook_questions(settings), lambda: _handbook_index(settings))
    else:
        (on_left_out or _log_left_out)(HANDBOOK_SET, reason)
    return sets


def _handbook_index(settings: Settings) -> SetIndex:
    from assistant.evaluation.handbook import HANDBOOK_FILE
    from assistant.evaluation.handbook_set import open_handbook_index

    engine, pages = open_handbook_index(settings)
    return SetIndex(engine, pages, HANDBOOK_FILE)


def _log_left_out(name: str, reason: str) -> None:
    log.warning("eval set %s left out: %s", name, reason)


def run_eval(
    engine: AnswerEngine,
    gold: Sequence[GoldQuestion] | Mapping[str, Sequence[GoldQuestion] | EvalSet],
    run_dir: Path,
    split: str = "all",
    judge: AnswerJudge | None = None,
    on_progress: Progress | None = None,
    left_out: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], list[QuestionResult]]:
    """Evaluate one gold set, or several side by side (the first is the primary one), and write the run folder.

    Each set is evaluated on the questions of `split` (with the earlier turns their follow-ups need), on `engine`
    or on the index of its own it opens (and closes). The summary holds every set under "sets", its top-level
    metrics are the primary set's, and "left_out" names the sets that could not run here, with why.
    """
    from assistant.evaluation.report import write_html, write_markdown

    named = dict(gold) if isinstance(gold, Mapping) else {OWN_SET: list(gold)}
    sets = {name: value if isinstance(value, EvalSet) else EvalSet(list(value)) for name, value in named.items()}
    total = sum(len(eval_set.questions) for eval_set in sets.values())
    done_before = 0
    summaries: dict[str, dict[str, Any]] = {}
    results: list[QuestionResult] = []
    for name, eval_set in sets.items():
        questions = eval_set.questions
        selected = [q for q in questions if split == "all" or q.split == split]
        ids = {q.id for q in selected}
        needed = {q.follow_up_of for q in selected if q.follow_up_of and q.follow_up_of not in ids}
        pool = [q for q in questions if q.id in ids or q.id in needed]
        offset = done_before

        def progress(done: int, _: int, offset: int = offset) -> None:
            if on_progress is not None:
                on_progress(offset + done, total)

        started = time.perf_counter()
        uploaded = eval_set.own_index() if eval_set.own_index is not None else None
        set_engine = uploaded.engine if uploaded is not None else engine
        try:
            set_results = [r for r in run_questions(set_engine, pool, progress, uploaded) if r.id in ids]
            chunks = set_engine.catalog.all_chunks()
        finally:
            if uploaded is not None:
                uploaded.engine.close()
        done_before += len(questions)
        for result in set_results:
            result.question_set = name
        summaries[name] = summarize(set_results, judge_answers(judge, set_results))
        summaries[name]["never_retrieved"] = never_retrieved(set_results, chunks)
        summaries[name]["seconds"] = round(time.perf_counter() - started, 1)
        results.extend(set_results)
    primary = next(iter(summaries))
    summary = {
        **summaries[primary],
        "questions": len(results),
        "primary": primary,
        "sets": summaries,
        "split": split,
        "left_out": dict(left_out or {}),
    }
    write_run(run_dir, results, summary, engine.settings)
    rows = [asdict(result) for result in results]
    write_markdown(run_dir, summary, rows)
    write_html(run_dir, summary, rows)
    return summary, results
