"""Past calls read back for rescoring (what-if) in the shape the core works on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select
from sqlmodel import col

from qualdesk.core.whatif import PastCall
from qualdesk.store.calls import lead_context
from qualdesk.store.database import Store
from qualdesk.store.models import Call, Campaign, Lead


def past_calls(store: Store, campaign: str, since: datetime | None = None
               ) -> Iterator[PastCall]:
    """The finished calls of ``campaign`` (since ``since``), oldest first, streamed."""
    with store.session() as session:
        campaign_id = session.execute(select(Campaign.id).where(
            Campaign.name == campaign)).scalar_one_or_none()
        if campaign_id is None:
            raise LookupError(f"no campaign named '{campaign}'")
        query = (select(Call, Lead).join(Lead, col(Lead.id) == Call.lead_id)
                 .where(Call.campaign_id == campaign_id, Call.status == "finished")
                 .order_by(Call.started_at, Call.id))
        if since is not None:
            query = query.where(Call.started_at >= since)
        for call, lead in session.execute(query.execution_options(yield_per=500)):
            yield PastCall(call.id or 0, f"{lead.first_name} {lead.last_name}".strip(),
                           call.answers or {}, lead_context(lead), call.agent,
                           call.started_at.date(), call.complete, call.outcome or "nurture",
                           call.total or 0)
