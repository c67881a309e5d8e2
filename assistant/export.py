"""Export one reflection as supervision notes: Markdown, or a PDF laid out from it."""

from __future__ import annotations

import datetime as dt
import re

from fpdf import FPDF

from assistant.journal import Reflection

_NOTE = "Prepared with Harbour. Identifying details were removed before anything was saved."
# The PDF core fonts are Latin-1; map the punctuation people actually type.
_LATIN1 = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
    }
)


def to_markdown(reflection: Reflection) -> str:
    when = dt.datetime.fromtimestamp(reflection.created).strftime("%d %B %Y")
    # The notes' own header names the exercise, so the summary's title line is not repeated.
    body = re.sub(r"\A# [^\n]*\n+", "", reflection.markdown.strip())
    return f"# Supervision notes\n\n**Date:** {when}  \n**Exercise:** {reflection.title}\n\n_{_NOTE}_\n\n{body}\n"


def _latin1(text: str) -> str:
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def to_pdf(reflection: Reflection) -> bytes:
    """A plain A4 document: headings in bold, paragraphs as written."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_title(_latin1(f"Supervision notes: {reflection.title}"))
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for line in to_markdown(reflection).splitlines():
        text = _latin1(re.sub(r"[*_`]", "", line).strip())
        if line.startswith("# "):
            pdf.set_font("Helvetica", "B", 18)
            pdf.multi_cell(width, 10, text.lstrip("# "))
        elif line.startswith("#"):
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(width, 8, text.lstrip("# "))
        elif text:
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(width, 6, text)
        else:
            pdf.ln(3)
    return bytes(pdf.output())
