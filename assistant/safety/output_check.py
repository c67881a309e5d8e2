"""The last check on every reply: no method details, no diagnostic labels, crisis help present."""

from __future__ import annotations

import re
from dataclasses import dataclass

_METHOD = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|g|grams?|milligrams?|tablets?|pills?|capsules?|ml)\b"
    r"|\b\d+\s*(?:m|metres?|meters?|feet|ft|floors?|storeys?|stories)\b.{0,40}\b(?:fall|drop|jump|"
    r"high|tall|survive)\b"
    r"|\b(?:fall|drop|jump)\w*\b.{0,30}\b\d+\s*(?:m|metres?|meters?|feet|ft|floors?|storeys?)\b"
    r"|\b(?:lethal|fatal|toxic) (?:dose|amount|level)s? (?:is|are|of)\b"
    r"|\b\d+\s*mph\b"
    r"|\b(?:tie|make) a (?:noose|ligature)\b",
    re.IGNORECASE,
)
_LABELS = (
    r"(?:ptsd|c-?ptsd|depression|clinical depression|bpd|borderline personality disorder|"
    r"a personality disorder|bipolar(?: disorder)?|schizophrenia|psychosis|adhd|autism|"
    r"an anxiety disorder|generali[sz]ed anxiety disorder|ocd|an eating disorder|dementia|"
    r"narcissistic personality disorder|secondary traumatic stress disorder)"
)
_DIAGNOSIS = re.compile(
    rf"\b(?:you|he|she|they|your client|the (?:mum|dad|child|client|mother|father|parent))\s+"
    rf"(?:have|has|are suffering from|is suffering from|(?:probably|likely|clearly|definitely) "
    rf"(?:have|has)|(?:may|might|could|must) have|seems? to have|meet the criteria for)\s+{_LABELS}\b"
    rf"|\b(?:you are|you're|he is|she is|they are) (?:clinically depressed|bipolar|autistic|"
    rf"schizophrenic|psychotic|a narcissist)\b"
    rf"|\b(?:sounds|looks) like (?:you have |classic |textbook )?{_LABELS}\b"
    rf"|\bmy diagnosis (?:is|would be)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class OutputFindings:
    """What the output check objected to in a reply."""

    method_info: bool = False
    diagnostic_label: bool = False
    missing_crisis_resource: bool = False

    @property
    def ok(self) -> bool:
        return not (self.method_info or self.diagnostic_label or self.missing_crisis_resource)


def has_method_info(text: str) -> bool:
    return bool(_METHOD.search(text))


def has_diagnostic_label(text: str) -> bool:
    return bool(_DIAGNOSIS.search(text))


def inspect(text: str, needs_crisis_resource: bool, resource_numbers: list[str]) -> OutputFindings:
    """Check one reply's text against the output rules."""
    missing = needs_crisis_resource and not any(n in text for n in resource_numbers)
    return OutputFindings(
        method_info=has_method_info(text),
        diagnostic_label=has_diagnostic_label(text),
        missing_crisis_resource=missing,
    )
