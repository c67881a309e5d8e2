"""A small risk classifier: logistic regression over the query embedding already computed."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from assistant.embeddings import LocalEmbeddings

log = logging.getLogger(__name__)

LABELS = ("benign", "distress", "crisis_self", "means", "safeguarding")


class ClassifierDataError(ValueError):
    """The labelled examples file is missing or malformed."""


def load_examples(paths: list[Path]) -> tuple[list[str], list[str]]:
    """Read `{"text", "label"}` lines from every file; every problem names the file and line."""
    texts: list[str] = []
    labels: list[str] = []
    for path in paths:
        _read_file(path, texts, labels)
    if len(set(labels)) < len(LABELS):
        raise ClassifierDataError(
            f"{[p.name for p in paths]}: need examples of every label {LABELS}"
        )
    return texts, labels


def _read_file(path: Path, texts: list[str], labels: list[str]) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ClassifierDataError(f"{path}: cannot be read ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, label = str(row["text"]), str(row["label"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ClassifierDataError(f"{path}:{number}: expected {{'text', 'label'}}") from exc
        if label not in LABELS:
            raise ClassifierDataError(f"{path}:{number}: unknown label {label!r}")
        texts.append(text)
        labels.append(label)


@dataclass
class RiskClassifier:
    """Multinomial logistic regression weights; prediction is one matrix product."""

    coef: NDArray[np.float32]
    intercept: NDArray[np.float32]
    classes: tuple[str, ...]

    def probabilities(self, vector: NDArray[np.float32]) -> dict[str, float]:
        logits = self.coef @ vector + self.intercept
        logits = logits - logits.max()
        exp = np.exp(logits)
        probs = exp / exp.sum()
        return {label: float(p) for label, p in zip(self.classes, probs, strict=True)}

    @classmethod
    def train(
        cls, texts: list[str], labels: list[str], embeddings: LocalEmbeddings
    ) -> RiskClassifier:
        from sklearn.linear_model import LogisticRegression  # only needed when (re)training

        x = embeddings.encode(texts)
        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
        model.fit(x, labels)
        return cls(
            coef=model.coef_.astype(np.float32),
            intercept=model.intercept_.astype(np.float32),
            classes=tuple(str(c) for c in model.classes_),
        )

    @classmethod
    def load_or_train(
        cls, examples: list[Path], cache_dir: Path, embeddings: LocalEmbeddings
    ) -> RiskClassifier:
        """Reuse cached weights when the examples and model are unchanged; else retrain."""
        hasher = hashlib.sha256()
        for path in sorted(examples):
            hasher.update(path.name.encode() + b"\0" + path.read_bytes())
        digest = hasher.hexdigest()[:16]
        key = f"{digest}-{embeddings.name}"
        cache = cache_dir / f"risk_classifier-{key}.npz"
        if cache.exists():
            data = np.load(cache, allow_pickle=False)
            return cls(
                coef=data["coef"],
                intercept=data["intercept"],
                classes=tuple(str(c) for c in data["classes"]),
            )
        texts, labels = load_examples(examples)
        log.info("training the risk classifier on %d examples", len(texts))
        clf = cls.train(texts, labels, embeddings)
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in cache_dir.glob("risk_classifier-*.npz"):
            old.unlink()
        tmp = cache.with_suffix(".tmp.npz")
        np.savez(tmp, coef=clf.coef, intercept=clf.intercept, classes=np.array(clf.classes))
        tmp.replace(cache)
        return clf
