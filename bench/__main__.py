"""`make bench`: ingest throughput, no-change re-ingest, turn latency against a naive pipeline."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.documents import load_documents, parse_document
from assistant.embeddings import LocalEmbeddings
from assistant.ingest import MANIFEST_NAME, Ingestor, Manifest, chunk_document
from assistant.pipeline import Assistant
from assistant.settings import ChunkSettings, Settings
from assistant.store import KnowledgeStore

QUESTIONS = [
    "How can supervision help me after a hard home visit?",
    "What are the signs of burnout?",
    "what is compassion fatigue",
    "How do I set boundaries with my work phone?",
    "I keep replaying the removal, is that normal?",
    "How do I prepare for supervision?",
    "What is the difference between vicarious trauma and burnout?",
    "who can I turn to for support outside work",
    "how do I find a mentor as a newly qualified social worker",
    "does looking after staff make any difference to families?",
    "what should I do after a really difficult visit",
    "is it ok to talk to my partner about my cases",
]
PROMPT = "Use the context to answer the question.\n\nContext:\n{context}\n\nQuestion: {question}\nAnswer:"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def synthetic_corpus(source: Path, dest: Path, target_chunks: int, chunking: ChunkSettings) -> int:
    """Documents made by reshuffling our own sentences: realistic text, no external data."""
    docs, _ = load_documents(source)
    sentences = [s for d in docs for s in d.body.replace("\n", " ").split(". ") if len(s) > 40]
    rng = random.Random(7)
    made = 0
    i = 0
    while made < target_chunks:
        sections = []
        for j in range(10):
            body: list[str] = []
            size = 0
            while size < chunking.max_chars * 0.7:
                s = rng.choice(sentences).strip().rstrip(".") + "."
                body.append(s)
                size += len(s) + 1
            sections.append(f"## Section {j}\n" + " ".join(body))
        path = dest / f"synthetic-{i:04d}.md"
        path.write_text(
            f"---\nid: synthetic-{i:04d}\ntitle: Synthetic {i}\ntopics: [bench]\naudience: [bench]\n"
            f"summary: Synthetic benchmark document.\nsources: [Harbour benchmark]\n"
            f"reviewed_by: bench\nreview_due: 2030-01-01\n---\n\n# Synthetic {i}\n\n"
            + "\n\n".join(sections),
            encoding="utf-8",
        )
        made += len(chunk_document(parse_document(path), chunking))
        i += 1
    return made


def measure_ingest(
    docs_dir: Path, work: Path, emb: LocalEmbeddings, settings: Settings
) -> dict[str, Any]:
    store = KnowledgeStore.open(work / "index", "bench_knowledge", emb)
    manifest = Manifest(work / "index" / MANIFEST_NAME)
    ingestor = Ingestor(store, manifest, settings.chunking)
    start = time.perf_counter()
    report = ingestor.run(docs_dir)
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = ingestor.run(docs_dir)
    noop = time.perf_counter() - start
    assert again.chunks_embedded == 0
    # Raw embedding throughput on exactly the same inputs, for the 80% target.
    docs, _ = load_documents(docs_dir)
    texts = [c.text for d in docs for c in chunk_document(d, settings.chunking)]
    start = time.perf_counter()
    emb.encode(texts)
    raw = time.perf_counter() - start
    return {
        "chunks": report.chunks_embedded,
        "ingest_s": round(first, 2),
        "ingest_chunks_per_s": round(report.chunks_embedded / first, 1),
        "raw_embed_chunks_per_s": round(len(texts) / raw, 1),
        "ingest_vs_raw": round((report.chunks_embedded / first) / (len(texts) / raw), 3),
        "no_change_reingest_s": round(noop, 3),
    }


def naive_pipeline(docs_dir: Path, work: Path, model_path: str) -> tuple[Any, Any]:
    """The textbook LangChain pipeline: HuggingFaceEmbeddings, Chroma retriever, stuff prompt."""
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_core.prompts import PromptTemplate
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    docs, _ = load_documents(docs_dir)
    splitter = RecursiveCharacterTextSplitter(chunk_size=900, chunk_overlap=0)
    chunks = [
        Document(page_content=piece, metadata={"doc_id": d.id})
        for d in docs
        for piece in splitter.split_text(d.body)
    ]
    emb = HuggingFaceEmbeddings(model_name=model_path, model_kwargs={"device": "cpu"})
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(
        path=str(work / "naive"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    store = Chroma.from_documents(chunks, emb, client=client, collection_name="naive")
    return store.as_retriever(search_kwargs={"k": 4}), PromptTemplate.from_template(PROMPT)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the question set")
    parser.add_argument("--synthetic-chunks", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=Path("artifacts/bench.json"))
    args = parser.parse_args()

    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "when": time.strftime("%Y-%m-%d %H:%M"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        settings = Settings(data_dir=work / "data")
        emb = LocalEmbeddings()
        emb.encode(["warm up"])
        results["shipped"] = measure_ingest(settings.docs_dir, work / "shipped", emb, settings)
        synth_docs = work / "synthetic"
        synth_docs.mkdir()
        synthetic_corpus(settings.docs_dir, synth_docs, args.synthetic_chunks, settings.chunking)
        results["synthetic"] = measure_ingest(synth_docs, work / "synth", emb, settings)

        bot = Assistant.from_settings(settings)
        bot.ingest()
        retriever, prompt = naive_pipeline(settings.docs_dir, work, str(emb.model_path))
        for q in QUESTIONS:  # warm both
            bot.reply(q, session_id="warm")
            prompt.format(
                context="\n\n".join(d.page_content for d in retriever.invoke(q)), question=q
            )

        ours, naive, query_embed, stages = [], [], [], []
        for r in range(args.rounds):
            for i, q in enumerate(QUESTIONS):
                start = time.perf_counter()
                emb.encode([q])
                query_embed.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                turn = bot.reply(q, session_id=f"bench-{r}-{i}")
                ours.append((time.perf_counter() - start) * 1000)
                stages.append(turn.timings_ms)
                start = time.perf_counter()
                docs = retriever.invoke(q)
                prompt.format(context="\n\n".join(d.page_content for d in docs), question=q)
                naive.append((time.perf_counter() - start) * 1000)
        results["turn_ms"] = {
            "harbour_p50": round(pct(ours, 0.5), 2),
            "harbour_p95": round(pct(ours, 0.95), 2),
            "naive_p50": round(pct(naive, 0.5), 2),
            "naive_p95": round(pct(naive, 0.95), 2),
            "ratio_p50_harbour_over_naive": round(pct(ours, 0.5) / pct(naive, 0.5), 2),
            "query_embedding_p50": round(pct(query_embed, 0.5), 2),
            "harbour_minus_embedding_p50": round(pct(ours, 0.5) - pct(query_embed, 0.5), 2),
            "stage_p50": {
                k: round(statistics.median(s.get(k, 0.0) for s in stages), 2)
                for k in ("redact", "embed", "screen", "respond")
            },
            "turns": len(ours),
        }
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
