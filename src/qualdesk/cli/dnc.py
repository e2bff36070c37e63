"""``qualdesk dnc ...``: the do-not-call list."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import click

from qualdesk.cli import Settings, refuse, reports_store_errors
from qualdesk.store.csvsource import decode
from qualdesk.store.dnc import DncResult, add_to_dnc, list_dnc


@click.group()
def dnc() -> None:
    """The do-not-call list."""


def _report(result: DncResult) -> None:
    for value, reason in result.refused:
        click.echo(f"refused {value!r}: {reason}", err=True)
    click.echo(f"added {result.added}, already listed {result.already}, refused "
               f"{len(result.refused)}; {result.leads_flagged} leads flagged")
    if result.refused:
        raise SystemExit(1)


@dnc.command("add")
@click.argument("values", nargs=-1, required=True)
@click.option("--country", help="Read national phone numbers as this country's (ISO code).")
@click.pass_obj
@reports_store_errors
def add_command(settings: Settings, values: tuple[str, ...], country: str | None) -> None:
    """Add phone numbers or email addresses to the list."""
    _report(settings.store().run(lambda session: add_to_dnc(
        session, values, source="cli", added_by=settings.agent, country=country)))


@dnc.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--country", help="Read national phone numbers as this country's (ISO code).")
@click.pass_obj
@reports_store_errors
def import_command(settings: Settings, file: Path, country: str | None) -> None:
    """Add every phone or email in FILE (one a line, or the first column of a CSV)."""
    try:
        text, _ = decode(file.read_bytes())
    except OSError as error:
        refuse(f"{file}: {error.strerror or error}")
    values = [row[0] for row in csv.reader(io.StringIO(text)) if row and row[0].strip()]
    if values and not any(ch.isdigit() or ch == "@" for ch in values[0]):
        values = values[1:]  # a header line
    _report(settings.store().run(lambda session: add_to_dnc(
        session, values, source=str(file), added_by=settings.agent, country=country)))


@dnc.command("list")
@click.pass_obj
@reports_store_errors
def list_command(settings: Settings) -> None:
    """Print every entry: kind, value, when and by whom it was added."""
    with settings.store().session() as session:
        for entry in list_dnc(session):
            click.echo(f"{entry.kind}\t{entry.value}\t{entry.added_at:%Y-%m-%d}\t"
                       f"{entry.added_by or ''}\t{entry.source or ''}")
