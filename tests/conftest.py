"""Shared fixtures: every test gets its own data directory; the real model is loaded once."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

FIXTURES = Path(__file__).parent / "fixtures"
KNOWLEDGE = PROJECT_ROOT / "knowledge"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test ever writes into the real ./data directory."""
    data = tmp_path / "data"
    monkeypatch.setenv("HARBOUR_DATA_DIR", str(data))
    return data


@pytest.fixture
def fixture_docs(tmp_path: Path) -> Path:
    """A writable copy of three tiny test documents."""
    dest = tmp_path / "knowledge" / "docs"
    shutil.copytree(FIXTURES / "docs", dest)
    return dest


@pytest.fixture(scope="session")
def real_embeddings():  # type: ignore[no-untyped-def]
    from assistant.embeddings import LocalEmbeddings

    return LocalEmbeddings()


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory, real_embeddings):  # type: ignore[no-untyped-def]
    """The real embedded assistant over the shipped knowledge base, indexed once per run."""
    from assistant.pipeline import Assistant

    settings = Settings(data_dir=tmp_path_factory.mktemp("bot-data"), knowledge_dir=KNOWLEDGE)
    assistant = Assistant.from_settings(settings)
    report = assistant.ingest()
    assert report.ok, [str(e) for e in report.errors]
    return assistant


@pytest.fixture
def session_id(request: pytest.FixtureRequest) -> Iterator[str]:
    return f"test-{request.node.name}"
