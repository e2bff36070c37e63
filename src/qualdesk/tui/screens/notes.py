"""Notes on the lead, open over the call with one key and saved as they are typed.

Each pause in typing (a fraction of a second) writes the note to the store; closing writes
whatever is left first, so the screen never closes on words that are not on disk.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from qualdesk.store.calls import save_note
from qualdesk.store.database import StoreError
from qualdesk.tui.desk import Desk
from qualdesk.tui.settings import steady_cursor
from qualdesk.tui.workers import in_background

SAVE_AFTER_SECONDS = 0.4


class NotesScreen(ModalScreen[tuple[int | None, str] | None]):
    """One note per call, edited in place; returns its id and text when closed."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="notes.close",
                tooltip="Save and go back to the call"),
        Binding("f2", "close", "Close", id="notes.close_f2", show=False, priority=True),
    ]

    def __init__(self, desk: Desk, lead_id: int, call_id: int | None, note_id: int | None,
                 text: str) -> None:
        super().__init__()
        self.desk = desk
        self.lead_id = lead_id
        self.call_id = call_id
        self.note_id = note_id
        self.saved_text = text
        self.initial = text
        self.latest_text = text
        self.saving = False
        self.closing = False
        self.timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """The note and a line saying whether it is saved."""
        with Vertical(id="notes-dialog", classes="dialog"):
            yield steady_cursor(TextArea(self.initial, id="note-text", soft_wrap=True))
            yield Static("Saved as you type · Esc closes", id="note-state")

    def on_mount(self) -> None:
        """Start typing at once."""
        self.query_one("#notes-dialog").border_title = "Notes"
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Save after a short pause in typing."""
        self.latest_text = event.text_area.text
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.set_timer(SAVE_AFTER_SECONDS, self._save)

    def _save(self) -> None:
        text = self.query_one(TextArea).text
        if self.saving:
            self.timer = self.set_timer(SAVE_AFTER_SECONDS, self._save)
            return
        if text == self.saved_text or (not text.strip() and self.note_id is None):
            self._maybe_close()
            return
        self.saving = True
        self.query_one("#note-state", Static).update("Saving…")
        desk, lead_id, call_id, note_id = self.desk, self.lead_id, self.call_id, self.note_id

        def job() -> int:
            return save_note(desk.store, lead_id, desk.agent, text, call_id=call_id,
                             note_id=note_id)

        def done(saved_id: int) -> None:
            self.saving = False
            self.note_id, self.saved_text = saved_id, text
            self.query_one("#note-state", Static).update(
                f"Saved {self.desk.now().astimezone():%H:%M:%S} · Esc closes")
            self._maybe_close()

        def failed(message: str) -> None:
            self.saving = False
            self.query_one("#note-state", Static).update(
                f"[$error]Not saved: {message}. Retrying…[/]")
            self.timer = self.set_timer(1.5, self._save)

        in_background(self, job, done, failed=failed, what="saving a note", group="note")

    def _maybe_close(self) -> None:
        if self.closing and not self.saving and \
                self.query_one(TextArea).text == self.saved_text:
            self.dismiss((self.note_id, self.saved_text))

    def flush_now(self) -> None:
        """Write what is typed at once, on this thread: the app calls it when quitting, since
        a blocking write of one note is better than losing what the caller just typed."""
        text = self.latest_text
        if text == self.saved_text or (not text.strip() and self.note_id is None):
            return
        try:
            self.note_id = save_note(self.desk.store, self.lead_id, self.desk.agent, text,
                                     call_id=self.call_id, note_id=self.note_id)
            self.saved_text = text
        except (StoreError, LookupError):
            pass

    def action_close(self) -> None:
        """Save what is left, then close."""
        if self.timer is not None:
            self.timer.stop()
        self.closing = True
        if self.query_one(TextArea).text == self.saved_text or (
                not self.query_one(TextArea).text.strip() and self.note_id is None):
            self.dismiss((self.note_id, self.saved_text))
        else:
            self._save()
