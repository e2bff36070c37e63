"""What the caller's screens read: the queue page, the lead card, finished calls, a call's
notes, and the bank a lead is called with.

These are read-only queries shaped for one screen each, so a screen asks one question of the
store per refresh and never walks relationships row by row (which would freeze it on a
100,000-lead store).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from qualdesk.store.database import Store
from qualdesk.store.models import Attempt, Call, Campaign, Handoff, Lead, Note

#: The queue screen's filters, in the order its filter key cycles through them.
QUEUE_FILTERS = ("all", "callbacks", "overdue", "new", "retry")
#: The history screen's outcome filters, in cycling order.
OUTCOME_FILTERS = ("all", "sales_qualified", "marketing_qualified", "nurture", "disqualified")


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue screen, and how many leads match in all."""

    leads: list[Lead]
    total: int
    offset: int


def _searched(query: Any, search: str, columns: list[Any]) -> Any:
    words = search.strip().lower()
    if not words:
        return query
    pattern = f"%{words}%"
    return query.where(or_(*(func.lower(column).like(pattern) for column in columns)))


def queue_page(store: Store, *, search: str = "", kind: str = "all", offset: int = 0,
               limit: int = 100, now: datetime) -> QueuePage:
    """A page of the leads a caller may work, callbacks first (earliest due first), then new
    leads, then retries; never final or do-not-call leads. ``kind`` is one of
    :data:`QUEUE_FILTERS`; ``search`` matches name, company, phone or email."""
    if kind not in QUEUE_FILTERS:
        raise ValueError(f"unknown queue filter '{kind}' (one of {', '.join(QUEUE_FILTERS)})")

    def work(session: Session) -> QueuePage:
        conditions: list[Any] = [col(Lead.dnc).is_(False), Lead.status != "final"]
        if kind == "callbacks":
            conditions.append(col(Lead.callback_at).is_not(None))
        elif kind == "overdue":
            conditions.append(col(Lead.callback_at) < now)
        elif kind in ("new", "retry"):
            conditions.append(Lead.status == kind)
        columns = [col(Lead.first_name), col(Lead.last_name), col(Lead.company),
                   col(Lead.phone), col(Lead.email)]
        count = _searched(select(func.count()).select_from(Lead).where(*conditions), search,
                          columns)
        rows = _searched(select(Lead).where(*conditions), search, columns).order_by(
            col(Lead.callback_at).is_(None), col(Lead.callback_at), col(Lead.attempts),
            col(Lead.id)).offset(offset).limit(limit)
        return QueuePage(list(session.execute(rows).scalars()),
                         int(session.execute(count).scalar() or 0), offset)

    return store.run(work, what="loading the queue")


@dataclass(frozen=True)
class PastAttempt:
    """One earlier dial of the lead, as the lead card lists it."""

    at: datetime
    agent: str
    disposition: str
    outcome: str | None


@dataclass(frozen=True)
class PastNote:
    """A note any caller left on the lead."""

    at: datetime
    agent: str
    text: str


@dataclass(frozen=True)
class LeadCard:
    """Everything the call screen shows about the person on the line."""

    lead: Lead
    campaign: str | None
    attempts: list[PastAttempt]
    notes: list[PastNote]


def lead_card(store: Store, lead_id: int) -> LeadCard:
    """The lead with its campaign, earlier attempts (newest first) and notes."""

    def work(session: Session) -> LeadCard:
        lead = session.get(Lead, lead_id)
        if lead is None:
            raise LookupError(f"no lead with id {lead_id}")
        campaign = session.get(Campaign, lead.campaign_id) if lead.campaign_id else None
        attempts = [PastAttempt(at, agent, code, outcome) for at, agent, code, outcome in
                    session.execute(
                        select(Attempt.at, Attempt.agent, Attempt.disposition, Call.outcome)
                        .outerjoin(Call, col(Call.id) == Attempt.call_id)
                        .where(Attempt.lead_id == lead_id)
                        .order_by(col(Attempt.at).desc()).limit(20)).all()]
        notes = [PastNote(at, agent, text) for at, agent, text in session.execute(
            select(Note.updated_at, Note.agent, Note.text).where(Note.lead_id == lead_id)
            .order_by(col(Note.updated_at).desc()).limit(20)).all()]
        return LeadCard(lead, campaign.name if campaign else None, attempts, notes)

    return store.run(work, what="loading the lead")


