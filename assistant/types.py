"""The plain data objects that flow through a turn: passages, citations, risk and the turn itself."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

TurnKind = Literal[
    "answer", "no_answer", "smalltalk", "notice", "crisis", "safeguarding", "scope", "exercise"
]
Tier = Literal["none", "low", "concern", "high", "imminent"]
Subject = Literal["self", "third_party", "unknown"]

TIERS: tuple[Tier, ...] = ("none", "low", "concern", "high", "imminent")


def tier_rank(tier: Tier) -> int:
    """Order tiers so they can be compared: none < low < concern < high < imminent."""
    return TIERS.index(tier)


@dataclass(frozen=True)
class Passage:
    """One retrieved knowledge chunk with its cosine similarity to the question."""

    chunk_id: str
    doc_id: str
    title: str
    section: str
    path: str
    text: str
    score: float


@dataclass(frozen=True)
class Citation:
    """A numbered source under an answer: which document and section a quoted sentence came from."""

    doc_id: str
    title: str
    section: str
    path: str


@dataclass(frozen=True)
class Risk:
    """What the risk screen concluded about one message."""

    tier: Tier = "none"
    subject: Subject = "unknown"
    categories: tuple[str, ...] = ()
    fired: tuple[str, ...] = ()

    @property
    def is_risky(self) -> bool:
        return self.tier != "none"


@dataclass(frozen=True)
class Segment:
    """One sentence of a composed reply; `source` is the 1-based citation it quotes, if any."""

    text: str
    source: int | None = None


@dataclass
class Turn:
    """The assistant's reply to one user message."""

    text: str
    kind: TurnKind
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    risk: Risk = field(default_factory=Risk)
    segments: list[Segment] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    exercise: Any = None  # an ExerciseState while a guided exercise is running
    responder: str = "composer"  # "composer", "template" or "llm": who wrote the text
    fallback: str | None = None  # the check or failure that sent a model's answer back

    @property
    def full_text(self) -> str:
        """Notices first, then the reply: everything the person sees."""
        return "\n\n".join([*self.notices, self.text])

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape printed by `python -m assistant ask --json`."""
        return {
            "text": self.text,
            "kind": self.kind,
            "citations": [asdict(c) for c in self.citations],
            "risk": {
                "tier": self.risk.tier,
                "subject": self.risk.subject,
                "categories": list(self.risk.categories),
            },
            "notices": list(self.notices),
            "exercise": asdict(self.exercise) if self.exercise is not None else None,
            "responder": self.responder,
            "fallback": self.fallback,
            "passages": [
                {"doc_id": p.doc_id, "section": p.section, "score": round(p.score, 4)}
                for p in self.passages
            ],
        }
