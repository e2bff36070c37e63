"""``qualdesk handoff``, ``qualdesk deliver`` and ``qualdesk export ...``: what sales and
marketing take away."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import click

from qualdesk.cli import Settings, iso_day, refuse, reports_store_errors
from qualdesk.outputs.delivery import delivery_config, pending_handoffs, retry_pending
from qualdesk.outputs.exports import CallExport, CallFilter, write_calls, write_leads
from qualdesk.outputs.handoff import FORMATS, TemplateProblem, render_handoff


@contextlib.contextmanager
def output(target: str) -> Iterator[TextIO]:
    """Standard output for ``-``, else a file written in full or not at all."""
    if target == "-":
        yield sys.stdout
        return
    path = Path(target)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            yield handle
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        refuse(f"{target}: {error.strerror or error}")
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@click.command()
@click.argument("call_id", type=int)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="md",
              show_default=True)
@click.option("-o", "--output", "target", default="-", show_default=True,
              help="File to write, or - for standard output.")
@click.pass_obj
@reports_store_errors
def handoff(settings: Settings, call_id: int, fmt: str, target: str) -> None:
    """The sales handoff summary of CALL_ID."""
    try:
        text = render_handoff(settings.store(), call_id, fmt)
    except TemplateProblem as problem:
        refuse(f"{problem} (remove or fix your template to use the shipped one)")
    with output(target) as out:
        out.write(text)


@click.command()
@click.option("--list", "only_list", is_flag=True, help="Only list what is pending.")
@click.pass_obj
@reports_store_errors
def deliver(settings: Settings, only_list: bool) -> None:
    """Retry the handoffs not yet delivered (outbox, then the webhook when configured)."""
    store = settings.store()
    if only_list:
        for item in pending_handoffs(store):
            click.echo(f"call {item.call_id}\t{item.state}\t{item.attempts} attempts\t"
                       f"{item.last_error or ''}")
        return
    counts = retry_pending(store, delivery_config())
    click.echo(", ".join(f"{state} {count}" for state, count in sorted(counts.items()))
               or "nothing pending")
    if counts.get("failed"):
        raise SystemExit(1)


@click.group()
def export() -> None:
    """Exports for marketing and the CRM."""


@export.command("calls")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv",
              show_default=True)
@click.option("-o", "--output", "target", default="-", show_default=True)
@click.option("--since", help="First day (ISO date, UTC) of calls to include.")
@click.option("--until", help="Last day (ISO date, UTC) of calls to include.")
@click.option("--campaign")
@click.option("--outcome", type=click.Choice(["sales_qualified", "marketing_qualified",
                                              "nurture", "disqualified"]))
@click.option("--agent", "by_agent", help="Only this caller's calls.")
@click.option("--bom", is_flag=True, help="Start the CSV with a UTF-8 BOM (for Excel).")
@click.pass_obj
@reports_store_errors
def export_calls(settings: Settings, fmt: str, target: str, since: str | None,
                 until: str | None, campaign: str | None, outcome: str | None,
                 by_agent: str | None, bom: bool) -> None:
    """One row per finished call: lead, times, disposition, score and every answer."""
    where = CallFilter(iso_day(since, "--since"), iso_day(until, "--until"), campaign, outcome,
                       by_agent)
    plan = CallExport(settings.store(), where)
    show = sys.stderr.isatty() and target != "-"
    with click.progressbar(length=max(plan.count, 1), label="Exporting", file=sys.stderr,
                           hidden=not show) as bar, output(target) as out:
        written = write_calls(plan, out, fmt, bom, progress=bar.update)
    if target != "-":
        click.echo(f"{written} calls written to {target}", err=True)


@export.command("leads")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv",
              show_default=True)
@click.option("-o", "--output", "target", default="-", show_default=True)
@click.option("--campaign")
@click.option("--bom", is_flag=True, help="Start the CSV with a UTF-8 BOM (for Excel).")
@click.pass_obj
@reports_store_errors
def export_leads(settings: Settings, fmt: str, target: str, campaign: str | None,
                 bom: bool) -> None:
    """Every lead with its latest outcome, to feed results back into the CRM."""
    with output(target) as out:
        written = write_leads(settings.store(), out, fmt, campaign, bom)
    if target != "-":
        click.echo(f"{written} leads written to {target}", err=True)
