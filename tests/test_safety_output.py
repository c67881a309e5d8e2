"""The output check: method details and diagnostic labels never leave; crisis help always does."""

from __future__ import annotations

import pytest

from assistant.safety.output_check import has_diagnostic_label, has_method_info, inspect


@pytest.mark.parametrize(
    "text",
    [
        "Taking 40 tablets would be",
        "a dose of 500mg is",
        "a fall from 30 metres is rarely survived",
        "hitting a wall at 70 mph",
        "the lethal dose is",
    ],
)
def test_method_details_are_caught(text: str) -> None:
    assert has_method_info(text)


@pytest.mark.parametrize(
    "text",
    [
        "Call Samaritans on 116 123, free, 24/7.",
        "Text SHOUT to 85258.",
        "Supervision every 4 weeks is common for newly qualified workers.",
    ],
)
def test_resources_and_ordinary_numbers_pass(text: str) -> None:
    assert not has_method_info(text)


@pytest.mark.parametrize(
    "text",
    ["It sounds like you have PTSD.", "Your client has BPD.", "You are clinically depressed."],
)
def test_diagnostic_labels_are_caught(text: str) -> None:
    assert has_diagnostic_label(text)


def test_talking_about_conditions_in_general_is_fine() -> None:
    assert not has_diagnostic_label(
        "Burnout is not the same as depression, and a GP can help tell them apart."
    )


def test_missing_crisis_resource_is_flagged() -> None:
    assert inspect("I hear you.", True, ["116 123"]).missing_crisis_resource
    assert not inspect("Call 116 123.", True, ["116 123"]).missing_crisis_resource
