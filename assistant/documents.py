"""Knowledge documents: parse Markdown with YAML front matter and validate it, naming file and field."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

MAX_DOC_BYTES = 20 * 1024 * 1024
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?(.*)\Z", re.DOTALL)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,80}$")


class DocumentError(ValueError):
    """A knowledge document cannot be used; the message names the file and what to fix."""

    def __init__(self, path: Path, problem: str, field: str | None = None) -> None:
        self.path = path
        self.field = field
        self.problem = problem
        where = f"{path.name}: field '{field}'" if field else path.name
        super().__init__(f"{where}: {problem}")


class FrontMatter(BaseModel):
    """The fields every knowledge document declares at the top."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(description="Lowercase slug, unique across the knowledge base.")
    title: str = Field(min_length=3)
    topics: list[str] = Field(min_length=1)
    audience: list[str] = Field(min_length=1)
    summary: str = Field(min_length=10)
    sources: list[str] = Field(min_length=1, description="Published works the facts come from.")
    reviewed_by: str = Field(min_length=2)
    review_due: dt.date

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("must be a lowercase slug of letters, digits and hyphens")
        return value

    @field_validator("topics", "audience", "sources")
    @classmethod
    def _no_blank_items(cls, value: list[str]) -> list[str]:
        if any(not str(item).strip() for item in value):
            raise ValueError("must not contain empty items")
        return [str(item).strip() for item in value]


@dataclass(frozen=True)
class KnowledgeDocument:
    """A validated document: its metadata, Markdown body and content hash."""

    meta: FrontMatter
    body: str
    path: Path
    content_hash: str

    @property
    def id(self) -> str:
        return self.meta.id


def parse_document(path: Path, raw: bytes | None = None) -> KnowledgeDocument:
    """Read and validate one Markdown document; raise `DocumentError` naming what is wrong."""
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise DocumentError(path, f"cannot be read ({exc.strerror})") from exc
    if len(raw) > MAX_DOC_BYTES:
        raise DocumentError(path, f"is larger than {MAX_DOC_BYTES // (1024 * 1024)} MB")
    if not raw.strip():
        raise DocumentError(path, "is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            path, f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8 and try again"
        ) from exc
    text = text.lstrip("\ufeff")
    match = FRONT_MATTER.match(text)
    if not match:
        raise DocumentError(path, "has no YAML front matter between '---' lines at the top")
    try:
        data: Any = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise DocumentError(path, f"front matter is not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise DocumentError(path, "front matter must be a mapping of field: value")
    try:
        meta = FrontMatter.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        problem = "is missing (it is required)" if first["type"] == "missing" else first["msg"]
        raise DocumentError(path, problem.lower(), field=field) from exc
    body = match.group(2).strip()
    if len(body) < 40:
        raise DocumentError(path, "has front matter but almost no body text")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return KnowledgeDocument(meta=meta, body=body, path=path, content_hash=digest)


def load_documents(docs_dir: Path) -> tuple[list[KnowledgeDocument], list[DocumentError]]:
    """Parse every `*.md` under `docs_dir`; bad files are reported, good ones still load."""
    docs: list[KnowledgeDocument] = []
    errors: list[DocumentError] = []
    seen: dict[str, Path] = {}
    for path in sorted(docs_dir.glob("*.md")):
        try:
            doc = parse_document(path)
        except DocumentError as exc:
            errors.append(exc)
            continue
        if doc.id in seen:
            errors.append(
                DocumentError(path, f"duplicate id '{doc.id}' (also in {seen[doc.id].name})", "id")
            )
            continue
        seen[doc.id] = path
        docs.append(doc)
    return docs, errors
