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
from functools import wraps
from typing import Any, TypeVar

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


def refuse(message: str) -> None:
    """Stop with exit status 1 and a plain message on standard error."""
    click.echo(f"qualdesk: {message}", err=True)
    sys.exit(1)


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
@click.version_option(__version__, prog_name="qualdesk")
@click.pass_context
def main(context: click.Context, database_url: str | None, agent: str) -> None:
    """qualdesk: qualify leads on the phone with branching, live-scored question banks.

    With no command, opens the terminal UI.
    """
    context.obj = Settings(database_url, agent)
    if context.invoked_subcommand is None:
        from qualdesk.store.calls import open_calls

        left_open = open_calls(context.obj.store(), agent)
        if left_open:
            click.echo(f"{agent}, you have {len(left_open)} call(s) left open: "
                       "'qualdesk call open' shows them with everything said so far.",
                       err=True)
        refuse("the terminal UI is not part of this build yet; see 'qualdesk --help' for the "
               "commands that are")


from qualdesk.cli.bank import bank  # noqa: E402
from qualdesk.cli.calls import call  # noqa: E402
from qualdesk.cli.dispositions import dispositions  # noqa: E402
from qualdesk.cli.dnc import dnc  # noqa: E402
from qualdesk.cli.leads import leads  # noqa: E402
from qualdesk.cli.outputs import deliver, export, handoff  # noqa: E402
from qualdesk.cli.queue import queue  # noqa: E402

for command in (bank, leads, queue, call, dnc, dispositions, handoff, deliver, export):
    main.add_command(command)
