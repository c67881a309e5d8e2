"""Incremental ingest into a real Chroma store on disk (with a fast deterministic embedder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.documents import parse_document
from assistant.ingest import MANIFEST_NAME, Ingestor, Manifest, chunk_document
from assistant.retrieval import Retriever
from assistant.settings import ChunkSettings, RetrievalSettings
from assistant.store import KnowledgeStore
from assistant.testing import HashEmbeddings


@pytest.fixture
def parts(tmp_path: Path):  # type: ignore[no-untyped-def]
    emb = HashEmbeddings()
    store = KnowledgeStore.open(tmp_path / "index", "test_knowledge", emb)
    manifest = Manifest(tmp_path / "index" / MANIFEST_NAME)
    return store, manifest, Ingestor(store, manifest, ChunkSettings()), emb


def test_chunks_have_stable_ids_with_section_and_hash(fixture_docs: Path) -> None:
    doc = parse_document(fixture_docs / "alpha.md")
    first = chunk_document(doc, ChunkSettings())
    again = chunk_document(doc, ChunkSettings())
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert {c.section for c in first} == {"Why supervision matters", "Preparing an agenda"}
    assert all(c.chunk_id.startswith("alpha:") for c in first)
    assert first[0].chunk_id.split(":")[1] == "why-supervision-matters"


def test_long_sections_are_split_by_size(fixture_docs: Path) -> None:
    alpha = fixture_docs / "alpha.md"
    sentence = "Supervision is a place to think about the work and how it affects you. "
    alpha.write_text(alpha.read_text() + "\n## A long section\n" + sentence * 12, encoding="utf-8")
    chunks = chunk_document(parse_document(alpha), ChunkSettings(max_chars=300))
    long_section = [c for c in chunks if c.section == "A long section"]
    assert len(long_section) >= 3
    assert all(len(c.text) <= 300 for c in chunks)
    assert len({c.chunk_id for c in chunks}) == len(chunks)


def test_first_ingest_then_nothing_to_do(parts, fixture_docs: Path) -> None:  # type: ignore[no-untyped-def]
    store, _, ingestor, emb = parts
    report = ingestor.run(fixture_docs)
    assert sorted(report.added) == ["alpha", "beta", "gamma"]
    assert report.ok
    count = store.count()
    assert count == report.chunks_embedded > 0
    calls = emb.calls
    again = ingestor.run(fixture_docs)
    assert sorted(again.unchanged) == ["alpha", "beta", "gamma"]
    assert again.chunks_embedded == 0
    assert emb.calls == calls  # nothing was embedded on the no-change run
    assert store.count() == count


def test_changed_document_is_replaced_and_removed_one_deleted(parts, fixture_docs: Path) -> None:  # type: ignore[no-untyped-def]
    store, manifest, ingestor, _ = parts
    ingestor.run(fixture_docs)
    alpha = fixture_docs / "alpha.md"
    alpha.write_text(
        alpha.read_text().replace("protected time", "protected, regular time"), encoding="utf-8"
    )
    (fixture_docs / "gamma.md").unlink()
    report = ingestor.run(fixture_docs)
    assert report.updated == ["alpha"]
    assert report.removed == ["gamma"]
    by_doc = store.ids_by_doc()
    assert set(by_doc) == {"alpha", "beta"}
    assert by_doc["alpha"] == set(manifest.docs["alpha"]["chunks"])
    texts = store.collection.get(ids=sorted(by_doc["alpha"]))["documents"]
    assert any("protected, regular time" in t for t in texts)
    assert not any("protected time with" in t for t in texts)


def test_broken_file_is_reported_and_others_still_ingested(parts, fixture_docs: Path) -> None:  # type: ignore[no-untyped-def]
    _store, _, ingestor, _ = parts
    (fixture_docs / "broken.md").write_text("---\ntitle: no id\n---\nbody " * 5, encoding="utf-8")
    report = ingestor.run(fixture_docs)
    assert not report.ok
    assert "broken.md" in str(report.errors[0])
    assert sorted(report.added) == ["alpha", "beta", "gamma"]


def test_a_document_that_breaks_keeps_its_last_good_version(parts, fixture_docs: Path) -> None:  # type: ignore[no-untyped-def]
    store, _, ingestor, _ = parts
    ingestor.run(fixture_docs)
    before = store.ids_by_doc()["beta"]
    (fixture_docs / "beta.md").write_bytes(b"\xff\xfe broken now")
    report = ingestor.run(fixture_docs)
    assert not report.ok
    assert store.ids_by_doc()["beta"] == before


def test_crash_between_add_and_commit_is_invisible_then_repaired(parts, fixture_docs: Path) -> None:  # type: ignore[no-untyped-def]
    store, manifest, ingestor, emb = parts
    ingestor.run(fixture_docs)
    retriever = Retriever(store, manifest, emb, RetrievalSettings(min_score=0.0, top_k=10))
    # Simulate a crash: a new version's chunks reached the store, the manifest never did.
    beta = fixture_docs / "beta.md"
    beta.write_text(
        beta.read_text().replace("Growing cynicism", "Rising cynicism"), encoding="utf-8"
    )
    new_chunks = chunk_document(parse_document(beta), ChunkSettings())
    store.upsert(new_chunks, emb.encode([c.text for c in new_chunks]))
    found = retriever.search(emb.encode(["rising cynicism about families"])[0]).ranked
    assert not any("Rising cynicism" in p.text for p in found)
    # The next ingest finishes the job: one version of beta, no orphans.
    report = ingestor.run(fixture_docs)
    assert report.updated == ["beta"]
    assert store.ids_by_doc()["beta"] == {c.chunk_id for c in new_chunks}
    assert store.count() == sum(len(e["chunks"]) for e in manifest.docs.values())


def test_changing_chunk_settings_reindexes_everything(tmp_path: Path, fixture_docs: Path) -> None:
    emb = HashEmbeddings()
    store = KnowledgeStore.open(tmp_path / "index", "test_knowledge", emb)
    manifest = Manifest(tmp_path / "index" / MANIFEST_NAME)
    Ingestor(store, manifest, ChunkSettings()).run(fixture_docs)
    report = Ingestor(store, manifest, ChunkSettings(max_chars=200)).run(fixture_docs)
    assert sorted(report.updated) == ["alpha", "beta", "gamma"]
    assert store.count() == sum(len(e["chunks"]) for e in manifest.docs.values())
