"""Harbour's evaluation suite: safety and grounding cases, scorers, thresholds and reports."""
