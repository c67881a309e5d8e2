"""The `Assistant` facade: one pass per message, from raw text to a checked, cited turn."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from assistant import curation
from assistant.access import verify_passcode
from assistant.composer import Composer, ComposerContent
from assistant.documents import KnowledgeDocument, load_documents
from assistant.embeddings import LocalEmbeddings
from assistant.exercises import ExerciseEngine, ExerciseRun, command_of, load_exercises
from assistant.export import to_markdown, to_pdf
from assistant.gaps import CoverageGaps
from assistant.ingest import MANIFEST_NAME, Ingestor, IngestReport, Manifest, chunk_document
from assistant.journal import Journal, Reflection
from assistant.kblint import Finding, lint
from assistant.llm import (
    BACKEND_NOTICE,
    BackendUnavailableError,
    GroundedGenerator,
    build_chat_model,
    describe,
    generated_turn,
)
from assistant.retrieval import Retrieved, Retriever
from assistant.safety import SafetyLayer
from assistant.settings import LLMSettings, Settings
from assistant.smalltalk import smalltalk_intent
from assistant.store import KnowledgeStore
from assistant.text import clean_message
from assistant.types import Citation, Passage, Risk, Turn

log = logging.getLogger(__name__)

EMPTY_PROMPT = (
    "It looks like that message was empty. Take your time: you can tell me how today went, "
    "or ask about supervision, support, burnout or secondary trauma."
)
MAX_SESSIONS = 1000
HISTORY_TURNS = 8


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = (time.perf_counter() - start) * 1000


@dataclass
class SessionState:
    """What the assistant remembers within one conversation (all text already redacted)."""

    history: deque[tuple[str, Risk]] = field(default_factory=lambda: deque(maxlen=HISTORY_TURNS))
    run: ExerciseRun | None = None


class Assistant:
    """Harbour's single entry point for the UI, the CLI, evaluations and tests."""

    def __init__(
        self,
        settings: Settings,
        embeddings: LocalEmbeddings,
        store: KnowledgeStore,
        manifest: Manifest,
        safety: SafetyLayer,
        journal: Journal | None = None,
        generator: GroundedGenerator | None = None,
        backend_error: str | None = None,
    ) -> None:
        self.settings = settings
        self.journal = journal
        self.generator = generator
        self.backend_error = backend_error
        self.embeddings = embeddings
        self.store = store
        self.manifest = manifest
        self.safety = safety
        self.content = ComposerContent.load(settings.knowledge_dir / "composer.yaml")
        self.composer = Composer(self.content, settings.retrieval.max_sentences)
        self.retriever = Retriever(store, manifest, embeddings, settings.retrieval)
        exercises, errors = load_exercises(settings.exercises_dir)
        for err in errors:
            log.warning("exercise skipped: %s", err)
        self.exercises = ExerciseEngine(exercises)
        self._sessions: OrderedDict[str, SessionState] = OrderedDict()
        self._lock = threading.Lock()
        self.gaps = (
            CoverageGaps(settings.data_dir / "coverage_gaps.sqlite3")
            if settings.trainer.coverage_gaps
            else None
        )

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Assistant:
        """Build the embedded default: local embeddings, Chroma on disk, the grounded composer."""
        settings = settings or Settings()
        settings.ensure_data_dir()
        embeddings = LocalEmbeddings(settings.embedding.model_path, settings.embedding.batch_size)
        store = KnowledgeStore.open(settings.index_dir, settings.chroma.collection, embeddings)
        manifest = Manifest(settings.index_dir / MANIFEST_NAME)
        safety = SafetyLayer.from_settings(settings, embeddings)
        journal = (
            Journal(settings.data_dir / "journal.sqlite3") if settings.journal.enabled else None
        )
        if journal is not None and settings.journal.retention_days:
            journal.purge_older_than(settings.journal.retention_days)
        generator, backend_error = None, None
        try:
            model = build_chat_model(settings.llm)
        except BackendUnavailableError as exc:
            # The app stays up on the composer; the About page and the CLI say what to fix.
            backend_error = str(exc)
            log.error("generative backend unavailable, using the composer: %s", exc)
        else:
            if model is not None:
                generator = GroundedGenerator(model, settings.retrieval.max_sentences + 1)
        log.info(
            "Harbour ready: responder=%s, embeddings=%s, knowledge=%s (%d documents)",
            describe(settings.llm) if generator else "composer",
            embeddings.name,
            settings.docs_dir,
            len(manifest.docs),
        )
        return cls(settings, embeddings, store, manifest, safety, journal, generator, backend_error)

    def warm_up(self) -> None:
        """Load the embedding and NER models now, so the first message is not the slow one."""
        self.safety.redact("warm up")
        self.retriever.embed("warm up")

    # -- knowledge base -------------------------------------------------------------------

    def ingest(self) -> IngestReport:
        return Ingestor(self.store, self.manifest, self.settings.chunking).run(
            self.settings.docs_dir
        )

    def ensure_index(self) -> IngestReport | None:
        """Build the index on first use (an empty manifest); later changes need `kb ingest`."""
        self.manifest.reload()
        if self.manifest.docs:
            return None
        return self.ingest()

    def search(self, query: str, k: int | None = None) -> Retrieved:
        clean = clean_message(query, self.settings.max_message_chars).text
        return self.retriever.search(self.retriever.embed(clean), k)

    # -- curation (the trainers' Knowledge page) -------------------------------------------

    def is_trainer(self, passcode: str = "", email: str | None = None) -> bool:
        """A signed-in trainer email, or the configured passcode (checked in constant time)."""
        cfg = self.settings.trainer
        if email is not None and email.lower() in {e.lower() for e in cfg.emails}:
            return True
        stored = cfg.passcode_hash.get_secret_value() if cfg.passcode_hash else ""
        return bool(stored and passcode) and verify_passcode(passcode, stored)

    def draft_document(
        self, filename: str, data: bytes, fields: dict[str, Any]
    ) -> KnowledgeDocument:
        """Convert and validate an upload; raises `UploadError` or `DocumentError`."""
        return curation.draft(filename, data, fields)

    def preview_chunks(self, doc: KnowledgeDocument) -> list[tuple[str, str]]:
        """How a document will be split: (section, passage) pairs."""
        return [(c.section, c.text) for c in chunk_document(doc, self.settings.chunking)]

    def add_document(self, doc: KnowledgeDocument, replace: bool = False) -> IngestReport:
        curation.save(self.settings.docs_dir, doc, replace=replace)
        return self.ingest()

    def remove_document(self, doc_id: str, retire: bool = False) -> IngestReport:
        retired = self.settings.knowledge_dir / "retired" if retire else None
        curation.remove(self.settings.docs_dir, doc_id, retired)
        return self.ingest()

    def update_metadata(self, doc_id: str, fields: dict[str, Any]) -> IngestReport:
        """Rewrite a document's front matter from the form; the body stays as it is."""
        doc = self.document(doc_id)
        if doc is None:
            raise curation.UploadError(f"no document with id '{doc_id}'")
        text = curation.render(doc.meta.model_dump(mode="json"), doc.body)
        new = curation.draft(doc.path.name, text.encode("utf-8"), {**fields, "id": doc_id})
        curation.save(self.settings.docs_dir, new, replace=True)
        return self.ingest()

    def document(self, doc_id: str) -> KnowledgeDocument | None:
        docs, _ = load_documents(self.settings.docs_dir)
        return next((d for d in docs if d.id == doc_id), None)

    def lint(self) -> list[Finding]:
        return lint(self.settings.docs_dir, self.settings.chunking)

    def playground(self, query: str) -> list[dict[str, Any]]:
        """Ranked passages for a question, with their scores and whether the answer cites them."""
        found = self.search(query, k=max(8, self.settings.retrieval.top_k))
        answer = self.composer.compose(query, found.relevant, self.topics())
        cited = {p.chunk_id for p in answer.passages}
        return [
            {
                "rank": rank,
                "score": round(p.score, 3),
                "document": p.doc_id,
                "section": p.section,
                "relevant": p in found.relevant,
                "cited": p.chunk_id in cited,
                "text": p.text,
            }
            for rank, p in enumerate(found.ranked, start=1)
        ]

    def topics(self) -> list[str]:
        """The knowledge base's commonest topics, for saying what it does cover."""
        self.manifest.reload()
        counts = Counter(t for e in self.manifest.docs.values() for t in e.get("topics", []))
        return [topic for topic, _ in counts.most_common(8)]

    def about(self) -> dict[str, Any]:
        self.manifest.reload()
        return {
            "responder": describe(self.settings.llm if self.generator else LLMSettings()),
            "backend_error": self.backend_error,
            "embedding_model": self.embeddings.name,
            "knowledge_dir": str(self.settings.docs_dir),
            "documents": len(self.manifest.docs),
            "chunks": self.store.count(),
            "locale": self.safety.locale.id,
        }

    def latest_evaluation(self) -> dict[str, Any] | None:
        """The newest evaluation results, for the read-only Evaluations page."""
        path = self.settings.reports_dir / "results.json"
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None
        return data

    # -- exercises and the journal ----------------------------------------------------------

    def exercise_titles(self) -> dict[str, str]:
        """Exercise id -> title, for suggestion chips."""
        return {k: v.title for k, v in sorted(self.exercises.exercises.items())}

    def start_exercise(self, exercise_id: str, session_id: str, **kwargs: Any) -> Turn:
        """Start an exercise from a chip: the same path as typing its name."""
        title = self.exercises.exercises[exercise_id].title
        return self.reply(f"Take me through {title}", session_id, **kwargs)

    def reflections(self, user: str = "local", query: str = "") -> list[Reflection]:
        return self.journal.reflections(user, query) if self.journal else []

    def reflection(self, reflection_id: int, user: str = "local") -> Reflection | None:
        return self.journal.reflection(user, reflection_id) if self.journal else None

    def delete_reflection(self, reflection_id: int, user: str = "local") -> bool:
        return bool(self.journal and self.journal.delete_reflection(user, reflection_id))

    def delete_all_data(self, user: str = "local") -> None:
        """Forget this worker entirely: journal rows and in-memory sessions."""
        if self.journal is not None:
            self.journal.delete_all(user)
        with self._lock:
            for key in [k for k in self._sessions if k.startswith(f"{user}\x00")]:
                del self._sessions[key]

    @staticmethod
    def export_markdown(reflection: Reflection) -> str:
        return to_markdown(reflection)

    @staticmethod
    def export_pdf(reflection: Reflection) -> bytes:
        return to_pdf(reflection)

    # -- conversation ---------------------------------------------------------------------

    def _session(self, session_id: str, user: str) -> SessionState:
        key = f"{user}\x00{session_id}"
        with self._lock:
            state = self._sessions.pop(key, None)
            if state is None:
                state = self._restore(session_id, user)
            self._sessions[key] = state
            while len(self._sessions) > MAX_SESSIONS:
                self._sessions.popitem(last=False)
            return state

    def _restore(self, session_id: str, user: str) -> SessionState:
        """A session continued from the journal (after a restart, or from the CLI)."""
        state = SessionState()
        if self.journal is None:
            return state
        for msg in self.journal.messages(session_id, user):
            if msg.role == "user":
                risk = Risk(msg.tier, msg.subject, msg.categories)  # type: ignore[arg-type]
                state.history.append((msg.text, risk))
        run = self.journal.load_run(session_id, user)
        if run is not None and run.exercise_id in self.exercises.exercises:
            state.run = run
        return state

    def reply(
        self,
        message: object,
        session_id: str = "default",
        *,
        user: str = "local",
        incognito: bool = False,
        on_text: Callable[[str], None] | None = None,
    ) -> Turn:
        """Answer one user message: clean, redact, screen, then template or grounded answer.

        `user` keeps each worker's journal apart; `incognito` persists nothing at all.
        `on_text` receives a generated answer as it streams (only with a generative backend).
        """
        started = time.perf_counter()
        clean = clean_message(message, self.settings.max_message_chars)
        if not clean.text:
            return Turn(text=EMPTY_PROMPT, kind="notice")
        state = self._session(session_id, user)
        was_done = state.run is not None and state.run.status == "done"
        timings: dict[str, float] = {}
        with _timed(timings, "redact"):
            redaction = self.safety.redact(clean.text)
        text = redaction.text
        with _timed(timings, "embed"):
            vector = self.retriever.embed(text)
        with _timed(timings, "screen"):
            # Rules read the unredacted text (in memory only), so redaction never hides a risk.
            risk = self.safety.screen(clean.text, vector, [r for _, r in state.history])

        with _timed(timings, "respond"):
            turn = self.safety.respond(risk)
            if turn is not None and state.run is not None and state.run.status == "active":
                # Safety comes first: the exercise waits, and can be resumed afterwards.
                state.run.status = "paused"
                turn.notices.append(
                    "I've paused the exercise. When you're ready, type *resume* to carry on."
                )
            if turn is None:
                turn = self._exercise(state, text)
            if turn is None:
                turn = self._answer(text, vector, on_text)
                if turn.kind == "no_answer" and risk.tier == "low" and self.exercises.exercises:
                    turn = self.composer.supportive_no_answer(self._gentlest_exercise())
            turn.risk = risk
            turn = self.safety.check_output(turn)

        if redaction.found:
            turn.notices.append(self.safety.templates.confidentiality_reminder)
        if clean.truncated:
            turn.notices.append(
                f"Your message was very long ({clean.original_length:,} characters), so I read "
                f"the first {self.settings.max_message_chars:,}. You can send the rest in "
                "another message."
            )
        if risk.tier == "low" and turn.kind in {"answer", "no_answer"}:
            turn.notices.append(self.safety.templates.distress_note)
        state.history.append((text, risk))
        if (
            self.gaps is not None
            and not incognito
            and turn.kind == "no_answer"
            and not risk.is_risky
        ):
            self.gaps.record(text)
        self.safety.audit(session_id, risk, turn.kind)
        if self.journal is not None and not incognito:
            self._persist(
                self.journal, session_id, user, state, text, turn, newly_done=not was_done
            )
        timings["total"] = (time.perf_counter() - started) * 1000
        turn.timings_ms = timings
        return turn

    def _persist(
        self,
        journal: Journal,
        session_id: str,
        user: str,
        state: SessionState,
        text: str,
        turn: Turn,
        newly_done: bool,
    ) -> None:
        risk = (turn.risk.tier, turn.risk.subject, turn.risk.categories)
        journal.add_message(session_id, user, "user", text, "user", risk)
        journal.add_message(session_id, user, "assistant", turn.text, turn.kind)
        run = state.run
        if run is None:
            return
        journal.save_run(session_id, user, run)
        if run.status == "done" and newly_done and turn.kind == "exercise":
            exercise = self.exercises.exercises[run.exercise_id]
            journal.add_reflection(
                user,
                session_id,
                run.exercise_id,
                exercise.summary.title,
                self.exercises.summary(run),
            )

    def session_history(self, session_id: str, user: str = "local") -> list[str]:
        """The (redacted) user messages this session has kept."""
        state = self._sessions.get(f"{user}\x00{session_id}")
        return [text for text, _ in state.history] if state else []

    def _exercise(self, state: SessionState, text: str) -> Turn | None:
        """The next exercise step, if one is running or the message starts or resumes one."""
        engine, run = self.exercises, state.run
        command = command_of(text)
        if run is not None and run.status == "active":
            if command == "skip":
                reply = engine.skip(run)
            elif command == "back":
                reply = engine.back(run)
            elif command == "pause":
                reply = engine.pause(run)
            elif command == "stop":
                reply = engine.stop(run)
            else:
                step = engine.exercises[run.exercise_id].steps[run.step]
                reply = self._reworded(engine.answer(run, text))
                pointer = self._pointer(step.knowledge_query) if step.knowledge_query else None
                if pointer is not None:
                    citation, passage = pointer
                    reply = reply.replace(
                        "\n\n",
                        f"\n\nYou might find this useful: **{citation.title}**, "
                        f"{citation.section} [1].\n\n",
                        1,
                    )
                    return Turn(
                        text=reply,
                        kind="exercise",
                        exercise=engine.state(run),
                        citations=[citation],
                        passages=[passage],
                    )
        elif run is not None and run.status == "paused" and command == "resume":
            reply = engine.resume(run)
        elif (exercise_id := engine.detect(text)) is not None:
            state.run, reply = engine.start(exercise_id)
            run = state.run
        else:
            return None
        return Turn(text=reply, kind="exercise", exercise=engine.state(run))

    def _reworded(self, reply: str) -> str:
        """Let the model reword the acknowledgement; the step that follows stays as written."""
        if self.generator is None or not self.settings.llm.rephrase_exercises:
            return reply
        ack, sep, rest = reply.partition("\n\n")
        new = self.generator.rephrase(ack)
        return f"{new}{sep}{rest}" if new else reply

    def _pointer(self, query: str) -> tuple[Citation, Passage] | None:
        """The one knowledge passage that best fits an exercise step, if any is relevant."""
        found = self.retriever.search(self.retriever.embed(query), k=1).relevant
        if not found:
            return None
        p = found[0]
        return Citation(p.doc_id, p.title, p.section, p.path), p

    def _gentlest_exercise(self) -> str:
        """The shortest exercise: the least to ask of someone having a hard time."""
        shortest = min(self.exercises.exercises.values(), key=lambda e: e.duration_minutes)
        return shortest.title

    def _answer(self, text: str, vector: Any, on_text: Callable[[str], None] | None = None) -> Turn:
        intent = smalltalk_intent(text)
        if intent is not None:
            reply = getattr(self.content.smalltalk, intent)
            return Turn(text=reply.strip(), kind="smalltalk")
        retrieved = self.retriever.search(vector)
        composed = self.composer.compose(text, retrieved.relevant, self.topics())
        if self.generator is None or composed.kind != "answer":
            return composed  # nothing relevant: say so, never let a model improvise
        generated = self.generator.generate(text, retrieved.relevant, on_text)
        if generated.failed is None:
            return generated_turn(generated.text, retrieved.relevant)
        log.warning(
            "generated answer replaced by the composer's: %s check failed", generated.failed
        )
        composed.fallback = generated.failed
        if generated.failed == "backend":
            composed.notices.append(BACKEND_NOTICE)
        return composed
