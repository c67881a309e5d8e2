"""The safety event log: when the screen fired, at what tier and why; never any message text."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from assistant.types import Risk

_SCHEMA = """
CREATE TABLE IF NOT EXISTS safety_events (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    session TEXT NOT NULL,
    tier TEXT NOT NULL,
    subject TEXT NOT NULL,
    categories TEXT NOT NULL,
    fired TEXT NOT NULL,
    reply_kind TEXT NOT NULL,
    output_check TEXT NOT NULL
)
"""
COLUMNS = ("ts", "session", "tier", "subject", "categories", "fired", "reply_kind", "output_check")
_INSERT = (
    "INSERT INTO safety_events (ts, session, tier, subject, categories, fired, reply_kind, "
    "output_check) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_SELECT = (
    "SELECT ts, session, tier, subject, categories, fired, reply_kind, output_check "
    "FROM safety_events ORDER BY id"
)


class SafetyAudit:
    """Appends one row per screened message that was not tier `none`, in SQLite (WAL)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def record(self, session_id: str, risk: Risk, reply_kind: str, output_check: str = "") -> None:
        # Sessions are pseudonymised so evaluators can group events without identifying anyone.
        session = hashlib.sha256(session_id.encode("utf-8")).hexdigest()[:12]
        row = (
            time.time(),
            session,
            risk.tier,
            risk.subject,
            ",".join(risk.categories),
            ",".join(risk.fired),
            reply_kind,
            output_check,
        )
        with self._lock, self._connect() as db:
            db.execute(_INSERT, row)

    def events(self) -> list[dict[str, Any]]:
        with self._connect() as db:
            db.row_factory = sqlite3.Row
            rows = db.execute(_SELECT).fetchall()
        return [dict(r) for r in rows]

    def export(self, fmt: str = "csv") -> str:
        events = self.events()
        if fmt == "jsonl":
            return "".join(json.dumps(e) + "\n" for e in events)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(events)
        return buf.getvalue()
