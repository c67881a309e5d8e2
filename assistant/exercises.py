"""Guided reflective exercises: the YAML schema, and the engine that steps through one."""

from __future__ import annotations

import re
import string
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,60}$")
DEFAULT_ACKS = (
    "Thank you for putting that into words.",
    "Thank you. Take your time with the next one.",
    "Thanks for sharing that.",
)
Status = Literal["active", "paused", "done", "stopped"]


class ExerciseError(ValueError):
    """An exercise file is invalid; the message names the file and the field."""


class Step(BaseModel):
    id: str
    prompt: str = Field(min_length=5)
    help: str = ""
    required: bool = True
    follow_ups: list[str] = Field(default_factory=list)
    knowledge_query: str = ""

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not re.match(r"^[a-z][a-z0-9_]{0,40}$", value):
            raise ValueError("step ids are lowercase letters, digits and underscores")
        return value


class Summary(BaseModel):
    title: str = Field(min_length=3)
    template: str = Field(min_length=10)


class Exercise(BaseModel):
    """One reflective exercise, as trainers write it in `knowledge/exercises/*.yaml`."""

    id: str
    title: str = Field(min_length=3)
    aliases: list[str] = Field(default_factory=list)
    when_to_use: str = Field(min_length=10)
    duration_minutes: int = Field(ge=1, le=120)
    intro: str = Field(min_length=10)
    sources: list[str] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)
    acknowledgements: list[str] = Field(default_factory=list)
    summary: Summary
    closing: str = Field(min_length=10)
    not_a_validated_instrument: bool = False

    @field_validator("id")
    @classmethod
    def _id_slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("must be a lowercase slug of letters, digits and hyphens")
        return value

    @model_validator(mode="after")
    def _template_matches_steps(self) -> Exercise:
        ids = [s.id for s in self.steps]
        if len(set(ids)) != len(ids):
            raise ValueError("step ids must be unique")
        fields = {f for _, f, _, _ in string.Formatter().parse(self.summary.template) if f}
        unknown = fields - set(ids)
        if unknown:
            raise ValueError(f"summary.template uses unknown placeholders {sorted(unknown)}")
        missing = set(ids) - fields
        if missing:
            raise ValueError(f"summary.template leaves out steps {sorted(missing)}")
        return self


def load_exercise(path: Path) -> Exercise:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ExerciseError(f"{path.name}: cannot be read ({exc})") from exc
    try:
        exercise = Exercise.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "file"
        raise ExerciseError(f"{path.name}: field '{where}': {err['msg']}") from exc
    if exercise.id != path.stem:
        raise ExerciseError(f"{path.name}: field 'id': '{exercise.id}' must match the file name")
    return exercise


def load_exercises(folder: Path) -> tuple[dict[str, Exercise], list[ExerciseError]]:
    """Every valid exercise in the folder; broken files are reported, not fatal."""
    found: dict[str, Exercise] = {}
    errors: list[ExerciseError] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            exercise = load_exercise(path)
        except ExerciseError as exc:
            errors.append(exc)
            continue
        found[exercise.id] = exercise
    return found, errors


@dataclass
class ExerciseRun:
    """One worker's progress through one exercise."""

    exercise_id: str
    step: int = 0
    answers: dict[str, str] = field(default_factory=dict)
    status: Status = "active"


@dataclass(frozen=True)
class ExerciseState:
    """What a turn exposes about the exercise: id, step (1-based), total, status."""

    id: str
    step: int
    total: int
    status: Status


_START = re.compile(
    r"\b(?:take|walk|talk|guide|run|go|lead) (?:me |us )?(?:through|thru)\b|\b(?:start|begin|"
    r"open)\b|\b(?:let'?s|can we|could we|can i|i'?d like to|i want to|shall we) (?:do|try|use|start|"
    r"have a go at)\b|\bhelp me\b|\bexercise\b"
)
COMMANDS = {
    "skip": {"skip", "skip it", "skip this", "next", "pass"},
    "back": {"back", "go back", "previous", "undo"},
    "pause": {"pause", "pause it", "later", "not now", "take a break"},
    "stop": {"stop", "stop the exercise", "quit", "cancel", "end exercise", "end the exercise"},
    "resume": {"resume", "continue", "carry on", "resume exercise", "continue the exercise"},
}


def command_of(text: str) -> str | None:
    t = " ".join(text.lower().strip(" .!").split())
    for command, words in COMMANDS.items():
        if t in words:
            return command
    return None


