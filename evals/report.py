"""Thresholds, comparison with a previous run, and the Markdown and HTML reports."""

from __future__ import annotations

import html
import tomllib
from pathlib import Path
from typing import Any

from assistant.types import TIERS

THRESHOLDS = Path(__file__).parent / "thresholds.toml"


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, dict[str, float]]:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return {"min": dict(data.get("min", {})), "max": dict(data.get("max", {}))}


def check_thresholds(
    metrics: dict[str, Any], thresholds: dict[str, dict[str, float]]
) -> list[dict[str, Any]]:
    """One row per threshold whose metric was measured: value, limit, passed."""
    rows = []
    for bound, limits in thresholds.items():
        for name, limit in limits.items():
            value = metrics.get(name)
            if value is None:
                continue
            ok = value >= limit if bound == "min" else value <= limit
            rows.append(
                {"metric": name, "value": value, "bound": bound, "limit": limit, "passed": ok}
            )
    return rows


def compare(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """What changed since a previous `results.json`: metric deltas and cases that flipped."""
    deltas = {}
    for name, value in current["metrics"].items():
        old = previous.get("metrics", {}).get(name)
        if isinstance(value, int | float) and isinstance(old, int | float):
            deltas[name] = {"previous": old, "current": value, "delta": value - old}
    before = {c["id"]: c["passed"] for c in previous.get("cases", [])}
    regressed = [
        c["id"] for c in current["cases"] if before.get(c["id"]) is True and not c["passed"]
    ]
    improved = [c["id"] for c in current["cases"] if before.get(c["id"]) is False and c["passed"]]
    added = [c["id"] for c in current["cases"] if c["id"] not in before]
    return {"deltas": deltas, "regressed": regressed, "improved": improved, "new_cases": added}


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1.0 else f"{value:.1f}"
    return str(value)


def summary_markdown(payload: dict[str, Any]) -> str:
    m = payload["metrics"]
    lines = [
        "# Harbour evaluation summary",
        "",
        f"Suite: {payload['meta']['suite']} · cases: {m['cases']} · "
        f"passed: {'yes' if payload['meta']['passed'] else 'NO'}",
        "",
        "| metric | value | threshold | ok |",
        "|---|---|---|---|",
    ]
    for row in payload["thresholds"]:
        sign = ">=" if row["bound"] == "min" else "<="
        lines.append(
            f"| {row['metric']} | {_fmt(row['value'])} | {sign} {_fmt(row['limit'])} | "
            f"{'✅' if row['passed'] else '❌'} |"
        )
    lat = m["latency_ms"]
    lines += [
        "",
        f"Latency: turn p50 {lat['turn_p50']:.1f} ms, p95 {lat['turn_p95']:.1f} ms; "
        f"risk screen p50 {lat['screen_p50']:.2f} ms, p95 {lat['screen_p95']:.2f} ms.",
        "",
        "| category | cases | pass rate |",
        "|---|---|---|",
    ]
    for cat, entry in m["per_category"].items():
        lines.append(f"| {cat} | {entry['cases']} | {entry['pass_rate']:.3f} |")
    failures = [c for c in payload["cases"] if not c["passed"]]
    lines += ["", f"Failures: {len(failures)}"]
    for case in failures[:50]:
        lines.append(f"- `{case['id']}`: {'; '.join(case['failures'])}")
    if "comparison" in payload:
        comp = payload["comparison"]
        lines += [
            "",
            f"Against the previous run: {len(comp['regressed'])} regressed, "
            f"{len(comp['improved'])} improved, {len(comp['new_cases'])} new cases.",
        ]
        lines += [f"- regressed: `{cid}`" for cid in comp["regressed"]]
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#1d2733}
h1{margin-bottom:.2rem} h2{margin-top:2rem;border-bottom:1px solid #ccd}
table{border-collapse:collapse;margin:.5rem 0} td,th{border:1px solid #ccd;padding:.25rem .6rem;text-align:left}
.ok{color:#1a7f37;font-weight:600} .bad{color:#c62828;font-weight:600}
.case{border:1px solid #ccd;border-radius:6px;padding:.6rem;margin:.6rem 0}
.turn{white-space:pre-wrap;background:#f5f7fa;padding:.4rem;margin:.3rem 0;border-radius:4px}
.reply{white-space:pre-wrap;background:#eef6ee;padding:.4rem;margin:.3rem 0;border-radius:4px}
"""


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def report_html(payload: dict[str, Any]) -> str:
    """A single self-contained HTML page: no scripts, no external assets."""
    e = html.escape
    m = payload["metrics"]
    status = (
        '<span class="ok">PASSED</span>'
        if payload["meta"]["passed"]
        else '<span class="bad">FAILED</span>'
    )
    parts = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Harbour evaluation</title>"
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Harbour evaluation report</h1><p>{status} · suite <b>{e(payload['meta']['suite'])}</b>"
        f" · {m['cases']} cases · {e(payload['meta']['started'])}</p>",
        "<h2 id='thresholds'>Thresholds</h2>",
        _table(
            ["metric", "value", "threshold", "result"],
            [
                [
                    e(r["metric"]),
                    _fmt(r["value"]),
                    ("≥ " if r["bound"] == "min" else "≤ ") + _fmt(r["limit"]),
                    '<span class="ok">pass</span>'
                    if r["passed"]
                    else '<span class="bad">fail</span>',
                ]
                for r in payload["thresholds"]
            ],
        ),
        "<h2 id='categories'>Pass rate per category</h2>",
        _table(
            ["category", "cases", "passed", "pass rate"],
            [
                [e(c), str(v["cases"]), str(v["passed"]), f"{v['pass_rate']:.3f}"]
                for c, v in m["per_category"].items()
            ],
        ),
        "<h2 id='confusion'>Tier confusion matrix</h2><p>Rows: expected tier. Columns: assessed tier.</p>",
        _table(
            ["expected \\ assessed", *TIERS],
            [[e(t), *[str(m["tier_confusion"][t][a]) for a in TIERS]] for t in TIERS],
        ),
        "<h2 id='triggering'>Under- and over-triggering</h2>",
        f"<p><b>Under-triggered</b> (risk assessed lower than labelled): {len(m['under_triggered'])}</p>"
        f"<p>{e(', '.join(m['under_triggered'])) or 'none'}</p>",
        f"<p><b>Over-triggered</b> (no risk labelled, support reply given): {len(m['over_triggered'])}</p>"
        f"<p>{e(', '.join(m['over_triggered'])) or 'none'}</p>",
        "<h2 id='latency'>Latency</h2>",
        _table(["measure", "ms"], [[e(k), f"{v:.2f}"] for k, v in m["latency_ms"].items()]),
    ]
    if "comparison" in payload:
        comp = payload["comparison"]
        parts.append("<h2 id='deltas'>Against the previous run</h2>")
        parts.append(
            _table(
                ["metric", "previous", "current", "delta"],
                [
                    [e(k), _fmt(v["previous"]), _fmt(v["current"]), f"{v['delta']:+.3f}"]
                    for k, v in comp["deltas"].items()
                ],
            )
        )
        parts.append(f"<p><b>Regressed:</b> {e(', '.join(comp['regressed'])) or 'none'}</p>")
        parts.append(f"<p><b>Improved:</b> {e(', '.join(comp['improved'])) or 'none'}</p>")
    else:
        parts.append(
            "<h2 id='deltas'>Against the previous run</h2><p>No previous run given (--compare).</p>"
        )
    failures = [c for c in payload["cases"] if not c["passed"]]
    parts.append(f"<h2 id='failures'>Failures ({len(failures)})</h2>")
    for case in failures:
        convo = "".join(
            f"<div class='turn'><b>user:</b> {e(t)}</div><div class='reply'><b>harbour:</b> {e(r)}</div>"
            for t, r in zip(case["turns"], case["replies"], strict=False)
        )
        parts.append(
            f"<div class='case'><b>{e(case['id'])}</b> ({e(case['category'])}, {e(case['source_file'])})"
            f"<br>assessed: tier {e(case['tier'])}, subject {e(case['subject'])}, kind {e(case['kind'])}, "
            f"rules {e(', '.join(case['fired']) or '-')}<br>expected: {e(str(case['expected']))}"
            f"<br><span class='bad'>{e('; '.join(case['failures']))}</span>{convo}</div>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)
