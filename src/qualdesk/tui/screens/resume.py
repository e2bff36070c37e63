"""Resume: calls the caller left open when the program died, offered on start.

Each one comes back exactly as it stood (every answer, the cursor, the score), rebuilt from
its stored steps; or it can be closed as abandoned, which frees the lead for the queue.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from qualdesk.store.desk import CallRow


class ResumeScreen(ModalScreen[tuple[str, int] | None]):
    """Returns ``("resume", call_id)``, ``("abandon", call_id)`` or ``None`` (later)."""

    BINDINGS = [
        Binding("enter", "resume", "Resume", id="resume.resume", priority=True),
        Binding("a", "abandon", "Abandon", id="resume.abandon",
                tooltip="Close it without a disposition; the lead goes back to the queue"),
        Binding("escape", "later", "Later", id="resume.later"),
    ]

    def __init__(self, calls: list[CallRow]) -> None:
        super().__init__()
        self.calls = calls

    def compose(self) -> ComposeResult:
        """What was left open."""
        with Vertical(id="resume-dialog", classes="dialog"):
            yield Static(f"{len(self.calls)} call(s) were left open when qualdesk stopped. "
                         "Everything said so far was kept.")
            yield OptionList(*(
                Option(f"{escape(row.lead_name)} · {escape(row.company)} · started "
                       f"{row.started_at.astimezone():%d %b %H:%M}"
                       + (f" · {row.total:g} points" if row.total is not None else ""),
                       id=str(row.id)) for row in self.calls), id="resume-list")
            yield Static("Enter resumes · a abandons · Esc later")

    def on_mount(self) -> None:
        """Start on the newest."""
        self.query_one("#resume-dialog").border_title = "Resume a call"
        listing = self.query_one(OptionList)
        listing.highlighted = 0
        listing.focus()

    def _chosen(self) -> int | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return int(option.id or 0)

    def action_resume(self) -> None:
        """Resume the highlighted call."""
        if (call_id := self._chosen()) is not None:
            self.dismiss(("resume", call_id))

    def action_abandon(self) -> None:
        """Close the highlighted call as abandoned."""
        if (call_id := self._chosen()) is not None:
            self.dismiss(("abandon", call_id))

    def action_later(self) -> None:
        """Not now (offered again at the next start)."""
        self.dismiss(None)
