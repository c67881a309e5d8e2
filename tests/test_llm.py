"""Generative backends: grounded, checked, redacted, and always falling back to the composer."""

from __future__ import annotations

import itertools
import socket
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult
from pydantic import Field, SecretStr

from assistant.grounding import grounding_problems
from assistant.llm import (
    BACKEND_NOTICE,
    BackendUnavailableError,
    GroundedGenerator,
    build_chat_model,
    check_grounding,
    describe,
    generated_turn,
    tidy_citations,
)
from assistant.settings import LLMSettings
from assistant.types import Passage

PASSAGES = [
    Passage(
        "a:1",
        "supervision-functions",
        "Supervision",
        "The supportive function",
        "a.md",
        "The supportive function of supervision gives you space to talk about how the work "
        "affects you. A good supervisor notices stress and helps you plan support.",
        0.7,
    ),
    Passage(
        "b:1",
        "after-a-hard-visit",
        "After a hard visit",
        "A pause",
        "b.md",
        "Where you can, take a short pause of ten to twenty minutes before your next visit.",
        0.6,
    ),
]


class RecordingChat(GenericFakeChatModel):
    """LangChain's fake chat model that also keeps exactly what it was sent."""

    sent: list[list[BaseMessage]] = Field(default_factory=list)

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        self.sent.append(messages)
        return super()._generate(messages, *args, **kwargs)


class FailingChat(GenericFakeChatModel):
    """A backend that streams a few words, then times out."""

    def _stream(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Iterator[Any]:
        yield from list(super()._stream(messages, *args, **kwargs))[:3]
        raise TimeoutError("server took too long")


def chat(*replies: str) -> RecordingChat:
    return RecordingChat(messages=iter([AIMessage(content=r) for r in replies]))


def sent_text(model: RecordingChat) -> str:
    return "\n".join(str(m.content) for batch in model.sent for m in batch)


# -- the checks, without a model ------------------------------------------------------------


def test_a_supported_cited_answer_passes() -> None:
    text = (
        "That sounds like a lot. Supervision gives you space to talk about how the work "
        "affects you [1]. Take a short pause before your next visit [2]."
    )
    assert check_grounding(text, PASSAGES) is None


@pytest.mark.parametrize(
    ("text", "failed"),
    [
        ("Supervision gives you space to talk about the work.", "citations"),
        ("Supervision gives you space to talk about the work [3].", "citations"),
        ("Supervision gives you space to talk about the work [0].", "citations"),
        (
            "Supervision helps [1]. Research shows ninety percent of social workers leave "
            "within five years of qualifying and never come back.",
            "unsourced",
        ),
        ("Mindfulness apps cure burnout in most teams within a month [1].", "support"),
    ],
)
def test_each_grounding_failure_is_named(text: str, failed: str) -> None:
    assert check_grounding(text, PASSAGES) == failed


def test_markers_after_the_full_stop_move_inside_the_sentence() -> None:
    assert tidy_citations("Talk to your supervisor. [1] Take a pause.[2]") == (
        "Talk to your supervisor [1]. Take a pause [2]."
    )


def test_generated_turn_renumbers_sources_in_order_of_use() -> None:
    text = (
        "Take a short pause before your next visit [2]. Supervision gives you space to "
        "talk about how the work affects you [1]."
    )
    turn = generated_turn(text, PASSAGES)
    assert turn.responder == "llm"
    assert [c.doc_id for c in turn.citations] == ["after-a-hard-visit", "supervision-functions"]
    assert turn.text.startswith("Take a short pause before your next visit [1].")
    assert "[2]." in turn.text
    assert grounding_problems(turn, set()) == []


# -- providers --------------------------------------------------------------------------------


def test_no_provider_means_no_model() -> None:
    assert build_chat_model(LLMSettings()) is None


def test_a_missing_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "langchain_ollama", None)
    with pytest.raises(BackendUnavailableError, match=r"pip install -e '\.\[ollama\]'"):
        build_chat_model(LLMSettings(provider="ollama"))


