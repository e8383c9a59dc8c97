"""`make bench`: ingest, answer, start-up and scale figures, ours beside a plain llama-index pipeline.

Writes benchmarks/results.md. Machines are shared and noisy: repeated figures are medians, and the
comparison is given as ratios ours/theirs. The larger corpora are systematic variants of the shipped
and the reference texts (read from ../shared, never committed) with cached vectors plus small noise,
so that the scale runs measure search, not embedding.
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from assistant.offline import enforce_offline  # noqa: E402

enforce_offline()

from load import free_port, gold_requests  # noqa: E402

from assistant.config import SEED_FILE, Settings  # noqa: E402
from assistant.documents import DocumentMeta, SourceDocument  # noqa: E402
from assistant.embedding import EmbeddingCache, embed_texts, embedding_for  # noqa: E402
from assistant.evaluation.gold import history_of, load_questions  # noqa: E402
from assistant.ingest.pipeline import open_vectors, run_ingest  # noqa: E402
from assistant.paths import index_paths  # noqa: E402
from assistant.retrieval.engine import AnswerEngine  # noqa: E402
from assistant.store.sentences import SentenceVectors  # noqa: E402
from assistant.store.writing import open_catalog_for_writing, rebuild_lexical  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "corpus" / "reference"
REPEATS = 3
SCALES = [10_000, 100_000]


def median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else 0.0


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


def folder_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def cli(settings: Settings, *args: str) -> float:
    """Run `assistant ARGS` in a fresh process for these settings; returns wall seconds."""
    env = {
        **os.environ,
        "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
        "ASSISTANT_DATA_DIR": str(settings.data_dir),
        "ASSISTANT_EMBEDDING_CACHE": str(settings.embedding_cache_path),
        "ASSISTANT_EMBEDDING_SEED": str(settings.embedding_seed_path),
    }
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, check=False, capture_output=True)
    return time.perf_counter() - started


def fresh_settings(work: Path, name: str, cache: Path | None = None, seeded: bool = False) -> Settings:
    """A copy of the shipped corpus with its own data dir and (unless given) its own, empty embedding cache.

    The copy leaves the corpus's vector seed out: a cold ingest embeds everything, as for a corpus of one's own.
    `seeded` points the settings at the shipped seed, as a fresh machine's first ingest reads it."""
    corpus = work / "corpus"
    if not corpus.exists():
        shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns(SEED_FILE))
    return Settings(
        corpus_dir=corpus,
        data_dir=work / name,
        embedding_cache=cache or work / f"{name}-cache.sqlite",
        embedding_seed=ROOT / "corpus" / SEED_FILE if seeded else None,
    )


def bench_ingest(work: Path, plain_cold: list[float]) -> dict[str, Any]:
    """Cold ingests (interleaved with the plain pipeline's, so both see the same machine), then re-runs."""
    colds = []
    peak_rss_mb = 0.0
    for round_ in range(REPEATS):
        settings = fresh_settings(work, f"cold-{round_}")
        colds.append(cli(settings, "ingest"))
        peak_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        plain_cold.append(bench_llama_index_ingest(work / f"plain-{round_}")[0])
    catalog = open_catalog_for_writing(index_paths(settings))
    documents, chunks = catalog.counts()
    pages = sum(record.pages for record in catalog.documents())
    catalog.close()
    # The same ingest with every vector already in the cache: what the pipeline costs besides embedding.
    warm = [
        cli(fresh_settings(work, f"warm-{round_}", cache=settings.embedding_cache_path), "ingest")
        for round_ in range(REPEATS)
    ]
    # A fresh machine's first ingest of the shipped corpus: an empty cache, the vectors from corpus/.vectors.npz.
    seeded = [cli(fresh_settings(work, f"seeded-{round_}", seeded=True), "ingest") for round_ in range(REPEATS)]
    noop = [cli(settings, "ingest") for _ in range(REPEATS)]
    changed = []
    target = sorted(settings.corpus_dir.glob("*.md"))[0]
    original = target.read_text(encoding="utf-8")
    for round_ in range(REPEATS):
        target.write_text(original + f"\nAanvulling {round_}: de gemeente evalueert jaarlijks.\n", encoding="utf-8")
        changed.append(cli(settings, "ingest"))
    target.write_text(original, encoding="utf-8")
    cli(settings, "ingest")
    cold = median(colds)
    return {
        "documents": documents,
        "chunks": chunks,
        "pages": pages,
        "target_file": target.name,
        "cold_s": cold,
        "chunks_per_s": chunks / cold,
        "pages_per_s": pages / cold,
        "warm_s": median(warm),
        "seeded_s": median(seeded),
        "noop_s": median(noop),
        "one_file_s": median(changed),
        "peak_rss_mb": peak_rss_mb,
        "index_mb": folder_size(settings.index_dir) / 1e6,
        "settings": settings,
    }


