"""Recognise greetings, thanks and other small talk, which get short natural replies."""

from __future__ import annotations

import re

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "thanks",
        re.compile(
            r"^(thanks?( you)?|thank u|ty|cheers|ta|much appreciated|that helps?|"
            r"that was (really )?helpful)( (so|very) much)?( harbour)?[.!]*$"
        ),
    ),
    (
        "goodbye",
        re.compile(
            r"^(bye|goodbye|see (you|ya)|night|good ?night|gotta go|"
            r"that'?s all( for (now|today))?|i'?m off)( then| now| harbour)?[.!]*$"
        ),
    ),
    (
        "greeting",
        re.compile(
            r"^(hi+|hello+|hey+|hiya|morning|good (morning|afternoon|evening)|"
            r"yo|howdy)( there| harbour| again)?[.!]*$"
        ),
    ),
    (
        "how_are_you",
        re.compile(
            r"^(how are (you|u)|how'?s it going|you ok|are you ok)"
            r"( today| harbour)?\??$"
        ),
    ),
    (
        "identity",
        re.compile(
            r"^(who|what) are (you|u)\??$|^are you (a )?(real|human|person|"
            r"a bot|an ai|ai)( person)?\??$"
        ),
    ),
    (
        "help",
        re.compile(
            r"^(help|how does this work|what can (you|i) do( here)?|"
            r"what do you do)\??$"
        ),
    ),
]


def smalltalk_intent(text: str) -> str | None:
    """The small-talk intent of a short message, or None if it is anything more."""
    t = " ".join(text.lower().replace(",", " ").split()).strip()
    if not t or len(t) > 60:
        return None
    for intent, pattern in _PATTERNS:
        if pattern.match(t):
            return intent
    return None
