"""How fast a question fails when the Chroma server goes away: killed (503 at once) and hung (503 at the deadline).

The fault tests (tests/hardening/test_chroma_server_faults.py) assert the behaviour with wide headroom for a
loaded machine; this measures the figures on a quiet one. Starts its own `chroma run` on a loopback port, indexes
one shipped document into a scratch dir and asks through the app. Appends a Markdown section to
benchmarks/fault-results.md.

    .venv/bin/python benchmarks/faults.py [--asks 10]
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.offline import enforce_offline  # noqa: E402

enforce_offline()

from fastapi.testclient import TestClient  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.ingest.pipeline import run_ingest  # noqa: E402
from assistant.store.vectors import QUERY_DEADLINE_SECONDS  # noqa: E402

RESULTS = ROOT / "benchmarks" / "fault-results.md"
DOCUMENT = "00_hfnl-principes-van-housing-first.md"
QUESTION = {"question": "Wat betekent harm reduction in Housing First?"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_chroma(path: Path, port: int) -> subprocess.Popen[bytes]:
    chroma = Path(sys.executable).parent / "chroma"
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the Chroma server did not start") from None
            time.sleep(0.2)


def timed_asks(client: TestClient, asks: int, status: int) -> list[float]:
    """Seconds per question; every answer must have `status`."""
    seconds = []
    for _ in range(asks):
        started = time.perf_counter()
        response = client.post("/api/ask", json=QUESTION)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == status, response.text
    return seconds


def row(what: str, seconds: list[float]) -> str:
    return f"| {what} | {len(seconds)} | {statistics.median(seconds):.3f} | {max(seconds):.3f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--asks", type=int, default=10, help="questions per condition (default 10)")
    args = parser.parse_args()
    from assistant.server import create_app

    with tempfile.TemporaryDirectory(prefix="thuisvraag-fault-bench-") as scratch:
        root = Path(scratch)
        (root / "corpus").mkdir()
        (root / "corpus" / DOCUMENT).write_bytes((ROOT / "corpus" / DOCUMENT).read_bytes())
        port = free_port()
        chroma = start_chroma(root / "chroma", port)
        try:
            settings = Settings(
                corpus_dir=root / "corpus",
                data_dir=root / "data",
                chroma_host="127.0.0.1",
                chroma_port=port,
                collection="faults",
            )  # type: ignore[call-arg]
            run_ingest(settings)
            with TestClient(create_app(settings)) as client:
                timed_asks(client, 3, 200)  # warm-up
                answered = timed_asks(client, args.asks, 200)
                chroma.send_signal(signal.SIGSTOP)
                try:
                    hung = timed_asks(client, max(2, args.asks // 3), 503)
                finally:
                    chroma.send_signal(signal.SIGCONT)
                deadline = time.monotonic() + 30
                while client.post("/api/ask", json=QUESTION).status_code != 200 and time.monotonic() < deadline:
                    time.sleep(0.2)
                chroma.kill()
                chroma.wait()
                killed = timed_asks(client, args.asks, 503)
        finally:
            if chroma.poll() is None:
                chroma.kill()
    lines = [
        f"## Chroma server faults, {time.strftime('%Y-%m-%d %H:%M')} ({os.cpu_count()} cores, {platform.machine()})",
        "",
        "| condition | questions | median (s) | max (s) |",
        "|---|---|---|---|",
        row("server up: answered (200)", answered),
        row(f"server hung (SIGSTOP): 503 at the {QUERY_DEADLINE_SECONDS:.0f} s query deadline", hung),
        row("server killed: 503", killed),
        "",
        "Command: `.venv/bin/python benchmarks/faults.py`. Target: a 503 within 1 s after a kill, "
        f"within {QUERY_DEADLINE_SECONDS:.0f} s + 1 s while hung.",
        "",
    ]
    print("\n".join(lines))
    if not RESULTS.exists():
        RESULTS.write_text("# Chroma server fault results\n\nAppended by benchmarks/faults.py, newest last.\n\n")
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
