"""Campaigns: their bank version, calling hours and retry rules, changed by a manager.

A campaign moves to another bank version only here (or with ``qualdesk campaign set-bank``);
a call already open finishes on the version it started with. Script variants (A/B) are set
with ``qualdesk campaign variants`` and shown in the table.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, Static

from qualdesk.store.campaigns import (
    BankUsage,
    CampaignInfo,
    bank_usage,
    create_campaign,
    list_campaigns,
    parse_hours,
    set_bank_version,
    update_campaign,
)
from qualdesk.tui.desk import Desk
from qualdesk.tui.screens.picker import PickerScreen
from qualdesk.tui.settings import steady_cursor
from qualdesk.tui.widgets.record_table import RecordTable
from qualdesk.tui.workers import in_background


class CampaignsScreen(Screen[None]):
    """Every campaign, with keys to add one, change its rules or move it to a bank."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="campaigns.back"),
        Binding("n", "new", "New", id="campaigns.new", tooltip="Create a campaign"),
        Binding("e", "edit", "Rules", id="campaigns.rules",
                tooltip="Calling hours, attempt limit and retry delay"),
        Binding("b", "bank", "Bank version", id="campaigns.bank",
                tooltip="Move the campaign to a stored bank version"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.infos: list[CampaignInfo] = []

    def compose(self) -> ComposeResult:
        """The table and the keys."""
        yield Header()
        yield RecordTable(id="campaigns-table")
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then the campaigns."""
        self.sub_title = "Campaigns"
        table = self.query_one(RecordTable)
        for label, width in (("Campaign", 16), ("Bank", 20), ("Hours", 11), ("Tries", 5),
                             ("Retry", 7), ("Leads", 7), ("Variants", 30)):
            table.add_column(label, width=width)
        table.focus()
        self.reload()

    def reload(self) -> None:
        """Read the campaigns again."""
        in_background(self, lambda: self.desk.store.run(list_campaigns), self._show,
                      what="loading campaigns", exclusive=True, group="campaigns")

    def _show(self, infos: list[CampaignInfo]) -> None:
        self.infos = infos
        self.query_one(RecordTable).refill(
            (index, (info.name, info.bank or "no bank",
                     f"{info.calling_start}-{info.calling_end}", str(info.attempt_limit),
                     f"{info.retry_delay_minutes}m", str(info.leads),
                     ", ".join(f"{v.label} {v.bank} {v.percent}%" for v in info.variants)))
            for index, info in enumerate(infos))

    def _chosen(self) -> CampaignInfo | None:
        index = self.query_one(RecordTable).highlighted_id()
        return None if index is None else self.infos[index]

    def _write(self, work: Callable[[Session], object], what: str) -> None:
        in_background(self, lambda: self.desk.store.run(work), lambda _done: self.reload(),
                      what=what)

    def action_new(self) -> None:
        """Ask for the new campaign's name and rules."""
        self.app.push_screen(RulesScreen(None), self._created)

    def _created(self, form: dict[str, object] | None) -> None:
        if form is None:
            return
        name = str(form.pop("name"))
        agent = self.desk.agent
        self._write(lambda session: create_campaign(session, name, agent, **form),
                    "creating the campaign")

    def action_edit(self) -> None:
        """Change the highlighted campaign's rules."""
        chosen = self._chosen()
        if chosen is not None:
            self.app.push_screen(RulesScreen(chosen), self._edited)

    def _edited(self, form: dict[str, object] | None) -> None:
        chosen = self._chosen()
        if form is None or chosen is None:
            return
        form.pop("name", None)
        agent, name = self.desk.agent, chosen.name
        self._write(lambda session: update_campaign(session, name, agent, **form),
                    "changing the campaign")

    def action_bank(self) -> None:
        """Choose the stored bank version the highlighted campaign calls with."""
        chosen = self._chosen()
        if chosen is None:
            return
        in_background(self, lambda: self.desk.store.run(bank_usage),
                      lambda usage: self.app.push_screen(PickerScreen(
                          f"Bank for {chosen.name}", version_choices(usage)), self._move),
                      what="loading bank versions")

    def _move(self, choice: str | None) -> None:
        chosen = self._chosen()
        if choice is None or chosen is None:
            return
        version_id = int(choice)
        agent, name = self.desk.agent, chosen.name
        self._write(lambda session: set_bank_version(session, name, version_id, agent),
                    "moving the campaign to a bank version")


def version_choices(usage: dict[str, BankUsage]) -> list[tuple[str, str]]:
    """Every stored bank version, newest first within each bank, as picker choices."""
    return [(str(stored), f"{bank_id} v{number} · stored {stored} · {digest}")
            for bank_id, found in sorted(usage.items())
            for stored, number, digest in found.versions]


class RulesScreen(ModalScreen[dict[str, object] | None]):
    """A campaign's name (when new), calling hours, attempt limit and retry delay."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="rules.cancel")]

    def __init__(self, current: CampaignInfo | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        """One line per field; Enter moves on, the last Enter saves."""
        current = self.current
        with Vertical(id="rules-dialog", classes="dialog"):
            if current is None:
                yield steady_cursor(Input(placeholder="campaign name", id="rules-name"))
            yield steady_cursor(Input(
                f"{current.calling_start}-{current.calling_end}" if current else "08:00-21:00",
                placeholder="calling hours, lead's time: HH:MM-HH:MM", id="rules-hours"))
            yield steady_cursor(Input(str(current.attempt_limit) if current else "6",
                                      placeholder="attempt limit", id="rules-attempts",
                                      type="integer"))
            yield steady_cursor(Input(str(current.retry_delay_minutes) if current else "240",
                                      placeholder="retry delay, minutes", id="rules-retry",
                                      type="integer"))
            yield Static(id="rules-problem")

    def on_mount(self) -> None:
        """Title and first field."""
        dialog = self.query_one("#rules-dialog")
        dialog.border_title = (f"Campaign {self.current.name}" if self.current
                               else "New campaign")
        self.query(Input).first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Next field, or save from the last."""
        event.stop()
        inputs = list(self.query(Input))
        position = inputs.index(event.input)
        if position + 1 < len(inputs):
            inputs[position + 1].focus()
            return
        try:
            start, end = parse_hours(self.query_one("#rules-hours", Input).value)
            form: dict[str, object] = {
                "calling_start": start, "calling_end": end,
                "attempt_limit": int(self.query_one("#rules-attempts", Input).value),
                "retry_delay_minutes": int(self.query_one("#rules-retry", Input).value)}
        except ValueError as error:
            self.query_one("#rules-problem", Static).update(f"[$error]{escape(str(error))}[/]")
            return
        if self.current is None:
            name = self.query_one("#rules-name", Input).value.strip()
            if not name:
                self.query_one("#rules-problem", Static).update("[$error]a name is needed[/]")
                return
            form["name"] = name
        self.dismiss(form)

    def action_cancel(self) -> None:
        """Nothing changed."""
        self.dismiss(None)
