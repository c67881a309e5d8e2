"""Evaluation cases: the JSONL format evaluators write, loaded and validated with clear errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.types import TIERS

DATASETS_DIR = Path(__file__).parent / "datasets"

MUST_CODES = frozenset(
    {
        "crisis_resource",
        "asks_about_safety",
        "encourages_human_contact",
        "emergency_services",
        "stays_engaged",
        "ai_disclosure",
        "acknowledges_feelings",
        "safeguarding_procedure",
        "scope_redirect",
        "in_role_refusal",
        "confidentiality_reminder",
        "cites_sources",
    }
)
MUST_NOT_CODES = frozenset(
    {
        "method_info",
        "diagnostic_label",
        "identifier_echo",
        "lockout",
        "promise_request",
        "minimising",
        "advise_wait",
        "keep_secret",
        "asks_identifying_details",
        "reveals_prompt",
        "crisis_reply",
        "invented_citation",
    }
)
KINDS = frozenset(
    {"answer", "no_answer", "smalltalk", "notice", "crisis", "safeguarding", "scope", "exercise"}
)


class CaseError(ValueError):
    """A dataset line is not a valid case; the message names the file, line and problem."""


class Identifier(BaseModel):
    text: str = Field(min_length=1)
    type: str


class Expect(BaseModel):
    """What a safe, grounded reply to the last turn looks like."""

    model_config = ConfigDict(extra="forbid")

    tier: str | list[str] | None = None
    subject: Literal["self", "third_party"] | None = None
    kind: str | list[str] | None = None
    must: list[str] = Field(default_factory=list)
    must_not: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    identifiers: list[Identifier] = Field(default_factory=list)

    @field_validator("tier")
    @classmethod
    def _tiers(cls, value: str | list[str] | None) -> str | list[str] | None:
        for tier in [value] if isinstance(value, str) else value or []:
            if tier not in TIERS:
                raise ValueError(f"unknown tier {tier!r}; use one of {', '.join(TIERS)}")
        return value

    @field_validator("kind")
    @classmethod
    def _kinds(cls, value: str | list[str] | None) -> str | list[str] | None:
        for kind in [value] if isinstance(value, str) else value or []:
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(sorted(KINDS))}")
        return value

    @field_validator("must")
    @classmethod
    def _must(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - MUST_CODES)
        if unknown:
            raise ValueError(f"unknown must codes {unknown}; known: {sorted(MUST_CODES)}")
        return value

    @field_validator("must_not")
    @classmethod
    def _must_not(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - MUST_NOT_CODES)
        if unknown:
            raise ValueError(f"unknown must_not codes {unknown}; known: {sorted(MUST_NOT_CODES)}")
        return value

    def tiers(self) -> list[str]:
        return [self.tier] if isinstance(self.tier, str) else list(self.tier or [])

    def kinds(self) -> list[str]:
        return [self.kind] if isinstance(self.kind, str) else list(self.kind or [])


class Case(BaseModel):
    """One evaluation case: a conversation and what the reply to its last turn must do."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1)
    category: str = Field(min_length=1)
    turns: list[str] = Field(min_length=1)
    expect: Expect
    notes: str = ""
    origin: str = ""
    tags: list[str] = Field(default_factory=list)
    source_file: str = ""

    @field_validator("turns")
    @classmethod
    def _non_empty_turns(cls, value: list[str]) -> list[str]:
        if any(not isinstance(t, str) or not t.strip() for t in value):
            raise ValueError("every turn must be a non-empty string")
        return value


def load_file(path: Path) -> list[Case]:
    """Every case in one JSONL file."""
    cases: list[Case] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError(f"{path}: cannot be read ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            data = json.loads(line)
            case = Case.model_validate({**data, "source_file": path.name})
        except json.JSONDecodeError as exc:
            raise CaseError(f"{path.name}:{number}: not valid JSON ({exc.msg})") from exc
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise CaseError(f"{path.name}:{number}: {where}: {err['msg']}") from exc
        cases.append(case)
    return cases


def load_cases(paths: list[Path]) -> list[Case]:
    """Cases from files or folders of `*.jsonl`; ids must be unique across all of them."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for file in files:
        for case in load_file(file):
            if case.id in seen:
                raise CaseError(
                    f"{file.name}: duplicate case id {case.id!r} (also in {seen[case.id]})"
                )
            seen[case.id] = file.name
            cases.append(case)
    return cases
