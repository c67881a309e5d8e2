"""Harbour: an offline, grounded reflection assistant for social workers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.types import Citation, Passage, Risk, Turn

if TYPE_CHECKING:
    from assistant.pipeline import Assistant

__all__ = ["Assistant", "Citation", "Passage", "Risk", "Turn"]


def __getattr__(name: str) -> Any:
    # The pipeline pulls in torch, Chroma and Presidio; import it only when asked for.
    if name == "Assistant":
        from assistant.pipeline import Assistant

        return Assistant
    raise AttributeError(name)
