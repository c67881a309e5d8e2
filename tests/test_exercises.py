"""The exercise engine: every transition, and validation of exercise files."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.exercises import (
    ExerciseEngine,
    ExerciseError,
    command_of,
    load_exercise,
    load_exercises,
)

FIXTURES = Path(__file__).parent / "fixtures" / "exercises"


@pytest.fixture
def engine() -> ExerciseEngine:
    exercises, errors = load_exercises(FIXTURES)
    assert not errors
    return ExerciseEngine(exercises)


def test_start_shows_intro_and_first_step(engine: ExerciseEngine) -> None:
    run, text = engine.start("three-steps")
    assert "A short test exercise" in text
    assert "Step 1 of 3" in text and "What happened?" in text
    assert engine.state(run).step == 1 and engine.state(run).total == 3


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("can you take me through three steps?", "three-steps"),
        ("test exercise", "three-steps"),
        ("what are three steps to better sleep and other things I wonder about today", None),
        ("how does supervision help", None),
    ],
)
def test_detects_a_request_to_start(
    engine: ExerciseEngine, message: str, expected: str | None
) -> None:
    assert engine.detect(message) == expected


def test_answers_move_forward_and_build_the_summary(engine: ExerciseEngine) -> None:
    run, _ = engine.start("three-steps")
    text = engine.answer(run, "A hostile meeting with a parent who shouted at me.")
    assert "Thank you." in text and "Step 2 of 3" in text and "(optional" in text
    engine.answer(run, "Shaken.")
    final = engine.answer(run, "Talk to my supervisor tomorrow.")
    assert run.status == "done"
    assert "take this to supervision" in final
    assert "# Reflection: three steps" in final
    assert "A hostile meeting with a parent" in final and "Shaken." in final


def test_short_answer_gets_a_follow_up(engine: ExerciseEngine) -> None:
    run, _ = engine.start("three-steps")
    engine.answer(run, "It went badly and I am still thinking about it.")
    text = engine.answer(run, "sad")
    assert "What did you notice in your body?" in text


def test_skip_back_pause_resume_stop(engine: ExerciseEngine) -> None:
    run, _ = engine.start("three-steps")
    engine.answer(run, "first answer that is long enough to count")
    assert "Skipped." in engine.skip(run)
    assert run.step == 2
    back = engine.back(run)
    assert "Step 2 of 3" in back and run.step == 1
    back_again = engine.back(run)
    assert "first answer" in back_again and run.step == 0
    assert "first step" in engine.back(run)
    assert "paused" in engine.pause(run) and run.status == "paused"
    assert "Step 1 of 3" in engine.resume(run) and run.status == "active"
    assert "stopped" in engine.stop(run) and run.status == "stopped"


def test_skipped_steps_are_marked_in_the_summary(engine: ExerciseEngine) -> None:
    run, _ = engine.start("three-steps")
    engine.answer(run, "what happened, in enough words to avoid a follow up")
    engine.skip(run)
    final = engine.answer(run, "rest")
    assert "_(skipped)_" in final


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("skip", "skip"),
        ("Go back", "back"),
        ("pause.", "pause"),
        ("stop", "stop"),
        ("carry on", "resume"),
        ("I felt sad", None),
    ],
)
def test_commands(text: str, command: str | None) -> None:
    assert command_of(text) == command


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda s: s.replace("{next}", ""), "leaves out steps"),
        (lambda s: s.replace("{feel}", "{feelings}"), "unknown placeholders"),
        (lambda s: s.replace("id: three-steps", "id: other-name"), "must match the file name"),
        (
            lambda s: s.replace(
                'closing: "Well done for taking the time. You could take this to supervision."\n',
                "",
            ),
            "closing",
        ),
        (lambda s: s.replace("  - id: next", "  - id: what"), "unique"),
    ],
)
def test_invalid_exercises_get_clear_errors(tmp_path: Path, change, words: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "three-steps.yaml"
    path.write_text(change((FIXTURES / "three-steps.yaml").read_text()), encoding="utf-8")
    with pytest.raises(ExerciseError) as err:
        load_exercise(path)
    assert "three-steps.yaml" in str(err.value)
    assert words in str(err.value)


SHIPPED = Path(__file__).parent.parent / "knowledge" / "exercises"


def test_shipped_exercises_are_valid() -> None:
    exercises, errors = load_exercises(SHIPPED)
    assert not errors, errors
    assert {
        "after-a-hard-visit",
        "gibbs",
        "what-so-what-now-what",
        "critical-incident-analysis",
        "support-network-map",
        "preparing-for-supervision",
        "boundaries-and-self-care",
        "wellbeing-check-in",
    } <= set(exercises)
    for exercise in exercises.values():
        assert exercise.sources


def test_after_a_hard_visit_does_not_ask_for_a_retelling() -> None:
    exercises, _ = load_exercises(SHIPPED)
    check_in = exercises["after-a-hard-visit"]
    assert "don't need to describe what happened" in check_in.intro
    assert check_in.duration_minutes <= 5


def test_wellbeing_check_in_says_it_is_not_a_validated_instrument() -> None:
    exercises, _ = load_exercises(SHIPPED)
    engine = ExerciseEngine(exercises)
    check = exercises["wellbeing-check-in"]
    assert check.not_a_validated_instrument
    assert "not a validated questionnaire" in check.intro
    assert "occupational health" in check.closing
    run, _ = engine.start("wellbeing-check-in")
    for _ in check.steps:
        text = engine.skip(run)
    assert "not a validated questionnaire" in text


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("can you take me through Gibbs?", "gibbs"),
        ("let's do a support network map", "support-network-map"),
        ("help me prepare for supervision", "preparing-for-supervision"),
        ("what so what now what", "what-so-what-now-what"),
    ],
)
def test_shipped_exercises_start_from_chat(message: str, expected: str) -> None:
    exercises, _ = load_exercises(SHIPPED)
    assert ExerciseEngine(exercises).detect(message) == expected
