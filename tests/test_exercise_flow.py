"""Exercises through the whole assistant: safety interrupts, resume, persistence, CLI sessions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.pipeline import Assistant
from assistant.settings import Settings
from tests.conftest import FIXTURES, KNOWLEDGE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("knowledge") / "knowledge"
    shutil.copytree(KNOWLEDGE, dest)
    (dest / "exercises").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "exercises" / "three-steps.yaml", dest / "exercises")
    return dest


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("flow-data")


@pytest.fixture(scope="module")
def flow_bot(knowledge: Path, data_dir: Path) -> Assistant:
    bot = Assistant.from_settings(Settings(data_dir=data_dir, knowledge_dir=knowledge))
    bot.ingest()
    return bot


def test_exercise_runs_one_step_at_a_time(flow_bot: Assistant) -> None:
    start = flow_bot.reply("can you take me through three steps?", "flow-1")
    assert start.kind == "exercise"
    assert (start.exercise.id, start.exercise.step, start.exercise.total) == ("three-steps", 1, 3)
    second = flow_bot.reply("A parent shouted at me in a meeting and I froze.", "flow-1")
    assert second.kind == "exercise"
    assert second.exercise.step == 2
    # Between steps: one relevant knowledge passage, cited.
    assert "You might find this useful" in second.text
    assert second.citations and "[1]" in second.text


def test_crisis_interrupts_and_the_exercise_resumes(flow_bot: Assistant) -> None:
    flow_bot.reply("take me through three steps", "flow-2")
    flow_bot.reply("The visit went badly and the family were angry with me.", "flow-2")
    crisis = flow_bot.reply("honestly I want to kill myself", "flow-2")
    assert crisis.kind == "crisis"
    assert any("paused the exercise" in n for n in crisis.notices)
    resumed = flow_bot.reply("resume", "flow-2")
    assert resumed.kind == "exercise"
    assert resumed.exercise.step == 2
    assert "How did you feel?" in resumed.text


def test_safeguarding_answer_interrupts_too(flow_bot: Assistant) -> None:
    flow_bot.reply("take me through three steps", "flow-3")
    turn = flow_bot.reply("a 6-year-old told me her stepdad hits her with a belt", "flow-3")
    assert turn.kind == "safeguarding"
    assert flow_bot.reply("resume", "flow-3").exercise.step == 1


def test_finished_exercise_is_saved_as_a_redacted_reflection(flow_bot: Assistant) -> None:
    flow_bot.reply("take me through three steps", "flow-4", user="alice")
    flow_bot.reply(
        "Mrs Okafor shouted at me on the doorstep at 14 Marsh Lane.", "flow-4", user="alice"
    )
    flow_bot.reply("skip", "flow-4", user="alice")
    done = flow_bot.reply("I will book time with my supervisor.", "flow-4", user="alice")
    assert done.exercise.status == "done"
    assert "# Reflection: three steps" in done.text
    saved = flow_bot.reflections("alice")
    assert len(saved) == 1
    assert "Okafor" not in saved[0].markdown and "Marsh Lane" not in saved[0].markdown
    assert "[name]" in saved[0].markdown
    assert flow_bot.reflections("bob") == []
    pdf = flow_bot.export_pdf(saved[0])
    assert pdf.startswith(b"%PDF")


def test_incognito_persists_nothing(flow_bot: Assistant) -> None:
    flow_bot.reply("take me through three steps", "flow-5", user="carol", incognito=True)
    for answer in ("one thing happened today", "skip", "rest tonight"):
        flow_bot.reply(answer, "flow-5", user="carol", incognito=True)
    assert flow_bot.reflections("carol") == []
    assert flow_bot.journal is not None
    assert flow_bot.journal.messages("flow-5", "carol") == []


def test_a_session_survives_a_restart(knowledge: Path, data_dir: Path, flow_bot: Assistant) -> None:
    flow_bot.reply("take me through three steps", "flow-6")
    flow_bot.reply("A long and difficult strategy meeting that ran late.", "flow-6")
    restarted = Assistant.from_settings(Settings(data_dir=data_dir, knowledge_dir=knowledge))
    turn = restarted.reply("I felt shaky and small.", "flow-6")
    assert turn.kind == "exercise"
    assert turn.exercise.step == 3


def test_cli_continues_a_persisted_session(knowledge: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HARBOUR_DATA_DIR": str(tmp_path / "cli"),
        "HARBOUR_KNOWLEDGE_DIR": str(knowledge),
    }

    def ask(text: str) -> dict:  # type: ignore[type-arg]
        out = subprocess.run(
            [sys.executable, "-m", "assistant", "ask", text, "--json", "--session", "cli-run"],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
            env=env,
        )
        return json.loads(out.stdout)  # type: ignore[no-any-return]

    assert ask("take me through three steps")["exercise"]["step"] == 1
    assert ask("The home visit was chaotic and loud.")["exercise"]["step"] == 2