class ExerciseEngine:
    """Moves a run through its steps; knows nothing about safety, storage or the UI."""

    def __init__(self, exercises: dict[str, Exercise]) -> None:
        self.exercises = exercises

    def detect(self, text: str) -> str | None:
        """An exercise the message asks to start ("take me through Gibbs"), if any."""
        t = text.lower()
        for ex in self.exercises.values():
            names = [ex.id.replace("-", " "), ex.title.lower(), *(a.lower() for a in ex.aliases)]
            bare = t.strip(" ?!.")
            if bare in names or (
                any(re.search(rf"\b{re.escape(n)}\b", t) for n in names if n) and _START.search(t)
            ):
                return ex.id
        return None

    def state(self, run: ExerciseRun) -> ExerciseState:
        total = len(self.exercises[run.exercise_id].steps)
        return ExerciseState(run.exercise_id, min(run.step + 1, total), total, run.status)

    def prompt(self, run: ExerciseRun) -> str:
        ex = self.exercises[run.exercise_id]
        step = ex.steps[run.step]
        optional = "" if step.required else " (optional: you can type *skip*)"
        help_text = f"\n\n_{step.help}_" if step.help else ""
        return f"**Step {run.step + 1} of {len(ex.steps)}.** {step.prompt}{optional}{help_text}"

    def start(self, exercise_id: str) -> tuple[ExerciseRun, str]:
        ex = self.exercises[exercise_id]
        run = ExerciseRun(exercise_id)
        return (
            run,
            f"**{ex.title}** (about {ex.duration_minutes} minutes)\n\n{ex.intro}\n\n{self.prompt(run)}",
        )

    def answer(self, run: ExerciseRun, text: str) -> str:
        """Record an answer, move on, and return the acknowledgement plus the next prompt."""
        ex = self.exercises[run.exercise_id]
        step = ex.steps[run.step]
        run.answers[step.id] = text
        ack = self._ack(ex, run)
        if step.follow_ups and len(text.split()) < 8:
            ack = f"{ack} {step.follow_ups[0]} You can add to it later in your notes."
        return self._advance(run, ack)

    def skip(self, run: ExerciseRun) -> str:
        ex = self.exercises[run.exercise_id]
        run.answers.pop(ex.steps[run.step].id, None)
        return self._advance(run, "Skipped.")

    def back(self, run: ExerciseRun) -> str:
        if run.step == 0:
            return f"This is the first step.\n\n{self.prompt(run)}"
        run.step -= 1
        previous = self.exercises[run.exercise_id].steps[run.step]
        earlier = run.answers.get(previous.id)
        said = f"\n\nYou wrote: _{earlier}_\n\nYour new answer will replace it." if earlier else ""
        return f"Going back one step.{said}\n\n{self.prompt(run)}"

    def pause(self, run: ExerciseRun) -> str:
        run.status = "paused"
        title = self.exercises[run.exercise_id].title
        return f"I've paused **{title}** where you left it. Type *resume* whenever you want to carry on."

    def resume(self, run: ExerciseRun) -> str:
        run.status = "active"
        return f"Welcome back. Picking up where you left off.\n\n{self.prompt(run)}"

    def stop(self, run: ExerciseRun) -> str:
        run.status = "stopped"
        return "I've stopped the exercise. Nothing more will be asked. We can keep talking if you like."

    def summary(self, run: ExerciseRun) -> str:
        ex = self.exercises[run.exercise_id]
        values = {s.id: run.answers.get(s.id, "_(skipped)_") for s in ex.steps}
        body = ex.summary.template.format(**values).strip()
        notice = (
            "\n\n_This check-in is not a validated questionnaire and can't measure or diagnose "
            "anything._"
            if ex.not_a_validated_instrument
            else ""
        )
        return f"# {ex.summary.title}\n\n{body}{notice}"

    def _advance(self, run: ExerciseRun, ack: str) -> str:
        ex = self.exercises[run.exercise_id]
        run.step += 1
        if run.step >= len(ex.steps):
            run.status = "done"
            run.step = len(ex.steps) - 1
            return f"{ack}\n\n{ex.closing}\n\n---\n\n{self.summary(run)}"
        return f"{ack}\n\n{self.prompt(run)}"

    @staticmethod
    def _ack(ex: Exercise, run: ExerciseRun) -> str:
        options = ex.acknowledgements or list(DEFAULT_ACKS)
        return options[zlib.crc32(f"{ex.id}{run.step}".encode()) % len(options)]
