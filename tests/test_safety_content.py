"""The shipped safety content: every template renders, carries what it must, in every locale."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.safety import choose_template
from assistant.safety.templates import (
    REQUIRED_RESPONSES,
    SafetyContentError,
    SafetyTemplates,
    available_locales,
)
from assistant.types import Risk
from tests.conftest import KNOWLEDGE

SAFETY = KNOWLEDGE / "safety"
CONTACTS = ["Your supervisor", "The duty manager"]
CRISIS = ["crisis_high", "means_seeking", "crisis_imminent", "crisis_concern", "self_harm"]


def load(locale: str = "uk", safety: Path = SAFETY) -> SafetyTemplates:
    return SafetyTemplates.load(safety, locale, CONTACTS, "your safeguarding lead")


@pytest.mark.parametrize("locale", available_locales(SAFETY))
def test_every_locale_renders_every_response(locale: str) -> None:
    templates = load(locale)
    assert set(REQUIRED_RESPONSES) <= set(templates.responses)
    for key in CRISIS:
        text = templates.render(key)
        assert any(n in text for n in templates.locale.all_numbers()), (locale, key)
        assert "Are you safe right now?" in text
        assert "I'm still here, and we can keep talking." in text
        assert "I'm an AI" in text
        assert "Your supervisor" in text
        assert "promise me" not in text.lower()


def test_uk_resources_are_the_expected_ones() -> None:
    numbers = load("uk").locale.all_numbers()
    for number in ("116 123", "85258", "111", "999"):
        assert number in numbers


def test_imminent_reply_urges_emergency_services_and_distance_from_means() -> None:
    text = load().render("crisis_imminent")
    assert "999" in text
    assert "don't be alone" in text
    assert "put distance between yourself" in text


def test_safeguarding_reply_points_to_procedure_and_never_to_secrecy() -> None:
    text = load().render("safeguarding")
    assert "safeguarding procedure" in text
    assert "your safeguarding lead" in text
    assert "can't promise to keep a secret" in text
    assert "don't share names" in text


def test_unknown_placeholder_is_a_clear_error(tmp_path: Path) -> None:
    safety = tmp_path / "safety"
    (safety / "locales").mkdir(parents=True)
    (safety / "locales" / "uk.yaml").write_text((SAFETY / "locales" / "uk.yaml").read_text())
    responses = (
        (SAFETY / "responses.yaml")
        .read_text()
        .replace("danger, {emergency}", "danger, {emergancy}", 1)
    )
    (safety / "responses.yaml").write_text(responses)
    with pytest.raises(SafetyContentError, match="unknown placeholder"):
        load(safety=safety)


def test_missing_response_is_named(tmp_path: Path) -> None:
    safety = tmp_path / "safety"
    (safety / "locales").mkdir(parents=True)
    (safety / "locales" / "uk.yaml").write_text((SAFETY / "locales" / "uk.yaml").read_text())
    (safety / "responses.yaml").write_text(
        "responses:\n  crisis_high:\n    text: hello there friend\n"
    )
    with pytest.raises(SafetyContentError, match="missing responses: means_seeking"):
        load(safety=safety)


@pytest.mark.parametrize(
    ("risk", "expected"),
    [
        (Risk("imminent", "self", ("suicidal_ideation",)), ("crisis_imminent", "crisis")),
        (Risk("high", "self", ("means_seeking",)), ("means_seeking", "crisis")),
        (Risk("high", "self", ("suicidal_ideation",)), ("crisis_high", "crisis")),
        (Risk("concern", "self", ("suicidal_ideation",)), ("crisis_concern", "crisis")),
        (Risk("high", "self", ("self_harm",)), ("self_harm", "crisis")),
        (Risk("concern", "self", ("psychosis",)), ("psychosis", "crisis")),
        (Risk("concern", "self", ("harm_to_others",)), ("harm_to_others", "crisis")),
        (Risk("concern", "third_party", ("safeguarding",)), ("safeguarding", "safeguarding")),
        (Risk("high", "third_party", ("safeguarding",)), ("safeguarding_imminent", "safeguarding")),
        (Risk("none", "unknown", ("scope_medication",)), ("scope_medication", "scope")),
        (Risk("none", "unknown", ("prompt_injection",)), ("prompt_injection", "scope")),
        (Risk("low", "self", ()), None),
        (Risk("none", "unknown", ()), None),
    ],
)
def test_template_choice(risk: Risk, expected: tuple[str, str] | None) -> None:
    assert choose_template(risk) == expected