def test_llamacpp_needs_a_model_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        with pytest.raises(BackendUnavailableError, match=r"\.\[llamacpp\]"):
            build_chat_model(LLMSettings(provider="llamacpp"))
    else:
        with pytest.raises(BackendUnavailableError, match="GGUF"):
            build_chat_model(LLMSettings(provider="llamacpp", model_path=tmp_path / "none.gguf"))


def test_openai_without_key_or_server_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(BackendUnavailableError, match="HARBOUR_LLM__API_KEY"):
        build_chat_model(LLMSettings(provider="openai"))


def test_the_api_key_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk-test-0123456789abcdef"
    monkeypatch.setenv("HARBOUR_LLM__PROVIDER", "openai")
    monkeypatch.setenv("HARBOUR_LLM__API_KEY", secret)
    from assistant.settings import Settings

    settings = Settings()
    assert isinstance(settings.llm.api_key, SecretStr)
    assert secret not in repr(settings)
    assert secret not in str(settings.model_dump())
    assert secret not in describe(settings.llm)


# -- through the assistant ---------------------------------------------------------------------

QUESTION = "How can supervision help me after a hard home visit?"


@pytest.fixture
def with_model(bot, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Attach a chat model to the shared assistant for one test."""

    def attach(model: GenericFakeChatModel) -> GenericFakeChatModel:
        monkeypatch.setattr(bot, "generator", GroundedGenerator(model))
        return model

    return attach


def _grounded_reply(bot) -> str:  # type: ignore[no-untyped-def]
    """A reply a good model would write: one supported sentence per retrieved passage."""
    passages = bot.search(QUESTION).relevant
    first = passages[0].text.split(". ")[0].rstrip(".")
    return f"I'm sorry the visit was so hard. {first} [1]."


@pytest.mark.slow
def test_a_grounded_generated_answer_streams_and_cites(bot, with_model, session_id) -> None:  # type: ignore[no-untyped-def]
    model = with_model(chat(_grounded_reply(bot)))
    streamed: list[str] = []
    turn = bot.reply(QUESTION, session_id=session_id, on_text=streamed.append, incognito=True)
    assert turn.kind == "answer"
    assert turn.responder == "llm", turn.fallback
    assert turn.fallback is None
    assert turn.citations and turn.citations[0].doc_id == bot.search(QUESTION).relevant[0].doc_id
    assert grounding_problems(turn, set()) == []
    assert len(model.sent) == 1
    # Sentence by sentence: each update extends the last, and the first sentence came early.
    assert len(streamed) >= 2
    assert all(later.startswith(earlier) for earlier, later in itertools.pairwise(streamed))
    assert streamed[0].strip() == "I'm sorry the visit was so hard."


@pytest.mark.slow
@pytest.mark.parametrize(
    ("reply", "failed"),
    [
        ("Supervision helps after a hard visit [7].", "citations"),
        ("You should simply stop caring so much about families, it is the only way.", "citations"),
        ("Your manager must give you three days of paid leave after any visit [1].", "support"),
    ],
)
def test_an_ungrounded_answer_falls_back_to_the_composer(  # type: ignore[no-untyped-def]
    bot, with_model, session_id, reply, failed
) -> None:
    composed = bot.reply(QUESTION, session_id=f"{session_id}-plain", incognito=True)
    with_model(chat(reply))
    turn = bot.reply(QUESTION, session_id=session_id, incognito=True)
    assert turn.fallback == failed
    assert turn.responder == "composer"
    assert turn.text == composed.text
    assert BACKEND_NOTICE not in turn.notices  # a failed check is logged, not shown


@pytest.mark.slow
def test_method_details_never_stream_and_fall_back(bot, with_model, session_id) -> None:  # type: ignore[no-untyped-def]
    unsafe = (
        "Supervision helps [1]. A drop of 30 metres from a tall building is rarely survived [1]."
    )
    with_model(chat(unsafe))
    streamed: list[str] = []
    turn = bot.reply(QUESTION, session_id=session_id, on_text=streamed.append, incognito=True)
    assert turn.fallback == "output_check"
    assert not any("metres" in s for s in streamed)
    assert "metres" not in turn.full_text


@pytest.mark.slow
def test_crisis_and_safeguarding_never_reach_the_model(bot, with_model, session_id) -> None:  # type: ignore[no-untyped-def]
    model = with_model(chat("This should never be used [1]."))
    crisis = bot.reply("I want to kill myself tonight", session_id=session_id, incognito=True)
    safeguarding = bot.reply(
        "the child told me her stepdad hits her and asked me to keep it secret",
        session_id=f"{session_id}-sg",
        incognito=True,
    )
    assert (crisis.kind, crisis.responder) == ("crisis", "template")
    assert (safeguarding.kind, safeguarding.responder) == ("safeguarding", "template")
    assert model.sent == []


@pytest.mark.slow
def test_questions_the_knowledge_base_does_not_cover_never_reach_the_model(  # type: ignore[no-untyped-def]
    bot, with_model, session_id
) -> None:
    model = with_model(chat("Paris is the capital of France [1]."))
    turn = bot.reply("what is the capital of france", session_id=session_id, incognito=True)
    assert turn.kind in {"no_answer", "scope"}
    assert model.sent == []


@pytest.mark.slow
def test_only_redacted_text_is_sent(bot, with_model, session_id) -> None:  # type: ignore[no-untyped-def]
    model = with_model(chat(_grounded_reply(bot)))
    identifiers = ["Jayden Okafor", "07700 900123", "943 476 5919", "SW1A 1AA"]
    message = (
        f"After visiting {identifiers[0]} (mobile {identifiers[1]}, NHS number "
        f"{identifiers[2]}, postcode {identifiers[3]}) how can supervision help me?"
    )
    bot.reply(message, session_id=session_id, incognito=True)
    sent = sent_text(model)
    assert "supervision help me" in sent
    for identifier in identifiers:
        assert identifier not in sent
    assert "Okafor" not in sent


@pytest.mark.slow
def test_a_backend_that_times_out_falls_back_with_a_notice(bot, with_model, session_id) -> None:  # type: ignore[no-untyped-def]
    with_model(FailingChat(messages=iter([AIMessage(content="Supervision helps you a lot [1].")])))
    turn = bot.reply(QUESTION, session_id=session_id, incognito=True)
    assert (turn.kind, turn.fallback) == ("answer", "backend")
    assert BACKEND_NOTICE in turn.notices
    assert turn.citations


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_openai_provider_at_a_closed_port_falls_back(bot, monkeypatch, session_id) -> None:  # type: ignore[no-untyped-def]
    cfg = LLMSettings(
        provider="openai",
        base_url=f"http://127.0.0.1:{_closed_port()}/v1",
        model="any",
        timeout_s=3,
        max_retries=0,
    )
    model = build_chat_model(cfg)
    assert model is not None
    monkeypatch.setattr(bot, "generator", GroundedGenerator(model))
    turn = bot.reply(QUESTION, session_id=session_id, incognito=True)
    assert (turn.kind, turn.fallback, turn.responder) == ("answer", "backend", "composer")
    assert BACKEND_NOTICE in turn.notices


@pytest.mark.slow
def test_exercises_reword_only_the_acknowledgement(bot, with_model, session_id) -> None:  # type: ignore[no-untyped-def]
    with_model(chat("Thank you for putting that into words.", "Is this a question?"))
    start = bot.reply("take me through gibbs", session_id=session_id, incognito=True)
    assert start.kind == "exercise"
    first = bot.reply(
        "A tense visit with a dad who shouted.", session_id=session_id, incognito=True
    )
    assert first.text.startswith("Thank you for putting that into words.")
    assert "**Step 2 of" in first.text
    second = bot.reply("I felt frightened and small.", session_id=session_id, incognito=True)
    assert "Is this a question?" not in second.text  # a reworded ack may not ask things
    assert "**Step 3 of" in second.text
