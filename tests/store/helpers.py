"""Helpers to put leads and campaigns straight into a store for queue and call tests."""

from __future__ import annotations

from typing import Any

from qualdesk.store.database import Store
from qualdesk.store.models import Campaign, Lead


def add_campaign(store: Store, name: str, **fields: Any) -> int:
    def work(session):
        campaign = Campaign(name=name, **fields)
        session.add(campaign)
        session.flush()
        return campaign.id

    return store.run(work)


def add_lead(store: Store, **fields: Any) -> int:
    defaults = {"first_name": "Lead", "phone": "+12125550100", "timezone": "America/New_York"}

    def work(session):
        lead = Lead(**{**defaults, **fields})
        session.add(lead)
        session.flush()
        return lead.id

    return store.run(work)
