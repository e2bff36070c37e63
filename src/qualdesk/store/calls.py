"""Calls in the store: start, record every step as it happens, notes, finish, resume.

This is the one code path for a call, whether it runs in the UI or is recorded afterwards by
``qualdesk call record``: each step of a :class:`~qualdesk.core.engine.CallSession` is
committed before the caller moves on, so a call that was open when the program died can be
rebuilt exactly, and the finish applies the disposition's rules (retry delay, callback, final,
do-not-call) to the lead in the same transaction as the call's result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from qualdesk.core.answers import answer_to_json, coerce_answer
from qualdesk.core.engine import CallSession, Event
from qualdesk.core.loader import load_bank_text
from qualdesk.core.model import Bank
from qualdesk.store.audit import audit
from qualdesk.store.database import Store, StoreError
from qualdesk.store.dispositions import disposition
from qualdesk.store.dnc import add_to_dnc
from qualdesk.store.models import (
    AnswerEvent,
    Attempt,
    BankVersion,
    Call,
    Callback,
    Campaign,
    Handoff,
    Lead,
    Note,
    utcnow,
)


class CallRefused(ValueError):
    """A finish the disposition's rules do not allow (a note or callback time missing)."""


def bank_version(session: Session, bank: Bank) -> BankVersion:
    """The stored version of ``bank``'s exact text, stored now if it is new."""
    found = session.execute(select(BankVersion).where(
        BankVersion.content_hash == bank.content_hash)).scalar_one_or_none()
    if found is not None:
        return found
    version = BankVersion(bank_id=bank.id, version=bank.version, title=bank.title,
                          content_hash=bank.content_hash, text=bank.text)
    session.add(version)
    session.flush()
    return version


def lead_context(lead: Lead) -> dict[str, Any]:
    """The lead fields a bank's templates and expressions see as ``lead``."""
    return {"id": lead.id, "first_name": lead.first_name, "last_name": lead.last_name,
            "company": lead.company, "title": lead.title, "email": lead.email,
            "phone": lead.phone, "country": lead.country, "region": lead.region,
            "city": lead.city, "timezone": lead.timezone, "source": lead.source,
            "attempts": lead.attempts, **{k: v for k, v in lead.extra.items()
                                          if k.isidentifier() and not k.startswith("_")}}


def start_call(store: Store, lead_id: int, agent: str, bank: Bank, *,
               claim_id: str | None = None, at: datetime | None = None) -> int:
    """Open a call on ``lead_id`` with ``bank``; returns the call's id."""

    def work(session: Session) -> int:
        lead = session.get(Lead, lead_id)
        if lead is None:
            raise LookupError(f"no lead with id {lead_id}")
        version = bank_version(session, bank)
        call = Call(lead_id=lead_id, campaign_id=lead.campaign_id, agent=agent,
                    bank_version_id=version.id or 0, claim_id=claim_id,
                    started_at=at or utcnow())
        session.add(call)
        session.flush()
        audit(session, agent, "start", "call", call.id, {"lead": lead_id})
        return call.id or 0

    return store.run(work, what="starting a call")


def _snapshot(call: Call, session_state: CallSession) -> None:
    state = session_state.state
    call.outcome = state.score.outcome
    call.total = float(state.score.total)
    call.quadrant = state.score.quadrant
    call.max_attainable = float(state.max_attainable)
    call.complete = state.walk.complete
    call.categories = dict(state.score.categories)
    call.answers = {qid: answer_to_json(value) for qid, value in state.walk.counted.items()}


def _next_seq(session: Session, call_id: int) -> int:
    """The number of the call's next step (steps are numbered from 1, in order)."""
    last = session.execute(select(func.max(AnswerEvent.seq)).where(
        AnswerEvent.call_id == call_id)).scalar()
    return (last or 0) + 1


def record_event(store: Store, call_id: int, event: Event, live: CallSession) -> None:
    """Commit one step of the call (and the live score) before the caller moves on."""

    def work(session: Session) -> None:
        call = session.get(Call, call_id)
        if call is None or call.status != "open":
            raise LookupError(f"call {call_id} is not open")
        session.add(AnswerEvent(call_id=call_id, seq=_next_seq(session, call_id),
                                kind=event.kind,
                                question_id=event.question, value=answer_to_json(event.value),
                                at=event.at))
        _snapshot(call, live)

    store.run(work, what="saving an answer")


