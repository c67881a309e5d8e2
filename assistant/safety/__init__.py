"""The safety layer facade: redact, screen, answer risk with vetted templates, check every reply."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.safety.audit import SafetyAudit
from assistant.safety.classifier import RiskClassifier
from assistant.safety.output_check import inspect
from assistant.safety.redact import Redaction, Redactor
from assistant.safety.screen import SCOPE, SELF_CRISIS, RiskScreen
from assistant.safety.templates import Locale, SafetyTemplates
from assistant.types import Risk, Turn, TurnKind, tier_rank

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from assistant.embeddings import LocalEmbeddings
    from assistant.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["Redaction", "SafetyLayer"]

BLOCKED_REPLY = (
    "I'm not able to share that. If you're finding things hard, please talk to someone you "
    "trust, or use the support panel in the sidebar to reach someone now."
)


def choose_template(risk: Risk) -> tuple[str, TurnKind] | None:
    """Which vetted reply a risk assessment calls for; None means the normal answer path."""
    cats = set(risk.categories)
    if risk.subject == "self" and tier_rank(risk.tier) >= tier_rank("concern"):
        if risk.tier == "imminent":
            return "crisis_imminent", "crisis"
        if "means_seeking" in cats and "suicidal_ideation" not in cats:
            return "means_seeking", "crisis"
        if "suicidal_ideation" in cats:
            return ("crisis_high" if risk.tier == "high" else "crisis_concern"), "crisis"
        if "self_harm" in cats:
            return "self_harm", "crisis"
        if "psychosis" in cats:
            return "psychosis", "crisis"
        if "harm_to_others" in cats:
            return "harm_to_others", "crisis"
        if cats & SELF_CRISIS:
            return "crisis_concern", "crisis"
    if cats & {"safeguarding", "harm_to_others"} and tier_rank(risk.tier) >= tier_rank("concern"):
        return ("safeguarding_imminent" if risk.tier == "high" else "safeguarding"), "safeguarding"
    for scope in SCOPE:
        if scope in cats:
            return scope, "scope"
    if "prompt_injection" in cats:
        return "prompt_injection", "scope"
    return None


def _known_terms(knowledge_dir: Path) -> set[str]:
    """Words used in our own content: vocabulary, so never guessed to be a client's name."""
    words: set[str] = set()
    for path in [
        *knowledge_dir.glob("docs/*.md"),
        *knowledge_dir.glob("safety/**/*.yaml"),
        *knowledge_dir.glob("exercises/*.yaml"),
        knowledge_dir / "composer.yaml",
    ]:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        words.update(w.lower() for w in re.findall(r"\b[A-Za-z][a-z']+\b", text))
    return words


class SafetyLayer:
    """Everything between a user's words and any answer: privacy, risk and the final check."""

    def __init__(
        self,
        templates: SafetyTemplates,
        screen: RiskScreen,
        redactor: Redactor,
        audit_log: SafetyAudit | None = None,
    ) -> None:
        self.templates = templates
        self._screen = screen
        self.redactor = redactor
        self.audit_log = audit_log

    @classmethod
    def from_settings(cls, settings: Settings, embeddings: LocalEmbeddings) -> SafetyLayer:
        cfg = settings.safety
        templates = SafetyTemplates.load(
            settings.safety_dir, cfg.locale, cfg.contacts, cfg.safeguarding_contact
        )
        examples = sorted(settings.safety_dir.glob("classifier_examples*.jsonl"))
        classifier = None
        if examples:
            cache = settings.data_dir / "safety"
            classifier = RiskClassifier.load_or_train(examples, cache, embeddings)
        else:
            log.warning("no classifier examples in %s: rules only", settings.safety_dir)
        audit_log = SafetyAudit(settings.data_dir / "safety_events.sqlite3") if cfg.audit else None
        log.info("safety layer: locale=%s, audit=%s", cfg.locale, "on" if audit_log else "off")
        return cls(
            templates,
            RiskScreen(classifier),
            Redactor(_known_terms(settings.knowledge_dir)),
            audit_log,
        )

    @property
    def locale(self) -> Locale:
        return self.templates.locale

    def redact(self, text: str) -> Redaction:
        return self.redactor.redact(text)

    def screen(
        self, text: str, vector: NDArray[np.float32] | None = None, history: Sequence[Risk] = ()
    ) -> Risk:
        return self._screen.screen(text, vector, history)

    def respond(self, risk: Risk) -> Turn | None:
        """The vetted reply for this risk, or None to continue to the normal answer path."""
        choice = choose_template(risk)
        if choice is None:
            return None
        key, kind = choice
        return Turn(text=self.templates.render(key), kind=kind, risk=risk, responder="template")

    def check_output(self, turn: Turn) -> Turn:
        """Block method details and diagnostic labels; make sure crisis help is present."""
        needs_resource = turn.risk.subject == "self" and tier_rank(turn.risk.tier) >= tier_rank(
            "high"
        )
        findings = inspect(turn.text, needs_resource, self.locale.all_numbers())
        if findings.ok:
            return turn
        log.warning("output check intervened: %s", findings)
        if findings.method_info or findings.diagnostic_label:
            turn = Turn(text=BLOCKED_REPLY, kind="notice", risk=turn.risk, notices=turn.notices)
        if needs_resource and not any(n in turn.text for n in self.locale.all_numbers()):
            resources = "\n".join(r.line() for r in self.locale.resources)
            turn.text = f"{turn.text}\n\n{resources}"
        return turn

    def audit(self, session_id: str, risk: Risk, reply_kind: str) -> None:
        if self.audit_log is not None and (risk.tier != "none" or risk.categories):
            self.audit_log.record(session_id, risk, reply_kind)
