"""The bank editor: the YAML with syntax highlighting, checked as the manager types.

Every error and warning is listed under the text; Enter on one puts the cursor on its line
and column. Saving a bank with errors is refused; saving a valid one writes the file (a
bundled bank goes to the user's folder) and stores the text as a new version, which never
changes a past call (each call keeps the version it used). From here: preview the script as
a caller would (F5), run the bank's scenarios (F6), rename a question everywhere (F7), and see
what the edit would do to a campaign's past calls (F8).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from qualdesk.core.banktests import ScenarioResult, run_bank_tests, tests_path_for
from qualdesk.core.diagnostics import Diagnostic, InputError
from qualdesk.core.loader import LoadResult, load_bank_text, read_text_file
from qualdesk.core.model import Bank
from qualdesk.core.rename import rename_question
from qualdesk.library import save_target, write_atomically
from qualdesk.store.campaigns import store_bank
from qualdesk.tui.desk import Desk
from qualdesk.tui.settings import steady_cursor
from qualdesk.tui.workers import in_background

CHECK_AFTER_SECONDS = 0.3
_QUESTION_LINE = re.compile(r"^\s*-\s*id:\s*['\"]?([a-z][a-z0-9_]*)")


class EditorScreen(Screen[None]):
    """One bank file, edited and checked live."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor.save", priority=True,
                tooltip="Save and store a new version (refused while there are errors)"),
        Binding("f4", "problems", "Problems", id="editor.problems", priority=True,
                tooltip="The list of errors and warnings: Enter jumps to one"),
        Binding("f5", "preview", "Preview", id="editor.preview", priority=True,
                tooltip="Walk the script as a caller would, with a sample lead"),
        Binding("f6", "run_tests", "Tests", id="editor.tests", priority=True,
                tooltip="Run the bank's scenarios (NAME.tests.yaml)"),
        Binding("f7", "rename", "Rename", id="editor.rename", priority=True,
                tooltip="Rename a question id and every reference to it"),
        Binding("f8", "what_if", "What-if", id="editor.whatif", priority=True,
                tooltip="Rescore a campaign's past calls under this text"),
        Binding("escape", "leave", "Back", id="editor.back", priority=True),
    ]

    def __init__(self, desk: Desk, path: Path, user_dir: Path | None = None) -> None:
        super().__init__()
        self.desk = desk
        self.path = path
        self.target = save_target(path, user_dir)
        self.saved_text = read_text_file(path)
        self.result: LoadResult = load_bank_text(self.saved_text, str(path))
        self.renames: list[tuple[str, str]] = []
        self.timer: Timer | None = None
        self.leave_warned = False

    def compose(self) -> ComposeResult:
        """The text, a status line, the problems, the keys."""
        yield Header()
        yield steady_cursor(TextArea.code_editor(self.saved_text, language="yaml",
                                                 id="bank-text"))
        yield Static(id="editor-status")
        yield OptionList(id="problems")
        yield Footer()

    def on_mount(self) -> None:
        """Show the first check."""
        self.sub_title = f"{self.path.name} → saves to {self.target}"
        self.query_one("#problems", OptionList).border_title = "Problems (F4, Enter jumps)"
        self._show(self.result)
        self.query_one(TextArea).focus()

    @property
    def text(self) -> str:
        """What is in the editor now."""
        return self.query_one(TextArea).text

    # -- checking as typed ---------------------------------------------------------------
    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        """Check again after a short pause in typing."""
        self.leave_warned = False
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.set_timer(CHECK_AFTER_SECONDS, self._check)

    def _check(self) -> None:
        text, name = self.text, str(self.path)
        in_background(self, lambda: load_bank_text(text, name), self._show,
                      what="checking the bank", exclusive=True, group="check")

    def _show(self, result: LoadResult) -> None:
        self.result = result
        listing = self.query_one("#problems", OptionList)
        listing.clear_options()
        for index, diagnostic in enumerate(result.diagnostics):
            listing.add_option(Option(escape(_problem_line(diagnostic)), id=str(index)))
        errors, warnings = len(result.errors), len(result.warnings)
        state = "unsaved changes" if self.text != self.saved_text else "saved"
        verdict = ("[$error]" + f"{errors} error(s)[/]" if errors else "[$success]valid[/]")
        self.query_one("#editor-status", Static).update(
            f"{verdict}, {warnings} warning(s) · {state}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a problem: the cursor goes to its line and column."""
        if event.option_list.id != "problems" or event.option.id is None:
            return
        diagnostic = self.result.diagnostics[int(event.option.id)]
        area = self.query_one(TextArea)
        if diagnostic.position is not None:
            area.cursor_location = (diagnostic.position.line - 1,
                                    max(diagnostic.position.column - 1, 0))
            area.scroll_cursor_visible(center=True)
        area.focus()

    def action_problems(self) -> None:
        """Focus the list of problems."""
        listing = self.query_one("#problems", OptionList)
        if listing.option_count:
            listing.focus()
            listing.highlighted = 0

    # -- saving --------------------------------------------------------------------------
    def _valid_bank(self, doing: str) -> Bank | None:
        result = load_bank_text(self.text, str(self.path))
        self._show(result)
        if result.bank is None:
            self.notify(f"{len(result.errors)} error(s): fix them before you {doing} "
                        "(F4 lists them).", title="Refused", severity="error", timeout=6)
        return result.bank

    def action_save(self) -> None:
        """Write the file and store a new version; refused while there are errors."""
        bank = self._valid_bank("save")
        if bank is None:
            return
        desk, text, source, target = self.desk, self.text, self.path, self.target
        renames = list(self.renames)

        def job() -> int:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, text)
            _carry_tests(source, target, renames)
            return desk.store.run(lambda session: store_bank(session, bank, desk.agent).id or 0)

        def done(version_id: int) -> None:
            self.saved_text, self.renames = text, []
            self._show(self.result)
            self.notify(f"Saved to {target}; stored as version {version_id} "
                        f"({bank.content_hash[:12]}). Past calls keep their own version.",
                        title="Saved", timeout=6)

        in_background(self, job, done, what="saving the bank")

    def action_leave(self) -> None:
        """Back to the library; with unsaved changes, only on the second Escape."""
        if self.text != self.saved_text and not self.leave_warned:
            self.leave_warned = True
            self.notify("Unsaved changes: Esc again leaves without saving, ctrl+s saves.",
                        severity="warning", timeout=5)
            return
        self.app.pop_screen()

    # -- preview, tests, rename, what-if -------------------------------------------------
    def action_preview(self) -> None:
        """Walk the script with a sample lead (nothing is stored)."""
        from qualdesk.tui.screens.preview import preview_screen

        bank = self._valid_bank("preview")
        if bank is not None:
            self.app.push_screen(preview_screen(self.desk, bank))

    def action_run_tests(self) -> None:
        """Run the scenarios beside the bank against the text in the editor."""
        bank = self._valid_bank("run the tests")
        if bank is None:
            return
        tests_file = tests_path_for(self.target)
        if not tests_file.exists():
            tests_file = tests_path_for(self.path)
        if not tests_file.exists():
            self.notify(f"No scenarios: write them in {tests_path_for(self.target).name}.",
                        severity="warning", timeout=6)
            return
        text = _renamed_tests(read_text_file(tests_file), self.renames)
        try:
            results = run_bank_tests(bank, text, str(tests_file))
        except InputError as error:
            self.notify("; ".join(d.format() for d in error.diagnostics),
                        title="The tests file is broken", severity="error", timeout=10)
            return
        from qualdesk.tui.screens.bank_tools import TestResultsScreen

        self.app.push_screen(TestResultsScreen(tests_file.name, results))

    def action_rename(self) -> None:
        """Ask for the question to rename (the one under the cursor first) and its new id."""
        from qualdesk.tui.screens.bank_tools import RenameScreen

        self.app.push_screen(RenameScreen(self._question_at_cursor()), self._rename)

    def _question_at_cursor(self) -> str:
        lines = self.text.splitlines()
        row = self.query_one(TextArea).cursor_location[0]
        for line in reversed(lines[:row + 1]):
            if found := _QUESTION_LINE.match(line):
                return found.group(1)
        return ""

    def _rename(self, pair: tuple[str, str] | None) -> None:
        if pair is None:
            return
        old, new = pair
        try:
            renamed, _, places = rename_question(self.text, old, new, str(self.path))
        except InputError as error:
            self.notify("; ".join(d.message for d in error.diagnostics), title="Not renamed",
                        severity="error", timeout=8)
            return
        area = self.query_one(TextArea)
        cursor = area.cursor_location
        area.load_text(renamed)
        area.cursor_location = cursor
        self.renames.append((old, new))
        self.notify(f"Renamed '{old}' to '{new}' in {places} place(s); the tests file "
                    "follows when you save.", timeout=6)

    def action_what_if(self) -> None:
        """Choose a campaign and rescore its past calls under this text."""
        from qualdesk.tui.screens.bank_tools import start_what_if

        bank = self._valid_bank("run a what-if")
        if bank is not None:
            start_what_if(self, bank)


def _problem_line(diagnostic: Diagnostic) -> str:
    where = (f"{diagnostic.position.line}:{diagnostic.position.column}"
             if diagnostic.position else "-")
    about = f"question '{diagnostic.question}': " if diagnostic.question else ""
    return f"{where} {diagnostic.severity}: {about}{diagnostic.message}"


def _renamed_tests(text: str, renames: list[tuple[str, str]]) -> str:
    from qualdesk.core.rename import apply_edits, tests_edits

    for old, new in renames:
        text = apply_edits(text, tests_edits(text, old, new))
    return text


def _carry_tests(source: Path, target: Path, renames: list[tuple[str, str]]) -> None:
    """Bring the scenarios along to the saved bank, with the renames made in the editor."""
    target_tests = tests_path_for(target)
    source_tests = tests_path_for(source)
    if not target_tests.exists() and source_tests.exists() and source_tests != target_tests:
        shutil.copyfile(source_tests, target_tests)
    if renames and target_tests.exists():
        write_atomically(target_tests, _renamed_tests(read_text_file(target_tests), renames))


__all__ = ["EditorScreen", "ScenarioResult"]
