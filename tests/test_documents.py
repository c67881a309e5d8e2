"""Knowledge documents: valid ones parse; broken ones name the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.documents import DocumentError, load_documents, parse_document

GOOD = """---
id: sample-doc
title: "A sample"
topics: [supervision]
audience: [social workers]
summary: "What this sample covers, in a sentence."
sources: ["Someone (2020). A book."]
reviewed_by: "A reviewer"
review_due: 2027-03-01
---

# A sample

## Section
Enough body text to count as a document worth indexing for the tests here.
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_valid_document_parses(tmp_path: Path) -> None:
    doc = parse_document(write(tmp_path, "sample-doc.md", GOOD))
    assert doc.id == "sample-doc"
    assert doc.meta.review_due.isoformat() == "2027-03-01"
    assert doc.body.startswith("# A sample")
    assert len(doc.content_hash) == 16


@pytest.mark.parametrize(
    ("content", "field", "words"),
    [
        (
            GOOD.replace('summary: "What this sample covers, in a sentence."\n', ""),
            "summary",
            "missing",
        ),
        (GOOD.replace("review_due: 2027-03-01", "review_due: soon"), "review_due", "date"),
        (GOOD.replace("id: sample-doc", "id: Sample Doc"), "id", "slug"),
        (
            GOOD.replace('sources: ["Someone (2020). A book."]', "sources: []"),
            "sources",
            "at least 1",
        ),
    ],
)
def test_invalid_field_is_named(tmp_path: Path, content: str, field: str, words: str) -> None:
    with pytest.raises(DocumentError) as err:
        parse_document(write(tmp_path, "broken.md", content))
    assert err.value.field == field
    assert "broken.md" in str(err.value)
    assert words in str(err.value).lower()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (GOOD.encode("utf-8").replace(b"A sample", b"A s\xff\xfeample"), "utf-8"),
        ("# No front matter\n\nJust text that goes on for a while.", "front matter"),
        ("---\n: [unclosed\n---\nbody text that is long enough to count here", "yaml"),
        ("---\n- a\n- list\n---\nbody text that is long enough to count here", "mapping"),
    ],
)
def test_broken_files_get_clear_errors(tmp_path: Path, content: str | bytes, words: str) -> None:
    with pytest.raises(DocumentError) as err:
        parse_document(write(tmp_path, "bad.md", content))
    assert words in str(err.value).lower()


def test_load_documents_reports_bad_and_duplicate_but_keeps_good(tmp_path: Path) -> None:
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "b.md", GOOD)  # same id as a.md
    write(tmp_path, "c.md", b"\xff\xfe not utf-8")
    docs, errors = load_documents(tmp_path)
    assert [d.path.name for d in docs] == ["a.md"]
    messages = sorted(str(e) for e in errors)
    assert any("duplicate id 'sample-doc'" in m and "b.md" in m for m in messages)
    assert any("c.md" in m and "UTF-8" in m for m in messages)
