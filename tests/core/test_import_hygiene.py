"""The core is pure: importing it must not load the UI or the database layers."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("textual", "sqlalchemy", "sqlmodel", "alembic", "qualdesk.store", "qualdesk.tui")


def test_core_imports_no_ui_or_storage() -> None:
    code = (
        "import sys, pkgutil, importlib, qualdesk.core as core\n"
        "for info in pkgutil.walk_packages(core.__path__, 'qualdesk.core.'):\n"
        "    importlib.import_module(info.name)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} "
        f"or any(m.startswith(p) for p in {FORBIDDEN!r})]\n"
        "print(','.join(sorted(bad)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "", f"qualdesk.core loaded: {result.stdout.strip()}"


def test_the_check_itself_detects_a_leak() -> None:
    """Guard against a hygiene test that cannot fail: the same probe sees textual when loaded."""
    code = "import sys, textual; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "True"
