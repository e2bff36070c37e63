"""The calling queue: who to call next, claimed atomically so no two callers get one lead.

Order: callbacks that are due (the caller's own first, then anyone's), then new leads, then
retries whose delay has passed. Never: a lead on the do-not-call list, in a final state, past
its campaign's attempt limit, claimed by someone else, or outside its campaign's calling
hours in the lead's own time zone (08:00 to 21:00 unless the campaign says otherwise; a lead
whose time zone is unknown is not called, since its local time cannot be known).

Each class is one statement: on SQLite a single guarded ``UPDATE ... WHERE id = (SELECT ...
LIMIT 1) RETURNING id``, atomic under SQLite's write lock; on PostgreSQL ``SELECT ... FOR
UPDATE SKIP LOCKED`` and the ``UPDATE`` in one transaction, so callers never wait on each other.
"""

from __future__ import annotations

import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, false, or_, select, update
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col

from qualdesk.store.database import Store
from qualdesk.store.models import Campaign, Lead, utcnow

DEFAULT_WINDOW = ("08:00", "21:00")
DEFAULT_ATTEMPT_LIMIT = 6
CLAIM_TIMEOUT = timedelta(hours=4)
CLASSES = ("own_callback", "callback", "new", "retry")


@dataclass
class Claim:
    """A lead claimed for one caller, and why it came first."""

    lead: Lead
    claim_id: str
    reason: str


def parse_clock(text: str) -> time:
    """``"08:00"`` -> 08:00; raise ValueError with a plain message otherwise."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"'{text}' is not a time of day (HH:MM)") from None


@lru_cache(maxsize=1)
def _all_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


@lru_cache(maxsize=64)
def zones_open(start: str, end: str, minute: datetime) -> tuple[str, ...]:
    """Every IANA zone whose local time at ``minute`` (UTC) is within [start, end)."""
    opening, closing = parse_clock(start), parse_clock(end)
    open_zones = []
    for name in _all_zones():
        try:
            local = minute.astimezone(zoneinfo.ZoneInfo(name)).time()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
        inside = (opening <= local < closing) if opening <= closing else (
            local >= opening or local < closing)
        if inside:
            open_zones.append(name)
    return tuple(open_zones)


def _within_hours(session: Session, now: datetime) -> ColumnElement[bool]:
    """Leads whose local time is inside their campaign's calling window now."""
    minute = now.replace(second=0, microsecond=0)
    windows: dict[tuple[str, str], list[int]] = {}
    for campaign_id, start, end in session.execute(
            select(Campaign.id, Campaign.calling_start, Campaign.calling_end)).all():
        windows.setdefault((start, end), []).append(campaign_id)
    clauses = []
    for (start, end), campaign_ids in windows.items():
        zones = zones_open(start, end, minute)
        if zones:
            clauses.append(and_(col(Lead.campaign_id).in_(campaign_ids),
                                col(Lead.timezone).in_(zones)))
    default_zones = zones_open(*DEFAULT_WINDOW, minute)
    if default_zones:
        clauses.append(and_(col(Lead.campaign_id).is_(None), col(Lead.timezone).in_(default_zones)))
    return or_(*clauses) if clauses else false()


def _candidates(agent: str, reason: str, now: datetime, campaign_id: int | None,
                within_hours: ColumnElement[bool]) -> Any:
    limit = Campaign.attempt_limit
    conditions = [
        col(Lead.dnc).is_(False),
        Lead.status != "final",
        or_(col(Lead.claimed_by).is_(None), col(Lead.claimed_at) < now - CLAIM_TIMEOUT),
        within_hours,
    ]
    if campaign_id is not None:
        conditions.append(Lead.campaign_id == campaign_id)
    due = and_(col(Lead.callback_at).is_not(None), col(Lead.callback_at) <= now)
    if reason == "own_callback":
        conditions += [due, Lead.callback_agent == agent]
        order = [col(Lead.callback_at), col(Lead.id)]
    elif reason == "callback":
        conditions.append(due)
        order = [col(Lead.callback_at), col(Lead.id)]
    elif reason == "new":
        conditions += [Lead.status == "new", col(Lead.next_call_at).is_(None),
                       col(Lead.callback_at).is_(None)]
        order = [col(Lead.id)]
    else:
        conditions += [Lead.status == "retry", col(Lead.callback_at).is_(None),
                       or_(col(Lead.next_call_at).is_(None), col(Lead.next_call_at) <= now)]
        order = [col(Lead.next_call_at), col(Lead.id)]
    attempts_left = or_(
        and_(col(Lead.campaign_id).is_(None), Lead.attempts < DEFAULT_ATTEMPT_LIMIT),
        Lead.attempts < select(limit).where(Campaign.id == Lead.campaign_id)
        .scalar_subquery(),
    )
    conditions.append(attempts_left)
    return select(Lead.id).where(*conditions).order_by(*order).limit(1)


