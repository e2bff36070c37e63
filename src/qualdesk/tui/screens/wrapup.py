"""Wrap-up: how the call ended (one key per disposition), a callback time and a note when
the disposition needs them, then the finish in the store and, for a sales-qualified lead,
the handoff summary on screen while it is delivered in the background.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from qualdesk.core.model import OUTCOME_LABELS
from qualdesk.core.when import FORMS, NotATime, parse_callback_time, zone_of
from qualdesk.store.calls import Finish, finish_call
from qualdesk.store.dispositions import dispositions_for
from qualdesk.store.models import Disposition
from qualdesk.tui.settings import steady_cursor
from qualdesk.tui.workers import in_background

if TYPE_CHECKING:
    from qualdesk.tui.screens.call import CallScreen

DISPOSITION_KEYS = "1234567890abcdefghijklmopqrstuvwxyz"
#: The disposition the list starts on for each outcome: one Enter for the usual case.
SUGGESTED = {"sales_qualified": "qualified", "marketing_qualified": "nurture",
             "nurture": "nurture", "disqualified": "not_qualified"}


class DispositionList(OptionList):
    """The dispositions, each with its own key."""

    BINDINGS = [Binding(key, f"choose({index})", show=False)
                for index, key in enumerate(DISPOSITION_KEYS)]

    def action_choose(self, index: int) -> None:
        """Choose the ``index``-th disposition at once."""
        if index < self.option_count:
            self.highlighted = index
            self.action_select()


class WrapUpScreen(ModalScreen[Finish | None]):
    """Choose how the call ended; returns the :class:`Finish`, or ``None`` to go back."""

    BINDINGS = [
        Binding("escape", "cancel", "Back to call", id="wrapup.cancel"),
        Binding("f10", "confirm", "Finish", id="wrapup.finish", priority=True,
                tooltip="Finish the call with the chosen disposition"),
    ]

    def __init__(self, dispositions: list[Disposition], outcome: str, total: float,
                 zone: str | None, now: datetime) -> None:
        super().__init__()
        self.dispositions = dispositions
        self.outcome = outcome
        self.total = total
        self.zone = zone
        self.now = now
        self.chosen: Disposition | None = None

    def compose(self) -> ComposeResult:
        """Outcome line, dispositions, callback time, note, and what is still missing."""
        with Vertical(id="wrapup-dialog", classes="dialog"):
            outcome = OUTCOME_LABELS.get(self.outcome, self.outcome)
            yield Static(f"Outcome [b]{outcome}[/b], total {self.total:g}" + (
                " · a handoff goes to sales" if self.outcome == "sales_qualified" else ""),
                id="wrapup-outcome")
            yield DispositionList(*(
                Option(f"{DISPOSITION_KEYS[i]}  {escape(rule.label)}"
                       + (" · callback time" if rule.schedules_callback else "")
                       + (" · note" if rule.needs_note else ""), id=rule.code)
                for i, rule in enumerate(self.dispositions)), id="dispositions")
            yield steady_cursor(Input(placeholder=f"Callback, lead's time: {FORMS}",
                                      id="callback-at"))
            yield Static(id="callback-hint")
            yield steady_cursor(Input(placeholder="Note (needed by some dispositions)",
                                      id="wrapup-note"))
            yield Static(id="wrapup-problem")

    def on_mount(self) -> None:
        """Start on the disposition the outcome suggests."""
        self.query_one("#wrapup-dialog").border_title = "Wrap up"
        listing = self.query_one(DispositionList)
        codes = [rule.code for rule in self.dispositions]
        suggested = SUGGESTED.get(self.outcome)
        listing.highlighted = codes.index(suggested) if suggested in codes else 0
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A disposition chosen: ask for what it needs, or finish."""
        event.stop()
        self.chosen = self.dispositions[event.option_index]
        self._next_step()

    def _callback_at(self) -> datetime | None:
        text = self.query_one("#callback-at", Input).value
        if not text.strip():
            return None
        return parse_callback_time(text, self.now, self.zone)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Say, as it is typed, when the callback would be due (lead's and caller's time)."""
        if event.input.id != "callback-at":
            return
        hint = self.query_one("#callback-hint", Static)
        try:
            moment = self._callback_at()
        except NotATime as error:
            hint.update(f"[$error]{escape(str(error))}[/]")
            return
        if moment is None:
            hint.update("")
            return
        lead_time = moment.astimezone(zone_of(self.zone))
        hint.update(f"Due {lead_time:%a %d %b %H:%M} lead's time ({self.zone or 'UTC'}), "
                    f"{moment.astimezone():%a %H:%M} yours")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field: on to what is still needed, or finish."""
        event.stop()
        self._next_step()

    def _missing(self) -> tuple[str, str] | None:
        """The first thing still needed, as (field id, message)."""
        rule = self.chosen
        if rule is None:
            return "dispositions", "choose how the call ended"
        if rule.schedules_callback:
            try:
                if self._callback_at() is None:
                    return "callback-at", f"'{rule.label}' needs a callback time ({FORMS})"
            except NotATime as error:
                return "callback-at", str(error)
        note = self.query_one("#wrapup-note", Input).value
        if rule.needs_note and not note.strip():
            return "wrapup-note", f"'{rule.label}' needs a note"
        return None

    def _next_step(self) -> None:
        missing = self._missing()
        if missing is None:
            self.action_confirm()
            return
        field, message = missing
        self.query_one("#wrapup-problem", Static).update(f"[$warning]{escape(message)}[/]")
        self.query_one(f"#{field}").focus()

    def action_confirm(self) -> None:
        """Finish with the chosen disposition once nothing is missing."""
        if self.chosen is None:
            listing = self.query_one(DispositionList)
            if listing.highlighted is not None:
                self.chosen = self.dispositions[listing.highlighted]
        missing = self._missing()
        if missing is not None:
            self._next_step()
            return
        assert self.chosen is not None
        note = self.query_one("#wrapup-note", Input).value.strip() or None
        self.dismiss(Finish(self.chosen.code, note=note, callback_at=self._callback_at()))

    def action_cancel(self) -> None:
        """Back to the call, nothing finished."""
        self.dismiss(None)