@dataclass(frozen=True)
class BankText:
    """A stored bank version's text, to load and call with."""

    text: str
    name: str


def campaign_bank(store: Store, lead_id: int) -> BankText | None:
    """The bank version the lead is called with (its script variant's, else its campaign's),
    or ``None`` when its campaign has none."""
    from qualdesk.store.campaigns import version_for_lead

    def work(session: Session) -> BankText | None:
        version = version_for_lead(session, lead_id)
        if version is None:
            return None
        return BankText(version.text, f"{version.bank_id} v{version.version} (stored)")

    return store.run(work, what="loading the lead's bank")


@dataclass(frozen=True)
class CallRow:
    """A finished call as the history screen lists it."""

    id: int
    started_at: datetime
    ended_at: datetime | None
    lead_id: int
    lead_name: str
    company: str
    agent: str
    disposition: str | None
    outcome: str | None
    total: float | None
    handoff: str | None


def list_calls(store: Store, *, status: str = "finished", search: str = "",
               outcome: str = "all", agent: str | None = None, offset: int = 0,
               limit: int = 100) -> list[CallRow]:
    """Calls in ``status`` (finished for the history, open for the resume offer), newest
    first; ``search`` matches the lead's name, company or phone, ``outcome`` is one of
    :data:`OUTCOME_FILTERS`."""
    if outcome not in OUTCOME_FILTERS:
        raise ValueError(f"unknown outcome '{outcome}' (one of {', '.join(OUTCOME_FILTERS)})")

    def work(session: Session) -> list[CallRow]:
        query = (select(Call.id, Call.started_at, Call.ended_at, Call.lead_id, Lead.first_name,
                        Lead.last_name, Lead.company, Call.agent, Call.disposition,
                        Call.outcome, Call.total, Handoff.state)
                 .join(Lead, col(Lead.id) == Call.lead_id)
                 .outerjoin(Handoff, col(Handoff.call_id) == Call.id)
                 .where(Call.status == status))
        if outcome != "all":
            query = query.where(Call.outcome == outcome)
        if agent:
            query = query.where(Call.agent == agent)
        query = _searched(query, search, [col(Lead.first_name), col(Lead.last_name),
                                          col(Lead.company), col(Lead.phone)])
        query = query.order_by(col(Call.started_at).desc(), col(Call.id).desc())
        return [CallRow(row[0], row[1], row[2], row[3], f"{row[4]} {row[5]}".strip(), row[6],
                        row[7], row[8], row[9], row[10], row[11])
                for row in session.execute(query.offset(offset).limit(limit)).all()]

    return store.run(work, what="loading calls")


def call_notes(store: Store, call_id: int) -> list[PastNote]:
    """The notes taken on one call, oldest first."""

    def work(session: Session) -> list[PastNote]:
        return [PastNote(at, agent, text) for at, agent, text in session.execute(
            select(Note.updated_at, Note.agent, Note.text).where(Note.call_id == call_id)
            .order_by(Note.created_at, Note.id)).all()]

    return store.run(work, what="loading the call's notes")


def handoff_counts(store: Store) -> dict[str, int]:
    """How many handoffs are in each delivery state (the UI's "pending" sign)."""

    def work(session: Session) -> dict[str, int]:
        return {state: count for state, count in session.execute(
            select(Handoff.state, func.count()).group_by(Handoff.state)).all()}

    return store.run(work, what="counting handoffs")
