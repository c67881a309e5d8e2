"""The journal on a real SQLite file: migrations, isolation per user, deletes that really delete."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from assistant.exercises import ExerciseRun
from assistant.journal import MIGRATIONS, Journal

SECRET = "zebra-marmalade-4471"  # a string we can search the raw file for


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.sqlite3")


def raw_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_schema_is_migrated_and_wal_is_on(journal: Journal) -> None:
    assert journal.schema_version() == len(MIGRATIONS)
    with sqlite3.connect(journal.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert oct(journal.path.stat().st_mode & 0o777) == "0o600"


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    first = Journal(path)
    first.add_message("s1", "worker", "user", "hello there", "smalltalk")
    first.save_run("s1", "worker", ExerciseRun("gibbs", step=2, answers={"description": "x"}))
    first.add_reflection("worker", "s1", "gibbs", "Gibbs", "# notes")
    again = Journal(path)
    assert [m.text for m in again.messages("s1", "worker")] == ["hello there"]
    run = again.load_run("s1", "worker")
    assert run is not None and run.step == 2 and run.answers == {"description": "x"}
    assert [r.title for r in again.reflections("worker")] == ["Gibbs"]


def test_each_worker_sees_only_their_own(journal: Journal) -> None:
    journal.add_reflection("alice", "a1", "gibbs", "Alice's notes", "# a")
    journal.add_reflection("bob", "b1", "gibbs", "Bob's notes", "# b")
    journal.add_message("a1", "alice", "user", "alice text", "answer")
    assert [r.title for r in journal.reflections("alice")] == ["Alice's notes"]
    bobs = journal.reflections("bob")[0]
    assert journal.reflection("alice", bobs.id) is None
    assert not journal.delete_reflection("alice", bobs.id)
    assert journal.messages("a1", "bob") == []


def test_search_finds_words_in_title_and_body(journal: Journal) -> None:
    journal.add_reflection("w", "s", "gibbs", "After the removal", "# notes\nfelt shaky")
    journal.add_reflection("w", "s", "support-network-map", "Support map", "# map\nmy sister")
    assert [r.title for r in journal.reflections("w", "shaky")] == ["After the removal"]
    assert [r.title for r in journal.reflections("w", "support")] == ["Support map"]


def test_deleted_reflection_is_gone_from_the_file(journal: Journal) -> None:
    rid = journal.add_reflection("w", "s", "gibbs", "To delete", f"# notes\n{SECRET}")
    assert SECRET.encode() in raw_bytes(journal.path)
    assert journal.delete_reflection("w", rid)
    assert SECRET.encode() not in raw_bytes(journal.path)


def test_delete_all_removes_messages_runs_and_reflections(journal: Journal) -> None:
    journal.add_message("s", "w", "user", SECRET, "answer")
    journal.save_run("s", "w", ExerciseRun("gibbs", answers={"feelings": SECRET}))
    journal.add_reflection("w", "s", "gibbs", "t", SECRET)
    journal.add_reflection("other", "o", "gibbs", "kept", "other worker's notes")
    journal.delete_all("w")
    assert SECRET.encode() not in raw_bytes(journal.path)
    assert journal.messages("s", "w") == [] and journal.load_run("s", "w") is None
    assert [r.title for r in journal.reflections("other")] == ["kept"]


def test_retention_purges_old_entries(journal: Journal) -> None:
    journal.add_reflection("w", "s", "gibbs", "old", "# old")
    with sqlite3.connect(journal.path) as db:
        db.execute("UPDATE reflections SET created = ?", (time.time() - 40 * 86400,))
    journal.add_reflection("w", "s2", "gibbs", "new", "# new")
    assert journal.purge_older_than(30) >= 1
    assert [r.title for r in journal.reflections("w")] == ["new"]
