"""Console preferences read from the environment."""

from __future__ import annotations

import os

from textual.widget import Widget


def steady_cursor(widget: Widget) -> Widget:
    """Stop ``widget``'s cursor blinking when ``QUALDESK_CURSOR_BLINK=0`` (some people find a
    blinking cursor hard to read; the snapshot tests need a still picture)."""
    if os.environ.get("QUALDESK_CURSOR_BLINK", "1") == "0" and hasattr(widget, "cursor_blink"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    return widget
