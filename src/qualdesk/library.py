"""The bank library: the banks shipped with qualdesk and the manager's own banks folder.

The user's folder is ``QUALDESK_BANKS`` or ``banks`` in qualdesk's data folder. Bundled banks
are never written: the editor saves a changed bundled bank into the user's folder under the
same name, with its tests file, so an upgrade of qualdesk never overwrites a manager's work.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from qualdesk.core.loader import load_bank
from qualdesk.demo import bundled_banks_dir


def user_banks_dir() -> Path:
    """Where the manager's banks live (made on first save)."""
    named = os.environ.get("QUALDESK_BANKS")
    if named:
        return Path(named).expanduser()
    return Path(platformdirs.user_data_dir("qualdesk", appauthor=False)) / "banks"


@dataclass(frozen=True)
class BankFile:
    """One bank file of the library, as far as it loads."""

    path: Path
    bundled: bool
    bank_id: str | None
    title: str
    version: int | None
    errors: int
    warnings: int


def _is_bank(path: Path) -> bool:
    return path.suffix in (".yaml", ".yml") and not path.name.endswith(
        (".tests.yaml", ".tests.yml"))


def library(user_dir: Path | None = None) -> list[BankFile]:
    """Every bank: the user's first (they are the ones being worked on), then the bundled."""
    found: list[BankFile] = []
    for folder, bundled in ((user_dir or user_banks_dir(), False), (bundled_banks_dir(), True)):
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.iterdir() if _is_bank(p)):
            result = load_bank(path)
            bank = result.bank
            found.append(BankFile(path, bundled, bank.id if bank else None,
                                  bank.title if bank else "(does not load)",
                                  bank.version if bank else None, len(result.errors),
                                  len(result.warnings)))
    return found


def save_target(path: Path, user_dir: Path | None = None) -> Path:
    """Where saving ``path`` writes: itself, unless it is bundled (then the user's folder)."""
    folder = user_dir or user_banks_dir()
    if path.resolve().parent == bundled_banks_dir().resolve():
        return folder / path.name
    return path


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` all at once (never a half-written bank)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
