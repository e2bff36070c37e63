"""Calls: every step on disk as it happens, disposition rules, resume, and SIGKILL safety."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from qualdesk.core.engine import CallSession
from qualdesk.core.loader import require_bank
from qualdesk.store.calls import (
    CallRefused,
    Finish,
    finish_call,
    lead_context,
    open_calls,
    record_event,
    resume_call,
    save_note,
    start_call,
)
from qualdesk.store.database import Store
from qualdesk.store.models import AnswerEvent, Attempt, Callback, DncEntry, Handoff, Lead, Note
from tests.conftest import SPEC_EXAMPLE
from tests.store.helpers import add_lead

BANK = require_bank(SPEC_EXAMPLE)
AT = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def begin(store: Store, **lead_fields) -> tuple[int, int, CallSession]:
    lead_id = add_lead(store, email="ana@initech.com", **lead_fields)
    call_id = start_call(store, lead_id, "amy", BANK, at=AT)
    with store.session() as session:
        lead = session.get(Lead, lead_id)
    return lead_id, call_id, CallSession(BANK, lead=lead_context(lead), agent="amy")


def answer(store: Store, call_id: int, live: CallSession, *values) -> None:
    for value in values:
        event = live.skip() if value is None else live.answer(value)
        record_event(store, call_id, event, live)


QUALIFYING = ("decides", "yes", 60000, ["reporting", "errors"], "quarter", "us")


def test_a_qualified_call_is_recorded_with_a_handoff(store: Store) -> None:
    lead_id, call_id, live = begin(store)
    answer(store, call_id, live, *QUALIFYING)
    call = finish_call(store, call_id, live, Finish("qualified", at=AT + timedelta(minutes=6)))
    assert (call.outcome, call.total, call.quadrant, call.status) == (
        "sales_qualified", 105.0, "good_fit_ready", "finished")
    with store.session() as session:
        events = session.exec(select(AnswerEvent).where(AnswerEvent.call_id == call_id)
                              .order_by(AnswerEvent.seq)).all()
        assert [(e.kind, e.question_id) for e in events][:2] == [("answer", "role"),
                                                                 ("answer", "budget_set")]
        assert events[-1].kind == "end"
        lead = session.get(Lead, lead_id)
        assert (lead.status, lead.attempts, lead.claimed_by, lead.last_outcome) == (
            "final", 1, None, "sales_qualified")
        assert session.exec(select(Handoff)).one().call_id == call_id
        assert session.exec(select(Attempt)).one().contacted is True


def test_changes_and_back_steps_are_all_kept(store: Store) -> None:
    _, call_id, live = begin(store)
    answer(store, call_id, live, "decides", "yes", 20000)
    record_event(store, call_id, live.jump("budget_set"), live)
    answer(store, call_id, live, "no")
    with store.session() as session:
        kinds = [(e.kind, e.question_id, e.value) for e in session.exec(
            select(AnswerEvent).order_by(AnswerEvent.seq)).all()]
    assert kinds == [("answer", "role", "decides"), ("answer", "budget_set", "yes"),
                     ("answer", "budget_amount", 20000), ("jump", "budget_set", None),
                     ("change", "budget_set", "no")]


def test_disposition_rules(store: Store) -> None:
    lead_id, call_id, live = begin(store)
    with pytest.raises(CallRefused, match="needs a callback time"):
        finish_call(store, call_id, live, Finish("callback"))
    with pytest.raises(CallRefused, match="needs a note"):
        finish_call(store, call_id, live, Finish("not_qualified"))
    with pytest.raises(LookupError, match="unknown disposition 'maybe'"):
        finish_call(store, call_id, live, Finish("maybe"))
    due = AT + timedelta(days=1)
    finish_call(store, call_id, live, Finish("callback", callback_at=due, at=AT))
    with store.session() as session:
        lead = session.get(Lead, lead_id)
        assert (lead.status, lead.callback_at, lead.callback_agent) == ("callback", due, "amy")
        assert session.exec(select(Callback)).one().due_at == due


def test_no_answer_schedules_a_retry(store: Store) -> None:
    lead_id, call_id, live = begin(store)
    finish_call(store, call_id, live, Finish("no_answer", at=AT))
    with store.session() as session:
        lead = session.get(Lead, lead_id)
        assert (lead.status, lead.next_call_at) == ("retry", AT + timedelta(minutes=120))
        assert session.exec(select(Attempt)).one().contacted is False


def test_do_not_call_lists_phone_and_email(store: Store) -> None:
    lead_id, call_id, live = begin(store)
    finish_call(store, call_id, live, Finish("do_not_call"))
    with store.session() as session:
        entries = {(e.kind, e.value) for e in session.exec(select(DncEntry)).all()}
        assert entries == {("phone", "+12125550100"), ("email", "ana@initech.com")}
        assert session.get(Lead, lead_id).dnc is True


def test_notes_are_saved_as_typed(store: Store) -> None:
    lead_id, call_id, _ = begin(store)
    note = save_note(store, lead_id, "amy", "Ca", call_id=call_id)
    assert save_note(store, lead_id, "amy", "Call after 5", call_id=call_id,
                     note_id=note) == note
    with store.session() as session:
        assert [n.text for n in session.exec(select(Note)).all()] == ["Call after 5"]


def test_an_open_call_resumes_exactly(store: Store) -> None:
    _, call_id, live = begin(store)
    answer(store, call_id, live, "recommends", None, "yes")
    record_event(store, call_id, live.back(), live)
    assert [c.id for c in open_calls(store, "amy")] == [call_id]
    resumed, call, lead = resume_call(store, call_id)
    assert resumed.state.walk.path == live.state.walk.path
    assert resumed.counted_answers() == live.counted_answers()
    assert resumed.current.id == live.current.id == "budget_set"
    assert call.total == 27.0 and lead.first_name == "Lead"


KILLED = """
import sys
from qualdesk.core.engine import CallSession
from qualdesk.core.loader import require_bank
from qualdesk.store.calls import record_event, start_call
from qualdesk.store.database import Store
store = Store(sys.argv[1])
bank = require_bank(sys.argv[2])
call_id = start_call(store, int(sys.argv[3]), "amy", bank)
live = CallSession(bank)
values = ["recommends", "Jo", "yes", 30000, ["errors"], "year", "ca"]
for value in values:
    record_event(store, call_id, live.answer(value), live)
    print("ack", value, flush=True)
