"""Fuzzing the readers: damaged PDFs and random bytes end as a document or a named skip, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.ingest.read import SkippedFile, read_document
from tests.conftest import write_pdf

_SEED_DIR = Path(tempfile.mkdtemp(prefix="fuzz-seed-"))
SEED_PDF = write_pdf(
    _SEED_DIR / "seed.pdf",
    [["Housing First begint met een woning.", "Begeleiding volgt de bewoner."], ["Tweede pagina."]],
    header="Kop",
    footer=True,
).read_bytes()


def read_bytes_as(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            document = read_document(path, "fuzz", 10_000_000, 500)
        except SkippedFile as skip:
            assert skip.user_message
        else:
            assert any(page.text.strip() for page in document.pages)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(SEED_PDF) - 1), st.binary(min_size=1, max_size=8)), max_size=6
    ),
    cut=st.integers(min_value=1, max_value=len(SEED_PDF)),
)
def test_mutated_pdfs_are_read_or_skipped_by_name(edits: list[tuple[int, bytes]], cut: int) -> None:
    data = bytearray(SEED_PDF)
    for offset, patch in edits:
        data[offset : offset + len(patch)] = patch
    read_bytes_as(bytes(data[:cut]), ".pdf")


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".pdf", ".md", ".txt", ".html"]))
def test_random_bytes_are_read_or_skipped_by_name(data: bytes, suffix: str) -> None:
    read_bytes_as(data, suffix)
