"""Exports for marketing: one row per finished call (or per lead), streamed in batches.

Memory stays constant whatever the number of calls: rows are read by id in batches of
:data:`BATCH` and written as they come. Only the banks used by the exported calls are loaded,
once each, to name the columns (categories and questions, across banks and bank versions)
and to turn answer codes into the labels a person reads.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) are prefixed with ``'`` as OWASP advises; numbers qualdesk
computes itself are written as numbers.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO

from sqlalchemy import func, select
from sqlmodel import Session, col

from qualdesk.core.answers import answer_label
from qualdesk.core.loader import load_bank_text
from qualdesk.core.model import Bank
from qualdesk.store.database import Store
from qualdesk.store.models import BankVersion, Call, Campaign, Lead
from qualdesk.store.reporting import started_within

BATCH = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LEAD_COLUMNS = ("external_id", "first_name", "last_name", "company", "title", "email", "phone",
                "country", "region", "city", "timezone", "source")
CALL_COLUMNS = ("call_id", "lead_id", *LEAD_COLUMNS, "campaign", "agent", "started_at",
                "ended_at", "duration_seconds", "disposition", "outcome", "total", "quadrant",
                "max_attainable", "complete", "bank", "bank_version", "bank_hash")


_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet will show, never run (OWASP CSV injection).

    A plain signed number (an E.164 phone such as ``+12125550142``) cannot run as a formula,
    so it is left as it is, as OWASP allows; ``-2+3`` or ``+SUM(1)`` is prefixed.
    """
    if (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not _PLAIN_NUMBER.match(value)):
        return "'" + value
    return value


@dataclass
class CallFilter:
    """Which finished calls to export."""

    since: date | None = None
    until: date | None = None
    campaign: str | None = None
    outcome: str | None = None
    agent: str | None = None


def _conditions(session: Session, where: CallFilter) -> list[Any]:
    conditions: list[Any] = [Call.status == "finished",
                             *started_within(where.since, where.until)]
    if where.campaign:
        campaign_id = session.execute(select(Campaign.id).where(Campaign.name == where.campaign)
                                   ).scalar_one_or_none()
        if campaign_id is None:
            raise LookupError(f"no campaign named '{where.campaign}'")
        conditions.append(Call.campaign_id == campaign_id)
    if where.outcome:
        conditions.append(Call.outcome == where.outcome)
    if where.agent:
        conditions.append(Call.agent == where.agent)
    return conditions


