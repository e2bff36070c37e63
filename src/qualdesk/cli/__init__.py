"""The ``qualdesk`` command line: thin wrappers that parse arguments and call the layers below.

Contract (``shared/spec/cli.md``): exit 0 when done, 1 when the input or the data was refused
(with a message that says what and where), 2 when the command line itself was wrong. Machine
output goes to standard output and nothing else does; messages go to standard error.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from qualdesk import __version__
from qualdesk.core.diagnostics import InputError

F = TypeVar("F", bound=Callable[..., Any])


def default_agent() -> str:
    """Who is calling when neither ``--agent`` nor ``QUALDESK_AGENT`` says: the login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "agent")


def refuse(message: str) -> NoReturn:
    """Stop with exit status 1 and a plain message on standard error."""
    click.echo(f"qualdesk: {message}", err=True)
    sys.exit(1)


def iso_day(value: str | None, option: str) -> date | None:
    """An option's ISO date (``2026-11-23``), or a usage error naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not an ISO date", param_hint=option) from None


def reports_input_errors(function: F) -> F:
    """Turn refused input into the contract's ``FILE:LINE:COL: error: ...`` lines and exit 1."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except InputError as error:
            for diagnostic in error.diagnostics:
                click.echo(diagnostic.format(), err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


class Settings:
    """Options common to every command, passed down through click's context."""

    def __init__(self, database_url: str | None, agent: str) -> None:
        self.database_url = database_url
        self.agent = agent
        self._store: Any = None
        self.fallback_bank: Path | None = None

    def store(self) -> Any:
        """The store named by ``--db``/``QUALDESK_DB`` (default: the user's SQLite file),
        opened and migrated on first use; a store problem stops with exit 1 and a plain
        message."""
        if self._store is None:
            from qualdesk.store.database import Store, StoreError

            try:
                self._store = Store(self.database_url)
            except StoreError as error:
                refuse(str(error))
        return self._store


def reports_store_errors(function: F) -> F:
    """Turn a locked, unreachable or refusing store, or a missing record, into exit 1."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from qualdesk.store.database import StoreError

        try:
            return function(*args, **kwargs)
        except StoreError as error:
            refuse(str(error))
        except LookupError as error:
            refuse(str(error.args[0]) if error.args else str(error))

    return wrapper  # type: ignore[return-value]


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "database_url", envvar="QUALDESK_DB", metavar="URL",
              help="SQLAlchemy URL of the store (default: a SQLite file in your data folder).")
@click.option("--agent", envvar="QUALDESK_AGENT", default=default_agent, show_default="login name",
              help="Who is calling.")
@click.option("--bank", "fallback_bank", envvar="QUALDESK_BANK", metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="UI: the bank for leads whose campaign has no bank version.")
@click.version_option(__version__, prog_name="qualdesk")
@click.pass_context
def main(context: click.Context, database_url: str | None, agent: str,
         fallback_bank: Path | None) -> None:
    """qualdesk: qualify leads on the phone with branching, live-scored question banks.

    With no command, opens the terminal UI.
    """
    context.obj = Settings(database_url, agent)
    context.obj.fallback_bank = fallback_bank
    if context.invoked_subcommand is None:
        if not has_terminal():
            _refuse_without_terminal(context.obj)
        run_ui(context.obj, lambda: _open_store(database_url))


def has_terminal() -> bool:
    """True when a person is at a terminal (the UI cannot run in a pipe or from cron)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _refuse_without_terminal(settings: Settings) -> NoReturn:
    """Plain ``qualdesk`` from a script or a pipe: say so (and what is open), exit 1."""
    from qualdesk.store.calls import open_calls

    left_open = open_calls(settings.store(), settings.agent)
    if left_open:
        click.echo(f"{settings.agent}, you have {len(left_open)} call(s) left open: "
                   "'qualdesk call open' shows them with everything said so far.", err=True)
    refuse("the terminal UI needs a terminal; from a script, use the commands of "
           "'qualdesk --help'")


def _open_store(database_url: str | None) -> Any:
    from qualdesk.store.database import Store

    return Store(database_url)


def run_ui(settings: Settings, open_store: Callable[[], Any]) -> None:
    """Open the terminal UI (the store is opened inside it, in the background)."""
    from qualdesk.outputs.delivery import delivery_config
    from qualdesk.tui.app import QualdeskApp

    QualdeskApp(open_store, settings.agent, fallback_bank=settings.fallback_bank,
                delivery=delivery_config()).run()


@click.command()
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the demo store in this folder (default: a new temporary folder).")
@click.pass_obj
def demo(settings: Settings, folder: Path | None) -> None:
    """Open the UI on a throw-away store with the bundled banks and sample leads."""
    from qualdesk.demo import make_demo_store
    from qualdesk.store.database import StoreError

    if not has_terminal():
        refuse("'qualdesk demo' opens the terminal UI and needs a terminal")
    try:
        store = make_demo_store(folder, settings.agent)
    except StoreError as error:
        refuse(str(error))
    click.echo(f"qualdesk demo store: {store.url}", err=True)
    run_ui(settings, lambda: store)


from qualdesk.cli.bank import bank  # noqa: E402
from qualdesk.cli.calls import call  # noqa: E402
from qualdesk.cli.campaigns import campaign  # noqa: E402
from qualdesk.cli.dispositions import dispositions  # noqa: E402
from qualdesk.cli.dnc import dnc  # noqa: E402
from qualdesk.cli.leads import leads  # noqa: E402
from qualdesk.cli.outcomes import outcomes  # noqa: E402
from qualdesk.cli.outputs import deliver, export, handoff  # noqa: E402
from qualdesk.cli.queue import queue  # noqa: E402
from qualdesk.cli.reports import report  # noqa: E402

for command in (demo, bank, campaign, leads, queue, call, dnc, dispositions, handoff, deliver,
                export, report, outcomes):
    main.add_command(command)

from qualdesk.cli import bank_changes  # noqa: E402, F401  (adds rename-question, diff, whatif)
