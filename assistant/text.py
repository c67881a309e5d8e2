"""Text utilities shared by every stage: clean user input, split sentences, pick content words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class CleanText:
    """A user message after cleaning, and whether it had to be shortened."""

    text: str
    truncated: bool = False
    original_length: int = 0


def clean_message(raw: object, max_chars: int) -> CleanText:
    """NFKC, plain quotes, no control or invisible characters, tidy spaces, bounded length."""
    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    original_length = len(text)
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = "".join(
        ch
        for ch in text
        if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    text = _SPACES.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _BLANK_LINES.sub("\n\n", "\n".join(line.strip() for line in text.split("\n"))).strip()
    truncated = len(text) > max_chars
    if truncated:
        cut = text[:max_chars]
        # End on a word boundary so the last word is not mangled.
        text = cut.rsplit(" ", 1)[0] if " " in cut[-200:] else cut
    return CleanText(text=text, truncated=truncated, original_length=original_length)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MARKUP = re.compile(r"(\*\*|__|`)")


def split_sentences(passage: str) -> list[str]:
    """Sentences of a Markdown passage, bullets and emphasis markers removed."""
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)", passage):
        line = _MARKUP.sub("", _BULLET.sub("", " ".join(block.split())))
        if line.startswith("#"):
            continue
        sentences.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return sentences


_STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "im",
        "ive",
        "id",
        "youre",
        "dont",
        "cant",
        "get",
        "got",
        "really",
        "much",
        "many",
        "also",
        "one",
        "way",
        "ways",
        "thing",
        "things",
        "help",
    ]
)
_WORD = re.compile(r"[a-z][a-z']+")


def stem(word: str) -> str:
    """A deliberately small suffix stripper: enough to match 'supervisor' with 'supervision'."""
    for suffix in (
        "ations",
        "ation",
        "ings",
        "ing",
        "ions",
        "ion",
        "ors",
        "or",
        "ers",
        "er",
        "ies",
        "ied",
        "es",
        "ed",
        "ly",
        "s",
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """Stemmed words that carry meaning, for overlap scoring."""
    return {stem(w) for w in _WORD.findall(text.lower().replace("'", "")) if w not in _STOPWORDS}


def normalise_for_match(text: str) -> str:
    """Lowercase, markup-free, single-spaced text, for checking a quote against its source."""
    text = _MARKUP.sub("", unicodedata.normalize("NFKC", text).translate(_QUOTES))
    return " ".join(text.lower().split())
