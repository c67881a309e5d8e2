"""Coverage gaps: questions the knowledge base could not answer, redacted and counted.

Only kept when a deployment turns it on (`HARBOUR_TRAINER__COVERAGE_GAPS`), only from redacted
text, never from incognito sessions, and with no user or session attached.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path


class CoverageGaps:
    """An aggregate of unanswered questions for trainers: what to write next."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with self._db() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS gaps (question TEXT PRIMARY KEY, count INTEGER NOT "
                "NULL, last_seen REAL NOT NULL)"
            )

    def _db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def record(self, redacted_question: str) -> None:
        question = " ".join(redacted_question.lower().split())[:300]
        with self._db() as db:
            db.execute(
                "INSERT INTO gaps VALUES (?, 1, ?) ON CONFLICT(question) DO UPDATE SET "
                "count = count + 1, last_seen = excluded.last_seen",
                (question, time.time()),
            )

    def top(self, limit: int = 50) -> list[tuple[str, int]]:
        with self._db() as db:
            rows = db.execute(
                "SELECT question, count FROM gaps ORDER BY count DESC, last_seen DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [(str(q), int(c)) for q, c in rows]
