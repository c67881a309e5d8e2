"""`python -m evals run`: score the assistant on the datasets, write reports, gate on thresholds."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evals.cases import DATASETS_DIR, CaseError, load_cases
from evals.report import (
    THRESHOLDS,
    check_thresholds,
    compare,
    load_thresholds,
    report_html,
    summary_markdown,
)

GROUNDING_PREFIX = "grounding"


def _dataset_files(suite: str, explicit: list[Path]) -> list[Path]:
    if explicit:
        return explicit
    files = sorted(DATASETS_DIR.glob("*.jsonl"))
    if suite == "grounding":
        return [f for f in files if f.name.startswith(GROUNDING_PREFIX)]
    if suite == "safety":
        return [f for f in files if not f.name.startswith(GROUNDING_PREFIX)]
    return files


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evals")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the evaluation suite")
    run.add_argument("--suite", choices=["safety", "grounding", "all"], default="all")
    run.add_argument(
        "--dataset",
        type=Path,
        action="append",
        default=[],
        help="a JSONL file or folder of them (repeatable); replaces the built-in sets",
    )
    run.add_argument("--out", type=Path, default=Path("artifacts/evals"), help="report folder")
    run.add_argument("--compare", type=Path, help="a previous results.json to compare against")
    run.add_argument("--thresholds", type=Path, default=THRESHOLDS)
    run.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    run.add_argument(
        "--judge",
        action="store_true",
        help="also rate grounded answers with the judge model (HARBOUR_JUDGE__* settings)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    from assistant.pipeline import Assistant
    from assistant.settings import Settings
    from evals.runner import aggregate, results_payload, run_all

    try:
        cases = load_cases(_dataset_files(args.suite, args.dataset))
    except CaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not cases:
        print("error: no cases found; check --dataset paths", file=sys.stderr)
        return 2
    previous: dict[str, Any] | None = None
    if args.compare:
        try:
            previous = json.loads(args.compare.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            print(f"error: cannot read --compare file {args.compare}: {exc}", file=sys.stderr)
            return 2

    # Evaluations never touch a worker's data: they get a data directory of their own.
    data_dir = args.out / "data"
    # The index is reused between runs; conversations and the safety log start empty each time.
    for stale in data_dir.glob("*.sqlite3*"):
        stale.unlink()
    settings = Settings(data_dir=data_dir)
    judge = None
    if args.judge:
        from assistant.llm import BackendUnavailableError, build_chat_model
        from evals.judge import Judge

        try:
            judge_model = build_chat_model(settings.judge)
        except BackendUnavailableError as exc:
            print(f"error: judge model: {exc}", file=sys.stderr)
            return 2
        if judge_model is None:
            print(
                "error: --judge needs a judge model: set HARBOUR_JUDGE__PROVIDER "
                "(and HARBOUR_JUDGE__MODEL, HARBOUR_JUDGE__BASE_URL)",
                file=sys.stderr,
            )
            return 2
        judge = Judge(judge_model)
    bot = Assistant.from_settings(settings)
    if bot.backend_error:
        print(f"error: {bot.backend_error}", file=sys.stderr)
        return 2
    report = bot.ingest()
    for err in report.errors:
        print(f"warning: {err}", file=sys.stderr)

    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results = run_all(bot, cases, progress=not args.no_progress, judge=judge)
    metrics = aggregate(results)
    rows = check_thresholds(metrics, load_thresholds(args.thresholds))
    passed = all(r["passed"] for r in rows)
    meta = {
        "suite": args.suite,
        "started": started,
        "passed": passed,
        "about": bot.about(),
        "datasets": sorted({c.source_file for c in cases}),
    }
    payload = results_payload(results, metrics, meta)
    payload["thresholds"] = rows
    if previous is not None:
        payload["comparison"] = compare(payload, previous)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(payload, indent=1), encoding="utf-8")
    summary = summary_markdown(payload)
    (args.out / "summary.md").write_text(summary, encoding="utf-8")
    (args.out / "report.html").write_text(report_html(payload), encoding="utf-8")
    print(summary)
    print(f"reports written to {args.out}/ (results.json, summary.md, report.html)")
    return 0 if passed else 1


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    args = _parser().parse_args(argv)
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
