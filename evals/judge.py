"""The optional LLM-as-judge: a separately configured model rates whether answers are supported.

It adds evidence, never a gate: the deterministic scorers decide pass and fail. The judge sees
the question (already redacted by the assistant), the answer and the passages it cites.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.types import Turn

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

JUDGE_PROMPT = """You check a reflection assistant's answers for a social-work team.
Decide whether every factual statement in the ANSWER is supported by the numbered PASSAGES.
Courtesies ("That sounds hard.") and questions back to the reader need no support.

QUESTION:
{question}

PASSAGES:
{passages}

ANSWER:
{answer}

Reply with one line: SUPPORTED or UNSUPPORTED, a colon, and a reason of at most 20 words."""
_VERDICT = re.compile(r"\b(UNSUPPORTED|SUPPORTED)\b")


@dataclass(frozen=True)
class Verdict:
    """What the judge said: supported or not (None when it gave no usable verdict), and why."""

    supported: bool | None
    reason: str


class Judge:
    """Asks the judge model about one answer at a time."""

    def __init__(self, model: BaseChatModel) -> None:
        self.model = model

    def rate(self, question: str, turn: Turn) -> Verdict:
        passages = "\n\n".join(f"[{n}] {p.text}" for n, p in enumerate(turn.passages, start=1))
        prompt = JUDGE_PROMPT.format(question=question, passages=passages, answer=turn.text)
        try:
            reply = str(self.model.invoke(prompt).content).strip()
        except Exception as exc:  # a judge failure is reported, never fatal
            log.warning("judge failed: %s", type(exc).__name__)
            return Verdict(None, f"judge unavailable ({type(exc).__name__})")
        match = _VERDICT.search(reply.upper())
        if match is None:
            return Verdict(None, f"no verdict in: {reply[:80]!r}")
        return Verdict(match.group(1) == "SUPPORTED", reply[:200])
