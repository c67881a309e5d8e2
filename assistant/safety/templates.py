"""Vetted safety replies and crisis resources, loaded from trainer-editable YAML and validated."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

REQUIRED_RESPONSES = (
    "crisis_high",
    "means_seeking",
    "crisis_imminent",
    "crisis_concern",
    "self_harm",
    "harm_to_others",
    "psychosis",
    "safeguarding",
    "safeguarding_imminent",
    "scope_diagnosis",
    "scope_medication",
    "scope_legal",
    "prompt_injection",
    "confidentiality_reminder",
    "distress_note",
)
PLACEHOLDERS = ("resources", "emergency", "contacts", "safeguarding_contact", "non_emergency")


class SafetyContentError(ValueError):
    """A safety template or locale file is missing or invalid; the message names it."""


class Resource(BaseModel):
    name: str = Field(min_length=2)
    contact: str = Field(min_length=3)
    hours: str = ""
    numbers: list[str] = Field(min_length=1)

    def line(self) -> str:
        hours = f" ({self.hours})" if self.hours else ""
        return f"- **{self.name}**: {self.contact}{hours}"


class Locale(BaseModel):
    """Crisis resources for one country, shown in crisis replies and the sidebar."""

    id: str
    name: str
    emergency: str
    non_emergency: str
    resources: list[Resource] = Field(min_length=1)
    emergency_numbers: list[str] = Field(min_length=1)

    def all_numbers(self) -> list[str]:
        return [n for r in self.resources for n in r.numbers] + list(self.emergency_numbers)


class Response(BaseModel):
    description: str = ""
    text: str = Field(min_length=10)


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SafetyContentError(f"{path} is missing") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SafetyContentError(f"{path} cannot be read: {exc}") from exc


def load_locale(safety_dir: Path, locale_id: str) -> Locale:
    path = safety_dir / "locales" / f"{locale_id}.yaml"
    try:
        return Locale.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise SafetyContentError(f"{path}: {exc}") from exc


def available_locales(safety_dir: Path) -> list[str]:
    return sorted(p.stem for p in (safety_dir / "locales").glob("*.yaml"))


class SafetyTemplates:
    """Renders the vetted replies with the locale's resources and the organisation's contacts."""

    def __init__(
        self,
        responses: dict[str, Response],
        locale: Locale,
        contacts: list[str],
        safeguarding_contact: str,
    ) -> None:
        self.responses = responses
        self.locale = locale
        self.contacts = contacts
        self.safeguarding_contact = safeguarding_contact

    @classmethod
    def load(
        cls, safety_dir: Path, locale_id: str, contacts: list[str], safeguarding_contact: str
    ) -> SafetyTemplates:
        path = safety_dir / "responses.yaml"
        data = _read_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("responses"), dict):
            raise SafetyContentError(f"{path}: expected a top-level 'responses:' mapping")
        responses: dict[str, Response] = {}
        for key, value in data["responses"].items():
            try:
                responses[str(key)] = Response.model_validate(value)
            except ValidationError as exc:
                raise SafetyContentError(f"{path}: response '{key}': {exc}") from exc
        missing = [r for r in REQUIRED_RESPONSES if r not in responses]
        if missing:
            raise SafetyContentError(f"{path}: missing responses: {', '.join(missing)}")
        templates = cls(
            responses, load_locale(safety_dir, locale_id), contacts, safeguarding_contact
        )
        for key in responses:
            try:
                templates.render(key)
            except (KeyError, IndexError, ValueError) as exc:
                raise SafetyContentError(
                    f"{path}: response '{key}' has an unknown placeholder {exc}; "
                    f"use only {', '.join('{' + p + '}' for p in PLACEHOLDERS)}"
                ) from exc
        return templates

    def render(self, key: str) -> str:
        values = {
            "resources": "\n".join(r.line() for r in self.locale.resources),
            "emergency": self.locale.emergency,
            "non_emergency": self.locale.non_emergency,
            "contacts": "\n".join(f"- {c}" for c in self.contacts),
            "safeguarding_contact": self.safeguarding_contact,
        }
        return self.responses[key].text.format(**values).strip()

    @property
    def confidentiality_reminder(self) -> str:
        return self.render("confidentiality_reminder")

    @property
    def distress_note(self) -> str:
        return self.render("distress_note")
