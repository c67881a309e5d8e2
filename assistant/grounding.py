"""Grounding checks: every factual sentence of a reply must be found in the passage it cites.

A composed answer quotes its passages, so each sentence must appear verbatim in its source. A
generated answer paraphrases, so each cited sentence must share most of its meaning-bearing
words with the passage it cites, and an uncited sentence may only be a short courtesy.
"""

from __future__ import annotations

import re

from assistant.text import content_words, normalise_for_match
from assistant.types import Turn

_CITE = re.compile(r"\[(\d+)\]")
# An uncited sentence longer than this is a claim, not a courtesy ("That sounds really hard.").
MAX_UNCITED_WORDS = 12
# Share of a paraphrased sentence's content words that its cited passage must contain.
MIN_SUPPORT = 0.5


def citation_numbers(text: str) -> list[int]:
    """The `[n]` markers used in a reply, in order of appearance."""
    return [int(n) for n in _CITE.findall(text)]


def supports(passage: str, sentence: str) -> bool:
    """Whether a passage carries most of what a paraphrased sentence says."""
    words = content_words(_CITE.sub(" ", sentence))
    if not words:
        return True
    shared = words & content_words(passage)
    return len(shared) >= min(2, len(words)) and len(shared) / len(words) >= MIN_SUPPORT


def is_courtesy(sentence: str) -> bool:
    """A short uncited sentence (or a question back to the worker) that states no fact."""
    return sentence.rstrip().endswith("?") or len(sentence.split()) <= MAX_UNCITED_WORDS


def grounding_problems(turn: Turn, allowed_unsourced: set[str]) -> list[str]:
    """Why an answer is not fully traceable to its citations (empty list: it is)."""
    problems: list[str] = []
    generated = turn.responder == "llm"
    allowed = {normalise_for_match(line) for line in allowed_unsourced}
    for seg in turn.segments:
        if seg.source is None:
            ok = is_courtesy(seg.text) if generated else normalise_for_match(seg.text) in allowed
            if not ok:
                problems.append(f"unsourced sentence: {seg.text!r}")
            continue
        if not 1 <= seg.source <= len(turn.passages):
            problems.append(f"citation [{seg.source}] points at no retrieved passage")
            continue
        passage = turn.passages[seg.source - 1].text
        if generated:
            if not supports(passage, seg.text):
                problems.append(f"sentence not supported by source [{seg.source}]: {seg.text!r}")
        elif normalise_for_match(seg.text) not in normalise_for_match(passage):
            problems.append(f"sentence not found in source [{seg.source}]: {seg.text!r}")
    for n in citation_numbers(turn.text):
        if not 1 <= n <= len(turn.citations):
            problems.append(f"text cites [{n}] but only {len(turn.citations)} sources are listed")
    return problems
