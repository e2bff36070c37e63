"""Preview: the script walked exactly as a caller walks it, from the editor, with a sample
lead and the live score, and nothing written to the store or to any real lead."""

from __future__ import annotations

from textual.binding import Binding

from qualdesk.core.engine import CallSession
from qualdesk.core.model import Bank
from qualdesk.store.desk import LeadCard
from qualdesk.store.models import Lead
from qualdesk.tui.desk import Desk, OpenCall
from qualdesk.tui.screens.call import CallScreen

SAMPLE_LEAD = Lead(id=0, first_name="Sam", last_name="Sample", company="Sample Company Ltd",
                   title="Head of Operations", phone="+12125550100",
                   email="sam@sample.example", country="US", timezone="America/New_York",
                   extra={})


class PreviewScreen(CallScreen):
    """The call screen on a bank being edited: steps are taken, never stored."""

    BINDINGS = [Binding("f10", "close_preview", "End preview", id="preview.end",
                        priority=True),
                Binding("f2", "no_notes", "Notes", id="preview.notes", priority=True,
                        show=False)]

    def subtitle(self) -> str:
        """Marked as a preview, so nobody takes it for a real call."""
        return (f"PREVIEW of {self.session.bank.title} v{self.session.bank.version}"
                " · nothing is stored")

    def _save(self) -> None:
        """Nothing to store: the step is taken at once."""
        self.pending.clear()
        self.call_after_refresh(self.refresh_view)

    def action_no_notes(self) -> None:
        """Notes belong to real calls."""
        self.notify("Notes are not taken in a preview.", timeout=3)

    def action_close_preview(self) -> None:
        """Back to the editor."""
        self.app.pop_screen()


def preview_screen(desk: Desk, bank: Bank) -> PreviewScreen:
    """A preview of ``bank`` with the sample lead."""
    from qualdesk.store.calls import lead_context

    session = CallSession(bank, lead=lead_context(SAMPLE_LEAD), agent=desk.agent,
                          today=desk.now().date())
    return PreviewScreen(desk, OpenCall(0, session, LeadCard(SAMPLE_LEAD, "preview", [], [])))
