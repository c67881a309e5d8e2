"""Retrieval: embed a question once, fetch committed passages, keep those above the threshold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.embeddings import LocalEmbeddings
from assistant.ingest import Manifest
from assistant.settings import RetrievalSettings
from assistant.store import KnowledgeStore
from assistant.types import Passage

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


@dataclass(frozen=True)
class Retrieved:
    """Ranked passages for one question, and the ones relevant enough to answer from."""

    ranked: list[Passage]
    relevant: list[Passage]


class Retriever:
    """Top-k search over the knowledge store, trusting only chunks the manifest has committed."""

    def __init__(
        self,
        store: KnowledgeStore,
        manifest: Manifest,
        embeddings: LocalEmbeddings,
        settings: RetrievalSettings,
    ) -> None:
        self.store = store
        self.manifest = manifest
        self.embeddings = embeddings
        self.settings = settings

    def embed(self, text: str) -> NDArray[np.float32]:
        vector: NDArray[np.float32] = self.embeddings.encode([text])[0]
        return vector

    def search(self, vector: NDArray[np.float32], k: int | None = None) -> Retrieved:
        k = k or self.settings.top_k
        committed = self.manifest.committed_chunks()
        # Ask for extra so that chunks of a half-applied update can be dropped without
        # leaving the answer short.
        ranked = [p for p in self.store.search(vector, k * 2) if p.chunk_id in committed][:k]
        relevant = [p for p in ranked if p.score >= self.settings.min_score]
        return Retrieved(ranked=ranked, relevant=relevant)