def save_note(store: Store, lead_id: int, agent: str, text: str, *, call_id: int | None = None,
              note_id: int | None = None) -> int:
    """Save a note as typed: the first save makes it, later saves update the same note."""

    def work(session: Session) -> int:
        note = session.get(Note, note_id) if note_id else None
        if note is None:
            note = Note(lead_id=lead_id, call_id=call_id, agent=agent, text=text)
            session.add(note)
        else:
            note.text = text
            note.updated_at = utcnow()
        session.flush()
        return note.id or 0

    return store.run(work, what="saving a note")


@dataclass
class Finish:
    """How a call ended: the disposition, and what it needs."""

    disposition: str
    note: str | None = None
    callback_at: datetime | None = None
    callback_agent: str | None = None
    at: datetime | None = None


def checked_disposition(session: Session, finish: Finish, campaign_id: int | None) -> Any:
    """The disposition ``finish`` names, once its needs are met (a note, a callback time);
    raise :class:`CallRefused` or ``LookupError`` otherwise."""
    rule = disposition(session, finish.disposition, campaign_id)
    if rule.needs_note and not (finish.note and finish.note.strip()):
        raise CallRefused(f"the disposition '{rule.code}' needs a note")
    if rule.schedules_callback and finish.callback_at is None:
        raise CallRefused(f"the disposition '{rule.code}' needs a callback time")
    return rule


def finish_call(store: Store, call_id: int, live: CallSession, finish: Finish) -> Call:
    """Close the call with its disposition and apply the disposition's rules to the lead."""

    def work(session: Session) -> Call:
        call = session.get(Call, call_id)
        if call is None or call.status != "open":
            raise LookupError(f"call {call_id} is not open")
        lead = session.get(Lead, call.lead_id)
        assert lead is not None
        rule = checked_disposition(session, finish, call.campaign_id)
        ended = finish.at or utcnow()
        _snapshot(call, live)
        call.status, call.ended_at, call.disposition = "finished", ended, rule.code
        session.add(AnswerEvent(call_id=call_id, seq=_next_seq(session, call_id), kind="end",
                                at=ended,
                                value={"disposition": rule.code}))
        if finish.note and finish.note.strip():
            session.add(Note(lead_id=lead.id or 0, call_id=call_id, agent=call.agent,
                             text=finish.note.strip(), created_at=ended, updated_at=ended))
        session.add(Attempt(lead_id=lead.id or 0, call_id=call_id, agent=call.agent,
                            disposition=rule.code, contacted=rule.contacted, at=ended))
        _apply_to_lead(session, lead, rule, call, finish, ended)
        if call.outcome == "sales_qualified" and rule.code != "do_not_call":
            session.add(Handoff(call_id=call_id))
        audit(session, call.agent, "finish", "call", call_id,
              {"disposition": rule.code, "outcome": call.outcome, "total": call.total})
        return call

    return store.run(work, what="finishing the call")


def _apply_to_lead(session: Session, lead: Lead, rule: Any, call: Call, finish: Finish,
                   ended: datetime) -> None:
    lead.attempts += 1
    lead.last_attempt_at = ended
    lead.last_disposition = rule.code
    lead.last_outcome = call.outcome if rule.contacted else lead.last_outcome
    lead.claimed_by = lead.claim_id = lead.claimed_at = None
    lead.callback_at = lead.callback_agent = None
    lead.updated_at = ended
    for callback in session.execute(select(Callback).where(
            Callback.lead_id == lead.id, col(Callback.done_at).is_(None))).scalars():
        callback.done_at = ended
    if rule.schedules_callback and finish.callback_at is not None:
        lead.status = "callback"
        lead.callback_at = finish.callback_at
        lead.callback_agent = finish.callback_agent or call.agent
        session.add(Callback(lead_id=lead.id or 0, call_id=call.id, agent=lead.callback_agent,
                             due_at=finish.callback_at, created_at=ended))
    elif rule.final:
        lead.status = "final"
    else:
        lead.status = "retry"
        campaign = session.get(Campaign, lead.campaign_id) if lead.campaign_id else None
        delay = rule.retry_delay_minutes or (campaign.retry_delay_minutes if campaign else 240)
        lead.next_call_at = ended + timedelta(minutes=delay)
    if rule.do_not_call:
        lead.dnc = True
        add_to_dnc(session, [v for v in (lead.phone, lead.email) if v], source="disposition",
                   added_by=call.agent)


