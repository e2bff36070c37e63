"""``qualdesk queue ...``: claim the next lead and give claims back, as a dialer would."""

from __future__ import annotations

import json

import click

from qualdesk.cli import Settings, refuse, reports_store_errors
from qualdesk.store.leads import lead_json
from qualdesk.store.models import Campaign
from qualdesk.store.queue import claim_next, release


@click.group()
def queue() -> None:
    """The calling queue."""


@queue.command("next")
@click.option("--campaign", help="Only this campaign's leads.")
@click.option("--json", "as_json", is_flag=True, help="Print the claimed lead as JSON.")
@click.pass_obj
@reports_store_errors
def next_command(settings: Settings, campaign: str | None, as_json: bool) -> None:
    """Claim the next lead for --agent exactly as the UI's next-lead key does."""
    store = settings.store()
    claim = claim_next(store, settings.agent, campaign)
    if claim is None:
        refuse("nothing may be called now (no lead is due, callable and inside its calling "
               "hours)")
    with store.session() as session:
        name = session.get(Campaign, claim.lead.campaign_id).name if (
            claim.lead.campaign_id) else None
    payload = {**lead_json(claim.lead, name), "claim_id": claim.claim_id,
               "reason": claim.reason}
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        click.echo(f"lead {payload['id']}: {payload['first_name']} {payload['last_name']}, "
                   f"{payload['company']}, {payload['phone']} ({claim.reason})")


@queue.command("release")
@click.argument("lead_id", type=int)
@click.pass_obj
@reports_store_errors
def release_command(settings: Settings, lead_id: int) -> None:
    """Give a claimed lead back to the queue."""
    if not release(settings.store(), lead_id):
        refuse(f"lead {lead_id} is not claimed")
    click.echo(f"released lead {lead_id}")
