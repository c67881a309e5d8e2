"""Grounding checks: every factual sentence of a reply must be found in the passage it cites."""

from __future__ import annotations

import re

from assistant.text import normalise_for_match
from assistant.types import Turn

_CITE = re.compile(r"\[(\d+)\]")


def citation_numbers(text: str) -> list[int]:
    """The `[n]` markers used in a reply, in order of appearance."""
    return [int(n) for n in _CITE.findall(text)]


def grounding_problems(turn: Turn, allowed_unsourced: set[str]) -> list[str]:
    """Why a composed answer is not fully traceable to its citations (empty list: it is)."""
    problems: list[str] = []
    allowed = {normalise_for_match(line) for line in allowed_unsourced}
    for seg in turn.segments:
        if seg.source is None:
            if normalise_for_match(seg.text) not in allowed:
                problems.append(f"unsourced sentence: {seg.text!r}")
            continue
        if not 1 <= seg.source <= len(turn.passages):
            problems.append(f"citation [{seg.source}] points at no retrieved passage")
            continue
        source_text = normalise_for_match(turn.passages[seg.source - 1].text)
        if normalise_for_match(seg.text) not in source_text:
            problems.append(f"sentence not found in source [{seg.source}]: {seg.text!r}")
    for n in citation_numbers(turn.text):
        if not 1 <= n <= len(turn.citations):
            problems.append(f"text cites [{n}] but only {len(turn.citations)} sources are listed")
    return problems
