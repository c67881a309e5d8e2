"""Test doubles shared by tests, demos and eval smoke runs: a deterministic embedder."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.embeddings import LocalEmbeddings
from assistant.text import content_words

if TYPE_CHECKING:
    from numpy.typing import NDArray


class HashEmbeddings(LocalEmbeddings):
    """Bag of hashed content words: texts sharing words are close. No model, instant."""

    def __init__(self, dimension: int = 64) -> None:
        super().__init__(model_path=Path("hash-embeddings"), batch_size=64)
        self._dimension = dimension
        self.calls = 0

    @property
    def name(self) -> str:
        return f"hash-{self._dimension}"

    @property
    def dimension(self) -> int:
        return self._dimension

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        self.calls += 1
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in content_words(text) or {"empty"}:
                digest = hashlib.blake2b(word.encode("utf-8"), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self._dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        normalised: NDArray[np.float32] = out / np.maximum(norms, 1e-9)
        return normalised
