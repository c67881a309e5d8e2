"""Command line: manage the knowledge base, ask questions, export the safety log."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

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


def _kb(args: argparse.Namespace) -> int:
    bot = _assistant()
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
