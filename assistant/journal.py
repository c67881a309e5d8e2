"""The private journal: sessions, redacted messages, exercise runs and reflections in SQLite."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.exercises import ExerciseRun

# Each entry moves the schema up one version; never edit a shipped entry, append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user TEXT NOT NULL,
        created REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        tier TEXT NOT NULL DEFAULT 'none',
        subject TEXT NOT NULL DEFAULT 'unknown',
        categories TEXT NOT NULL DEFAULT '',
        ts REAL NOT NULL
    );
    CREATE INDEX messages_session ON messages(session_id, id);
    CREATE TABLE exercise_runs (
        session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        exercise_id TEXT NOT NULL,
        status TEXT NOT NULL,
        step INTEGER NOT NULL,
        answers TEXT NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE reflections (
        id INTEGER PRIMARY KEY,
        user TEXT NOT NULL,
        session_id TEXT,
        exercise_id TEXT NOT NULL,
        title TEXT NOT NULL,
        markdown TEXT NOT NULL,
        created REAL NOT NULL
    );
    CREATE INDEX reflections_user ON reflections(user, created);
    """,
)


def _touch_session(db: sqlite3.Connection, session_id: str, user: str, now: float) -> None:
    db.execute(
        "INSERT INTO sessions (id, user, created, updated) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET updated = excluded.updated",
        (session_id, user, now, now),
    )


class JournalError(RuntimeError):
    """The journal could not be read or written; the message says what to do."""


@dataclass(frozen=True)
class Reflection:
    """A finished exercise, kept as supervision notes."""

    id: int
    user: str
    exercise_id: str
    title: str
    markdown: str
    created: float


@dataclass(frozen=True)
class StoredMessage:
    role: str
    text: str
    kind: str
    tier: str
    subject: str
    categories: tuple[str, ...]


class Journal:
    """One SQLite file in WAL mode; every write is a transaction; deletes overwrite the data."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with self._tx() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
        path.chmod(0o600)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except sqlite3.Error as exc:
            raise JournalError(f"Cannot open the journal at {self.path}: {exc}") from exc
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            # Deleted rows are overwritten with zeros, not just unlinked.
            db.execute("PRAGMA secure_delete=ON")
            with self._lock:
                yield db
        except sqlite3.Error as exc:
            raise JournalError(
                f"The journal could not be updated ({exc}). Check that the data directory is "
                "writable and has free space; nothing was half-written."
            ) from exc
        finally:
            db.close()

    def schema_version(self) -> int:
        with self._tx() as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])

    # -- sessions and messages ----------------------------------------------------------

    def add_message(
        self,
        session_id: str,
        user: str,
        role: str,
        text: str,
        kind: str,
        risk: tuple[str, str, tuple[str, ...]] = ("none", "unknown", ()),
    ) -> None:
        now = time.time()
        with self._tx() as db:
            db.execute("BEGIN IMMEDIATE")
            _touch_session(db, session_id, user, now)
            db.execute(
                "INSERT INTO messages (session_id, role, text, kind, tier, subject, categories, ts)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, role, text, kind, risk[0], risk[1], ",".join(risk[2]), now),
            )
            db.execute("COMMIT")

    def messages(self, session_id: str, user: str) -> list[StoredMessage]:
        with self._tx() as db:
            rows = db.execute(
                "SELECT m.role, m.text, m.kind, m.tier, m.subject, m.categories FROM messages m "
                "JOIN sessions s ON s.id = m.session_id WHERE m.session_id = ? AND s.user = ? "
                "ORDER BY m.id",
                (session_id, user),
            ).fetchall()
        return [
            StoredMessage(r[0], r[1], r[2], r[3], r[4], tuple(c for c in r[5].split(",") if c))
            for r in rows
        ]

    def save_run(self, session_id: str, user: str, run: ExerciseRun) -> None:
        now = time.time()
        with self._tx() as db:
            db.execute("BEGIN IMMEDIATE")
            _touch_session(db, session_id, user, now)
            db.execute(
                "INSERT INTO exercise_runs (session_id, exercise_id, status, step, answers, updated)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET "
                "exercise_id = excluded.exercise_id, status = excluded.status, step = excluded.step,"
                " answers = excluded.answers, updated = excluded.updated",
                (session_id, run.exercise_id, run.status, run.step, json.dumps(run.answers), now),
            )
            db.execute("COMMIT")

    def load_run(self, session_id: str, user: str) -> ExerciseRun | None:
        with self._tx() as db:
            row = db.execute(
                "SELECT r.exercise_id, r.status, r.step, r.answers FROM exercise_runs r "
                "JOIN sessions s ON s.id = r.session_id WHERE r.session_id = ? AND s.user = ?",
                (session_id, user),
            ).fetchone()
        if row is None:
            return None
        return ExerciseRun(row[0], step=row[2], answers=dict(json.loads(row[3])), status=row[1])

    # -- reflections ----------------------------------------------------------------------

    def add_reflection(
        self, user: str, session_id: str, exercise_id: str, title: str, markdown: str
    ) -> int:
        with self._tx() as db:
            db.execute("BEGIN IMMEDIATE")
            cur = db.execute(
                "INSERT INTO reflections (user, session_id, exercise_id, title, markdown, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (user, session_id, exercise_id, title, markdown, time.time()),
            )
            db.execute("COMMIT")
            return int(cur.lastrowid or 0)

    def reflections(self, user: str, query: str = "") -> list[Reflection]:
        sql = (
            "SELECT id, user, exercise_id, title, markdown, created FROM reflections WHERE user = ?"
        )
        params: list[Any] = [user]
        if query.strip():
            sql += " AND (title LIKE ? OR markdown LIKE ?)"
            like = f"%{query.strip()}%"
            params += [like, like]
        with self._tx() as db:
            rows = db.execute(sql + " ORDER BY created DESC, id DESC", params).fetchall()
        return [Reflection(*row) for row in rows]

    def reflection(self, user: str, reflection_id: int) -> Reflection | None:
        with self._tx() as db:
            row = db.execute(
                "SELECT id, user, exercise_id, title, markdown, created FROM reflections "
                "WHERE id = ? AND user = ?",
                (reflection_id, user),
            ).fetchone()
        return Reflection(*row) if row else None

    def delete_reflection(self, user: str, reflection_id: int) -> bool:
        with self._tx() as db:
            db.execute("BEGIN IMMEDIATE")
            cur = db.execute(
                "DELETE FROM reflections WHERE id = ? AND user = ?", (reflection_id, user)
            )
            db.execute("COMMIT")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return cur.rowcount > 0

    def delete_all(self, user: str) -> None:
        """Everything this user has: reflections, sessions, messages and runs."""
        with self._tx() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM reflections WHERE user = ?", (user,))
            db.execute("DELETE FROM sessions WHERE user = ?", (user,))
            db.execute("COMMIT")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("VACUUM")

    def purge_older_than(self, days: int) -> int:
        """Retention: remove sessions and reflections older than `days` days."""
        cutoff = time.time() - days * 86400
        with self._tx() as db:
            db.execute("BEGIN IMMEDIATE")
            removed = db.execute("DELETE FROM reflections WHERE created < ?", (cutoff,)).rowcount
            removed += db.execute("DELETE FROM sessions WHERE updated < ?", (cutoff,)).rowcount
            db.execute("COMMIT")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(removed)