def bench_pdf_reader(repeats: int = REPEATS) -> dict[str, float]:
    """Pages per second of the layout-aware PDF reader (read + segment) on the fixture PDFs of three producers."""
    from assistant.ingest.read import read_document
    from assistant.ingest.segment import segment_pages

    fixtures = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))
    pages, seconds = 0, []
    for _ in range(repeats):
        started, pages = time.perf_counter(), 0
        for path in fixtures:
            document = read_document(path, path.stem, 10**8, 1000)
            segment_pages(document.pages, document.meta.title)
            pages += len(document.pages)
        seconds.append(time.perf_counter() - started)
    return {"pages": pages, "files": len(fixtures), "pages_per_s": pages / median(seconds)}


def bench_engine_throughput(settings: Settings) -> dict[str, float]:
    """Passages/s of the embedding engine alone, on the real passages, one batch as ingest sends it."""
    catalog = open_catalog_for_writing(index_paths(settings))
    texts = [chunk.embedding_text for chunk in catalog.all_chunks()][:32]
    catalog.close()
    embedding = embedding_for(settings)
    rates = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        embedding.get_text_embedding_batch(texts)
        rates.append(len(texts) / (time.perf_counter() - started))
    words = statistics.mean(len(text.split()) for text in texts)
    return {"passages_per_s": median(rates), "words": words}


def bench_answers(settings: Settings, questions: list[Any]) -> dict[str, float]:
    engine = AnswerEngine(settings)
    by_id = {q.id: q for q in questions}
    engine.ask("Wat is Housing First?")
    timings: dict[str, list[float]] = {"retrieve": [], "compose": [], "total": []}
    for _ in range(REPEATS):
        for question in questions:
            answer = engine.ask(question.question, history_of(question, by_id))
            timings["retrieve"].append(answer.timings_ms.retrieve)
            timings["compose"].append(answer.timings_ms.compose)
            timings["total"].append(answer.timings_ms.total)
    engine.close()
    return {f"{name}_{q}": percentile(values, q) for name, values in timings.items() for q in (50, 95)}


