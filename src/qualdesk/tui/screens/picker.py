"""A dialog to choose one of a list (a campaign, a stored bank version)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class PickerScreen(ModalScreen[str | None]):
    """Returns the id of the choice taken with Enter, or ``None`` on Escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        """One option per choice, as ``(id, words)``."""
        with Vertical(id="picker-dialog", classes="dialog"):
            yield OptionList(*(Option(escape(words), id=key) for key, words in self.choices))

    def on_mount(self) -> None:
        """Title, focus, and the first choice ready for Enter."""
        self.query_one("#picker-dialog").border_title = self.title_text
        listing = self.query_one(OptionList)
        listing.focus()
        listing.highlighted = 0 if self.choices else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Chosen."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Nothing chosen."""
        self.dismiss(None)
