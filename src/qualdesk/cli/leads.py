"""``qualdesk leads ...``: import leads from CSV exports and list them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from qualdesk.cli import Settings, refuse, reports_store_errors
from qualdesk.store.csvsource import UnreadableFile, open_csv
from qualdesk.store.leads import import_leads, iter_leads, write_rejects


@click.group()
def leads() -> None:
    """Import and list leads."""


def _parse_maps(pairs: tuple[str, ...]) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for pair in pairs:
        column, separator, field = pair.rpartition("=")
        if not separator or not column or not field:
            raise click.BadParameter(f"'{pair}' is not COLUMN=FIELD", param_hint="--map")
        overrides[column] = field.strip()
    return overrides


@leads.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--campaign", help="Put the leads in this campaign (made if new).")
@click.option("--source", "lead_source", help="Record this lead source on every lead.")
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help="Read COLUMN as FIELD (first_name, phone, country, ...). Repeatable.")
@click.option("--rejects", type=click.Path(path_type=Path),
              help="Where refused rows go (default: FILE.rejects.csv beside FILE).")
@click.option("--dry-run", is_flag=True, help="Check and count, write nothing.")
@click.pass_obj
@reports_store_errors
def import_command(settings: Settings, file: Path, campaign: str | None,
                   lead_source: str | None, maps: tuple[str, ...], rejects: Path | None,
                   dry_run: bool) -> None:
    """Import leads from a CSV export (HubSpot, Salesforce, Pipedrive, spreadsheets)."""
    try:
        source = open_csv(file, _parse_maps(maps))
    except UnreadableFile as problem:
        refuse(f"{file}: {problem}")
    store = settings.store()
    rows = max(source.text.count("\n") - 1, 1)
    show = sys.stderr.isatty()
    with click.progressbar(length=rows, label="Importing", file=sys.stderr,
                           hidden=not show) as bar:
        def work(session):
            report = import_leads(session, source, campaign=campaign, lead_source=lead_source,
                                  actor=settings.agent, progress=bar.update)
            if dry_run:
                session.rollback()
            return report

        report = store.run(work, what="importing leads")
    if report.rejected:
        target = rejects or file.with_name(f"{file.stem}.rejects.csv")
        write_rejects(target, source.headers, report.rejected)
        click.echo(f"rejected rows written to {target}", err=True)
    prefix = "would add" if dry_run else "added"
    click.echo(f"{prefix} {report.added}, updated {report.updated}, unchanged "
               f"{report.unchanged}, rejected {len(report.rejected)}"
               + (f" ({report.flagged_dnc} on the do-not-call list)" if report.flagged_dnc
                  else ""))


@leads.command("list")
@click.option("--campaign", help="Only this campaign's leads.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
@reports_store_errors
def list_command(settings: Settings, campaign: str | None, as_json: bool) -> None:
    """List leads."""
    store = settings.store()
    with store.session() as session:
        for lead in iter_leads(session, campaign):
            if as_json:
                click.echo(json.dumps(lead, ensure_ascii=False))
            else:
                name = f"{lead['first_name']} {lead['last_name']}".strip()
                flags = " DNC" if lead["dnc"] else ""
                click.echo(f"{lead['id']:>6}  {name:<24} {lead['company'][:22]:<22} "
                           f"{lead['phone'] or '':<16} {lead['status']:<8} "
                           f"{lead['attempts']} attempts{flags}")
