"""The trainers' Knowledge page through AppTest: the gate, a PDF from upload to answer to removal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.access import hash_passcode, verify_passcode
from assistant.settings import PROJECT_ROOT
from tests.test_curation import FIELDS, make_pdf

APP = str(PROJECT_ROOT / "app.py")
PASSCODE = "harbour-trainer-2026"


def test_passcode_hash_is_salted_and_checked() -> None:
    first, second = hash_passcode(PASSCODE), hash_passcode(PASSCODE)
    assert first != second  # a fresh salt each time
    assert PASSCODE not in first
    assert verify_passcode(PASSCODE, first) and verify_passcode(PASSCODE, second)
    assert not verify_passcode("harbour-trainer-2025", first)
    assert not verify_passcode(PASSCODE, "not$a$hash")
    with pytest.raises(ValueError, match="8 characters"):
        hash_passcode("short")


@pytest.fixture
def knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", folder)
    monkeypatch.setenv("HARBOUR_KNOWLEDGE_DIR", str(folder))
    return folder


def start(monkeypatch: pytest.MonkeyPatch, trainer_mode: bool = True) -> AppTest:
    if trainer_mode:
        monkeypatch.setenv("HARBOUR_TRAINER__PASSCODE_HASH", hash_passcode(PASSCODE))
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.slow
def test_workers_cannot_reach_the_knowledge_page(knowledge: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    at = start(monkeypatch, trainer_mode=False)
    assert "Knowledge" not in at.sidebar.radio[0].options

    at = start(monkeypatch)
    at.sidebar.radio[0].set_value("Knowledge").run()
    assert not at.file_uploader and not at.tabs
    at.text_input(key="trainer_passcode").input("a guess at the passcode").run()
    next(b for b in at.button if b.label == "Sign in as trainer").click().run()
    assert any("not right" in e.value for e in at.error)
    assert not at.file_uploader and not at.tabs
    before = sorted(p.name for p in (knowledge / "docs").iterdir())
    assert "lone-visits-in-winter.md" not in before


@pytest.mark.slow
def test_a_trainer_adds_a_pdf_sees_it_answer_and_removes_it(knowledge: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    at = start(monkeypatch)
    at.sidebar.radio[0].set_value("Knowledge").run()
    at.text_input(key="trainer_passcode").input(PASSCODE).run()
    next(b for b in at.button if b.label == "Sign in as trainer").click().run()
    assert not at.exception, at.exception
    assert at.file_uploader

    at.file_uploader[0].set_value(("winter.pdf", make_pdf(), "application/pdf"))
    at.text_input(key="add-title").input(FIELDS["title"])
    at.text_input(key="add-topics").input("lone working; personal safety")
    at.text_input(key="add-audience").input("frontline social workers")
    at.text_area(key="add-summary").input(FIELDS["summary"])
    at.text_area(key="add-sources").input(FIELDS["sources"][0])
    at.text_input(key="add-reviewer").input("Practice educator")
    at.text_input(key="add-due").input("2027-06-30").run()
    assert not at.exception, at.exception
    assert any("lone-visits-in-winter.md" in s.value for s in at.success)
    next(b for b in at.button if b.label == "Save and index").click().run()
    assert any("Saved and indexed" in s.value for s in at.success)
    assert (knowledge / "docs" / "lone-visits-in-winter.md").exists()

    question = "Do I need a torch and a power bank for winter visits?"
    at.text_input(key="playground-query").input(question).run()
    cited = " ".join(md.value for md in at.markdown if md.value.startswith("**Cited:**"))
    assert "lone-visits-in-winter" in cited

    at.sidebar.radio[0].set_value("Chat").run()
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    reply = [m for m in at.chat_message if m.name == "assistant"][-1]
    assert "Lone visits in winter" in " ".join(md.value for md in reply.markdown)

    at.sidebar.radio[0].set_value("Knowledge").run()
    at.selectbox(key="doc-chosen").set_value("lone-visits-in-winter").run()
    next(b for b in at.button if b.label == "Remove").click().run()
    assert not at.exception, at.exception
    assert not (knowledge / "docs" / "lone-visits-in-winter.md").exists()
    at.text_input(key="playground-query").input(question + " ").run()
    cited = " ".join(md.value for md in at.markdown if md.value.startswith("**Cited:**"))
    assert "lone-visits-in-winter" not in cited


@pytest.mark.slow
def test_a_broken_upload_is_explained_and_changes_nothing(knowledge: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    at = start(monkeypatch)
    at.sidebar.radio[0].set_value("Knowledge").run()
    at.text_input(key="trainer_passcode").input(PASSCODE).run()
    next(b for b in at.button if b.label == "Sign in as trainer").click().run()
    before = sorted(p.name for p in (knowledge / "docs").iterdir())
    at.file_uploader[0].set_value(("notes.pdf", b"plain text, not a PDF", "application/pdf")).run()
    assert any("not what '.pdf' says" in e.value for e in at.error)
    assert not any(b.label == "Save and index" for b in at.button)
    assert sorted(p.name for p in (knowledge / "docs").iterdir()) == before