while True:
    record_event(store, call_id, live.jump("timeline"), live)
    record_event(store, call_id, live.answer("year"), live)
    print("ack again", flush=True)
"""


def test_sigkill_mid_call_loses_no_acknowledged_answer(store: Store, store_url: str,
                                                       tmp_path: Path) -> None:
    lead_id = add_lead(store)
    script = tmp_path / "caller.py"
    script.write_text(KILLED)
    process = subprocess.Popen([sys.executable, str(script), store_url, str(SPEC_EXAMPLE),
                                str(lead_id)], stdout=subprocess.PIPE, text=True)
    acknowledged: list[str] = []
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while len(acknowledged) < 9 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if line:
            acknowledged.append(line.strip())
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with store.session() as session:
        stored = session.exec(select(AnswerEvent).order_by(AnswerEvent.seq)).all()
    assert len(stored) >= len(acknowledged) >= 9
    assert [e.question_id for e in stored[:7]] == ["role", "decider", "budget_set",
                                                   "budget_amount", "pain", "timeline",
                                                   "country"]
    [open_call] = open_calls(store, "amy")
    resumed, _, _ = resume_call(store, open_call.id)
    assert resumed.answers["country"] == "ca"


def test_a_campaign_can_change_a_disposition(store: Store) -> None:
    from qualdesk.store.dispositions import dispositions_for, set_disposition
    from tests.store.helpers import add_campaign

    spring = add_campaign(store, "spring")
    store.run(lambda s: set_disposition(s, spring, "no_answer", {"retry_delay_minutes": 30}))
    store.run(lambda s: set_disposition(s, spring, "gatekeeper",
                                        {"label": "Stopped by gatekeeper", "contacted": True}))
    with pytest.raises(ValueError, match="give it a --label"):
        store.run(lambda s: set_disposition(s, spring, "mystery", {"final": True}))
    lead_id, call_id, live = begin(store, campaign_id=spring)
    finish_call(store, call_id, live, Finish("no_answer", at=AT))
    with store.session() as session:
        assert session.get(Lead, lead_id).next_call_at == AT + timedelta(minutes=30)
        default = {d.code: d for d in dispositions_for(session, None)}
        own = {d.code: d for d in dispositions_for(session, spring)}
    assert default["no_answer"].retry_delay_minutes == 120
    assert "gatekeeper" in own and "gatekeeper" not in default
    assert own["no_answer"].try_again and own["no_answer"].aapor_class == "unknown"
