"""The demo store: sample leads in a campaign bound to the SaaS bank, callable at any hour."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

from qualdesk.demo import make_demo_store
from qualdesk.store.models import BankVersion, Campaign
from qualdesk.store.queue import claim_next


def test_demo_store(tmp_path: Path) -> None:
    store = make_demo_store(tmp_path)
    with store.session() as session:
        campaign = session.exec(select(Campaign)).one()
        bank = session.get(BankVersion, campaign.bank_version_id)
        banks = session.exec(select(BankVersion.bank_id)).all()
    assert (campaign.name, bank.bank_id) == ("demo", "saas-bant")
    assert sorted(banks) == ["champ-ops", "inbound-demo", "meddicc-enterprise", "saas-bant"]
    for hour in range(24):  # the sample leads span the globe: someone is always callable
        now = datetime(2026, 11, 23, hour, 30, tzinfo=UTC)
        claim = claim_next(store, f"agent{hour}", now=now)
        assert claim is not None, f"nobody callable at {hour}:30 UTC"
