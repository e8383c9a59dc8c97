"""`make load`: concurrent clients ask the gold questions of `assistant serve` for a fixed time; it stops by itself.

Serves a copy of an already-ingested index (the data dir itself is never written to), embedded or, with
--chroma-server, on a `chroma run` server that this script starts and fills from the corpus. Every client posts
gold questions from evals/questions.jsonl (follow-ups with their history) to /api/ask, one after another, until the
time is up. Prints the request count, errors, requests/s and latency percentiles, and appends them to
benchmarks/load-results.md. Exits 1 when any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "load-results.md"
REQUEST_TIMEOUT_S = 60.0


@dataclass
class Outcome:
    """What the clients saw."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    refused: int = 0
    retrieve_ms: list[float] = field(default_factory=list)
    compose_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        return self.requests - self.statuses["200"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gold_requests(path: Path) -> list[dict[str, Any]]:
    """Request bodies for every gold question; a follow-up carries the question it follows as history."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_id = {row["id"]: row for row in rows}
    bodies = []
    for row in rows:
        body: dict[str, Any] = {"question": row["question"]}
        if row.get("follow_up_of") in by_id:
            body["history"] = [by_id[row["follow_up_of"]]["question"]]
        bodies.append(body)
    return bodies


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log.is_file() else ""
            raise SystemExit(f"{what} did not come up at {url} (exit {process.poll()}):\n{tail}")
        time.sleep(0.5)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_chroma(work: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    log = work / "chroma.log"
    process = subprocess.Popen(
        [str(BIN / "chroma"), "run", "--path", str(work / "chroma"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    wait_until_up(f"http://127.0.0.1:{port}/api/v2/heartbeat", process, 60, "chroma run", log)
    return process, port


def prepare_data(args: argparse.Namespace, work: Path, chroma_port: int | None) -> dict[str, str]:
    """The environment of `assistant serve`: a copy of the index, or (server mode) a fresh one on the server."""
    source_index = args.data_dir / "index"
    if not (source_index / "catalog.sqlite").is_file():
        raise SystemExit(f"no index under {args.data_dir}: run `assistant ingest` first (make load does)")
    data = work / "data"
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(args.corpus_dir.resolve()), "ASSISTANT_DATA_DIR": str(data)}
    if chroma_port is None:
        shutil.copytree(source_index, data / "index", ignore=shutil.ignore_patterns("ingest.lock"))
        return env
    # The catalog must match the server's collection, so index afresh; cached vectors spare the embedding.
    (data / "index").mkdir(parents=True)
    if (source_index / "embeddings.sqlite").is_file():
        shutil.copy(source_index / "embeddings.sqlite", data / "index" / "embeddings.sqlite")
    env |= {"ASSISTANT_CHROMA_HOST": "127.0.0.1", "ASSISTANT_CHROMA_PORT": str(chroma_port)}
    started = time.perf_counter()
    result = subprocess.run([str(BIN / "assistant"), "ingest"], env=env, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 3):
        raise SystemExit(f"ingest into the Chroma server failed:\n{result.stderr[-3000:]}")
    print(f"indexed {args.corpus_dir} into the Chroma server in {time.perf_counter() - started:.1f} s")
    return env


async def run_clients(base_url: str, bodies: list[dict[str, Any]], clients: int, seconds: float) -> Outcome:
    outcome = Outcome()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT_S, limits=limits) as http:
        for body in bodies[:2]:  # warm-up, not counted
            (await http.post("/api/ask", json=body)).raise_for_status()
        started = time.perf_counter()
        deadline = started + seconds

        async def client(number: int) -> None:
            rng = random.Random(number)
            while time.perf_counter() < deadline:
                body = rng.choice(bodies)
                sent = time.perf_counter()
                try:
                    response = await http.post("/api/ask", json=body)
                except httpx.HTTPError as error:
                    outcome.statuses[type(error).__name__] += 1
                    continue
                outcome.latencies_ms.append((time.perf_counter() - sent) * 1000)
                outcome.statuses[str(response.status_code)] += 1
                if response.status_code == 200:
                    data = response.json()
                    outcome.refused += bool(data["refused"])
                    outcome.retrieve_ms.append(data["timings_ms"]["retrieve"])
                    outcome.compose_ms.append(data["timings_ms"]["compose"])

        await asyncio.gather(*(client(number) for number in range(clients)))
        outcome.seconds = time.perf_counter() - started
    return outcome


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def server_rss_mb(process: subprocess.Popen[bytes]) -> float | None:
    try:
        import psutil
    except ImportError:
        return None
    return psutil.Process(process.pid).memory_info().rss / 1e6


def report(
    args: argparse.Namespace, mode: str, outcome: Outcome, documents: int, chunks: int, rss: float | None
) -> str:
    rps = outcome.statuses["200"] / outcome.seconds if outcome.seconds else 0.0
    lines = [
        f"## {time.strftime('%Y-%m-%d %H:%M')}: {mode}, {args.clients} clients, {args.seconds:g} s",
        "",
        "`" + " ".join(["python benchmarks/load.py", *sys.argv[1:]]) + "`",
        f"on {os.cpu_count()} CPUs, Python {platform.python_version()}; {documents} documents, {chunks} passages;"
        " clients and server on the same machine (loopback).",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| requests | {outcome.requests} in {outcome.seconds:.1f} s |",
        f"| errors | {outcome.errors} ({dict(outcome.statuses)}) |",
        f"| requests/s | {rps:.1f} |",
        f"| latency p50 / p95 / p99 / max | {percentile(outcome.latencies_ms, 50):.0f} / "
        f"{percentile(outcome.latencies_ms, 95):.0f} / {percentile(outcome.latencies_ms, 99):.0f} / "
        f"{max(outcome.latencies_ms, default=float('nan')):.0f} ms |",
        f"| server time per answer, median retrieve / compose | {percentile(outcome.retrieve_ms, 50):.0f} / "
        f"{percentile(outcome.compose_ms, 50):.0f} ms |",
        f"| refused answers | {outcome.refused} of {outcome.statuses['200']} |",
    ]
    if rss is not None:
        lines.append(f"| server memory (RSS) at the end | {rss:.0f} MB |")
    return "\n".join(lines) + "\n"


def index_counts(env: dict[str, str]) -> tuple[int, int]:
    import sqlite3

    path = Path(env["ASSISTANT_DATA_DIR"]) / "index" / "catalog.sqlite"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        documents = db.execute("SELECT count(*) FROM documents WHERE status = 'complete'").fetchone()[0]
        chunks = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    return int(documents), int(chunks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the clients ask (default 60)")
    parser.add_argument("--chroma-server", action="store_true", help="serve from a `chroma run` server")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data", help="an ingested data dir (copied)")
    parser.add_argument("--corpus-dir", type=Path, default=ROOT / "corpus", help="the corpus it was ingested from")
    parser.add_argument("--questions", type=Path, default=ROOT / "evals" / "questions.jsonl")
    parser.add_argument("--out", type=Path, default=RESULTS, help="Markdown file the results are appended to")
    args = parser.parse_args()
    mode = "Chroma server (`chroma run`)" if args.chroma_server else "embedded Chroma"
    bodies = gold_requests(args.questions)
    with tempfile.TemporaryDirectory(prefix="thuisvraag-load-") as folder:
        work = Path(folder)
        chroma, chroma_port = start_chroma(work) if args.chroma_server else (None, None)
        server: subprocess.Popen[bytes] | None = None
        try:
            env = prepare_data(args, work, chroma_port)
            port = free_port()
            log = work / "serve.log"
            server = subprocess.Popen(
                [str(BIN / "assistant"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
            )
            base_url = f"http://127.0.0.1:{port}"
            wait_until_up(f"{base_url}/api/health", server, 300, "assistant serve", log)
            print(f"{mode}: {args.clients} clients ask {len(bodies)} gold questions for {args.seconds:g} s ...")
            outcome = asyncio.run(run_clients(base_url, bodies, args.clients, args.seconds))
            rss = server_rss_mb(server)
        finally:
            if server is not None:
                stop(server)
            if chroma is not None:
                stop(chroma)
        section = report(args, mode, outcome, *index_counts(env), rss)
    print(section)
    if not args.out.is_file():
        args.out.write_text("# Load test results\n\nAppended by `make load` (benchmarks/load.py), newest last.\n")
    with args.out.open("a", encoding="utf-8") as handle:
        handle.write("\n" + section)
    print(f"appended to {args.out}")
    return 1 if outcome.errors else 0


if __name__ == "__main__":
    sys.exit(main())
