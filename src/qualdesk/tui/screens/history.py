"""History: finished calls, newest first, filtered by search, outcome and caller; each opens
read-only with its answers, score and notes."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from qualdesk.core.answers import answer_label
from qualdesk.core.model import OUTCOME_LABELS
from qualdesk.store.desk import OUTCOME_FILTERS, CallRow, PastNote, call_notes, list_calls
from qualdesk.tui.desk import Desk, OpenCall, reopen_call
from qualdesk.tui.settings import steady_cursor
from qualdesk.tui.widgets.lead_card import LeadCardView
from qualdesk.tui.widgets.record_table import RecordTable
from qualdesk.tui.widgets.score_panel import ScorePanel
from qualdesk.tui.workers import in_background

PAGE_SIZE = 200


def _when(moment: datetime, now: datetime) -> str:
    return f"{moment.astimezone(now.tzinfo):%d %b %H:%M}"


class HistoryScreen(Screen[None]):
    """Finished calls."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Queue", id="history.back"),
        Binding("enter", "open_call", "Open", id="history.open",
                tooltip="Answers, score and notes of the highlighted call"),
        Binding("slash", "search", "Search", id="history.search"),
        Binding("o", "cycle_outcome", "Outcome", id="history.outcome",
                tooltip="Show one outcome at a time"),
        Binding("m", "toggle_mine", "Mine/all", id="history.mine",
                tooltip="Only my calls, or everyone's"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.search_text = ""
        self.outcome = "all"
        self.mine = True
        self.rows: list[CallRow] = []

    def compose(self) -> ComposeResult:
        """Search, status, the calls."""
        yield Header()
        yield steady_cursor(Input(placeholder="/ to search name, company, phone",
                                  id="history-search"))
        yield Static("Loading…", id="history-status")
        yield RecordTable(id="history-table")
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then the calls."""
        self.sub_title = "History"
        table = self.query_one(RecordTable)
        for label, key, width in (("Ended", "ended", 13), ("Lead", "lead", 18),
                                  ("Company", "company", 16), ("Outcome", "outcome", 19),
                                  ("Total", "total", 5), ("Disposition", "disposition", 13),
                                  ("Caller", "agent", 10), ("Handoff", "handoff", 9)):
            table.add_column(label, key=key, width=width)
        table.focus()
        self.reload()

    def reload(self) -> None:
        """Ask the store for the calls matching the filters."""
        desk, search, outcome = self.desk, self.search_text, self.outcome
        agent = desk.agent if self.mine else None
        in_background(self, lambda: list_calls(desk.store, search=search, outcome=outcome,
                                                   agent=agent, limit=PAGE_SIZE),
                      self._show, what="loading finished calls", exclusive=True,
                      group="history")

    def _show(self, rows: list[CallRow]) -> None:
        self.rows = rows
        now = self.desk.now()
        table = self.query_one(RecordTable)
        table.clear()
        for row in rows:
            table.add_row(_when(row.ended_at or row.started_at, now), row.lead_name,
                          row.company, OUTCOME_LABELS.get(row.outcome or "", row.outcome or ""),
                          "" if row.total is None else f"{row.total:g}", row.disposition or "",
                          row.agent, row.handoff or "", key=str(row.id))
        whose = f"{self.desk.agent}'s calls" if self.mine else "everyone's calls"
        parts = [f"{len(rows)} {whose}" + (" (newest)" if len(rows) == PAGE_SIZE else ""),
                 f"outcome: {self.outcome}"]
        if self.search_text:
            parts.append(f"search: {self.search_text!r}")
        self.query_one("#history-status", Static).update(" · ".join(parts))

    def action_search(self) -> None:
        """Type to filter."""
        self.query_one("#history-search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the caller types."""
        self.search_text = event.value
        self.reload()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        """Back to the list."""
        self.query_one(RecordTable).focus()

    def action_cycle_outcome(self) -> None:
        """All, then each outcome in turn."""
        self.outcome = OUTCOME_FILTERS[(OUTCOME_FILTERS.index(self.outcome) + 1)
                                       % len(OUTCOME_FILTERS)]
        self.reload()

    def action_toggle_mine(self) -> None:
        """My calls or everyone's."""
        self.mine = not self.mine
        self.reload()

    def on_record_table_chosen(self, _event: RecordTable.Chosen) -> None:
        """Enter on a row."""
        self.action_open_call()

    def action_open_call(self) -> None:
        """Open the highlighted call read-only."""
        call_id = self.query_one(RecordTable).highlighted_id()
        if call_id is None:
            return
        desk = self.desk

        def job() -> tuple[OpenCall, list[PastNote]]:
            return reopen_call(desk, call_id), call_notes(desk.store, call_id)

        in_background(self, job, lambda found: self.app.push_screen(
            CallDetailScreen(desk, *found)), what="opening the call")


class CallDetailScreen(Screen[None]):
    """One finished call, read-only: the lead, every answer in words, the score, the notes."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="detail.back"),
        Binding("s", "summary", "Handoff", id="detail.handoff",
                tooltip="The handoff summary sales received"),
    ]

    def __init__(self, desk: Desk, opened: OpenCall, notes: list[PastNote]) -> None:
        super().__init__()
        self.desk = desk
        self.opened = opened
        self.notes = notes

    def compose(self) -> ComposeResult:
        """Card on top, answers and notes on the left, score on the right."""
        yield Header()
        yield LeadCardView(id="lead-card")
        with Horizontal(id="call-body"):
            with Vertical(id="script", classes="panel"):
                yield VerticalScroll(Static(id="detail-answers"), id="detail-scroll")
            yield ScorePanel(id="score")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the read-only view."""
        session, state = self.opened.session, self.opened.session.state
        self.sub_title = f"Call {self.opened.call_id} (read-only)"
        self.query_one("#script").border_title = "Answers and notes"
        self.query_one(LeadCardView).show(self.opened.card, self.desk.now())
        self.query_one(ScorePanel).show(session.bank, state)
        lines = []
        for qid in state.walk.path:
            question = session.bank.by_id[qid]
            said = (answer_label(question, state.walk.counted[qid])
                    if qid in state.walk.counted else "(skipped)")
            lines.append(f"[b]{escape(session.ask_text(question))}[/b]\n  {escape(said)}")
        if not lines:
            lines.append("No question was answered on this call.")
        lines.append("\n[b]Notes[/b]")
        now = self.desk.now()
        lines.extend(f"{_when(note.at, now)} {escape(note.agent)}: {escape(note.text)}"
                     for note in self.notes)
        if not self.notes:
            lines.append("No notes.")
        self.query_one("#detail-answers", Static).update("\n".join(lines))
        self.query_one("#detail-scroll").focus()

    def action_summary(self) -> None:
        """The handoff summary (not delivered again)."""
        from qualdesk.tui.screens.handoff import HandoffScreen

        self.app.push_screen(HandoffScreen(self.desk, self.opened.call_id, deliver=False))
