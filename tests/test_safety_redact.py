"""Client identifiers are found and replaced; ordinary vocabulary is left alone."""

from __future__ import annotations

import pytest

from assistant.safety.redact import Redactor, nhs_checksum_ok


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(known_terms=["Gibbs", "Samaritans", "Kadushin"])


@pytest.mark.parametrize(
    ("text", "identifier", "label"),
    [
        ("Visited Kayleigh Rourke today and it was grim", "Kayleigh Rourke", "[name]"),
        ("Mrs Okafor shouted at me on the doorstep", "Mrs Okafor", "[name]"),
        ("her little boy is called jayden", "jayden", "[name]"),
        ("they live at 14 Marsh Lane, Hull", "14 Marsh Lane", "[address]"),
        ("postcode HU5 3QT if that matters", "HU5 3QT", "[postcode]"),
        ("postcode ls62ab", "ls62ab", "[postcode]"),
        ("ring the dad on 07700 900123", "07700 900123", "[phone]"),
        ("or +44 7700 900456", "+44 7700 900456", "[phone]"),
        ("email is kay.r@example.org", "kay.r@example.org", "[email]"),
        ("NHS no 943 476 5919", "943 476 5919", "[NHS number]"),
        ("NI number QQ 12 34 56 C", "QQ 12 34 56 C", "[NI number]"),
        ("DOB 03/04/2015", "03/04/2015", "[date of birth]"),
        ("case ref 2023/04567", "2023/04567", "[case ref]"),
        ("file no. CP/22/0917 is mine", "CP/22/0917", "[case ref]"),
    ],
)
def test_identifiers_are_redacted(
    redactor: Redactor, text: str, identifier: str, label: str
) -> None:
    result = redactor.redact(text)
    assert identifier not in result.text
    assert label in result.text
    assert result.found


@pytest.mark.parametrize(
    "text",
    [
        "can you take me through Gibbs after the Children Act training on Monday",
        "I rang the Samaritans once, years ago",
        "how does supervision help after a hard visit?",
    ],
)
def test_ordinary_text_is_left_alone(redactor: Redactor, text: str) -> None:
    assert redactor.redact(text).text == text


def test_nhs_check_digit() -> None:
    assert nhs_checksum_ok("9434765919")
    assert not nhs_checksum_ok("9434765918")
    assert not nhs_checksum_ok("12345")


def test_redaction_result_never_holds_the_identifier(redactor: Redactor) -> None:
    result = redactor.redact("Leah Mensah, DOB 04/11/2018, 9 Foundry Row LS11 6PQ")
    assert "Leah" not in repr(result)
    assert set(result.found) >= {"PERSON", "DATE_OF_BIRTH", "STREET_ADDRESS", "UK_POSTCODE"}