class CallExport:
    """The plan of one calls export: its filter, banks and columns."""

    def __init__(self, store: Store, where: CallFilter) -> None:
        self.store = store
        self.where = where
        with store.session() as session:
            conditions = _conditions(session, where)
            self.count = session.execute(select(func.count()).select_from(Call)
                                      .where(*conditions)).scalar_one()
            version_ids = session.execute(select(Call.bank_version_id).where(*conditions)
                                       .distinct()).scalars().all()
            versions = session.execute(select(BankVersion).where(
                col(BankVersion.id).in_(version_ids)).order_by(BankVersion.id)).scalars().all()
            self.campaigns = {c.id: c.name for c in session.execute(select(Campaign)).scalars()}
        self.banks: dict[int, tuple[BankVersion, Bank | None]] = {}
        self.categories: list[str] = []
        self.questions: list[str] = []
        for version in versions:
            bank = load_bank_text(version.text, f"{version.bank_id} v{version.version}").bank
            self.banks[version.id or 0] = (version, bank)
            if bank is None:
                continue
            self.categories += [c for c in bank.categories if c not in self.categories]
            self.questions += [q.id for q in bank.questions
                               if q.takes_answer and q.id not in self.questions]

    @property
    def columns(self) -> list[str]:
        """The CSV header: call and lead fields, a score per category, then two columns per
        question, the answer in words and its codes."""
        return [*CALL_COLUMNS, *(f"score_{c}" for c in self.categories),
                *(name for q in self.questions for name in (q, f"{q}_code"))]

    def records(self) -> Iterator[dict[str, Any]]:
        """Each call as a plain mapping, in id order, read in batches."""
        last = 0
        while True:
            with self.store.session() as session:
                rows = session.execute(
                    select(Call, Lead).join(Lead, col(Lead.id) == Call.lead_id)
                    .where(*_conditions(session, self.where), col(Call.id) > last)
                    .order_by(col(Call.id)).limit(BATCH)).all()
            if not rows:
                return
            for call, lead in rows:
                yield self._record(call, lead)
            last = rows[-1][0].id or last

    def _record(self, call: Call, lead: Lead) -> dict[str, Any]:
        version, bank = self.banks.get(call.bank_version_id, (None, None))
        answers: dict[str, dict[str, Any]] = {}
        for qid, value in (call.answers or {}).items():
            question = bank.by_id.get(qid) if bank else None
            label = answer_label(question, value) if question else str(value)
            answers[qid] = {"label": label, "value": value}
        duration = None
        if call.ended_at and call.started_at:
            duration = int((call.ended_at - call.started_at).total_seconds())
        return {
            "call_id": call.id, "lead_id": lead.id,
            **{name: getattr(lead, name) for name in LEAD_COLUMNS},
            "campaign": self.campaigns.get(call.campaign_id) if call.campaign_id else None,
            "agent": call.agent, "started_at": call.started_at.isoformat(),
            "ended_at": call.ended_at.isoformat() if call.ended_at else None,
            "duration_seconds": duration, "disposition": call.disposition,
            "outcome": call.outcome, "total": _number(call.total), "quadrant": call.quadrant,
            "max_attainable": _number(call.max_attainable), "complete": call.complete,
            "bank": version.bank_id if version else None,
            "bank_version": version.version if version else None,
            "bank_hash": version.content_hash[:12] if version else None,
            "categories": dict(call.categories), "answers": answers,
        }

    def csv_row(self, record: dict[str, Any]) -> list[Any]:
        """One record as a CSV row in :attr:`columns` order, neutralised."""
        row = [neutralise(record[name]) for name in CALL_COLUMNS]
        row += [record["categories"].get(c, "") for c in self.categories]
        for qid in self.questions:
            answer = record["answers"].get(qid)
            if answer is None:
                row += ["", ""]
                continue
            value = answer["value"]
            code = "|".join(map(str, value)) if isinstance(value, list) else value
            row += [neutralise(answer["label"]), neutralise(code if code is not None else "")]
        return row


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def write_calls(export: CallExport, out: TextIO, fmt: str = "csv", bom: bool = False,
                progress: Callable[[int], None] | None = None) -> int:
    """Write every call of ``export`` to ``out``; returns how many were written."""
    written = 0
    if fmt == "csv":
        if bom:
            out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(export.columns)
        for record in export.records():
            writer.writerow(export.csv_row(record))
            written += 1
            if progress and written % BATCH == 0:
                progress(BATCH)
    elif fmt == "jsonl":
        for record in export.records():
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            written += 1
            if progress and written % BATCH == 0:
                progress(BATCH)
    else:
        raise ValueError("format must be csv or jsonl")
    return written


LEAD_EXPORT_COLUMNS = ("id", *LEAD_COLUMNS, "campaign", "status", "dnc", "attempts",
                       "last_attempt_at", "last_disposition", "last_outcome", "callback_at")


def write_leads(store: Store, out: TextIO, fmt: str = "csv", campaign: str | None = None,
                bom: bool = False) -> int:
    """Every lead with its latest outcome, for the CRM; streamed in batches."""
    with store.session() as session:
        names = {c.id: c.name for c in session.execute(select(Campaign)).scalars()}
    wanted = None
    if campaign is not None:
        wanted = [key for key, name in names.items() if name == campaign]
        if not wanted:
            raise LookupError(f"no campaign named '{campaign}'")
    writer = None
    if fmt == "csv":
        if bom:
            out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(LEAD_EXPORT_COLUMNS)
    written, last = 0, 0
    while True:
        with store.session() as session:
            query = select(Lead).where(col(Lead.id) > last).order_by(col(Lead.id)).limit(BATCH)
            if wanted is not None:
                query = query.where(col(Lead.campaign_id).in_(wanted))
            leads = session.execute(query).scalars().all()
        if not leads:
            return written
        for lead in leads:
            record = {name: getattr(lead, name, None) for name in LEAD_EXPORT_COLUMNS}
            record["campaign"] = names.get(lead.campaign_id) if lead.campaign_id else None
            for stamp in ("last_attempt_at", "callback_at"):
                record[stamp] = record[stamp].isoformat() if record[stamp] else None
            if writer is not None:
                writer.writerow([neutralise(record[name]) for name in LEAD_EXPORT_COLUMNS])
            else:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
        last = leads[-1].id or last
