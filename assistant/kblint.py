"""`kb lint`: what a trainer should fix in the knowledge base before workers rely on it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Literal

from assistant.documents import DocumentError, KnowledgeDocument, load_documents
from assistant.ingest import MIN_CHUNK_CHARS, chunk_document
from assistant.settings import ChunkSettings
from assistant.store import ChunkRecord

Severity = Literal["error", "warning"]
# Shared word 5-grams above this share of the smaller passage make two passages near-duplicates.
DUPLICATE_OVERLAP = 0.6
# A section cut into more size splits than this reads as a wall of text: it needs subheadings.
MAX_PASSAGES_PER_SECTION = 2
_INJECTION = re.compile(
    "|".join(
        [
            r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,30}\b(?:previous|prior|above|"
            r"earlier|all|any|your|the|system)\b.{0,20}\b(?:instructions?|rules|prompts?|"
            r"guidelines|guardrails|restrictions)\b",
            r"\b(?:system|hidden|developer) (?:prompt|instructions?|message)\b",
            r"\byou are now (?:a|an|in|the)\b.{0,30}\b(?:assistant|ai|bot|model|mode)\b",
            r"\b(?:developer|god|admin|debug|unrestricted) mode\b|\bjailbr(?:eak|oken)\b",
            r"\b(?:as an ai|as the assistant|the assistant (?:must|should))\b",
            r"\byou (?:must|should) (?:always|never) (?:answer|reply|respond|say|tell)\b",
            r"<\|?(?:system|im_start|assistant)\|?>",
        ]
    ),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    """One problem: where it is, what kind it is, and what to do about it."""

    code: str
    severity: Severity
    file: str
    message: str

    def line(self) -> str:
        return f"{self.severity}: {self.file}: [{self.code}] {self.message}"


def _field_finding(err: DocumentError) -> Finding:
    if err.field == "sources":
        code = "no_sources"
    elif err.field:
        code = "invalid_field"
    else:
        code = "unreadable"
    return Finding(code, "error", err.path.name, str(err).split(": ", 1)[-1])


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def lint(docs_dir: Path, chunking: ChunkSettings, today: dt.date | None = None) -> list[Finding]:
    """Every finding for the documents in `docs_dir`, errors first."""
    today = today or dt.date.today()
    docs, errors = load_documents(docs_dir)
    findings = [_field_finding(e) for e in errors]
    chunks: list[ChunkRecord] = []
    for doc in docs:
        findings.extend(_document_findings(doc, today))
        records = chunk_document(doc, chunking)
        chunks.extend(records)
        per_section: dict[str, int] = {}
        for record in records:
            per_section[record.section] = per_section.get(record.section, 0) + 1
            if len(record.text) < MIN_CHUNK_CHARS:
                findings.append(
                    Finding(
                        "chunk_too_short",
                        "warning",
                        doc.path.name,
                        f"section '{record.section}' gives a {len(record.text)}-character "
                        f"passage; merge it or write at least {MIN_CHUNK_CHARS} characters",
                    )
                )
        for section, count in per_section.items():
            if count > MAX_PASSAGES_PER_SECTION:
                findings.append(
                    Finding(
                        "chunk_too_long",
                        "warning",
                        doc.path.name,
                        f"section '{section}' is cut into {count} passages of at most "
                        f"{chunking.max_chars} characters; split it with subheadings",
                    )
                )
    findings.extend(_near_duplicates(chunks))
    return sorted(findings, key=lambda f: (f.severity != "error", f.file, f.code))


def _document_findings(doc: KnowledgeDocument, today: dt.date) -> list[Finding]:
    found: list[Finding] = []
    name = doc.path.name
    if doc.meta.review_due < today:
        found.append(
            Finding(
                "review_overdue",
                "warning",
                name,
                f"review was due on {doc.meta.review_due.isoformat()} "
                f"(reviewer: {doc.meta.reviewed_by})",
            )
        )
    if not any(len(s) >= 15 for s in doc.meta.sources):
        found.append(
            Finding("no_sources", "error", name, "sources must name the published works used")
        )
    for match in _INJECTION.finditer(doc.body):
        found.append(
            Finding(
                "prompt_injection",
                "error",
                name,
                f"text aimed at the assistant: '{match.group(0)}'; knowledge must be about "
                "practice, not instructions to the assistant",
            )
        )
    return found


def _near_duplicates(chunks: list[ChunkRecord]) -> list[Finding]:
    shingles = {c.chunk_id: _shingles(c.text) for c in chunks}
    found: list[Finding] = []
    for a, b in combinations(chunks, 2):
        if a.doc_id == b.doc_id:
            continue
        sa, sb = shingles[a.chunk_id], shingles[b.chunk_id]
        if not sa or not sb:
            continue
        overlap = len(sa & sb) / min(len(sa), len(sb))
        if overlap >= DUPLICATE_OVERLAP:
            found.append(
                Finding(
                    "near_duplicate",
                    "warning",
                    a.path,
                    f"section '{a.section}' repeats {b.path} section '{b.section}' "
                    f"({overlap:.0%} shared phrasing); keep one and link to it",
                )
            )
    return found


def review_due(docs_dir: Path, within_days: int = 30, today: dt.date | None = None) -> list[str]:
    """Documents whose review is overdue or falls within `within_days`, soonest first."""
    today = today or dt.date.today()
    docs, _ = load_documents(docs_dir)
    horizon = today + dt.timedelta(days=within_days)
    due = sorted((d for d in docs if d.meta.review_due <= horizon), key=lambda d: d.meta.review_due)
    return [
        f"{d.meta.review_due.isoformat()}  {'OVERDUE' if d.meta.review_due < today else 'due    '}"
        f"  {d.id}  ({d.meta.reviewed_by})"
        for d in due
    ]
