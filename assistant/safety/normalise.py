"""Normalise a message for risk matching: leetspeak, stretched letters, euphemisms, safe idioms."""

from __future__ import annotations

import re

_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
        "+": "t",
    }
)
# A token that mixes letters with leet symbols, e.g. "k1ll", "d!e", "su1c1d3".
_LEET_TOKEN = re.compile(r"(?<![\w@$!|+])(?=[\w@$!|+]*[a-z])(?=[\w@$!|+]*[013457@$!|+])[\w@$!|+]+")
_STRETCHED = re.compile(r"([a-z])\1{2,}")

# Euphemisms and slang rewritten to plain words the rules know.
_EUPHEMISMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"\bun-?aliv(e|ing|ed)\s+(myself|meself|me)\b", "kill myself"),
        (r"\bun-?aliv(e|ing|ed)\b", "kill"),
        (r"\bkms\b", "kill myself"),
        (r"\bkys\b", "kill yourself"),
        (
            r"\bsewer\s*slide|\bsewerslide|\bsui\s*side\b|\bs[u*]ic[i*]de\b|\bsucide\b|\bsuicde\b|"
            r"\bsuiside\b|\bsuicid\b",
            "suicide",
        ),
        (r"\bself[- ]?delet(e|ing)\b", "kill myself"),
        (r"\b(off|top|neck)\s+(myself|meself)\b", "kill myself"),
        (r"\bmeself\b", "myself"),
        (r"\bmy ?self\b", "myself"),
        (r"\bctb\b|\bcatch the bus\b", "kill myself"),
        (r"\bs/?h\b", "self harm"),
        (r"\bself[- ]harm", "self harm"),
        (r"\bod\b|\bo\.d\.", "overdose"),
        (r"\bwanna\b", "want to"),
        (r"\bgonna\b", "going to"),
        (r"\bgotta\b", "got to"),
        (r"\bi'?d\b", "i would"),
        (r"\b(im|i'm)\b", "i am"),
        (r"\bi'?ve\b", "i have"),
        (r"\bi'?ll\b", "i will"),
        (r"\b(they|you)'?re\b|\b(we)'re\b", r"\1\2 are"),
        (r"\b(she|he|it)'s\b", r"\1 is"),
        (r"\bu\b", "you"),
        (r"\bur\b", "your"),
        (r"\bcos\b|\bcuz\b|\bcoz\b", "because"),
        (r"\bno ?one\b|\bnoone\b", "nobody"),
        (r"\bmultistor(e)?y\b|\bmulti-stor(e)?y\b|\bmulti stor(e)?y\b", "multistorey"),
        (r"\bparacetamols?\b|\bpara\b", "paracetamol"),
    ]
]

# Harmless idioms that use violent or deathly words. Replaced by a neutral marker so the
# rules don't see them, and so the screen knows the message was idiomatic.
_IDIOMS = re.compile(
    r"\b("
    r"(killed|killing|kills|kill|murdered|murdering) me\b(?!\s*(self|off))"
    r"|dying (to|for|of (embarrassment|laughter|boredom|shame|curiosity))"
    r"|(dead|drop-dead|drop dead) (on my feet|tired|beat|keen|good|easy|serious|right)"
    r"|i('ve)? (nailed|smashed|killed|bossed) it|killing it|killed it|smashed it"
    r"|(could|would) (murder|kill for) (a|an|some)\b"
    r"|kill two birds|over my dead body|the death of me|died laughing|i nearly died"
    r"|(laptop|phone|pen|battery|car|printer|wifi|computer|plant|plants) (has )?(died|is dead|dead)"
    r"|dead ?line|dead in the water|dead end|bored to death|scared to death|to death of"
    r"|(will|gonna|going to|is going to) (kill|murder) me"
    r"|shoot me (an|a) (email|message|text)|fire (drill|alarm|away)|bombed|shot down"
    r"|cut(ting)? (corners|it fine|my hair|the cake)|hang(ing)? (out|on|in there|up)"
    r"|end of my tether|end the (call|meeting|case|session)|end this (meeting|call)"
    r")"
)


def _unleet(match: re.Match[str]) -> str:
    return match.group(0).translate(_LEET)


def expand(text: str) -> str:
    """Lowercase, undo leetspeak, and rewrite euphemisms to plain words."""
    text = _LEET_TOKEN.sub(_unleet, text.lower())
    for pattern, replacement in _EUPHEMISMS:
        text = pattern.sub(replacement, text)
    return text


def risk_forms(text: str) -> tuple[list[str], bool]:
    """The variants of a message the rules match against, and whether a safe idiom was removed.

    Stretched letters are collapsed two ways ("sleeeep" -> "sleep", "kiiill" -> "kill") and
    the rules match if any variant matches.
    """
    base = expand(text)
    forms = [base]
    for keep in (r"\1\1", r"\1"):
        collapsed = expand(_STRETCHED.sub(keep, base))
        if collapsed not in forms:
            forms.append(collapsed)
    idiomatic = False
    cleaned: list[str] = []
    for form in forms:
        neutral, n = _IDIOMS.subn(" ~ ", form)
        idiomatic = idiomatic or n > 0
        cleaned.append(neutral)
    return cleaned, idiomatic
