"""The risk classifier: trained on our examples, cached, and reused from the query embedding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.safety.classifier import ClassifierDataError, RiskClassifier, load_examples
from assistant.testing import HashEmbeddings
from tests.conftest import KNOWLEDGE

EXAMPLES = sorted((KNOWLEDGE / "safety").glob("classifier_examples*.jsonl"))


def test_shipped_examples_cover_every_label() -> None:
    texts, _labels = load_examples(EXAMPLES)
    assert len(texts) >= 100
    assert len(set(texts)) == len(texts)


def test_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "classifier_examples.jsonl"
    path.write_text(json.dumps({"text": "x", "label": "nonsense"}) + "\n")
    with pytest.raises(ClassifierDataError, match=r"classifier_examples.jsonl:1: unknown label"):
        load_examples([path])


def test_weights_are_cached_and_reused(tmp_path: Path) -> None:
    emb = HashEmbeddings()
    first = RiskClassifier.load_or_train(EXAMPLES, tmp_path, emb)
    calls = emb.calls
    again = RiskClassifier.load_or_train(EXAMPLES, tmp_path, emb)
    assert emb.calls == calls  # no re-embedding of the examples
    assert (first.coef == again.coef).all()
    assert len(list(tmp_path.glob("risk_classifier-*.npz"))) == 1


@pytest.mark.slow
def test_real_model_separates_crisis_from_benign(real_embeddings) -> None:  # type: ignore[no-untyped-def]
    clf = RiskClassifier.train(*load_examples(EXAMPLES), real_embeddings)
    crisis = clf.probabilities(real_embeddings.encode(["i can't see any future for myself"])[0])
    benign = clf.probabilities(real_embeddings.encode(["how do I prepare for supervision"])[0])
    assert crisis["crisis_self"] > 0.5
    assert benign["crisis_self"] < 0.2
