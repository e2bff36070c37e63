"""A dialog that shows a finished piece of text (scenario results, a what-if, a diff)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class ReadingScreen(ModalScreen[None]):
    """Text to read, scrollable, under a title; each kind gives its own close binding."""

    def __init__(self, title: str, markup: str) -> None:
        super().__init__()
        self.heading = title
        self.markup = markup

    def compose(self) -> ComposeResult:
        """The text in a scrolling dialog."""
        with Vertical(classes="dialog reading-dialog"):
            yield VerticalScroll(Static(self.markup, classes="reading-text"))

    def on_mount(self) -> None:
        """Title the dialog."""
        self.query_one(".reading-dialog").border_title = self.heading
