"""The bank library: bundled banks and the manager's own, with their stored versions and the
campaigns that call with them; Enter opens one in the editor, ``d`` shows what changed since
the newest stored version."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qualdesk.core.bankdiff import Change, diff_banks
from qualdesk.core.loader import load_bank_text, require_bank
from qualdesk.library import BankFile, library, user_banks_dir
from qualdesk.store.campaigns import BankUsage, bank_usage, stored_versions
from qualdesk.store.models import BankVersion
from qualdesk.tui.desk import Desk
from qualdesk.tui.screens.reading import ReadingScreen
from qualdesk.tui.widgets.record_table import RecordTable
from qualdesk.tui.workers import in_background


class LibraryScreen(Screen[None]):
    """Every bank a manager can open."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="library.back"),
        Binding("enter", "open_bank", "Edit", id="library.edit",
                tooltip="Open the highlighted bank in the editor"),
        Binding("d", "diff", "Changes", id="library.diff",
                tooltip="What changed since the newest stored version, in words"),
        Binding("v", "versions", "Versions", id="library.versions",
                tooltip="The stored versions of the bank; compare any two"),
        Binding("r", "reload", "Reload", id="library.reload", show=False),
    ]

    def __init__(self, desk: Desk, user_dir: Path | None = None) -> None:
        super().__init__()
        self.desk = desk
        self.user_dir = user_dir
        self.files: list[BankFile] = []
        self.usage: dict[str, BankUsage] = {}

    def compose(self) -> ComposeResult:
        """Where the user's banks live, then the table."""
        yield Header()
        yield Static(f"Your banks: {escape(str(self.user_dir or user_banks_dir()))} · "
                     "bundled banks are saved there when changed", id="library-status")
        yield RecordTable(id="library-table")
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then the banks."""
        self.sub_title = "Bank library"
        table = self.query_one(RecordTable)
        for label, width in (("Bank", 20), ("Title", 34), ("v", 3), ("Where", 8),
                             ("Stored", 6), ("Campaigns", 16), ("Problems", 9)):
            table.add_column(label, width=width)
        table.focus()
        self.action_reload()

    def on_screen_resume(self) -> None:
        """Back from the editor: a bank may have been saved."""
        self.action_reload()

    def action_reload(self) -> None:
        """Read the folders and the store again."""
        desk, user_dir = self.desk, self.user_dir
        in_background(self, lambda: (library(user_dir), desk.store.run(bank_usage)),
                      self._show, what="reading the bank library", exclusive=True,
                      group="library")

    def _show(self, found: tuple[list[BankFile], dict[str, BankUsage]]) -> None:
        self.files, self.usage = found
        rows = []
        for index, file in enumerate(self.files):
            usage = self.usage.get(file.bank_id or "", BankUsage([], []))
            problems = (f"{file.errors} err" if file.errors else "") + (
                f" {file.warnings} warn" if file.warnings else "")
            rows.append((index, (file.bank_id or file.path.stem, file.title,
                                 str(file.version or ""),
                                 "bundled" if file.bundled else "yours",
                                 str(len(usage.versions)), ", ".join(usage.campaigns),
                                 problems.strip() or "ok")))
        self.query_one(RecordTable).refill(rows)

    def _chosen(self) -> BankFile | None:
        index = self.query_one(RecordTable).highlighted_id()
        return None if index is None else self.files[index]

    def on_record_table_chosen(self, _event: RecordTable.Chosen) -> None:
        """Enter on a row."""
        self.action_open_bank()

    def action_open_bank(self) -> None:
        """The highlighted bank in the editor."""
        from qualdesk.tui.screens.editor import EditorScreen

        chosen = self._chosen()
        if chosen is not None:
            self.app.push_screen(EditorScreen(self.desk, chosen.path, self.user_dir))

    def action_diff(self) -> None:
        """The file against the newest stored version of the same bank, in words."""
        chosen = self._chosen()
        if chosen is None or chosen.bank_id is None:
            self.notify("This bank does not load; open it to see why.", severity="warning")
            return
        usage = self.usage.get(chosen.bank_id)
        if not usage or not usage.versions:
            self.notify(f"No version of '{chosen.bank_id}' is stored yet.", timeout=4)
            return
        desk, stored_id, path = self.desk, usage.versions[0][0], chosen.path

        def job() -> tuple[str, list[Change]]:
            version = desk.store.run(lambda session: session.get(BankVersion, stored_id))
            old = load_bank_text(version.text, f"stored v{version.version}").bank
            if old is None:
                raise ValueError("the stored version no longer loads")
            title = f"{path.name} against stored v{version.version} ({version.content_hash[:12]})"
            return title, diff_banks(old, require_bank(path))

        in_background(self, job, lambda found: self.app.push_screen(ChangesScreen(*found)),
                      what="comparing versions")


    def action_versions(self) -> None:
        """The stored versions of the highlighted bank, to compare two."""
        chosen = self._chosen()
        if chosen is None or chosen.bank_id is None:
            return
        bank_id = chosen.bank_id
        in_background(self, lambda: self.desk.store.run(
            lambda session: stored_versions(session, bank_id)),
            lambda found: self.app.push_screen(VersionsScreen(self.desk, bank_id, found)),
            what="loading versions")


class VersionsScreen(ModalScreen[None]):
    """A bank's stored versions, newest first: mark two with space, Enter compares them."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="versions.close"),
        Binding("space", "mark", "Mark", id="versions.mark", priority=True),
        Binding("enter", "compare", "Compare", id="versions.compare", priority=True),
    ]

    def __init__(self, desk: Desk, bank_id: str, versions: list[BankVersion]) -> None:
        super().__init__()
        self.desk = desk
        self.bank_id = bank_id
        self.versions = versions
        self.marked: list[int] = []

    def compose(self) -> ComposeResult:
        """One line per version."""
        with Vertical(id="versions-list-dialog", classes="dialog"):
            yield OptionList(*(self._option(index) for index in range(len(self.versions))))
            yield Static("space marks two versions · Enter shows what changed from the older "
                         "to the newer")

    def _option(self, index: int) -> Option:
        version = self.versions[index]
        mark = "●" if index in self.marked else " "
        return Option(f"{mark} @{version.id} v{version.version} {version.content_hash[:12]} "
                      f"{version.created_at:%Y-%m-%d %H:%M}", id=str(index))

    def on_mount(self) -> None:
        """Title and focus."""
        self.query_one("#versions-list-dialog").border_title = f"Versions of {self.bank_id}"
        listing = self.query_one(OptionList)
        listing.focus()
        listing.highlighted = 0 if self.versions else None

    def action_mark(self) -> None:
        """Mark or unmark the highlighted version (two at most)."""
        listing = self.query_one(OptionList)
        index = listing.highlighted
        if index is None:
            return
        if index in self.marked:
            self.marked.remove(index)
        else:
            self.marked = [*self.marked[-1:], index]
        for position in range(listing.option_count):
            listing.replace_option_prompt_at_index(position, self._option(position).prompt)

    def action_compare(self) -> None:
        """What changed from the older marked version to the newer."""
        if len(self.marked) != 2:
            self.notify("Mark two versions with space first.", severity="warning", timeout=3)
            return
        newer, older = (self.versions[i] for i in sorted(self.marked))
        before = load_bank_text(older.text, f"@{older.id}").bank
        after = load_bank_text(newer.text, f"@{newer.id}").bank
        if before is None or after is None:
            self.notify("One of these versions no longer loads.", severity="error")
            return
        self.app.push_screen(ChangesScreen(f"@{older.id} → @{newer.id}",
                                           diff_banks(before, after)))


def changes_markup(changes: list[Change]) -> str:
    """Changes in words; ``*`` marks those that can move a score."""
    if not changes:
        return "No changes."
    lines = [f"{'[$warning]*[/]' if change.scoring else ' '} {escape(change.words)}"
             for change in changes]
    scoring = sum(change.scoring for change in changes)
    lines.append(f"\n{len(changes)} change(s); {scoring} can move a score (*): "
                 "run a what-if before they go live.")
    return "\n".join(lines)


class ChangesScreen(ReadingScreen):
    """What changed between two versions of a bank."""

    BINDINGS = [Binding("escape", "dismiss", "Close", id="changes.close")]

    def __init__(self, title: str, changes: list[Change]) -> None:
        super().__init__(title, changes_markup(changes))

