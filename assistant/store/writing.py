"""Writing the index safely: one writer at a time (a file lock), full or read-only disks named, BM25 swapped."""

from __future__ import annotations

import errno
import fcntl
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.errors import IndexBusyError, IndexUnwritableError
from assistant.paths import IndexPaths
from assistant.store.catalog import Catalog
from assistant.store.lexical import LexicalIndex

FULL_OR_READ_ONLY = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}
# How SQLite (also inside Chroma) words the same failures.
# A reader that finds BM25 missing waits this long for a running ingest, which rebuilds it at its end.
READER_WAIT_SECONDS = 120.0
UNWRITABLE_SIGNS = ("disk is full", "no space left", "read-only file system", "readonly database", "disk i/o error")


def is_full_or_read_only(error: BaseException) -> bool:
    """Whether a write failed because its disk is full or read-only (from the OS, SQLite or Chroma)."""
    if isinstance(error, OSError) and error.errno in FULL_OR_READ_ONLY:
        return True
    message = str(error).lower()
    return any(sign in message for sign in UNWRITABLE_SIGNS) or (
        error.__cause__ is not None and is_full_or_read_only(error.__cause__)
    )


def unwritable_index(paths: IndexPaths, error: BaseException) -> IndexUnwritableError:
    """The error for an index dir that is read-only or full."""
    return IndexUnwritableError(
        f"cannot write the index under {paths.root}: {error}",
        f"De indexmap {paths.root} is niet schrijfbaar (alleen-lezen of vol); de bestaande index is niet gewijzigd.",
    )


@contextmanager
def writing_to(paths: IndexPaths) -> Iterator[None]:
    """A block that writes the index: a full or read-only disk comes out of it as IndexUnwritableError."""
    try:
        yield
    except Exception as error:
        if is_full_or_read_only(error) and not isinstance(error, IndexUnwritableError):
            raise unwritable_index(paths, error) from error
        raise


def open_catalog_for_writing(paths: IndexPaths) -> Catalog:
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
        return Catalog(paths.catalog, corpus_dir=paths.corpus)
    except (OSError, sqlite3.OperationalError) as error:
        raise unwritable_index(paths, error) from error


@contextmanager
def index_lock(paths: IndexPaths, wait_seconds: float = 0.0) -> Iterator[None]:
    """One writer at a time per data dir; another one waits up to `wait_seconds`, then fails instead of
    interleaving writes."""
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
        handle = open(paths.lock, "a")  # noqa: SIM115 ("a": never truncates a full disk's file)
    except OSError as error:
        raise unwritable_index(paths, error) from error
    with handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as error:
                if time.monotonic() >= deadline:
                    raise IndexBusyError("another ingest is running on this data dir") from error
                time.sleep(0.1)
        yield


def lexical_is_current(paths: IndexPaths, catalog: Catalog) -> bool:
    version = catalog.get_state("index_version", "0")
    return catalog.get_state("lexical_version") == version and paths.lexical(version).is_dir()


def rebuild_lexical(paths: IndexPaths, catalog: Catalog) -> None:
    """Build BM25 from the catalog into a folder of its own version, then switch to it (hold the lock)."""
    version = catalog.get_state("index_version", "0")
    chunks = catalog.all_chunks()
    index = LexicalIndex.build([(chunk.chunk_id, chunk.embedding_text) for chunk in chunks])
    index.save(paths.lexical(version))
    catalog.set_state("lexical_version", version)
    for old in paths.lexical_versions():
        if old != paths.lexical(version):
            shutil.rmtree(old, ignore_errors=True)


def ensure_lexical(paths: IndexPaths) -> None:
    """For readers: rebuild a missing BM25 version under the lock, or wait for the writer that holds it."""
    with index_lock(paths, wait_seconds=READER_WAIT_SECONDS):
        catalog = Catalog(paths.catalog, corpus_dir=paths.corpus)
        try:
            if not lexical_is_current(paths, catalog):
                rebuild_lexical(paths, catalog)
        finally:
            catalog.close()