def bench_llama_index_ingest(work: Path) -> tuple[float, Any, Any]:
    """What a user would otherwise build: SentenceSplitter + VectorStoreIndex over ChromaVectorStore, same model."""
    import chromadb
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    embedding = embedding_for(Settings())
    started = time.perf_counter()
    documents = SimpleDirectoryReader(str(ROOT / "corpus")).load_data()
    client = chromadb.PersistentClient(path=str(work), settings=chromadb.Settings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("plain", embedding_function=None)
    store = ChromaVectorStore(chroma_collection=collection)
    index = VectorStoreIndex.from_documents(
        documents,
        storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=embedding,
        transformations=[SentenceSplitter()],
    )
    return time.perf_counter() - started, index, collection


def bench_llama_index_queries(work: Path, questions: list[Any]) -> dict[str, float]:
    _, index, collection = bench_llama_index_ingest(work)
    retriever = index.as_retriever(similarity_top_k=8)
    retriever.retrieve("Wat is Housing First?")
    latencies = []
    for _ in range(REPEATS):
        for question in questions:
            begun = time.perf_counter()
            retriever.retrieve(question.question)
            latencies.append((time.perf_counter() - begun) * 1000)
    return {"chunks": collection.count(), "total_50": percentile(latencies, 50), "total_95": percentile(latencies, 95)}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def post_json(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return dict(json.loads(response.read()))


def page_is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def bench_serve(settings: Settings) -> dict[str, float]:
    """Seconds from `assistant serve` to the first answer (index present), RSS while serving, POST /api/ask latency."""
    env = {
        **os.environ,
        "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
        "ASSISTANT_DATA_DIR": str(settings.data_dir),
        "ASSISTANT_EMBEDDING_CACHE": str(settings.embedding_cache_path),
    }
    bodies = gold_requests(ROOT / "evals" / "questions.jsonl")
    starts, pages, rss, latencies = [], [], [], []
    for round_ in range(REPEATS):
        port = free_port()
        url = f"http://127.0.0.1:{port}/api/ask"
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                if process.poll() is not None or time.perf_counter() - started > 120:
                    raise RuntimeError("assistant serve did not answer within 120 s")
                try:
                    post_json(url, {"question": "Wat is Housing First?"})
                    break
                except OSError:
                    time.sleep(0.05)
            starts.append(time.perf_counter() - started)
            # The web page is mounted right after start-up (`/` answers 503 until then).
            while not page_is_up(f"http://127.0.0.1:{port}/"):
                if process.poll() is not None or time.perf_counter() - started > 120:
                    raise RuntimeError("the web page did not come up within 120 s")
                time.sleep(0.05)
            pages.append(time.perf_counter() - started)
            if round_ == 0:
                for body in bodies:
                    begun = time.perf_counter()
                    post_json(url, body)
                    latencies.append((time.perf_counter() - begun) * 1000)
            rss.append(rss_mb(process.pid))
        finally:
            process.terminate()
            process.wait(timeout=30)
    return {
        "ready_s": median(starts),
        "page_s": median(pages),
        "rss_mb": median(rss),
        "api_50": percentile(latencies, 50),
        "api_95": percentile(latencies, 95),
    }


def build_scaled_index(base: Settings, work: Path, size: int) -> Settings:
    """An index of about `size` passages: variants of real passages with their cached vectors plus noise."""
    settings = Settings(
        corpus_dir=work / f"corpus-{size}", data_dir=work / f"data-{size}", embedding_cache=base.embedding_cache_path
    )
    settings.corpus_dir.mkdir(parents=True)
    for path in sorted(REFERENCE.glob("*.md")):
        shutil.copy(path, settings.corpus_dir / path.name)
    for path in sorted((ROOT / "corpus").glob("*.md")):
        shutil.copy(path, settings.corpus_dir / path.name)
    run_ingest(settings)  # the real texts, embedded once (their vectors then come from the cache)
    catalog = open_catalog_for_writing(index_paths(settings))
    vectors = open_vectors(settings)
    seeds = catalog.all_chunks()
    cache = EmbeddingCache(settings.embedding_cache_path)
    seed_vectors = embed_texts(
        embedding_for(settings), cache, settings.embedding_key, [(c.content_hash, c.embedding_text) for c in seeds]
    )
    sentences = SentenceVectors(index_paths(settings).sentences)
    seed_sentences = sentences.for_chunks(c.chunk_id for c in seeds)
    rng = np.random.default_rng(11)
    shuffle = random.Random(11)
    copies = max(0, (size - len(seeds)) // len(seeds))
    for copy in range(1, copies + 1):
        variant_chunks = []
        for chunk in seeds:
            words = chunk.text.split(" ")
            cut = shuffle.randrange(len(words)) if len(words) > 1 else 0
            text = " ".join(words[cut:] + words[:cut]) + f" (variant {copy})"
            variant_chunks.append((chunk, text))
        document = SourceDocument(
            f"variant-{copy}", f"variant-{copy}.md", "markdown", f"v{copy}", DocumentMeta(title=f"Variant {copy}"), []
        )
        from assistant.documents import Chunk

        chunks = [
            Chunk(
                f"v{copy}-{i}",
                document.document_id,
                document.source_path,
                i,
                text,
                seed.spans,
                document.meta,
                f"v{copy}-{i}",
            )
            for i, (seed, text) in enumerate(variant_chunks)
        ]
        noisy = []
        for seed, _ in variant_chunks:
            vector = seed_vectors[seed.content_hash] + rng.normal(0, 0.02, 384).astype(np.float32)
            noisy.append(vector / np.linalg.norm(vector))
        sentence_rows = []
        for chunk, (seed, _) in zip(chunks, variant_chunks, strict=True):
            rows = seed_sentences.get(seed.chunk_id)
            if rows is None:
                continue
            for span, titled, alone in zip(rows.spans, rows.titled, rows.alone, strict=True):
                readings = [row + rng.normal(0, 0.02, row.shape[0]).astype(np.float32) for row in (titled, alone)]
                titled_row, alone_row = (row / np.linalg.norm(row) for row in readings)
                sentence_rows.append((chunk.chunk_id, span, titled_row, alone_row))
        catalog.mark_pending(document)
        vectors.upsert(chunks, noisy)
        sentences.replace_document(document.document_id, sentence_rows)
        catalog.complete(document, chunks)
    catalog.set_state("index_version", str(int(catalog.get_state("index_version", "0")) + 1))
    rebuild_lexical(index_paths(settings), catalog)
    started = time.perf_counter()
    for _ in range(20):
        vectors.ids_of_document(seeds[0].document_id)
    where_ms = (time.perf_counter() - started) / 20 * 1000
    (work / f"where-{size}.json").write_text(json.dumps({"where_ms": where_ms, "chunks": catalog.counts()[1]}))
    (work / f"sentences-{size}.json").write_text(json.dumps({"sentences": sentences.count()}))
    sentences.close()
    catalog.close()
    cache.close()
    return settings


def verdict(value: float, limit: float, higher_is_better: bool = False) -> str:
    met = value >= limit if higher_is_better else value <= limit
    return "met" if met else "**not met**"


def main() -> None:
    began = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    questions = load_questions(ROOT / "evals" / "questions.jsonl")
    work = Path(tempfile.mkdtemp(prefix="thuisvraag-bench-"))
    plain_cold: list[float] = []
    ingest = bench_ingest(work / "ours", plain_cold)
    settings = ingest.pop("settings")
    engine = bench_engine_throughput(settings)
    pdf = bench_pdf_reader()
    answers = bench_answers(settings, questions)
    plain = bench_llama_index_queries(work / "plain-queries", questions)
    serve = bench_serve(settings)
    plain_cold_s = median(plain_cold)
    scaled: list[tuple[int, dict[str, float], float]] = []
    for size in SCALES:
        scaled_settings = build_scaled_index(settings, work / "scale", size)
        figures = bench_answers(scaled_settings, questions)
        where = json.loads((work / "scale" / f"where-{size}.json").read_text())
        figures["sentences"] = json.loads((work / "scale" / f"sentences-{size}.json").read_text())["sentences"]
        if size == SCALES[-1]:
            figures["serve_rss_mb"] = bench_serve(scaled_settings)["rss_mb"]
        scaled.append((int(where["chunks"]), figures, float(where["where_ms"])))
        shutil.rmtree(scaled_settings.data_dir, ignore_errors=True)

    rows = [
        f"## Ingest, shipped corpus ({ingest['documents']} documents, {ingest['pages']} pages; medians of {REPEATS})",
        "",
        "| | ours | plain llama-index | ours/theirs |",
        "|---|---|---|---|",
        f"| passages | {ingest['chunks']} | {plain['chunks']} | |",
        f"| cold ingest (s, whole CLI process) | {ingest['cold_s']:.1f} | {plain_cold_s:.1f} | {ingest['cold_s'] / plain_cold_s:.2f} |",
        f"| passages/s | {ingest['chunks_per_s']:.2f} | {plain['chunks'] / plain_cold_s:.2f} | {ingest['chunks_per_s'] / (plain['chunks'] / plain_cold_s):.2f} |",
        f"| pages/s | {ingest['pages_per_s']:.2f} | | |",
        f"| PDF layout reader alone (pages/s, {pdf['pages']:.0f} pages of {pdf['files']:.0f} fixture PDFs) | {pdf['pages_per_s']:.1f} | | |",
        f"| ingest with every vector cached (s): the pipeline without embedding | {ingest['warm_s']:.1f} | | |",
        f"| first ingest on a fresh machine (s): empty cache, vectors from corpus/.vectors.npz | {ingest['seeded_s']:.1f} | | |",
        f"| embedding engine alone (passages/s, {engine['words']:.0f} words each) | {engine['passages_per_s']:.2f} | same engine | |",
        f"| no-change re-run (s, whole CLI process) | {ingest['noop_s']:.2f} | | |",
        f"| one-file change (s, {ingest['target_file']}) | {ingest['one_file_s']:.2f} | | |",
        f"| peak RSS of ingest (MB) | {ingest['peak_rss_mb']:.0f} | | |",
        f"| index on disk (MB) | {ingest['index_mb']:.1f} | | |",
        "",
        f"## Answer latency, warm ({len(questions)} gold questions x {REPEATS}; ms)",
        "",
        "| | p50 | p95 |",
        "|---|---|---|",
    ]
    for name in ("retrieve", "compose", "total"):
        rows.append(
            f"| ours in-process, {name} ({ingest['chunks']} passages) | {answers[f'{name}_50']:.1f} | {answers[f'{name}_95']:.1f} |"
        )
    rows += [
        f"| ours through POST /api/ask ({len(questions)} questions x 1) | {serve['api_50']:.1f} | {serve['api_95']:.1f} |",
        f"| plain llama-index vector retriever (retrieval only) | {plain['total_50']:.1f} | {plain['total_95']:.1f} |",
        f"| ratio ours total / theirs retrieval | {answers['total_50'] / plain['total_50']:.2f} | {answers['total_95'] / plain['total_95']:.2f} |",
    ]
    for chunks, figures, _ in scaled:
        rows.append(
            f"| ours in-process, total at {chunks} passages ({figures['sentences']:.0f} sentence vectors) | {figures['total_50']:.1f} | {figures['total_95']:.1f} |"
        )
        rows.append(
            f"| ours in-process, retrieve at {chunks} passages | {figures['retrieve_50']:.1f} | {figures['retrieve_95']:.1f} |"
        )
    rows += [
        "",
        "## Start-up and serving",
        "",
        f"| `assistant serve` to first answer, index present (s, median of {REPEATS}) | {serve['ready_s']:.1f} |",
        "|---|---|",
        f"| `assistant serve` to the web page at `/` (s, median of {REPEATS}; `/` says it is starting until then) |"
        f" {serve['page_s']:.1f} |",
        f"| RSS while serving, after {len(questions)} answers (MB) | {serve['rss_mb']:.0f} |",
    ]
    for chunks, _, where_ms in scaled:
        rows.append(
            f"| Chroma `where` get by document at {chunks} vectors (ms; ingest and delete only, never per question) | {where_ms:.1f} |"
        )
    largest = scaled[-1]
    rows += [
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| answer p95 <= 150 ms, shipped corpus | {answers['total_95']:.1f} ms | {verdict(answers['total_95'], 150)} |",
        f"| answer p95 <= 300 ms at ~100k passages | {largest[1]['total_95']:.1f} ms at {largest[0]} | {verdict(largest[1]['total_95'], 300)} |",
        f"| ingest >= 40 passages/s | {ingest['chunks_per_s']:.2f} | {verdict(ingest['chunks_per_s'], 40, True)} |",
        f"| no-change re-ingest <= 2 s | {ingest['noop_s']:.2f} s | {verdict(ingest['noop_s'], 2)} |",
        f"| serve ready <= 5 s | {serve['ready_s']:.1f} s | {verdict(serve['ready_s'], 5)} |",
        f"| RSS while serving <= 600 MB | {serve['rss_mb']:.0f} MB | {verdict(serve['rss_mb'], 600)} |",
        f"| RSS while serving <= 1 GB at ~100k passages | {largest[1]['serve_rss_mb']:.0f} MB at {largest[0]} | {verdict(largest[1]['serve_rss_mb'], 1024)} |",
    ]
    header = [
        "# Benchmark results",
        "",
        f"Date: {time.strftime('%Y-%m-%d %H:%M')}; machine: {os.cpu_count()} cores, {platform.machine()},"
        f" Python {platform.python_version()}; load average at the start {load_at_start:.2f}."
        f" Command: `make bench` ({(time.perf_counter() - began) / 60:.1f} min).",
        "",
    ]
    (ROOT / "benchmarks" / "results.md").write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print("\n".join(header + rows))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
