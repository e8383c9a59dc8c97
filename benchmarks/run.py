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
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.offline import enforce_offline  # noqa: E402

enforce_offline()

from assistant.config import Settings  # noqa: E402
from assistant.documents import DocumentMeta, SourceDocument  # noqa: E402
from assistant.evaluation.gold import history_of, load_questions  # noqa: E402
from assistant.ingest.embed import EmbeddingCache, embed_texts, embedding_for  # noqa: E402
from assistant.ingest.pipeline import open_catalog, open_vectors, rebuild_lexical, run_ingest  # noqa: E402
from assistant.retrieval.engine import AnswerEngine  # noqa: E402

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
    }
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, check=False, capture_output=True)
    return time.perf_counter() - started


def bench_ingest(work: Path) -> dict[str, Any]:
    settings = Settings(corpus_dir=work / "corpus", data_dir=work / "data", embedding_cache=work / "cache.sqlite")
    shutil.copytree(ROOT / "corpus", settings.corpus_dir)
    cold = cli(settings, "ingest")
    peak_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    catalog = open_catalog(settings)
    documents, chunks = catalog.counts()
    pages = sum(record.pages for record in catalog.documents())
    catalog.close()
    noop = [cli(settings, "ingest") for _ in range(REPEATS)]
    changed = []
    target = sorted(settings.corpus_dir.glob("*.md"))[0]
    original = target.read_text(encoding="utf-8")
    for round_ in range(REPEATS):
        target.write_text(original + f"\nAanvulling {round_}: de gemeente evalueert jaarlijks.\n", encoding="utf-8")
        changed.append(cli(settings, "ingest"))
    return {
        "documents": documents,
        "chunks": chunks,
        "pages": pages,
        "cold_s": cold,
        "chunks_per_s": chunks / cold,
        "pages_per_s": pages / cold,
        "noop_s": median(noop),
        "one_file_s": median(changed),
        "peak_rss_mb": peak_rss_mb,
        "index_mb": folder_size(settings.index_dir) / 1e6,
        "settings": settings,
    }


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


def bench_llama_index(work: Path, questions: list[Any]) -> dict[str, float]:
    """What a user would otherwise build: SentenceSplitter + VectorStoreIndex over ChromaVectorStore."""
    import chromadb
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    embedding = embedding_for(Settings())
    started = time.perf_counter()
    documents = SimpleDirectoryReader(str(ROOT / "corpus")).load_data()
    client = chromadb.PersistentClient(
        path=str(work / "llama-chroma"), settings=chromadb.Settings(anonymized_telemetry=False)
    )
    collection = client.get_or_create_collection("plain", embedding_function=None)
    store = ChromaVectorStore(chroma_collection=collection)
    index = VectorStoreIndex.from_documents(
        documents,
        storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=embedding,
        transformations=[SentenceSplitter()],
    )
    cold = time.perf_counter() - started
    retriever = index.as_retriever(similarity_top_k=8)
    retriever.retrieve("Wat is Housing First?")
    latencies = []
    for _ in range(REPEATS):
        for question in questions:
            begun = time.perf_counter()
            retriever.retrieve(question.question)
            latencies.append((time.perf_counter() - begun) * 1000)
    chunks = collection.count()
    return {
        "chunks": chunks,
        "cold_s": cold,
        "chunks_per_s": chunks / cold,
        "total_50": percentile(latencies, 50),
        "total_95": percentile(latencies, 95),
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
    catalog = open_catalog(settings)
    vectors = open_vectors(settings)
    seeds = catalog.all_chunks()
    cache = EmbeddingCache(settings.embedding_cache_path)
    seed_vectors = embed_texts(
        embedding_for(settings), cache, settings.embedding_key, [(c.content_hash, c.embedding_text) for c in seeds]
    )
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
        catalog.mark_pending(document)
        vectors.upsert(chunks, noisy)
        catalog.complete(document, chunks)
    catalog.set_state("index_version", str(int(catalog.get_state("index_version", "0")) + 1))
    rebuild_lexical(settings, catalog)
    started = time.perf_counter()
    for _ in range(20):
        vectors.ids_of_document(seeds[0].document_id)
    where_ms = (time.perf_counter() - started) / 20 * 1000
    (work / f"where-{size}.json").write_text(json.dumps({"where_ms": where_ms, "chunks": catalog.counts()[1]}))
    catalog.close()
    cache.close()
    return settings


def main() -> None:
    questions = load_questions(ROOT / "evals" / "questions.jsonl")
    work = Path(tempfile.mkdtemp(prefix="thuisvraag-bench-"))
    rows: list[str] = []
    ingest = bench_ingest(work / "ours")
    settings = ingest.pop("settings")
    answers = bench_answers(settings, questions)
    plain = bench_llama_index(work / "plain", questions)
    rows.append("| ingest, shipped corpus | ours | plain llama-index | ours/theirs |")
    rows.append("|---|---|---|---|")
    rows.append(f"| passages | {ingest['chunks']} | {plain['chunks']} | |")
    rows.append(
        f"| cold ingest (s) | {ingest['cold_s']:.1f} | {plain['cold_s']:.1f} | {ingest['cold_s'] / plain['cold_s']:.2f} |"
    )
    rows.append(
        f"| passages/s | {ingest['chunks_per_s']:.2f} | {plain['chunks_per_s']:.2f} | {ingest['chunks_per_s'] / plain['chunks_per_s']:.2f} |"
    )
    rows.append(f"| pages/s | {ingest['pages_per_s']:.2f} | | |")
    rows.append(f"| no-change re-run (s, median of {REPEATS}, whole CLI process) | {ingest['noop_s']:.2f} | | |")
    rows.append(f"| one-file change (s, median of {REPEATS}) | {ingest['one_file_s']:.2f} | | |")
    rows.append(f"| peak RSS of ingest (MB) | {ingest['peak_rss_mb']:.0f} | | |")
    rows.append(f"| index on disk (MB) | {ingest['index_mb']:.1f} | | |")
    rows.append("")
    rows.append(f"| answer latency, warm, ms ({len(questions)} gold questions x {REPEATS}) | p50 | p95 |")
    rows.append("|---|---|---|")
    for name in ("retrieve", "compose", "total"):
        rows.append(
            f"| ours {name} ({ingest['chunks']} passages) | {answers[f'{name}_50']:.1f} | {answers[f'{name}_95']:.1f} |"
        )
    rows.append(f"| plain llama-index retriever (retrieval only) | {plain['total_50']:.1f} | {plain['total_95']:.1f} |")
    rows.append(
        f"| ratio ours/theirs (total vs retrieval only) | {answers['total_50'] / plain['total_50']:.2f} | {answers['total_95'] / plain['total_95']:.2f} |"
    )
    for size in SCALES:
        scaled = build_scaled_index(settings, work / "scale", size)
        figures = bench_answers(scaled, questions)
        where = json.loads((work / "scale" / f"where-{size}.json").read_text())
        rows.append(
            f"| ours total at {where['chunks']} passages | {figures['total_50']:.1f} | {figures['total_95']:.1f} |"
            f" (retrieve p95 {figures['retrieve_95']:.1f}; Chroma `where` get {where['where_ms']:.1f} ms) |"
        )
        shutil.rmtree(scaled.data_dir, ignore_errors=True)
    header = [
        "# Benchmark results",
        "",
        f"Date: {time.strftime('%Y-%m-%d %H:%M')}; machine: {os.cpu_count()} cores, {platform.machine()},"
        f" Python {platform.python_version()}. Command: `make bench`.",
        "",
    ]
    (ROOT / "benchmarks" / "results.md").write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print("\n".join(header + rows))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
