"""The handboek set: questions over an uploaded long PDF, asked of an index of its own.

That index is the shipped corpus plus the handbook PDF (built from the reference texts), uploaded the way staff
upload a document (`knowledge_base.add_document`), in a data dir under the eval work folder. It shares the
embedding cache with the main index, so a re-run embeds nothing new; the main index is never written.
"""

from __future__ import annotations

import filecmp
import importlib.util
import logging
import shutil
from pathlib import Path

from assistant.config import Settings
from assistant.evaluation.gold import GoldQuestion, anchored_gold, load_questions
from assistant.evaluation.handbook import BUNDLE_TITLE, HANDBOOK_FILE, PageFinder, build_handbook
from assistant.evaluation.reference import reference_texts
from assistant.ingest.read import SIDECAR_SUFFIX
from assistant.retrieval.engine import AnswerEngine

log = logging.getLogger(__name__)
HANDBOOK_SET = "handboek"
UPLOAD_META = {"title": BUNDLE_TITLE, "publisher": "Diverse uitgevers (bundel)"}


def missing_prerequisites(settings: Settings) -> str | None:
    """Why the handboek set cannot run here, in one Dutch line for the staff's report, or None when it can."""
    if not settings.eval_upload_questions.is_file():
        return f"geen vragenset in {settings.eval_upload_questions}"
    if not any(settings.eval_reference_dir.glob("*.md")):
        return f"geen referentieteksten in {settings.eval_reference_dir} (../shared naast de repo)"
    if importlib.util.find_spec("fpdf") is None:
        return 'fpdf2 ontbreekt (de test-extra\'s: pip install -e ".[test]")'
    return None


def handbook_questions(settings: Settings) -> list[GoldQuestion]:
    """The upload gold set, each anchored quote read from its reference text (ValueError when one changed)."""
    return load_questions(settings.eval_upload_questions, anchored_gold(settings.eval_reference_dir, HANDBOOK_FILE))


def index_settings(settings: Settings) -> Settings:
    """Settings of the handboek set's index: its own corpus and data dir (embedded Chroma), the shared vector cache."""
    work = settings.eval_work_dir / HANDBOOK_SET
    own = Settings(
        **{
            **settings.model_dump(),
            "corpus_dir": work / "corpus",
            "data_dir": work / "data",
            "embedding_cache": settings.embedding_cache_path,
            "chroma_host": "",  # never the Chroma server of the main index
        }
    )
    assert own.index_dir != settings.index_dir
    return own


def open_handbook_index(settings: Settings) -> tuple[AnswerEngine, PageFinder]:
    """Bring the set's index up to date (the corpus, then the handbook as an upload) and open it.

    Returns its answer engine and where each sentence stands in the uploaded PDF.
    """
    from assistant.ingest.pipeline import run_ingest
    from assistant.knowledge_base import add_document

    own = index_settings(settings)
    pdf = build_handbook(reference_texts(settings.eval_reference_dir))
    keep = {HANDBOOK_FILE, HANDBOOK_FILE + SIDECAR_SUFFIX}
    mirror_corpus(settings.corpus_dir, own.corpus_dir, keep)
    report = run_ingest(own)
    # After the corpus, so the upload is an incremental ingest into a complete index, as in the app.
    upload = add_document(own, HANDBOOK_FILE, pdf, UPLOAD_META)
    log.info(
        "handboek index: %d documents, %d passages (%d embedded); handbook upload %s, %d passages",
        report.documents,
        report.chunks,
        report.embedded,
        upload.status,
        upload.record.chunk_count,
    )
    return AnswerEngine(own), PageFinder(pdf)


def mirror_corpus(source: Path, target: Path, keep: set[str]) -> None:
    """Make `target` hold the files of `source` (same bytes, same relative paths), besides the top-level `keep`."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = {path.relative_to(source) for path in source.rglob("*") if path.is_file()}
    for relative in sorted(wanted):
        copy = target / relative
        if not copy.is_file() or not filecmp.cmp(source / relative, copy, shallow=False):
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / relative, copy)
    for path in sorted(target.rglob("*")):
        relative = path.relative_to(target)
        if path.is_file() and relative not in wanted and relative.as_posix() not in keep:
            path.unlink()
