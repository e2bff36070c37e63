"""The calling queue: order, exclusions, calling hours across time zones, atomic claims."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from qualdesk.store.database import Store
from qualdesk.store.models import Lead
from qualdesk.store.queue import claim_next, release
from tests.store.helpers import add_campaign, add_lead

# 15:00 UTC on a Monday in November: 10:00 in New York, 16:00 in Paris.
NOON = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def claimed(store: Store, agent: str = "amy", now: datetime = NOON, **kwargs) -> int | None:
    claim = claim_next(store, agent, now=now, **kwargs)
    return claim.lead.id if claim else None


def test_order_callbacks_new_then_retries(store: Store) -> None:
    retry = add_lead(store, status="retry", attempts=1, next_call_at=NOON - timedelta(hours=1))
    new = add_lead(store)
    theirs = add_lead(store, status="callback", attempts=1, callback_at=NOON - timedelta(
        minutes=5), callback_agent="bob")
    mine = add_lead(store, status="callback", attempts=1, callback_at=NOON - timedelta(
        minutes=1), callback_agent="amy")
    order = [claimed(store) for _ in range(5)]
    assert order == [mine, theirs, new, retry, None]


def test_claim_says_why(store: Store) -> None:
    add_lead(store)
    claim = claim_next(store, "amy", now=NOON)
    assert claim.reason == "new" and claim.lead.claimed_by == "amy" and claim.claim_id


@pytest.mark.parametrize("fields", [
    {"dnc": True},
    {"status": "final"},
    {"status": "retry", "attempts": 6},
    {"status": "retry", "attempts": 1, "next_call_at": NOON + timedelta(minutes=1)},
    {"status": "callback", "callback_at": NOON + timedelta(hours=1), "callback_agent": "amy"},
    {"claimed_by": "bob", "claimed_at": NOON - timedelta(minutes=3)},
    {"timezone": None},
    {"timezone": "Asia/Tokyo"},  # midnight there
])
def test_never_offered(store: Store, fields: dict) -> None:
    add_lead(store, **fields)
    assert claimed(store) is None


def test_a_stale_claim_is_free_again(store: Store) -> None:
    lead = add_lead(store, claimed_by="bob", claimed_at=NOON - timedelta(hours=5))
    assert claimed(store) == lead


def test_campaign_attempt_limit_and_hours(store: Store) -> None:
    short = add_campaign(store, "short", attempt_limit=2, calling_start="09:00",
                         calling_end="10:00")
    lead = add_lead(store, campaign_id=short, status="retry", attempts=1)
    assert claimed(store) is None  # 10:00 in New York: the window just closed
    early = NOON - timedelta(minutes=30)  # 09:30 in New York
    assert claimed(store, now=early) == lead
    release(store, lead)
    store.run(lambda s: setattr(s.get(Lead, lead), "attempts", 2))
    assert claimed(store, now=early) is None


@pytest.mark.parametrize(("utc", "offered"), [
    (datetime(2026, 11, 23, 6, 59, tzinfo=UTC), False),  # 07:59 in Paris
    (datetime(2026, 11, 23, 7, 0, tzinfo=UTC), True),    # 08:00 in Paris
    (datetime(2026, 11, 23, 19, 59, tzinfo=UTC), True),  # 20:59 in Paris
    (datetime(2026, 11, 23, 20, 0, tzinfo=UTC), False),  # 21:00 in Paris
    (datetime(2026, 7, 1, 5, 59, tzinfo=UTC), False),    # 07:59 in Paris, summer time
    (datetime(2026, 7, 1, 6, 0, tzinfo=UTC), True),      # 08:00 in Paris, summer time
])
def test_calling_hours_in_the_leads_own_time_zone(store: Store, utc: datetime,
                                                  offered: bool) -> None:
    paris = add_lead(store, phone="+33142685300", timezone="Europe/Paris")
    got = claimed(store, now=utc)
    assert got == (paris if offered else None)


def test_campaign_filter(store: Store) -> None:
    spring = add_campaign(store, "spring")
    add_lead(store)
    mine = add_lead(store, campaign_id=spring)
    assert claimed(store, campaign="spring") == mine
    with pytest.raises(LookupError, match="no campaign named 'autumn'"):
        claim_next(store, "amy", campaign="autumn", now=NOON)


def test_release_gives_the_lead_back(store: Store) -> None:
    lead = add_lead(store)
    assert claimed(store, "amy") == lead
    assert claimed(store, "bob") is None
    assert release(store, lead, "bob") is False
    assert release(store, lead, "amy") is True
    assert claimed(store, "bob") == lead


WORKER = """
import json, sys
from datetime import datetime
from qualdesk.store.database import Store
from qualdesk.store.queue import claim_next
store = Store(sys.argv[1])
now = datetime.fromisoformat(sys.argv[3])
got = []
while True:
    claim = claim_next(store, sys.argv[2], now=now)
    if claim is None:
        break
    got.append(claim.lead.id)
print(json.dumps(got))
"""


def test_eight_processes_never_get_the_same_lead(store: Store, store_url: str,
                                                 tmp_path: Path) -> None:
    def work(session):
        session.add_all([Lead(first_name=f"L{i}", phone=f"+1212555{i:04d}",
                              timezone="America/New_York") for i in range(240)])

    store.run(work)
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    workers = [subprocess.Popen([sys.executable, str(script), store_url, f"agent{n}",
                                 NOON.isoformat()], stdout=subprocess.PIPE, text=True)
               for n in range(8)]
    results = [json.loads(worker.communicate(timeout=120)[0]) for worker in workers]
    claimed_ids = [lead for result in results for lead in result]
    assert len(claimed_ids) == 240
    assert len(set(claimed_ids)) == 240
    assert sum(1 for result in results if result) >= 2, "the workers did not overlap"


def test_claim_a_chosen_lead(store: Store) -> None:
    from qualdesk.store.queue import claim_lead

    lead = add_lead(store)
    asleep = add_lead(store, timezone="Asia/Tokyo")
    listed = add_lead(store, dnc=True)
    assert claim_lead(store, asleep, "amy", now=NOON) is None
    assert claim_lead(store, listed, "amy", now=NOON) is None
    claim = claim_lead(store, lead, "amy", now=NOON)
    assert claim is not None and claim.reason == "chosen"
    assert claim_lead(store, lead, "bob", now=NOON) is None
    assert claim_lead(store, lead, "amy", now=NOON) is not None  # reopening your own claim
