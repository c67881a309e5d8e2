"""The Streamlit chat, driven headless with AppTest."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from assistant.settings import PROJECT_ROOT
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    assert not at.exception, at.exception
    return at


def test_question_renders_a_cited_answer_with_sources(app: AppTest) -> None:
    app.chat_input[0].set_value("How can supervision help me after a hard home visit?").run()
    assert not app.exception, app.exception
    replies = [m for m in app.chat_message if m.name == "assistant"]
    assert replies
    text = " ".join(md.value for md in replies[-1].markdown)
    assert "[1]" in text
    assert "Sources" in text
    assert any(exp.label == "Sources" for exp in app.expander)


def test_support_panel_is_always_visible(app: AppTest) -> None:
    sidebar = " ".join(md.value for md in app.sidebar.markdown)
    assert "Need to talk to someone now?" in sidebar
    assert "116 123" in sidebar


def test_crisis_reply_is_set_apart_and_chat_continues(app: AppTest) -> None:
    app.chat_input[0].set_value("I want to end my life").run()
    assert not app.exception
    assert any("116 123" in w.value for w in app.warning)
    app.chat_input[0].set_value("What are the signs of burnout?").run()
    assert not app.exception
    assert len([m for m in app.chat_message if m.name == "assistant"]) == 2


def test_names_are_redacted_in_the_transcript(app: AppTest) -> None:
    app.chat_input[0].set_value("Mrs Okafor shouted at me today, how do I handle hostility?").run()
    user = [m for m in app.chat_message if m.name == "user"][-1]
    assert "Okafor" not in " ".join(md.value for md in user.markdown)


def test_about_page_names_the_responder(app: AppTest) -> None:
    app.sidebar.radio[0].set_value("About").run()
    body = " ".join(md.value for md in app.markdown)
    assert "grounded composer" in body
    assert "documents" in body


def test_evaluations_page_without_a_run_says_how_to_make_one(
    app: AppTest,
    tmp_path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    app.sidebar.radio[0].set_value("Evaluations").run()
    assert not app.exception
    text = " ".join(i.value for i in app.info) + " ".join(md.value for md in app.markdown)
    assert "python -m evals run" in text or "Failures" in text


def test_a_whole_exercise_through_the_ui(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", knowledge)
    (knowledge / "exercises").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "exercises" / "three-steps.yaml", knowledge / "exercises")
    monkeypatch.setenv("HARBOUR_KNOWLEDGE_DIR", str(knowledge))
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    start = next(b for b in at.button if b.label == "Three steps")
    start.click().run()
    for answer in (
        "A difficult strategy meeting ran late.",
        "skip",
        "Rest and talk to my supervisor.",
    ):
        at.chat_input[0].set_value(answer).run()
        assert not at.exception
    last = [m for m in at.chat_message if m.name == "assistant"][-1]
    assert "Reflection: three steps" in " ".join(md.value for md in last.markdown)
    at.sidebar.radio[0].set_value("My reflections").run()
    assert not at.exception
    assert any("Reflection: three steps" in e.label for e in at.expander)
