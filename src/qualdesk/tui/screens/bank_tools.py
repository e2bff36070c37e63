"""The editor's dialogs: scenario results, renaming a question, and the what-if report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from qualdesk.core.banktests import ScenarioResult
from qualdesk.core.model import OUTCOME_LABELS, Bank
from qualdesk.core.whatif import WhatIfReport, what_if
from qualdesk.store.campaigns import list_campaigns
from qualdesk.store.history import past_calls
from qualdesk.tui.screens.picker import PickerScreen
from qualdesk.tui.screens.reading import ReadingScreen
from qualdesk.tui.settings import steady_cursor
from qualdesk.tui.workers import in_background

if TYPE_CHECKING:
    from qualdesk.tui.screens.editor import EditorScreen


def results_markup(results: list[ScenarioResult]) -> str:
    """Each scenario: passed, or every expectation that did not hold."""
    lines = []
    for result in results:
        if result.passed:
            lines.append(f"[$success]✓[/] {escape(result.name)}")
            continue
        lines.append(f"[$error]✗ {escape(result.name)}[/]")
        lines.extend(f"    {escape(m.key)}: expected {escape(repr(m.expected))}, got "
                     f"{escape(repr(m.actual))}" for m in result.mismatches)
        lines.extend(f"    {escape(d.format())}" for d in result.errors)
    failed = sum(not result.passed for result in results)
    lines.append(f"\n{len(results) - failed} passed, {failed} failed")
    return "\n".join(lines)


class TestResultsScreen(ReadingScreen):
    """The scenarios of a bank's tests file, run against the editor's text."""

    __test__ = False  # a screen, not a pytest test class
    BINDINGS = [Binding("escape", "dismiss", "Close", id="tests.close")]

    def __init__(self, name: str, results: list[ScenarioResult]) -> None:
        super().__init__(f"Scenarios · {name}", results_markup(results))


class RenameScreen(ModalScreen[tuple[str, str] | None]):
    """Ask which question to rename, and to what."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="rename.cancel")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        """Old id, new id."""
        with Vertical(id="rename-dialog", classes="dialog"):
            yield Static("Rename a question: every goto, next, ask_if, when and template "
                         "follows, and the tests file when you save.")
            yield steady_cursor(Input(self.current, placeholder="question id now",
                                      id="rename-old"))
            yield steady_cursor(Input(placeholder="new id ([a-z][a-z0-9_]*)",
                                      id="rename-new"))

    def on_mount(self) -> None:
        """Start on the new id when the old one is known."""
        self.query_one("#rename-dialog").border_title = "Rename question"
        self.query_one("#rename-new" if self.current else "#rename-old", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: on to the next field, or rename."""
        event.stop()
        old = self.query_one("#rename-old", Input).value.strip()
        new = self.query_one("#rename-new", Input).value.strip()
        if old and new:
            self.dismiss((old, new))
        else:
            self.query_one("#rename-new" if old else "#rename-old", Input).focus()

    def action_cancel(self) -> None:
        """Nothing renamed."""
        self.dismiss(None)


def whatif_markup(report: WhatIfReport) -> str:
    """The report: the headline, each move with its count and examples, and what could not
    be compared."""
    lines = [f"[b]{escape(report.headline())}[/b]", ""]
    for (before, after), count in sorted(report.moves.items()):
        words = f"{OUTCOME_LABELS.get(before, before)} → {OUTCOME_LABELS.get(after, after)}"
        lines.append(f"{count:>5}  {escape(words)}")
        lines.extend(f"         call {r.call.call_id} {escape(r.call.lead_name)}: "
                     f"{r.call.total:g} → {r.total:g}" for r in report.examples[(before, after)])
    if not report.moves:
        lines.append("No call changes outcome.")
    for result in report.not_comparable[:5]:
        lines.append(f"not comparable: call {result.call.call_id}: {escape(result.why_not or '')}")
    return "\n".join(lines)


class WhatIfScreen(ReadingScreen):
    """What the edited bank would have done to a campaign's past calls."""

    BINDINGS = [Binding("escape", "dismiss", "Close", id="whatif.close")]

    def __init__(self, campaign: str, report: WhatIfReport) -> None:
        super().__init__(f"What-if · campaign {campaign}", whatif_markup(report))


def start_what_if(editor: EditorScreen, bank: Bank) -> None:
    """Pick a campaign (those on this bank first), then rescore its calls in a worker."""
    desk = editor.desk

    def ask(infos: list) -> None:  # type: ignore[type-arg]
        if not infos:
            editor.notify("There are no campaigns yet.", severity="warning")
            return
        own = [i.name for i in infos if i.bank and i.bank.startswith(f"{bank.id} v")]
        names = own + [i.name for i in infos if i.name not in own]
        editor.app.push_screen(PickerScreen("What-if on which campaign?",
                                            [(name, name) for name in names]), run)

    def run(campaign: str | None) -> None:
        if campaign is None:
            return
        in_background(editor, lambda: what_if(bank, past_calls(desk.store, campaign)),
                      lambda report: editor.app.push_screen(WhatIfScreen(campaign, report)),
                      what="rescoring past calls")

    in_background(editor, lambda: desk.store.run(list_campaigns), ask,
                  what="loading campaigns")
