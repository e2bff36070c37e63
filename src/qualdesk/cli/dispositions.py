"""``qualdesk dispositions ...``: the disposition set, and per-campaign changes to it."""

from __future__ import annotations

import click
from sqlmodel import select

from qualdesk.cli import Settings, refuse, reports_store_errors
from qualdesk.store.audit import audit
from qualdesk.store.dispositions import AAPOR_CLASSES, dispositions_for, set_disposition
from qualdesk.store.models import Campaign


@click.group()
def dispositions() -> None:
    """How call attempts end, with the flags the queue and the reports use."""


def _campaign_id(session, name: str | None) -> int | None:
    if name is None:
        return None
    found = session.exec(select(Campaign.id).where(Campaign.name == name)).first()
    if found is None:
        raise LookupError(f"no campaign named '{name}'")
    return found


@dispositions.command("list")
@click.option("--campaign", help="The set as this campaign sees it.")
@click.pass_obj
@reports_store_errors
def list_command(settings: Settings, campaign: str | None) -> None:
    """Print each code with its label, flags, retry delay and AAPOR class."""
    with settings.store().session() as session:
        for row in dispositions_for(session, _campaign_id(session, campaign)):
            flags = ",".join(flag for flag in ("contacted", "final", "try_again", "do_not_call",
                                               "needs_note", "schedules_callback")
                             if getattr(row, flag))
            delay = f"{row.retry_delay_minutes}m" if row.retry_delay_minutes else "-"
            scope = "campaign" if row.campaign_id else "default"
            click.echo(f"{row.code:<14} {row.label:<22} {flags or '-':<40} {delay:>6} "
                       f"{row.aapor_class:<12} {scope}")


@dispositions.command("set")
@click.argument("code")
@click.option("--campaign", required=True, help="The campaign the change is for.")
@click.option("--label")
@click.option("--contacted/--not-contacted", default=None)
@click.option("--final/--not-final", default=None)
@click.option("--try-again/--no-try-again", "try_again", default=None)
@click.option("--do-not-call/--no-do-not-call", "do_not_call", default=None)
@click.option("--needs-note/--no-needs-note", "needs_note", default=None)
@click.option("--schedules-callback/--no-schedules-callback", "schedules_callback",
              default=None)
@click.option("--retry-delay", "retry_delay_minutes", type=click.IntRange(0),
              help="Minutes before a retry.")
@click.option("--aapor", "aapor_class", type=click.Choice(AAPOR_CLASSES))
@click.pass_obj
@reports_store_errors
def set_command(settings: Settings, code: str, campaign: str, **options: object) -> None:
    """Change (or add) disposition CODE for one campaign."""
    changes = {key: value for key, value in options.items() if value is not None}
    if not changes:
        refuse("nothing to change: give at least one option")

    def work(session):
        campaign_id = _campaign_id(session, campaign)
        assert campaign_id is not None
        try:
            row = set_disposition(session, campaign_id, code, changes)
        except ValueError as problem:
            refuse(str(problem))
        audit(session, settings.agent, "set", "disposition", row.id,
              {"campaign": campaign, "code": code, **changes})
        return row

    row = settings.store().run(work, what="changing a disposition")
    click.echo(f"{campaign}: {row.code} updated")