def _claim_values(agent: str, claim_id: str, now: datetime) -> dict[str, Any]:
    return {"claimed_by": agent, "claim_id": claim_id, "claimed_at": now}


def claim_next(store: Store, agent: str, campaign: str | None = None,
               now: datetime | None = None) -> Claim | None:
    """Claim the next lead ``agent`` may call, or ``None`` when nothing may be called now."""
    moment = now or utcnow()

    def work(session: Session) -> Claim | None:
        campaign_id = None
        if campaign is not None:
            campaign_id = session.execute(select(Campaign.id).where(Campaign.name == campaign)
                                       ).scalar_one_or_none()
            if campaign_id is None:
                raise LookupError(f"no campaign named '{campaign}'")
        within_hours = _within_hours(session, moment)
        for reason in CLASSES:
            claim_id = uuid.uuid4().hex
            candidates = _candidates(agent, reason, moment, campaign_id, within_hours)
            if store.dialect == "postgresql":
                lead_id = session.execute(candidates.with_for_update(skip_locked=True,
                                                                  of=Lead)).scalar()
                if lead_id is None:
                    continue
                session.execute(update(Lead).where(Lead.id == lead_id)
                             .values(**_claim_values(agent, claim_id, moment)))
            else:
                lead_id = session.execute(
                    update(Lead).where(Lead.id == candidates.scalar_subquery())
                    .values(**_claim_values(agent, claim_id, moment))
                    .returning(Lead.id)).scalar()
                if lead_id is None:
                    continue
            lead = session.get(Lead, lead_id, populate_existing=True)
            assert lead is not None
            return Claim(lead, claim_id, reason)
        return None

    return store.run(work, what="claiming the next lead")


def release(store: Store, lead_id: int, agent: str | None = None) -> bool:
    """Give a claim back (the caller abandoned it); True when there was one to give back."""

    def work(session: Session) -> bool:
        statement = update(Lead).where(Lead.id == lead_id, col(Lead.claimed_by).is_not(None))
        if agent is not None:
            statement = statement.where(Lead.claimed_by == agent)
        result = session.execute(statement.values(claimed_by=None, claim_id=None,
                                                claimed_at=None))
        return bool(result.rowcount)

    return store.run(work, what="releasing a claim")


def claim_lead(store: Store, lead_id: int, agent: str, now: datetime | None = None
               ) -> Claim | None:
    """Claim one chosen lead (the queue screen's Enter): the same guards as :func:`claim_next`
    except the order; ``None`` when it may not be called now or someone else holds it."""
    moment = now or utcnow()

    def work(session: Session) -> Claim | None:
        claim_id = uuid.uuid4().hex
        lead_id_found = session.execute(
            update(Lead).where(
                Lead.id == lead_id, col(Lead.dnc).is_(False), Lead.status != "final",
                or_(col(Lead.claimed_by).is_(None), Lead.claimed_by == agent,
                    col(Lead.claimed_at) < moment - CLAIM_TIMEOUT),
                _within_hours(session, moment),
            ).values(**_claim_values(agent, claim_id, moment)).returning(Lead.id)).scalar()
        if lead_id_found is None:
            return None
        lead = session.get(Lead, lead_id, populate_existing=True)
        assert lead is not None
        return Claim(lead, claim_id, "chosen")

    return store.run(work, what="claiming a lead")
