"""Numbered schema migrations for the SQLite files, counted in `PRAGMA user_version`.

Migration N takes a file from version N-1 to N. Version 1 is each file's schema from before versions were
kept, written with CREATE ... IF NOT EXISTS, so a file without a version (0) is taken as version 1 as it is.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.errors import SchemaVersionError

log = logging.getLogger(__name__)
Migration = Callable[[sqlite3.Connection], None]


def statements(*sql: str) -> Migration:
    """A migration made of SQL statements, run one by one inside the migration's transaction."""

    def run(db: sqlite3.Connection) -> None:
        for statement in sql:
            db.execute(statement)

    return run


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection, migrations: Sequence[Migration], path: Path) -> None:
    """Bring the file to the newest version in one transaction; a current file is not written at all.

    Raises SchemaVersionError for a file of a newer version than `migrations` know (it is never downgraded).
    """
    if _checked(schema_version(db), migrations, path) == len(migrations):
        return
    db.execute("BEGIN IMMEDIATE")  # a second process migrating at the same time waits, then finds it done
    try:
        current = _checked(schema_version(db), migrations, path)
        for number in range(max(current, 0) + 1, len(migrations) + 1):
            migrations[number - 1](db)
            log.info("%s: schema migrated to version %d", path, number)
        db.execute(f"PRAGMA user_version = {len(migrations)}")
        db.commit()
    except BaseException:
        db.rollback()
        raise


def open_migrated(path: Path, migrations: Sequence[Migration], wal: bool = True) -> sqlite3.Connection:
    """A connection for writing to `path`, its schema brought to the newest version first (a newer file is left as
    it is), in WAL mode when `wal`; closed again when either fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False)
    try:
        migrate(db, migrations, path)
        if wal:
            db.execute("PRAGMA journal_mode=WAL")
    except BaseException:
        db.close()
        raise
    return db


def require_version(db: sqlite3.Connection, migrations: Sequence[Migration], path: Path) -> None:
    """For read-only opens, which never migrate: the file must be of exactly the version this program writes."""
    found = max(schema_version(db), 1)
    _checked(found, migrations, path)
    if found < len(migrations):
        raise SchemaVersionError(
            f"{path} has schema version {found}, this program reads version {len(migrations)}; "
            "a read-only open does not migrate (run `assistant ingest` once)",
            f"De opslag {path.name} is gemaakt door een oudere versie van Thuisvraag. "
            "Voer eenmaal `assistant ingest` uit om hem bij te werken.",
        )


def _checked(found: int, migrations: Sequence[Migration], path: Path) -> int:
    if found > len(migrations):
        raise SchemaVersionError(
            f"{path} has schema version {found}, newer than this program knows ({len(migrations)}); "
            "upgrade Thuisvraag or use another data dir",
            f"De opslag {path.name} is gemaakt door een nieuwere versie van Thuisvraag. "
            "Werk Thuisvraag bij of gebruik een andere datamap.",
        )
    return found
