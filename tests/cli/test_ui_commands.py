"""``qualdesk`` and ``qualdesk demo`` open the UI at a terminal, and refuse plainly without one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from sqlmodel import func, select

from qualdesk import cli
from qualdesk.cli import main
from qualdesk.store.models import Lead


def test_without_a_terminal_the_ui_commands_refuse_plainly(tmp_path: Path) -> None:
    for args in ([], ["demo"]):
        result = subprocess.run([sys.executable, "-m", "qualdesk", "--db",
                                 f"sqlite:///{tmp_path / 's.db'}", *args],
                                capture_output=True, text=True, stdin=subprocess.DEVNULL,
                                check=False, timeout=60)
        assert result.returncode == 1
        assert "needs a terminal" in result.stderr and "Traceback" not in result.stderr


def test_demo_opens_the_ui_on_a_fresh_store_with_sample_leads(tmp_path: Path,
                                                              monkeypatch) -> None:
    opened = {}

    def fake_ui(settings, open_store):
        opened["agent"] = settings.agent
        opened["store"] = open_store()

    monkeypatch.setattr(cli, "has_terminal", lambda: True)
    monkeypatch.setattr(cli, "run_ui", fake_ui)
    result = CliRunner().invoke(main, ["--agent", "dana", "demo", "--folder", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert opened["agent"] == "dana"
    with opened["store"].session() as session:
        assert session.exec(select(func.count()).select_from(Lead)).one() == 48
    assert (tmp_path / "demo.db").exists()


def test_plain_qualdesk_opens_the_ui_on_the_chosen_store(tmp_path: Path, monkeypatch) -> None:
    opened = {}
    monkeypatch.setattr(cli, "has_terminal", lambda: True)
    monkeypatch.setattr(cli, "run_ui", lambda settings, open_store: opened.update(
        store=open_store(), bank=settings.fallback_bank))
    bank = tmp_path / "bank.yaml"
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 'mine.db'}",
                                       "--bank", str(bank)])
    assert result.exit_code == 0, result.output
    assert opened["store"].url.endswith("mine.db") and opened["bank"] == bank
