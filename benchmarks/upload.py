"""Time from upload to answerable for a 50-page PDF, through the admin API of a real app.

The PDF is built from ../shared/corpus/reference (read, never committed) with one made-up fact on
page 37; its vectors are not cached, so the time includes embedding every passage. Appends a
Markdown section to benchmarks/upload-results.md.

    .venv/bin/python benchmarks/upload.py [--pages 50]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.offline import enforce_offline  # noqa: E402

enforce_offline()

from fastapi.testclient import TestClient  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.ingest.pipeline import run_ingest  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "corpus" / "reference"
WORDS_PER_PAGE = 320
FACT_PAGE = 37
FACT = "In Oostermeer wonen sinds maart 2026 precies 31 mensen in de Housing First-woningen aan de Lindelaan."
QUESTION = "Hoeveel mensen wonen er in de Housing First-woningen aan de Lindelaan in Oostermeer?"
TOKEN = "bench-token"


def reference_words() -> list[str]:
    words: list[str] = []
    for path in sorted(REFERENCE.glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        words += re.sub(r"[#*>|`\[\]]", " ", body).split()
    return words


def write_pdf(path: Path, pages: int) -> None:
    from fpdf import FPDF

    words = reference_words()
    pdf = FPDF()
    pdf.set_title("Benchmark: verzamelde teksten over dakloosheid")
    for number in range(1, pages + 1):
        start = ((number - 1) * WORDS_PER_PAGE) % max(1, len(words) - WORDS_PER_PAGE)
        text = " ".join(words[start : start + WORDS_PER_PAGE])
        if number == FACT_PAGE:
            text = FACT + " " + text
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 5, text.encode("latin-1", "replace").decode("latin-1"))
    pdf.output(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    from assistant.server import create_app

    with tempfile.TemporaryDirectory(prefix="thuisvraag-upload-bench-") as scratch:
        root = Path(scratch)
        corpus = root / "corpus"
        corpus.mkdir()
        (corpus / "principes.md").write_bytes((ROOT / "corpus" / "00_hfnl-principes-van-housing-first.md").read_bytes())
        settings = Settings(corpus_dir=corpus, data_dir=root / "data", admin_token=TOKEN)  # type: ignore[arg-type]
        run_ingest(settings)
        pdf = root / "verzameld.pdf"
        write_pdf(pdf, args.pages)
        with TestClient(create_app(settings)) as client:
            started = time.perf_counter()
            response = client.post(
                "/api/admin/documents",
                headers={"Authorization": f"Bearer {TOKEN}"},
                files={"file": ("verzameld.pdf", pdf.read_bytes())},
                data={"publisher": "Benchmark"},
            )
            uploaded = time.perf_counter()
            assert response.status_code == 201, response.text
            document = response.json()["document"]
            answer = client.post("/api/ask", json={"question": QUESTION}).json()
            answered = time.perf_counter()
    cited = [c for c in answer["citations"] if "31 mensen" in c["quote"]]
    upload_s, total_s = uploaded - started, answered - started
    lines = [
        f"## Upload to answerable, {time.strftime('%Y-%m-%d %H:%M')} ({os.cpu_count()} cores, {platform.machine()})",
        "",
        "| pages | passages | upload + index (s) | passages/s | upload to first cited answer (s) | fact cited at page |",
        "|---|---|---|---|---|---|",
        f"| {document['pages']} | {document['chunks']} | {upload_s:.1f} | {document['chunks'] / upload_s:.2f} | "
        f"{total_s:.1f} | {cited[0]['page'] if cited else 'not cited'} |",
        "",
        "Command: `.venv/bin/python benchmarks/upload.py`. Vectors not cached: every passage is embedded.",
        "",
    ]
    print("\n".join(lines))
    with (ROOT / "benchmarks" / "upload-results.md").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
