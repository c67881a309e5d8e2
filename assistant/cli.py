"""Command line: manage the knowledge base, ask questions, export the safety log."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.documents import DocumentError

if TYPE_CHECKING:
    from assistant.pipeline import Assistant


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    kb = sub.add_parser("kb", help="knowledge base: ingest, list, search, stats")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    kb_sub.add_parser("ingest", help="index new and changed documents, drop removed ones")
    kb_sub.add_parser("list", help="list indexed documents")
    search = kb_sub.add_parser("search", help="show the passages a question retrieves")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=None, help="how many passages")
    kb_sub.add_parser("stats", help="documents, chunks and settings in use")
    add = kb_sub.add_parser("add", help="add a Markdown, text, PDF or Word file, then ingest it")
    add.add_argument("file", type=Path)
    add.add_argument("--id", help="document id (default: made from the title)")
    add.add_argument("--title")
    add.add_argument("--topic", action="append", default=[], dest="topics", help="repeatable")
    add.add_argument("--audience", action="append", default=[], help="repeatable")
    add.add_argument("--summary")
    add.add_argument("--source", action="append", default=[], dest="sources", help="repeatable")
    add.add_argument("--reviewer", dest="reviewed_by")
    add.add_argument("--review-due", dest="review_due", help="YYYY-MM-DD")
    remove = kb_sub.add_parser("remove", help="remove a document and its passages")
    remove.add_argument("doc_id")
    remove.add_argument(
        "--retire", action="store_true", help="move it to knowledge/retired/ instead of deleting"
    )
    kb_sub.add_parser("lint", help="check fields, reviews, duplicates, chunk sizes, injection")
    due = kb_sub.add_parser("review-due", help="documents whose review is due soon or overdue")
    due.add_argument("--days", type=int, default=30, help="look this many days ahead")

    ask = sub.add_parser("ask", help="ask Harbour one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the turn as JSON")
    ask.add_argument("--session", default="cli", help="conversation id (default: cli)")

    safety = sub.add_parser("safety", help="safety event log")
    safety_sub = safety.add_subparsers(dest="safety_command", required=True)
    export = safety_sub.add_parser("export", help="print the safety event log")
    export.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    return parser


def _assistant() -> Assistant:
    from assistant.pipeline import Assistant

    return Assistant.from_settings()


def _curate(args: argparse.Namespace) -> int | None:
    """The commands that need no model: lint, review-due; add and remove validate first."""
    from assistant import curation
    from assistant.kblint import lint, review_due
    from assistant.settings import Settings

    settings = Settings()
    if args.kb_command == "lint":
        findings = lint(settings.docs_dir, settings.chunking)
        for finding in findings:
            print(finding.line())
        errors = sum(f.severity == "error" for f in findings)
        print(f"{len(findings)} findings ({errors} errors)")
        return 1 if errors else 0
    if args.kb_command == "review-due":
        lines = review_due(settings.docs_dir, args.days)
        print("\n".join(lines) if lines else f"no reviews due in the next {args.days} days")
        return 0
    try:
        if args.kb_command == "add":
            fields = {
                k: getattr(args, k)
                for k in ("id", "title", "topics", "audience", "summary", "sources")
            }
            fields |= {"reviewed_by": args.reviewed_by, "review_due": args.review_due}
            try:
                data = args.file.read_bytes()
            except OSError as exc:
                print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
                return 1
            doc = curation.draft(args.file.name, data, fields)
            print(f"saved {curation.save(settings.docs_dir, doc)}")
        elif args.kb_command == "remove":
            retire = settings.knowledge_dir / "retired" if args.retire else None
            path = curation.remove(settings.docs_dir, args.doc_id, retire)
            print(f"{'retired' if retire else 'removed'} {path.name}")
        else:
            return None
    except (curation.UploadError, DocumentError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return None  # go on to ingest the change


def _kb(args: argparse.Namespace) -> int:
    done = _curate(args)
    if done is not None:
        return done
    bot = _assistant()
    if args.kb_command in {"add", "remove"}:
        args.kb_command = "ingest"
    if args.kb_command == "ingest":
        report = bot.ingest()
        for err in report.errors:
            print(f"error: {err}", file=sys.stderr)
        print(report.summary())
        return 0 if report.ok else 1
    if args.kb_command == "list":
        bot.manifest.reload()
        for doc_id, entry in sorted(bot.manifest.docs.items()):
            print(f"{doc_id:32} {len(entry['chunks']):3} chunks  {entry['title']}")
        return 0
    if args.kb_command == "search":
        found = bot.search(args.query, args.k)
        for rank, p in enumerate(found.ranked, start=1):
            mark = "*" if p in found.relevant else " "
            print(f"{rank}.{mark} {p.score:.3f}  {p.doc_id} > {p.section}")
            print(f"     {p.text[:160].replace(chr(10), ' ')}")
        if not found.relevant:
            print("(nothing above the relevance threshold)")
        return 0
    print(json.dumps(bot.about(), indent=2))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if args.command == "kb":
        return _kb(args)
    if args.command == "ask":
        bot = _assistant()
        bot.ensure_index()
        turn = bot.reply(args.question, session_id=args.session)
        if args.json:
            print(json.dumps(turn.to_dict(), indent=2, ensure_ascii=False))
        else:
            print(turn.full_text)
        return 0
    from assistant.safety.audit import SafetyAudit
    from assistant.settings import Settings

    settings = Settings()
    print(SafetyAudit(settings.data_dir / "safety_events.sqlite3").export(args.format), end="")
    return 0
