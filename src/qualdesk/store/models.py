"""The store's tables. Every datetime is timezone-aware UTC (SQLModel's ``UTCDateTime``
refuses naive ones); a lead's local time is computed at the edges.

The schema is owned by the Alembic migrations in ``qualdesk/store/migrations``; these models
describe it for the code, and a test checks that the two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Now, as the aware UTC datetime the store keeps."""
    return datetime.now(UTC)


class BankVersion(SQLModel, table=True):
    """The exact text of a question bank that a call was scored with."""

    __tablename__ = "bank_versions"

    id: int | None = Field(default=None, primary_key=True)
    bank_id: str = Field(index=True)
    version: int
    title: str
    content_hash: str = Field(unique=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class Campaign(SQLModel, table=True):
    """Leads called with one bank version under one set of calling rules."""

    __tablename__ = "campaigns"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    bank_version_id: int | None = Field(default=None, foreign_key="bank_versions.id")
    calling_start: str = "08:00"
    calling_end: str = "21:00"
    attempt_limit: int = 6
    retry_delay_minutes: int = 240
    created_at: datetime = Field(default_factory=utcnow)


class CampaignVariant(SQLModel, table=True):
    """One of up to three bank versions a campaign runs side by side, with its share."""

    __tablename__ = "campaign_variants"
    __table_args__ = (UniqueConstraint("campaign_id", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaigns.id", index=True)
    bank_version_id: int = Field(foreign_key="bank_versions.id")
    label: str
    percent: int


class Lead(SQLModel, table=True):
    """A person to call, with the queue state that decides when they may be called."""

    __tablename__ = "leads"
    __table_args__ = (
        Index("ix_leads_queue", "status", "next_call_at"),
        Index("ix_leads_callback_due", "callback_at", "claimed_by"),
    )

    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = Field(default=None, index=True)
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    title: str = ""
    email: str | None = Field(default=None, index=True)
    phone: str | None = Field(default=None, index=True)
    country: str | None = None
    region: str | None = None
    city: str | None = None
    timezone: str | None = None
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id", index=True)
    source: str | None = None
    status: str = "new"
    dnc: bool = False
    attempts: int = 0
    last_attempt_at: datetime | None = None
    next_call_at: datetime | None = None
    callback_at: datetime | None = None
    callback_agent: str | None = None
    claimed_by: str | None = None
    claim_id: str | None = None
    claimed_at: datetime | None = None
    last_outcome: str | None = None
    last_disposition: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Call(SQLModel, table=True):
    """One qualifying call: who, with which bank, when, and what it came to."""

    __tablename__ = "calls"

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="leads.id", index=True)
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id")
    agent: str = Field(index=True)
    bank_version_id: int = Field(foreign_key="bank_versions.id")
    status: str = Field(default="open", index=True)
    started_at: datetime = Field(default_factory=utcnow, index=True)
    ended_at: datetime | None = None
    outcome: str | None = None
    total: float | None = None
    quadrant: str | None = None
    max_attainable: float | None = None
    complete: bool = False
    categories: dict[str, Any] = Field(default_factory=dict,
                                       sa_column=Column(JSON, nullable=False))
    answers: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    disposition: str | None = None
    claim_id: str | None = None


class AnswerEvent(SQLModel, table=True):
    """Every step of a call in order: answers, changes, skips, back-steps, the end."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("call_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="calls.id", index=True)
    seq: int
    kind: str
    question_id: str | None = None
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    at: datetime = Field(default_factory=utcnow)


class Note(SQLModel, table=True):
    """A caller's note on a lead, kept as it is typed."""

    __tablename__ = "notes"

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="leads.id", index=True)
    call_id: int | None = Field(default=None, foreign_key="calls.id", index=True)
    agent: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Attempt(SQLModel, table=True):
    """One dial of a lead and how it ended (the disposition)."""

    __tablename__ = "attempts"

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="leads.id", index=True)
    call_id: int | None = Field(default=None, foreign_key="calls.id", index=True)
    agent: str
    disposition: str
    contacted: bool = False
    at: datetime = Field(default_factory=utcnow, index=True)


class Callback(SQLModel, table=True):
    """A promise to call a lead again at a time; ``agent`` None means anyone may."""

    __tablename__ = "callbacks"

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="leads.id", index=True)
    call_id: int | None = Field(default=None, foreign_key="calls.id")
    agent: str | None = None
    due_at: datetime = Field(index=True)
    created_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None


class Disposition(SQLModel, table=True):
    """How a call attempt ended, with the flags dialers keep; per campaign when set."""

    __tablename__ = "dispositions"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id")
    code: str
    label: str
    contacted: bool = False
    final: bool = False
    try_again: bool = False
    do_not_call: bool = False
    needs_note: bool = False
    schedules_callback: bool = False
    retry_delay_minutes: int | None = None
    aapor_class: str = "other"
    position: int = 0


class DncEntry(SQLModel, table=True):
    """A phone number (E.164) or email (lower case) that must never be called."""

    __tablename__ = "dnc"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    value: str
    source: str | None = None
    added_by: str | None = None
    added_at: datetime = Field(default_factory=utcnow)


class Handoff(SQLModel, table=True):
    """A qualified call's summary for sales, and where its delivery stands."""

    __tablename__ = "handoffs"

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="calls.id", unique=True)
    state: str = "pending"
    attempts: int = 0
    last_error: str | None = None
    outbox_path: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    delivered_at: datetime | None = None


class Deal(SQLModel, table=True):
    """What became of a lead in the CRM: won, lost, open, or rejected by sales."""

    __tablename__ = "deals"

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="leads.id", unique=True)
    status: str
    amount: float | None = None
    closed_at: datetime | None = None
    reference: str | None = None
    imported_at: datetime = Field(default_factory=utcnow)


class AuditEntry(SQLModel, table=True):
    """Append-only: who changed what, when."""

    __tablename__ = "audit"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str
    action: str
    entity: str
    entity_id: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
