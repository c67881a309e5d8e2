"""Incremental ingest: chunk documents by heading then size, embed what changed, commit per document."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from assistant.documents import DocumentError, KnowledgeDocument, load_documents
from assistant.settings import ChunkSettings
from assistant.store import ChunkRecord, KnowledgeStore

log = logging.getLogger(__name__)

_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]
_SLUG = re.compile(r"[^a-z0-9]+")
MANIFEST_NAME = "manifest.json"


# Shorter passages carry too little to answer from; a section's tiny tail is merged instead.
MIN_CHUNK_CHARS = 120


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:48] or "body"


def _merge_short_tail(pieces: list[str]) -> list[str]:
    """A section's last size split, if tiny, joins the one before: no 60-character passages."""
    if len(pieces) > 1 and len(pieces[-1]) < MIN_CHUNK_CHARS:
        return [*pieces[:-2], f"{pieces[-2]} {pieces[-1]}"]
    return pieces


def chunk_document(doc: KnowledgeDocument, chunking: ChunkSettings) -> list[ChunkRecord]:
    """Split by Markdown heading, then by size; ids are doc id + section path + content hash."""
    by_heading = MarkdownHeaderTextSplitter(headers_to_split_on=_HEADERS, strip_headers=True)
    by_size = RecursiveCharacterTextSplitter(
        chunk_size=chunking.max_chars,
        chunk_overlap=chunking.overlap_chars,
        separators=["\n\n", "\n", ". ", " ", ""],
        keep_separator="end",
    )
    records: list[ChunkRecord] = []
    seen: set[str] = set()
    for part in by_heading.split_text(doc.body):
        headings = [part.metadata[k] for k in ("h2", "h3") if part.metadata.get(k)]
        section = " > ".join(headings) if headings else doc.meta.title
        for text in _merge_short_tail([p.strip() for p in by_size.split_text(part.page_content)]):
            if len(text) < 20:
                continue
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
            chunk_id = f"{doc.id}:{_slug(section)}:{digest}"
            if chunk_id in seen:  # the same sentence twice in one section
                chunk_id = f"{chunk_id}-{len(seen)}"
            seen.add(chunk_id)
            records.append(
                ChunkRecord(
                    chunk_id=chunk_id,
                    doc_id=doc.id,
                    title=doc.meta.title,
                    section=section,
                    path=doc.path.name,
                    text=text,
                )
            )
    return records


def embedding_input(record: ChunkRecord) -> str:
    """What gets embedded: the passage with its title and section, so headings help retrieval."""
    return f"{record.title}. {record.section}.\n{record.text}"


@dataclass
class IngestReport:
    """What one ingest run did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)
    chunks_embedded: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed, "
            f"{len(self.errors)} failed; {self.chunks_embedded} chunks embedded "
            f"in {self.seconds:.2f} s"
        )


class Manifest:
    """The committed version of each document; readers only trust chunks that match it.

    Written atomically (temp file + rename) after each document, so a crash mid-ingest
    leaves every document either at its old version or its new one, never half of each.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fingerprint = ""
        self.docs: dict[str, dict[str, Any]] = {}
        self._mtime = 0.0
        self.reload()

    def reload(self) -> None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self.docs, self.fingerprint, self._mtime = {}, "", 0.0
            return
        if stat.st_mtime == self._mtime:
            return
        data = json.loads(self.path.read_text(encoding="utf-8"))
        self.fingerprint = str(data.get("fingerprint", ""))
        self.docs = dict(data.get("docs", {}))
        self._mtime = stat.st_mtime

    def committed_chunks(self) -> set[str]:
        """Chunk ids of every committed document version: the only ones readers may use."""
        self.reload()
        return {cid for entry in self.docs.values() for cid in entry["chunks"]}

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        payload = {"fingerprint": self.fingerprint, "docs": self.docs}
        tmp.write_text(json.dumps(payload, indent=1, sort_keys=True), encoding="utf-8")
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(self.path)
        self._mtime = self.path.stat().st_mtime


def settings_fingerprint(chunking: ChunkSettings, model_name: str) -> str:
    """Changing chunking or the embedding model invalidates every stored chunk."""
    return f"{model_name}|{chunking.max_chars}|{chunking.overlap_chars}|v1"


class Ingestor:
    """Brings the store in line with the documents on disk, touching only what changed."""

    def __init__(self, store: KnowledgeStore, manifest: Manifest, chunking: ChunkSettings) -> None:
        self.store = store
        self.manifest = manifest
        self.chunking = chunking

    def run(self, docs_dir: Path) -> IngestReport:
        start = time.perf_counter()
        report = IngestReport()
        docs, report.errors = load_documents(docs_dir)
        for err in report.errors:
            log.warning("knowledge document skipped: %s", err)
        fingerprint = settings_fingerprint(self.chunking, self.store.embeddings.name)
        if self.manifest.fingerprint != fingerprint:
            self.manifest.docs = {}
            self.manifest.fingerprint = fingerprint
        stored = self.store.ids_by_doc()

        for doc in docs:
            entry = self.manifest.docs.get(doc.id)
            if (
                entry
                and entry["hash"] == doc.content_hash
                and set(entry["chunks"]) == stored.get(doc.id, set())
            ):
                report.unchanged.append(doc.id)
                continue
            self._apply(doc, stored.get(doc.id, set()), report)
            (report.updated if entry or doc.id in stored else report.added).append(doc.id)

        # Files that still exist but failed validation keep their last good version.
        broken = {err.path.name for err in report.errors}
        present = {doc.id for doc in docs}
        for doc_id, ids in stored.items():
            entry = self.manifest.docs.get(doc_id)
            if doc_id in present or (entry and entry.get("path") in broken):
                continue
            self.store.delete(sorted(ids))
            self.manifest.docs.pop(doc_id, None)
            self.manifest.save()
            report.removed.append(doc_id)
        for doc_id in list(self.manifest.docs):
            if doc_id not in present and doc_id not in stored:
                self.manifest.docs.pop(doc_id)
                self.manifest.save()

        report.seconds = time.perf_counter() - start
        log.info("ingest: %s", report.summary())
        return report

    def _apply(self, doc: KnowledgeDocument, old_ids: set[str], report: IngestReport) -> None:
        """Add the new version, commit it in the manifest, then drop the old chunks."""
        records = chunk_document(doc, self.chunking)
        new_ids = {r.chunk_id for r in records}
        # Re-embed the whole document: a changed title or section name changes every
        # chunk's embedding input and metadata, even where the passage text is the same.
        vectors = self.store.embeddings.encode([embedding_input(r) for r in records])
        self.store.upsert(records, vectors)
        report.chunks_embedded += len(records)
        self.manifest.docs[doc.id] = {
            "hash": doc.content_hash,
            "chunks": sorted(new_ids),
            "path": doc.path.name,
            "title": doc.meta.title,
            "topics": doc.meta.topics,
        }
        self.manifest.save()
        self.store.delete(sorted(old_ids - new_ids))
