"""Exports lay a reflection out as supervision notes, in Markdown and PDF."""

from __future__ import annotations

import io
import time

from pypdf import PdfReader

from assistant.export import to_markdown, to_pdf
from assistant.journal import Reflection

REFLECTION = Reflection(
    id=1,
    user="w",
    exercise_id="gibbs",
    title="Reflection: Gibbs’ reflective cycle",
    markdown="# Reflection: Gibbs\n\n## What happened\nA hostile meeting with [name] — shouting.\n\n"
    "## Action plan\nTalk to my supervisor on Thursday.",
    created=time.time(),
)


def test_markdown_has_header_and_answers() -> None:
    md = to_markdown(REFLECTION)
    assert md.startswith("# Supervision notes")
    assert "**Exercise:** Reflection: Gibbs’ reflective cycle" in md
    assert "Identifying details were removed" in md
    assert "Talk to my supervisor on Thursday." in md


def test_pdf_is_a_real_pdf_with_the_text() -> None:
    data = to_pdf(REFLECTION)
    assert data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Supervision notes" in text
    assert "Talk to my supervisor on Thursday." in text
    assert "[name]" in text
