"""``qualdesk outcomes ...``: deals from the CRM, and what goes with won deals."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from qualdesk.cli import Settings, refuse, reports_store_errors
from qualdesk.cli.leads import _parse_maps


@click.group()
def outcomes() -> None:
    """Close the loop: import won, lost, open and rejected deals; see what predicts a sale."""


@outcomes.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help="Read COLUMN as a lead field to match by (external_id, email, phone).")
@click.option("--rejects", type=click.Path(path_type=Path),
              help="Where refused rows go (default: FILE.rejects.csv beside FILE).")
@click.option("--country", help="Read phone numbers without a country code as numbers of "
              "this country (ISO code, e.g. US) when the row names none.")
@click.option("--dry-run", is_flag=True, help="Check and count, write nothing.")
@click.pass_obj
@reports_store_errors
def import_command(settings: Settings, file: Path, maps: tuple[str, ...],
                   rejects: Path | None, country: str | None, dry_run: bool) -> None:
    """Import deals (won, lost, open, rejected), matched to leads by record id, email or
    phone; a row that matches no lead goes to the rejects file with the reason."""
    from qualdesk.store.csvsource import UnreadableFile, open_csv
    from qualdesk.store.leads import write_rejects
    from qualdesk.store.outcomes import import_outcomes

    try:
        source = open_csv(file, _parse_maps(maps))
    except UnreadableFile as problem:
        refuse(f"{file}: {problem}")

    rows = max(source.text.count("\n") - 1, 1)
    with click.progressbar(length=rows, label="Importing", file=sys.stderr,
                           hidden=not sys.stderr.isatty()) as bar:
        def work(session):  # type: ignore[no-untyped-def]
            report = import_outcomes(session, source, settings.agent, dry_run,
                                     country.upper() if country else None, bar.update)
            if dry_run:
                session.rollback()
            return report

        try:
            report = settings.store().run(work, what="importing outcomes")
        except ValueError as problem:
            refuse(f"{file}: {problem}")
    if report.rejected:
        target = rejects or file.with_name(f"{file.stem}.rejects.csv")
        write_rejects(target, source.headers, report.rejected)
        click.echo(f"rejected rows written to {target}", err=True)
    counts = ", ".join(f"{n} {status}" for status, n in sorted(report.counts.items()))
    click.echo(f"{'would add' if dry_run else 'added'} {report.added}, updated "
               f"{report.updated}, rejected {len(report.rejected)}"
               + (f" ({counts})" if counts else ""))


@outcomes.command()
@click.option("--campaign", help="Only this campaign's calls.")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md",
              show_default=True)
@click.pass_obj
@reports_store_errors
def lift(settings: Settings, campaign: str | None, fmt: str) -> None:
    """Which answers, categories and outcomes go with won deals (lift over the base rate,
    with counts), and which qualified leads sales did not accept."""
    from qualdesk.outputs.lift import build_lift, render_lift

    data = build_lift(settings.store(), campaign)
    click.echo(json.dumps(data, ensure_ascii=False) if fmt == "json" else render_lift(data),
               nl=fmt == "json")
