"""The qualdesk Textual app: wiring only.

It opens the store in a worker (a migration or a slow network never freezes the first
frame), shows the queue, offers calls left open, applies the user's keymap, adds the
screen's actions to the command palette, and retries pending handoff deliveries now and then.
Everything a screen does lives in that screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.widgets import HelpPanel

from qualdesk.store.calls import abandon_call
from qualdesk.store.database import Store
from qualdesk.store.desk import CallRow, list_calls
from qualdesk.store.models import utcnow
from qualdesk.tui.commands import ScreenActions
from qualdesk.tui.desk import Desk, OpenCall, reopen_call
from qualdesk.tui.keymap import keymap_path, read_keymap
from qualdesk.tui.workers import in_background

if TYPE_CHECKING:
    from qualdesk.outputs.delivery import DeliveryConfig

#: How often pending handoffs are delivered again while the app runs.
DELIVERY_RETRY_SECONDS = 300


class QualdeskApp(App[None]):
    """The caller's console."""

    CSS_PATH = "app.tcss"
    TITLE = "qualdesk"
    COMMANDS = App.COMMANDS | {ScreenActions}
    # Screens get ``-short`` under 30 rows and ``-narrow`` under 100 columns (see app.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("f1", "toggle_help", "Help", id="app.help",
                tooltip="The keys of the place you are in"),
        Binding("question_mark", "toggle_help", "Help", show=False, id="app.help_question"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True,
                tooltip="Quit; an open call is kept and offered at the next start"),
    ]

    def __init__(self, open_store: Callable[[], Store], agent: str, *,
                 fallback_bank: Path | None = None, delivery: DeliveryConfig | None = None,
                 clock: Callable[[], datetime] = utcnow,
                 keymap_file: Path | None = None) -> None:
        super().__init__()
        self.open_store = open_store
        self.agent = agent
        self.fallback_bank = fallback_bank
        self.delivery = delivery
        self.clock = clock
        self.keymap_file = keymap_file or keymap_path()
        self.desk: Desk | None = None
        self.quit_warned = False

    def on_mount(self) -> None:
        """Apply the keymap, then open the store in the background."""
        self._apply_keymap()
        self.sub_title = "opening the store…"
        in_background(self, self.open_store, self._store_ready, what="opening the store",
                      failed=self._store_failed)

    def _apply_keymap(self) -> None:
        from qualdesk.tui.screens import all_binding_ids

        keymap, problems = read_keymap(self.keymap_file, all_binding_ids())
        if keymap:
            self.set_keymap(keymap)
        for problem in problems:
            self.notify(problem, title="Keymap", severity="warning", timeout=10)

    def _store_failed(self, message: str) -> None:
        self.sub_title = "no store"
        self.notify(f"{message}\nQuit with ctrl+q and check --db / QUALDESK_DB.",
                    title="The store could not be opened", severity="error", timeout=60)

    def _store_ready(self, store: Store) -> None:
        from qualdesk.tui.screens.queue import QueueScreen

        self.desk = Desk(store, self.agent, self.fallback_bank, self.delivery, self.clock)
        self.sub_title = ""
        self.push_screen(QueueScreen(self.desk))
        self.offer_resume()
        self.set_interval(DELIVERY_RETRY_SECONDS, self.deliver_handoffs)

    # -- calls left open -----------------------------------------------------------------
    def offer_resume(self) -> None:
        """Offer the calls this caller left open, if any."""
        desk = self.desk
        assert desk is not None
        in_background(self, lambda: list_calls(desk.store, status="open", agent=desk.agent),
                      self._ask_resume, what="looking for calls left open")

    def _ask_resume(self, calls: list[CallRow]) -> None:
        if not calls:
            return
        from qualdesk.tui.screens.resume import ResumeScreen

        self.push_screen(ResumeScreen(calls), self._resume_chosen)

    def _resume_chosen(self, choice: tuple[str, int] | None) -> None:
        desk = self.desk
        if choice is None or desk is None:
            return
        verb, call_id = choice
        if verb == "abandon":
            in_background(self, lambda: abandon_call(desk.store, call_id, desk.agent),
                          lambda _done: self._after_abandon(call_id), what="abandoning a call")
            return
        in_background(self, lambda: reopen_call(desk, call_id), self._show_resumed,
                      what="resuming the call")

    def _after_abandon(self, call_id: int) -> None:
        self.notify(f"Call {call_id} closed as abandoned; its lead is back in the queue.")
        self.offer_resume()

    def _show_resumed(self, opened: OpenCall) -> None:
        from qualdesk.tui.screens.call import CallScreen

        assert self.desk is not None
        self.push_screen(CallScreen(self.desk, opened))

    # -- quitting --------------------------------------------------------------------------
    async def action_quit(self) -> None:
        """Quit; if a step of the call is not on disk yet (the store is refusing), warn first
        and quit only when asked again."""
        unsaved = sum(len(getattr(screen, "pending", [])) for screen in self.screen_stack)
        if unsaved and not self.quit_warned:
            self.quit_warned = True
            self.notify(f"{unsaved} step(s) of the call are not saved yet: the store is "
                        "refusing them. Press ctrl+q again to quit anyway and lose them.",
                        title="Not saved", severity="error", timeout=15)
            return
        for screen in self.screen_stack:
            flush = getattr(screen, "flush_now", None)
            if flush is not None:
                flush()
        self.exit()

    # -- help and delivery ---------------------------------------------------------------
    def action_toggle_help(self) -> None:
        """Show or hide the keys of the focused place."""
        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def deliver_handoffs(self, announce: bool = False) -> None:
        """Deliver again every handoff still pending (in the background)."""
        from qualdesk.outputs.delivery import retry_pending

        desk = self.desk
        if desk is None:
            return

        def done(counts: dict[str, int]) -> None:
            if announce:
                summary = ", ".join(f"{count} {state}" for state, count in counts.items())
                self.notify(f"Handoffs: {summary or 'none pending'}")
            refresh = getattr(self.screen, "action_refresh", None)
            if refresh is not None:  # the queue shows how many are still pending
                refresh()

        in_background(self, lambda: retry_pending(desk.store, desk.delivery), done,
                      what="delivering handoffs", group="delivery", exclusive=True)
