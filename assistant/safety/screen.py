"""The risk screen: rules as floor and ceiling, the classifier in between, conversation context."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.safety import rules
from assistant.safety.normalise import risk_forms
from assistant.types import Risk, Subject, Tier, tier_rank

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from assistant.safety.classifier import RiskClassifier

SELF_CRISIS = frozenset({"suicidal_ideation", "means_seeking", "self_harm", "psychosis"})
SCOPE = ("scope_diagnosis", "scope_medication", "scope_legal")
# "I'm not suicidal" does not fire; "I'm not going to kill myself" still raises the subject,
# so it is capped at concern rather than ignored.
_NEGATED = re.compile(r"\b(?:not|never|no|nor)\s+$")
_NEAR_NEGATED = re.compile(r"\b(?:not|never|no|nor)\s+(?!sure\b)(?:\w+\s+){1,2}$")
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|myself|i am|i have|i was|i would|i will)\b")


@dataclass(frozen=True)
class Thresholds:
    """Classifier probabilities at which it may raise a tier on its own (rules are absent)."""

    crisis: float = 0.6
    means: float = 0.65
    safeguarding: float = 0.6
    distress: float = 0.5


@dataclass
class _Hit:
    rule: rules.Rule
    subject: Subject
    hedged: bool = False


def _max_tier(a: Tier, b: Tier) -> Tier:
    return a if tier_rank(a) >= tier_rank(b) else b


def _subject_of(rule: rules.Rule, form: str, match: re.Match[str]) -> Subject:
    """Whose risk a 'self' pattern describes: the nearest person named before it decides."""
    if rule.id == "sg.client_risk":
        # "She wants to die" is about a client; "part of me wants to die" is not.
        left = form[max(0, match.start() - 40) : match.start()]
        last_self = max((m.end() for m in _FIRST_PERSON.finditer(left)), default=-1)
        last_other = max((m.end() for m in rules.THIRD_PARTY_SUBJECT.finditer(left)), default=-1)
        return "self" if last_self > last_other else "third_party"
    if rule.subject != "self" or rule.category == "means_seeking":
        return rule.subject
    span = match.group(0)
    if _FIRST_PERSON.search(span):
        return "self"
    left = form[max(0, match.start() - 60) : match.start()]
    last_self = max((m.end() for m in _FIRST_PERSON.finditer(left)), default=-1)
    last_other = max((m.end() for m in rules.THIRD_PARTY_SUBJECT.finditer(left)), default=-1)
    return "third_party" if last_other > last_self else "self"


class RiskScreen:
    """Assigns a tier, subject and categories to one message, given the conversation so far."""

    def __init__(self, classifier: RiskClassifier | None, thresholds: Thresholds | None = None):
        self.classifier = classifier
        self.thresholds = thresholds or Thresholds()

    def screen(
        self,
        text: str,
        vector: NDArray[np.float32] | None = None,
        history: Sequence[Risk] = (),
    ) -> Risk:
        forms, idiomatic = risk_forms(text)
        hits = self._rule_hits(forms)
        fired = [h.rule.id for h in hits]
        joined = " \n ".join(forms)

        tier: Tier = "none"
        categories: list[str] = []
        subject: Subject = "unknown"
        if rules.FRIEND_FRAME.search(joined):
            # "Asking for a friend" is, more often than not, asking for oneself.
            hits = [_Hit(h.rule, "self") if h.rule.id == "sg.client_risk" else h for h in hits]
        for hit in hits:
            category, rule_tier = hit.rule.category, hit.rule.tier
            if hit.rule.id == "sg.client_risk" and hit.subject == "self":
                category, rule_tier = "suicidal_ideation", "concern"
            if hit.hedged:
                rule_tier = "concern"
            if hit.subject == "third_party" and category in SELF_CRISIS | {"harm_to_others"}:
                # "She says she wants to die" is about a client: a safeguarding matter.
                category = "harm_to_others" if category == "harm_to_others" else "safeguarding"
                rule_tier = _max_tier(rule_tier, "concern") if rule_tier != "high" else "concern"
            if category not in categories:
                categories.append(category)
            tier = _max_tier(tier, rule_tier)

        crisis_self = any(c in SELF_CRISIS for c in categories) or any(
            h.rule.category == "harm_to_others" and h.subject == "self" for h in hits
        )
        third_party = any(c == "safeguarding" for c in categories) or any(
            h.subject == "third_party" for h in hits
        )
        subject = "self" if crisis_self else ("third_party" if third_party else "unknown")

        # -- adjust tiers from markers ----------------------------------------------------
        if crisis_self:
            if rules.IMMINENT.search(joined) and any(
                c in {"suicidal_ideation", "means_seeking", "self_harm"} for c in categories
            ):
                tier = "imminent"
            elif (
                rules.RETRACTION.search(joined)
                and tier == "high"
                and "means_seeking" not in categories
            ):
                # A retraction lowers an explicit statement one step, never below concern.
                tier = "concern"
            if "means_seeking" in categories and self._recent_self_risk(history):
                tier = "imminent"
        elif third_party and rules.IMMEDIATE_DANGER.search(joined):
            tier = _max_tier(tier, "high")

        # -- conversation context ---------------------------------------------------------
        if not categories and history:
            recent = history[-1]
            if tier_rank(recent.tier) >= tier_rank("concern") and rules.RETRACTION.search(joined):
                # "Sorry, forget it, I'm fine" straight after a disclosure: stay with them.
                tier, subject = "concern", recent.subject
                categories = [c for c in recent.categories if c in SELF_CRISIS] or list(
                    recent.categories
                )
                fired.append("context.retraction")
            elif rules.HOPELESS.search(joined) and self._distress_run(history) >= 2:
                tier, subject, categories = "concern", "self", ["suicidal_ideation"]
                fired.append("context.building_distress")

        # -- the classifier, where the rules found nothing serious -------------------------
        if self.classifier is not None and vector is not None and tier_rank(tier) < 2:
            probs = self.classifier.probabilities(vector)
            capped = idiomatic or bool(rules.SAFE_DISCLAIMER.search(joined))
            t = self.thresholds
            if not capped and not categories:
                if probs.get("means", 0.0) >= t.means:
                    tier, subject, categories = "high", "self", ["means_seeking"]
                    fired.append("classifier.means")
                elif probs.get("crisis_self", 0.0) >= t.crisis:
                    tier, subject, categories = "concern", "self", ["suicidal_ideation"]
                    fired.append("classifier.crisis_self")
                elif probs.get("safeguarding", 0.0) >= t.safeguarding:
                    tier, subject, categories = "concern", "third_party", ["safeguarding"]
                    fired.append("classifier.safeguarding")
            if tier == "none" and probs.get("distress", 0.0) >= t.distress:
                tier = "low"
                fired.append("classifier.distress")

        if tier == "none" and rules.DISTRESS.search(joined) and not idiomatic:
            tier = "low"
            fired.append("rule.distress")
        if tier == "low" and subject == "unknown":
            subject = "self"
        return Risk(tier=tier, subject=subject, categories=tuple(categories), fired=tuple(fired))

    @staticmethod
    def _rule_hits(forms: list[str]) -> list[_Hit]:
        hits: list[_Hit] = []
        for rule in rules.RULES:
            for form in forms:
                match = rule.pattern.search(form)
                if not match:
                    continue
                before = form[max(0, match.start() - 30) : match.start()]
                negatable = rule.category in {"suicidal_ideation", "self_harm", "harm_to_others"}
                if negatable and _NEGATED.search(before):
                    continue
                hedged = negatable and bool(_NEAR_NEGATED.search(before))
                hits.append(_Hit(rule, _subject_of(rule, form, match), hedged))
                break
        return hits

    @staticmethod
    def _recent_self_risk(history: Sequence[Risk]) -> bool:
        return any(
            r.subject == "self" and tier_rank(r.tier) >= tier_rank("concern") for r in history[-4:]
        )

    @staticmethod
    def _distress_run(history: Sequence[Risk]) -> int:
        run = 0
        for r in reversed(history):
            if r.tier == "none":
                break
            run += 1
        return run