def open_calls(store: Store, agent: str) -> list[Call]:
    """Calls ``agent`` left open (the program died mid-call), newest first."""
    return store.run(lambda session: list(session.execute(
        select(Call).where(Call.agent == agent, Call.status == "open")
        .order_by(col(Call.started_at).desc())).scalars()))


def resume_call(store: Store, call_id: int, today: Any = None) -> tuple[CallSession, Call, Lead]:
    """Rebuild an open call exactly as it stood, from its stored bank text and events."""

    def work(session: Session) -> tuple[CallSession, Call, Lead]:
        call = session.get(Call, call_id)
        if call is None:
            raise LookupError(f"no call with id {call_id}")
        version = session.get(BankVersion, call.bank_version_id)
        lead = session.get(Lead, call.lead_id)
        assert version is not None and lead is not None
        loaded = load_bank_text(version.text, f"{version.bank_id} v{version.version}")
        if loaded.bank is None:
            raise StoreError(f"the stored bank of call {call_id} no longer loads")
        live = CallSession(loaded.bank, lead=lead_context(lead), agent=call.agent, today=today)
        events = session.execute(select(AnswerEvent).where(AnswerEvent.call_id == call_id)
                                 .order_by(AnswerEvent.seq)).scalars().all()
        replayed = []
        for row in events:
            value = row.value
            if row.kind in ("answer", "change") and row.question_id in loaded.bank.by_id:
                value = coerce_answer(loaded.bank.by_id[row.question_id], value)
            replayed.append(Event(row.kind, row.question_id, value, row.at))
        live.replay(replayed)
        return live, call, lead

    return store.run(work, what="resuming a call")


def record_call(store: Store, lead_id: int, bank: Bank, answers: dict[str, Any], agent: str,
                finish: Finish, today: Any = None) -> tuple[int, CallSession]:
    """Record a finished call made away from the UI, step by step as the UI would.

    The answers (already checked against the bank) are given to the questions in the order
    the script presents them; an optional question without an answer is skipped. Each step
    is stored as it is taken, then the call is finished with ``finish``.
    """
    with store.session() as session:
        lead = session.get(Lead, lead_id)
        if lead is None:
            raise LookupError(f"no lead with id {lead_id}")
        checked_disposition(session, finish, lead.campaign_id)
        context = lead_context(lead)
    at = finish.at
    call_id = start_call(store, lead_id, agent, bank, at=at)
    live = CallSession(bank, lead=context, agent=agent, today=today)
    while (question := live.current) is not None:
        if question.id in answers:
            event = live.answer(answers[question.id])
        elif not question.required:
            event = live.skip()
        else:
            break
        if at is not None:
            event = replace(event, at=at)
        record_event(store, call_id, event, live)
    finish_call(store, call_id, live, finish)
    return call_id, live


def abandon_call(store: Store, call_id: int, agent: str) -> None:
    """Close an open call without a disposition (kept, marked abandoned) and free its lead."""

    def work(session: Session) -> None:
        call = session.get(Call, call_id)
        if call is None or call.status != "open":
            raise LookupError(f"call {call_id} is not open")
        call.status, call.ended_at = "abandoned", utcnow()
        lead = session.get(Lead, call.lead_id)
        if lead is not None and lead.claimed_by == call.agent:
            lead.claimed_by = lead.claim_id = lead.claimed_at = None
        audit(session, agent, "abandon", "call", call_id, {"lead": call.lead_id})

    store.run(work, what="abandoning a call")
