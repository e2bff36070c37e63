"""What marketing's reports read: finished calls with their attempt, lead, campaign, bank
version and script variant, streamed in batches; skips per question and pending callbacks as
SQL aggregates.

Filters: a date range (on the call's start, UTC days), campaign, lead source, agent, stored
bank version and script variant.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import Session, col

from qualdesk.core.loader import load_bank_text
from qualdesk.core.model import Bank
from qualdesk.store.database import Store
from qualdesk.store.models import (
    AnswerEvent,
    Attempt,
    BankVersion,
    Call,
    Callback,
    Campaign,
    CampaignVariant,
    Disposition,
    Lead,
)

BATCH = 2000


@dataclass
class ReportFilter:
    """Which calls a report covers."""

    since: date | None = None
    until: date | None = None
    campaign: str | None = None
    source: str | None = None
    agent: str | None = None
    bank_version: int | None = None
    variant: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The filters as the report states them."""
        return {key: (value.isoformat() if isinstance(value, date) else value)
                for key, value in self.__dict__.items() if value is not None}


@dataclass(frozen=True)
class ReportCall:
    """One finished call with everything a report groups or counts by."""

    call_id: int
    lead_id: int
    campaign: str | None
    source: str | None
    agent: str
    bank_version_id: int
    bank: str
    variant: str | None
    disposition: str | None
    contacted: bool
    aapor_class: str
    outcome: str | None
    total: float | None
    quadrant: str | None
    categories: dict[str, Any]
    answers: dict[str, Any]
    complete: bool
    talk_seconds: float | None


def started_within(since: date | None, until: date | None) -> list[Any]:
    """Conditions for calls started on ``since`` or later and on ``until`` or earlier (whole
    UTC days)."""
    conditions: list[Any] = []
    if since:
        conditions.append(col(Call.started_at) >= datetime.combine(since, time(), tzinfo=UTC))
    if until:
        conditions.append(col(Call.started_at) < datetime.combine(
            until + timedelta(days=1), time(), tzinfo=UTC))
    return conditions


class ReportSource:
    """The calls of one report, and the banks, variants and dispositions to read them by."""

    def __init__(self, store: Store, where: ReportFilter) -> None:
        self.store = store
        self.where = where
        with store.session() as session:
            self.campaigns = {c.id: c.name for c in session.execute(select(Campaign)).scalars()}
            self.campaign_id = None
            if where.campaign is not None:
                found = [cid for cid, name in self.campaigns.items() if name == where.campaign]
                if not found:
                    raise LookupError(f"no campaign named '{where.campaign}'")
                self.campaign_id = found[0]
            self.variants = {(v.campaign_id, v.bank_version_id): v.label for v in
                             session.execute(select(CampaignVariant)).scalars()}
            self.classes = {(d.campaign_id, d.code): d.aapor_class for d in
                            session.execute(select(Disposition)).scalars()}
            version_ids = session.execute(select(Call.bank_version_id).where(
                *self._conditions()).distinct()).scalars().all()
            versions = session.execute(select(BankVersion).where(
                col(BankVersion.id).in_(version_ids))).scalars().all()
        self.banks: dict[int, Bank] = {}
        self.labels: dict[int, str] = {}
        for version in versions:
            label = f"{version.bank_id} v{version.version} ({version.content_hash[:8]})"
            self.labels[version.id or 0] = label
            bank = load_bank_text(version.text, label).bank
            if bank is not None:
                self.banks[version.id or 0] = bank

    def _conditions(self) -> list[Any]:
        where = self.where
        conditions: list[Any] = [Call.status == "finished",
                                 *started_within(where.since, where.until)]
        if self.campaign_id is not None:
            conditions.append(Call.campaign_id == self.campaign_id)
        if where.agent:
            conditions.append(Call.agent == where.agent)
        if where.bank_version:
            conditions.append(Call.bank_version_id == where.bank_version)
        return conditions

    def _lead_conditions(self) -> list[Any]:
        return [Lead.source == self.where.source] if self.where.source else []

    def calls(self) -> Iterator[ReportCall]:
        """Every call of the report, in id order, read in batches."""
        last = 0
        while True:
            with self.store.session() as session:
                rows = session.execute(
                    select(Call, Lead.source, Attempt.contacted)
                    .join(Lead, col(Lead.id) == Call.lead_id)
                    .outerjoin(Attempt, col(Attempt.call_id) == Call.id)
                    .where(*self._conditions(), *self._lead_conditions(), col(Call.id) > last)
                    .order_by(col(Call.id)).limit(BATCH)).all()
            if not rows:
                return
            for call, source, contacted in rows:
                record = self._record(call, source, bool(contacted))
                if self.where.variant is None or record.variant == self.where.variant:
                    yield record
            last = rows[-1][0].id or last

    def _record(self, call: Call, source: str | None, contacted: bool) -> ReportCall:
        aapor = self.classes.get((call.campaign_id, call.disposition or ""),
                                 self.classes.get((None, call.disposition or ""), "other"))
        talk = None
        if call.ended_at is not None and contacted:
            talk = (call.ended_at - call.started_at).total_seconds()
        return ReportCall(
            call.id or 0, call.lead_id, self.campaigns.get(call.campaign_id), source,
            call.agent, call.bank_version_id, self.labels.get(call.bank_version_id, "?"),
            self.variants.get((call.campaign_id, call.bank_version_id)), call.disposition,
            contacted, aapor, call.outcome, call.total, call.quadrant, dict(call.categories),
            dict(call.answers or {}), call.complete, talk)

    def skips(self) -> dict[str, int]:
        """How often each question was skipped on the report's calls."""
        with self.store.session() as session:
            query = (select(AnswerEvent.question_id, func.count())
                     .join(Call, col(Call.id) == AnswerEvent.call_id)
                     .join(Lead, col(Lead.id) == Call.lead_id)
                     .where(AnswerEvent.kind == "skip", *self._conditions(),
                            *self._lead_conditions())
                     .group_by(AnswerEvent.question_id))
            return {qid: count for qid, count in session.execute(query).all() if qid}


def pending_callbacks(session: Session, now: datetime, campaign_id: int | None = None
                      ) -> dict[str, tuple[int, int]]:
    """Per agent ("anyone" when unassigned): callbacks still to make, (due later, overdue)."""
    overdue = col(Callback.due_at) <= now
    query = (select(Callback.agent, func.sum(case((overdue, 0), else_=1)),
                    func.sum(case((overdue, 1), else_=0)))
             .where(col(Callback.done_at).is_(None)).group_by(Callback.agent))
    if campaign_id is not None:
        query = query.join(Lead, col(Lead.id) == Callback.lead_id).where(
            Lead.campaign_id == campaign_id)
    found: dict[str, tuple[int, int]] = {}
    for agent, due, late in session.execute(query).all():
        before = found.get(agent or "anyone", (0, 0))
        found[agent or "anyone"] = (before[0] + int(due), before[1] + int(late))
    return found
