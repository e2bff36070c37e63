"""The queue: the caller's next leads and due callbacks, one key from the next call.

The table holds one page (100 leads) at a time and asks the store for the next page when the
caller pages on, so the screen is as quick on 100,000 leads as on 40. Search and the filter
are answered by the store, not by scanning rows here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from qualdesk.store.desk import QUEUE_FILTERS, QueuePage, handoff_counts, queue_page
from qualdesk.store.models import Lead
from qualdesk.store.queue import Claim, claim_lead, claim_next, release
from qualdesk.tui.desk import Desk, OpenCall, open_call
from qualdesk.tui.settings import steady_cursor
from qualdesk.tui.widgets.lead_card import full_name, local_time
from qualdesk.tui.widgets.record_table import RecordTable
from qualdesk.tui.workers import in_background

PAGE_SIZE = 100


def due_text(lead: Lead, now: datetime) -> str:
    """``callback in 25m``, ``OVERDUE 2h``, ``new`` or ``retry``: why the lead is here."""
    if lead.callback_at is None:
        return lead.status
    minutes = int((lead.callback_at - now).total_seconds() // 60)
    if minutes < 0:
        late = -minutes
        return f"OVERDUE {late // 60}h{late % 60:02d}" if late >= 60 else f"OVERDUE {late}m"
    if minutes < 60:
        return f"callback in {minutes}m"
    return f"callback {lead.callback_at.astimezone(now.tzinfo):%d %b %H:%M}"


class QueueScreen(Screen[None]):
    """The caller's home: the queue, search and filter, and the next-lead key."""

    BINDINGS = [
        Binding("n", "next_lead", "Next lead", id="queue.next",
                tooltip="Claim the next lead the calling rules allow and start the call"),
        Binding("enter", "call_selected", "Call", id="queue.call",
                tooltip="Claim the highlighted lead and start the call"),
        Binding("slash", "search", "Search", id="queue.search",
                tooltip="Search names, companies, phones and emails"),
        Binding("f", "cycle_filter", "Filter", id="queue.filter",
                tooltip="All, callbacks, overdue, new or retry leads"),
        Binding("right_square_bracket", "page(1)", "Next page", id="queue.next_page"),
        Binding("left_square_bracket", "page(-1)", "Prev page", id="queue.previous_page"),
        Binding("h", "history", "History", id="queue.history",
                tooltip="Finished calls, with answers, score and notes"),
        Binding("b", "banks", "Banks", id="queue.banks",
                tooltip="The bank library: edit, preview, test, rename, what-if"),
        Binding("c", "campaigns", "Campaigns", id="queue.campaigns",
                tooltip="Campaigns: bank version, calling hours, retry rules"),
        Binding("r", "reports", "Reports", id="queue.reports",
                tooltip="Outcomes, matrix, scores, questions, callbacks; lift from deals"),
        Binding("ctrl+r", "refresh", "Refresh", id="queue.refresh", show=False),
        Binding("d", "deliver", "Deliver", id="queue.deliver",
                tooltip="Deliver the handoffs still pending now"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.search_text = ""
        self.kind = "all"
        self.page_start = 0
        self.page: QueuePage | None = None
        self.handoffs: dict[str, int] = {}
        self.busy = False

    def compose(self) -> ComposeResult:
        """Search line, status line, the table, and the keys."""
        yield Header()
        yield steady_cursor(Input(placeholder="/ to search name, company, phone, email",
                                  id="queue-search"))
        yield Static("Loading the queue…", id="queue-status")
        yield RecordTable(id="queue-table")
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then the first page."""
        self.title = "qualdesk"
        self.sub_title = f"Queue · {self.desk.agent}"
        table = self.query_one(RecordTable)
        table.add_column("Due", key="due", width=16)
        table.add_column("Name", key="name", width=20)
        table.add_column("Company", key="company", width=18)
        table.add_column("Local time", key="local", width=22)
        table.add_column("Tries", key="attempts", width=5)
        table.add_column("Phone", key="phone", width=16)
        table.focus()
        self.action_refresh()

    def on_screen_resume(self) -> None:
        """Back from a call: the queue has changed."""
        if self.page is not None:
            self.action_refresh()

    # -- loading -------------------------------------------------------------------------
    def action_refresh(self) -> None:
        """Load the current page for the current search and filter."""
        desk, search, kind, offset = self.desk, self.search_text, self.kind, self.page_start

        def job() -> tuple[QueuePage, dict[str, int]]:
            return (queue_page(desk.store, search=search, kind=kind, offset=offset,
                               limit=PAGE_SIZE, now=desk.now()), handoff_counts(desk.store))

        in_background(self, job, self._show, what="loading the queue", exclusive=True,
                      group="queue")

    def _show(self, result: tuple[QueuePage, dict[str, int]]) -> None:
        self.page, self.handoffs = result
        table = self.query_one(RecordTable)
        now = self.desk.now()
        table.clear()
        for lead in self.page.leads:
            table.add_row(due_text(lead, now), full_name(lead), lead.company,
                          local_time(lead.timezone, now), str(lead.attempts), lead.phone or "",
                          key=str(lead.id))
        self._status()

    def _status(self) -> None:
        page = self.page
        if page is None:
            return
        pages = max(1, -(-page.total // PAGE_SIZE))
        parts = [f"{page.total:,} lead{'' if page.total == 1 else 's'}", f"filter: {self.kind}",
                 f"page {page.offset // PAGE_SIZE + 1}/{pages}"]
        if self.search_text:
            parts.append(f"search: {self.search_text!r}")
        webhook = self.desk.delivery is not None and self.desk.delivery.webhook_url
        waiting_states = ("pending", "written", "failed") if webhook else ("pending", "failed")
        waiting = sum(count for state, count in self.handoffs.items()
                      if state in waiting_states)
        if waiting:
            failed = self.handoffs.get("failed", 0)
            parts.append(f"handoffs pending: {waiting}" + (f", {failed} failed" if failed else "")
                         + " (d delivers)")
        self.query_one("#queue-status", Static).update(" · ".join(parts))

    # -- search, filter, pages -----------------------------------------------------------
    def action_search(self) -> None:
        """Type to search; Enter or Escape goes back to the table."""
        self.query_one("#queue-search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Search as the caller types (the store answers; the newest search wins)."""
        if event.input.id == "queue-search":
            self.search_text = event.value
            self.page_start = 0
            self.action_refresh()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search line: back to the results."""
        if event.input.id == "queue-search":
            self.query_one(RecordTable).focus()

    def key_escape(self) -> None:
        """Escape in the search line: back to the results."""
        self.query_one(RecordTable).focus()

    def action_cycle_filter(self) -> None:
        """Next filter: all, callbacks, overdue, new, retry."""
        self.kind = QUEUE_FILTERS[(QUEUE_FILTERS.index(self.kind) + 1) % len(QUEUE_FILTERS)]
        self.page_start = 0
        self.action_refresh()

    def action_page(self, step: int) -> None:
        """Next or previous page of 100 leads."""
        if self.page is None:
            return
        offset = self.page_start + step * PAGE_SIZE
        if 0 <= offset < max(self.page.total, 1):
            self.page_start = offset
            self.action_refresh()

    # -- calling -------------------------------------------------------------------------
    def action_next_lead(self) -> None:
        """Claim the next lead the rules allow, and start the call."""
        desk = self.desk
        self._claim(lambda: claim_next(desk.store, desk.agent, now=desk.now()),
                    "nobody may be called now (calling hours, retry delays, limits)")

    def on_record_table_chosen(self, _event: RecordTable.Chosen) -> None:
        """Enter on a row."""
        self.action_call_selected()

    def action_call_selected(self) -> None:
        """Claim the highlighted lead, and start the call."""
        lead_id = self.query_one(RecordTable).highlighted_id()
        if lead_id is None:
            return
        desk = self.desk
        self._claim(lambda: claim_lead(desk.store, lead_id, desk.agent, now=desk.now()),
                    "this lead may not be called now: outside their calling hours, or "
                    "another caller has them")

    def _claim(self, claim: Callable[[], Claim | None], refused: str) -> None:
        if self.busy:
            return
        self.busy = True
        desk = self.desk

        def job() -> OpenCall | None:
            got = claim()
            if got is None:
                return None
            try:
                return open_call(desk, got.lead.id or 0, got.claim_id)
            except BaseException:
                release(desk.store, got.lead.id or 0, desk.agent)
                raise

        def done(opened: OpenCall | None) -> None:
            self.busy = False
            if opened is None:
                self.notify(refused, title="No call", severity="warning")
                return
            from qualdesk.tui.screens.call import CallScreen

            self.app.push_screen(CallScreen(desk, opened))

        def failed(message: str) -> None:
            self.busy = False
            self.notify(message, title="Could not start the call", severity="error", timeout=8)

        in_background(self, job, done, what="starting a call", failed=failed)

    def action_history(self) -> None:
        """Finished calls."""
        from qualdesk.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.desk))

    def action_banks(self) -> None:
        """The manager's bank library."""
        from qualdesk.tui.screens.library import LibraryScreen

        self.app.push_screen(LibraryScreen(self.desk))

    def action_campaigns(self) -> None:
        """The manager's campaigns."""
        from qualdesk.tui.screens.campaigns import CampaignsScreen

        self.app.push_screen(CampaignsScreen(self.desk))

    def action_reports(self) -> None:
        """Marketing's review."""
        from qualdesk.tui.screens.reports import ReportsScreen

        self.app.push_screen(ReportsScreen(self.desk))

    def action_deliver(self) -> None:
        """Deliver pending handoffs now (they are also retried every few minutes)."""
        deliver = getattr(self.app, "deliver_handoffs", None)
        if deliver is not None:
            deliver(announce=True)
