"""The handoff summary of a sales-qualified call, shown at once while it is delivered.

Delivery (outbox file, then the webhook with its retries) runs in its own worker, so a slow
or dead webhook never holds the caller: the screen says where delivery stands, and a
delivery that failed stays pending and is retried later by the app.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from qualdesk.outputs.delivery import escalate
from qualdesk.outputs.handoff import TemplateProblem, render_handoff
from qualdesk.tui.desk import Desk
from qualdesk.tui.workers import in_background

STATES = {
    "written": "Written to the outbox (no webhook configured)",
    "delivered": "Delivered to sales",
    "failed": "Not delivered yet: kept in the outbox and retried later",
    "pending": "Pending delivery",
}


class HandoffScreen(ModalScreen[None]):
    """The summary sales receives, and its delivery state."""

    BINDINGS = [Binding("escape", "close", "Close", id="handoff.close"),
                Binding("enter", "close", "Close", show=False, id="handoff.close_enter")]

    def __init__(self, desk: Desk, call_id: int, deliver: bool = True) -> None:
        super().__init__()
        self.desk = desk
        self.call_id = call_id
        self.deliver = deliver

    def compose(self) -> ComposeResult:
        """Delivery line above the summary."""
        with Vertical(id="handoff-dialog", classes="dialog"):
            yield Static("Delivering…" if self.deliver else "", id="delivery-state")
            yield Markdown("Loading the summary…", id="handoff-text")

    def on_mount(self) -> None:
        """Render the summary, and deliver it in the background."""
        self.query_one("#handoff-dialog").border_title = f"Handoff · call {self.call_id}"
        desk, call_id = self.desk, self.call_id

        def render() -> str:
            try:
                return render_handoff(desk.store, call_id, "md", now=desk.now())
            except TemplateProblem as problem:
                return f"The summary template is broken: {problem}"

        in_background(self, render, self._show_summary, what="rendering the handoff",
                      group="handoff-render")
        if self.deliver:
            in_background(self, lambda: escalate(desk.store, call_id, desk.delivery),
                          self._show_state, what="delivering the handoff",
                          group="handoff-delivery")

    async def _show_summary(self, text: str) -> None:
        markdown = self.query_one(Markdown)
        await markdown.update(text)  # the blocks are mounted before anyone looks
        markdown.focus()

    def _show_state(self, state: str | None) -> None:
        words = STATES.get(state or "", state or "no handoff for this call")
        self.query_one("#delivery-state", Static).update(
            f"[$warning]{escape(words)}[/]" if state == "failed" else escape(words))

    def action_close(self) -> None:
        """Back to the queue (delivery goes on if it has not finished)."""
        self.dismiss(None)