def start_wrap_up(screen: CallScreen) -> None:
    """Load the campaign's dispositions, ask, then finish the call in the store."""
    desk, opened = screen.desk, screen.opened
    campaign_id = opened.card.lead.campaign_id

    def load() -> list[Disposition]:
        return desk.store.run(lambda session: dispositions_for(session, campaign_id),
                              what="loading dispositions")

    def ask(rules: list[Disposition]) -> None:
        score = screen.session.state.score
        screen.app.push_screen(
            WrapUpScreen(rules, score.outcome, float(score.total), opened.card.lead.timezone,
                         desk.now()),
            lambda finish: _finish(screen, finish))

    in_background(screen, load, ask, what="loading dispositions")


def _finish(screen: CallScreen, finish: Finish | None) -> None:
    if finish is None or screen.finishing:
        return
    screen.finishing = True
    desk, call_id, session = screen.desk, screen.opened.call_id, screen.session
    finish.at = desk.now()

    def done(call: object) -> None:
        screen.finishing = False
        outcome = getattr(call, "outcome", None)
        disposition = getattr(call, "disposition", None)
        app = screen.app
        app.pop_screen()
        if outcome == "sales_qualified" and disposition != "do_not_call":
            from qualdesk.tui.screens.handoff import HandoffScreen

            app.push_screen(HandoffScreen(desk, call_id))
        else:
            app.notify(f"Call finished: {disposition}, "
                       f"{OUTCOME_LABELS.get(outcome or '', outcome)}", timeout=4)

    def failed(message: str) -> None:
        screen.finishing = False
        screen.notify(message, title="The call is not finished", severity="error", timeout=10)

    in_background(screen, lambda: finish_call(desk.store, call_id, session, finish), done,
                  failed=failed, what="finishing the call")
