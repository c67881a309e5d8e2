"""The embedded responder: compose a short, cited answer from retrieved passages, with no LLM."""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from assistant.text import content_words, split_sentences
from assistant.types import Citation, Passage, Segment, Turn


class ComposerContentError(ValueError):
    """`knowledge/composer.yaml` is missing or malformed."""


class SmalltalkReplies(BaseModel):
    greeting: str
    thanks: str
    goodbye: str
    how_are_you: str
    identity: str
    help: str


class ComposerContent(BaseModel):
    """Trainer-editable wording around quoted passages; it never states facts itself."""

    openers: list[str] = Field(min_length=1)
    no_answer: str
    supportive_no_answer: str
    reflective_questions: dict[str, str]
    smalltalk: SmalltalkReplies

    @classmethod
    def load(cls, path: Path) -> ComposerContent:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            content = cls.model_validate(data)
        except (OSError, yaml.YAMLError, ValidationError) as exc:
            raise ComposerContentError(f"{path}: {exc}") from exc
        if "default" not in content.reflective_questions:
            raise ComposerContentError(f"{path}: reflective_questions needs a 'default' entry")
        return content

    def fixed_lines(self) -> set[str]:
        """Every non-factual line the composer may add around quotes (for grounding checks)."""
        return {*self.openers, *self.reflective_questions.values()}


# Sentences that lean on a previous one make no sense quoted alone.
_DANGLING = re.compile(r"^(this|these|that|those|it|they|such|both|also|however)\b", re.I)


@dataclass(frozen=True)
class _Candidate:
    text: str
    passage_index: int
    position: int
    score: float


class Composer:
    """Picks the sentences most relevant to the question and cites where each came from."""

    def __init__(self, content: ComposerContent, max_sentences: int = 4) -> None:
        self.content = content
        self.max_sentences = max_sentences

    def compose(self, question: str, passages: list[Passage], topics: list[str]) -> Turn:
        if not passages:
            return self.no_answer(topics)
        chosen = self._select(question, passages)
        if not chosen:
            return self.no_answer(topics)

        # Number sources in the order they are first quoted.
        order: dict[int, int] = {}
        for cand in sorted(chosen, key=lambda c: (c.passage_index, c.position)):
            order.setdefault(cand.passage_index, len(order) + 1)
        used = sorted(order, key=order.__getitem__)
        citations = [
            Citation(passages[i].doc_id, passages[i].title, passages[i].section, passages[i].path)
            for i in used
        ]
        opener = self._pick(self.content.openers, question)
        closer = self._closer(passages[used[0]])
        segments = [Segment(opener)]
        for cand in sorted(chosen, key=lambda c: (order[c.passage_index], c.position)):
            segments.append(Segment(cand.text, source=order[cand.passage_index]))
        segments.append(Segment(closer))

        body = " ".join(
            f"{s.text} [{s.source}]" if s.source is not None else s.text for s in segments[1:-1]
        )
        sources = "\n".join(
            f"{n}. {c.title}: {c.section}" for n, c in enumerate(citations, start=1)
        )
        text = f"{opener}\n\n{body}\n\n{closer}\n\n**Sources**\n\n{sources}"
        return Turn(
            text=text,
            kind="answer",
            citations=citations,
            passages=[passages[i] for i in used],
            segments=segments,
        )

    def supportive_no_answer(self, exercise_title: str) -> Turn:
        text = self.content.supportive_no_answer.format(exercise=exercise_title).strip()
        return Turn(text=text, kind="no_answer", segments=[Segment(text)])

    def no_answer(self, topics: list[str]) -> Turn:
        listed = ", ".join(topics[:6]) if topics else "support, supervision and wellbeing"
        text = self.content.no_answer.format(topics=listed).strip()
        return Turn(text=text, kind="no_answer", segments=[Segment(text)])

    def _select(self, question: str, passages: list[Passage]) -> list[_Candidate]:
        q_words = content_words(question)
        candidates: list[_Candidate] = []
        for p_index, passage in enumerate(passages):
            for position, sentence in enumerate(split_sentences(passage.text)):
                words = content_words(sentence)
                if len(sentence.split()) < 6 or sentence.endswith(":"):
                    continue
                overlap = len(q_words & words) / math.sqrt(len(q_words) or 1)
                score = passage.score + 0.25 * overlap - 0.02 * position
                if _DANGLING.match(sentence):
                    score -= 0.25
                candidates.append(_Candidate(sentence, p_index, position, score))
        candidates.sort(key=lambda c: c.score, reverse=True)

        chosen: list[_Candidate] = []
        per_passage: dict[int, int] = {}
        for cand in candidates:
            if per_passage.get(cand.passage_index, 0) >= 2:
                continue
            if any(_similar(cand.text, c.text) for c in chosen):
                continue
            chosen.append(cand)
            per_passage[cand.passage_index] = per_passage.get(cand.passage_index, 0) + 1
            if len(chosen) >= self.max_sentences:
                break
        return chosen

    def _closer(self, passage: Passage) -> str:
        haystack = f"{passage.title} {passage.section}".lower()
        for key, question in self.content.reflective_questions.items():
            if key != "default" and key in haystack:
                return question
        return self.content.reflective_questions["default"]

    @staticmethod
    def _pick(options: list[str], seed: str) -> str:
        return options[zlib.crc32(seed.encode("utf-8")) % len(options)]


def _similar(a: str, b: str) -> bool:
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) > 0.6
