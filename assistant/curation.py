"""Trainer curation: turn an uploaded file into a validated knowledge document, save it, remove it.

Every step validates before anything is written, and writes atomically, so a bad upload leaves
the knowledge directory (and therefore the index) exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml

from assistant.documents import (
    FRONT_MATTER,
    MAX_DOC_BYTES,
    KnowledgeDocument,
    load_documents,
    parse_document,
)

TEXT_TYPES = {".md", ".markdown", ".txt"}
SUPPORTED = (*sorted(TEXT_TYPES), ".pdf", ".docx")
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"


class UploadError(ValueError):
    """An upload cannot become a knowledge document; the message says what to fix."""


def _sniff(data: bytes) -> str | None:
    """What the bytes really are, where that is recognisable."""
    if data.startswith(_PDF_MAGIC):
        return ".pdf"
    if data.startswith(_ZIP_MAGIC):
        return ".docx"
    return None


def to_markdown(filename: str, data: bytes) -> str:
    """Convert an uploaded Markdown, text, PDF or Word file to Markdown text."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED:
        raise UploadError(f"{filename}: unsupported type; upload one of {', '.join(SUPPORTED)}")
    if len(data) > MAX_DOC_BYTES:
        raise UploadError(f"{filename}: larger than {MAX_DOC_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise UploadError(f"{filename}: the file is empty")
    sniffed = _sniff(data)
    expected = suffix if suffix in {".pdf", ".docx"} else None
    if sniffed != expected:
        really = f"a {sniffed[1:].upper()} file" if sniffed else "not a PDF or Word file"
        raise UploadError(f"{filename}: the content is {really}, not what '{suffix}' says")
    if suffix == ".pdf":
        return _pdf_to_markdown(filename, data)
    if suffix == ".docx":
        return _docx_to_markdown(filename, data)
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise UploadError(
            f"{filename}: not valid UTF-8 (byte {exc.start}); save it as UTF-8 and upload again"
        ) from exc


def _pdf_to_markdown(filename: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadError(f"{filename}: the PDF is encrypted; upload an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UploadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UploadError(f"{filename}: the PDF is damaged and cannot be read ({exc})") from exc
    text = "\n\n".join(" ".join(p.split()) for p in pages if p.strip())
    if not text:
        raise UploadError(f"{filename}: the PDF has no text layer (is it a scan?)")
    return text


def _docx_to_markdown(filename: str, data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UploadError(f"{filename}: not a readable Word document ({exc})") from exc
    lines: list[str] = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        level = re.fullmatch(r"Heading (\d)", style)
        if style == "Title":
            lines.append(f"# {text}")
        elif level:
            lines.append(f"{'#' * min(int(level.group(1)) + 1, 6)} {text}")
        else:
            lines.append(text)
    if not lines:
        raise UploadError(f"{filename}: the Word document has no text")
    return "\n\n".join(lines)


def slug(title: str) -> str:
    """A safe document id and file name from a title: lowercase letters, digits, hyphens."""
    text = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")
    return text if len(text) >= 2 else "document"


def split_front_matter(markdown: str) -> tuple[dict[str, Any], str]:
    """Front matter already in an uploaded Markdown file, and the body after it."""
    match = FRONT_MATTER.match(markdown)
    if not match:
        return {}, markdown
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, match.group(2)
    return (data if isinstance(data, dict) else {}), match.group(2)


def render(meta: dict[str, Any], body: str) -> str:
    """A knowledge document's text: YAML front matter, then the Markdown body."""
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front}---\n\n{body.strip()}\n"


def draft(filename: str, data: bytes, fields: dict[str, Any]) -> KnowledgeDocument:
    """Convert and validate an upload with the form's fields; nothing is written."""
    existing, body = split_front_matter(to_markdown(filename, data))
    meta = {**existing, **{k: v for k, v in fields.items() if v not in (None, "", [])}}
    meta.setdefault("id", slug(str(meta.get("title", Path(filename).stem))))
    if isinstance(meta.get("review_due"), dt.date):
        meta["review_due"] = meta["review_due"].isoformat()
    if not body.lstrip().startswith("#") and meta.get("title"):
        body = f"# {meta['title']}\n\n{body}"
    text = render(meta, body)
    return parse_document(Path(f"{meta['id']}.md"), text.encode("utf-8"))


def save(docs_dir: Path, doc: KnowledgeDocument, replace: bool = False) -> Path:
    """Write a validated document under a generated name; refuse duplicate ids."""
    others, _ = load_documents(docs_dir)
    clash = next((d for d in others if d.id == doc.id), None)
    if clash is not None and not replace:
        raise UploadError(
            f"a document with id '{doc.id}' already exists ({clash.path.name}); "
            "choose another id or edit that document"
        )
    target = clash.path if clash is not None else docs_dir / f"{doc.id}.md"
    if target.resolve().parent != docs_dir.resolve():
        raise UploadError(f"refusing to write outside {docs_dir}")
    text = render(doc.meta.model_dump(mode="json"), doc.body)
    _atomic_write(target, text)
    return target


def remove(docs_dir: Path, doc_id: str, retire_to: Path | None = None) -> Path:
    """Delete a document (or move it to `retire_to`); the next ingest removes its chunks."""
    docs, errors = load_documents(docs_dir)
    found = next((d for d in docs if d.id == doc_id), None)
    if found is None:
        broken = [e for e in errors if e.path.stem == doc_id]
        if not broken:
            raise UploadError(f"no document with id '{doc_id}' in {docs_dir}")
        path = broken[0].path
    else:
        path = found.path
    if retire_to is not None:
        retire_to.mkdir(parents=True, exist_ok=True)
        path.replace(retire_to / path.name)
    else:
        path.unlink()
    return path


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
