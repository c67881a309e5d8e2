"""The Chroma vector store: one shared client, our own embedding function, cosine search."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import chromadb
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.config import Settings as ChromaClientSettings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.embeddings import LocalEmbeddings
from assistant.types import Passage

if TYPE_CHECKING:
    import numpy as np
    from langchain_core.vectorstores import VectorStore
    from numpy.typing import NDArray

log = logging.getLogger(__name__)


class StoreUnavailableError(RuntimeError):
    """The vector store could not be opened or reached; the message says what to do."""


@register_embedding_function
class HarbourEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma-facing adapter over `LocalEmbeddings`, so Chroma never falls back to its downloader."""

    def __init__(self, model_path: str | None = None, embeddings: LocalEmbeddings | None = None):
        self._embeddings = embeddings or LocalEmbeddings(Path(model_path) if model_path else None)

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embeddings.encode(list(input)))

    @staticmethod
    def name() -> str:
        return "harbour-local"

    def default_space(self) -> Space:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"model_path": str(self._embeddings.model_path)}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HarbourEmbeddingFunction:
        return HarbourEmbeddingFunction(model_path=config.get("model_path"))


@dataclass(frozen=True)
class ChunkRecord:
    """What the store keeps for one chunk: text, metadata and the text that was embedded."""

    chunk_id: str
    doc_id: str
    title: str
    section: str
    path: str
    text: str

    def metadata(self) -> dict[str, str]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "section": self.section,
            "path": self.path,
        }


def open_client(path: Path) -> Any:
    """A Chroma PersistentClient with telemetry off."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(
            path=str(path),
            settings=ChromaClientSettings(anonymized_telemetry=False, allow_reset=False),
        )
    except Exception as exc:
        raise StoreUnavailableError(
            f"Could not open the knowledge index at {path} ({exc}). "
            "Check the data directory is writable, or delete it and run `make ingest` again."
        ) from exc


class KnowledgeStore:
    """Knowledge chunks in one Chroma collection, searched by precomputed query vectors."""

    def __init__(self, client: Any, collection: str, embeddings: LocalEmbeddings) -> None:
        self.client = client
        self.embeddings = embeddings
        self.collection_name = collection
        self._ef = HarbourEmbeddingFunction(embeddings=embeddings)
        self.collection = client.get_or_create_collection(
            name=collection,
            embedding_function=self._ef,
            configuration={"hnsw": {"space": "cosine"}},
        )

    @classmethod
    def open(cls, index_dir: Path, collection: str, embeddings: LocalEmbeddings) -> KnowledgeStore:
        return cls(open_client(index_dir), collection, embeddings)

    def count(self) -> int:
        return int(self.collection.count())

    def ids_by_doc(self) -> dict[str, set[str]]:
        """Every stored chunk id, grouped by the document it belongs to."""
        got = self.collection.get(include=["metadatas"])
        grouped: dict[str, set[str]] = defaultdict(set)
        for chunk_id, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
            grouped[str((meta or {}).get("doc_id", ""))].add(chunk_id)
        return dict(grouped)

    def upsert(self, records: list[ChunkRecord], vectors: NDArray[np.float32]) -> None:
        if not records:
            return
        self.collection.upsert(
            ids=[r.chunk_id for r in records],
            embeddings=vectors,
            documents=[r.text for r in records],
            metadatas=[r.metadata() for r in records],
        )

    def delete(self, ids: list[str]) -> None:
        if ids:
            self.collection.delete(ids=ids)

    def search(self, vector: NDArray[np.float32], k: int) -> list[Passage]:
        """Top-k chunks by cosine similarity to an already-embedded query."""
        n = self.count()
        if n == 0:
            return []
        res = self.collection.query(
            query_embeddings=[vector],
            n_results=min(k, n),
            include=["documents", "metadatas", "distances"],
        )
        passages = []
        for chunk_id, text, meta, dist in zip(
            res["ids"][0],
            res["documents"][0],
            res["metadatas"][0],
            res["distances"][0],
            strict=True,
        ):
            passages.append(
                Passage(
                    chunk_id=chunk_id,
                    doc_id=str(meta["doc_id"]),
                    title=str(meta["title"]),
                    section=str(meta["section"]),
                    path=str(meta["path"]),
                    text=text,
                    score=1.0 - float(dist),
                )
            )
        return passages

    def as_langchain(self) -> VectorStore:
        """The same collection as a LangChain `VectorStore`, sharing this client."""
        from langchain_chroma import Chroma

        return Chroma(
            client=self.client,
            collection_name=self.collection_name,
            embedding_function=self.embeddings,
        )
