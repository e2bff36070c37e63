"""``qualdesk report``: marketing's report over a date range, by campaign, source, agent, bank
version and script variant, as Markdown, HTML (self-contained) or JSON."""

from __future__ import annotations

import sys

import click

from qualdesk.cli import Settings, iso_day, refuse, reports_store_errors


@click.command()
@click.option("--since", help="First day (ISO date, UTC) of calls to include.")
@click.option("--until", help="Last day (ISO date, UTC) of calls to include.")
@click.option("--campaign", help="Only this campaign.")
@click.option("--source", help="Only leads from this source.")
@click.option("--agent", "only_agent", help="Only this caller's calls.")
@click.option("--bank-version", help="Only calls on this stored bank version (@ID).")
@click.option("--variant", type=click.Choice(["A", "B", "C"]), help="Only this script variant.")
@click.option("--by", type=click.Choice(["campaign", "source", "agent", "bank", "variant"]),
              help="Add a breakdown by this.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md",
              show_default=True)
@click.option("-o", "--output", "target", default="-", show_default=True,
              help="File to write, or - for standard output.")
@click.pass_obj
@reports_store_errors
def report(settings: Settings, since: str | None, until: str | None, campaign: str | None,
           source: str | None, only_agent: str | None, bank_version: str | None,
           variant: str | None, by: str | None, fmt: str, target: str) -> None:
    """Activity, outcomes, the fit x readiness matrix, scores, knockouts, questions and
    callbacks for the calls chosen."""
    from qualdesk.outputs.reports import build_report, render_report
    from qualdesk.store.models import utcnow
    from qualdesk.store.reporting import ReportFilter

    version = None
    if bank_version is not None:
        try:
            version = int(bank_version.removeprefix("@"))
        except ValueError:
            raise click.BadParameter(f"'{bank_version}' is not @ID",
                                     param_hint="--bank-version") from None
    where = ReportFilter(iso_day(since, "--since"), iso_day(until, "--until"), campaign, source,
                         only_agent, version, variant)
    if sys.stderr.isatty():
        click.echo("qualdesk: building the report…", err=True)
    text = render_report(build_report(settings.store(), where, utcnow(), by), fmt)
    if target == "-":
        click.echo(text, nl=False)
        return
    try:
        with open(target, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as error:
        refuse(f"{target}: {error.strerror or error}")
    click.echo(f"report written to {target}", err=True)
