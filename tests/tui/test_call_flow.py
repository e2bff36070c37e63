"""Whole calls driven by keys, as a caller makes them, checked against what the store holds."""

from __future__ import annotations

from sqlmodel import select

from qualdesk.store.models import AnswerEvent, Call, Handoff, Lead
from qualdesk.tui.screens.call import CallScreen
from qualdesk.tui.screens.handoff import HandoffScreen
from qualdesk.tui.screens.queue import QueueScreen
from tests.tui.conftest import AGENT, press, screen_text, settle

#: Keys that answer saas-bant.yaml to sales qualified (decider is skipped: she decides).
TO_SALES_QUALIFIED = ["1", "1", "1", "4", "0", "enter", "y", "6", "0", "0", "0", "0", "enter",
                      "1", "1", "2", "enter", "1", "1", "1", "enter"]


def _events(store, call_id):
    with store.session() as session:
        return [(row.kind, row.question_id, row.value) for row in session.exec(
            select(AnswerEvent).where(AnswerEvent.call_id == call_id)
            .order_by(AnswerEvent.seq))]


async def test_next_lead_claims_and_opens_the_call(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, CallScreen)
        call_id = app.screen.opened.call_id
        text = screen_text(app)
        assert "Maria Okafor" in text and "America/New_York" in text
        assert "Do you have five minutes" in text
        assert "this is ana from Acme Analytics" in text  # the greeting, rendered
    with demo_store.session() as session:
        call = session.get(Call, call_id)
        lead = session.get(Lead, call.lead_id)
    assert call.status == "open" and call.agent == AGENT
    assert lead.claimed_by == AGENT and lead.first_name == "Maria"


async def test_a_call_answered_to_sales_qualified_is_on_disk_step_by_step(demo_store, make_app,
                                                                          tmp_path):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        screen = app.screen
        call_id = screen.opened.call_id
        await press(pilot, *TO_SALES_QUALIFIED[:3])
        # every answer is in the store before the next question shows
        assert [e[:2] for e in _events(demo_store, call_id)] == [
            ("answer", "good_time"), ("answer", "contact_type"), ("answer", "role")]
        await press(pilot, *TO_SALES_QUALIFIED[3:])
        assert "The script has ended" in screen_text(app)
        assert "Sales qualified" in screen_text(app)
        with demo_store.session() as session:
            live = session.get(Call, call_id)
        assert live.outcome == "sales_qualified" and live.complete  # the live snapshot
        assert live.answers["pain"] == ["reporting", "errors"]
        assert live.answers["budget_amount"] == 60000
        await press(pilot, "f10")  # wrap-up starts on "qualified" for a qualified lead
        await press(pilot, "enter")
        assert isinstance(app.screen, HandoffScreen)
        assert "Written to the outbox" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, QueueScreen)
    with demo_store.session() as session:
        call = session.get(Call, call_id)
        handoff = session.exec(select(Handoff).where(Handoff.call_id == call_id)).one()
        lead = session.get(Lead, call.lead_id)
    assert call.status == "finished" and call.disposition == "qualified"
    assert handoff.state == "written"
    assert (tmp_path / "outbox" / f"call-{call_id}.md").exists()
    assert lead.status == "final" and lead.claimed_by is None and lead.attempts == 1


async def test_changing_an_earlier_answer_changes_path_and_score(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "1", "1", "1")
        screen = app.screen
        session = screen.session
        assert session.state.score.categories["authority"] == 25
        assert session.current.id == "team_size"
        # F5 to the earlier answers (it starts on the newest, "role"), Enter, then "I recommend it"
        await press(pilot, "f5", "enter")
        assert session.current.id == "role"
        await press(pilot, "2")
        assert session.state.score.categories["authority"] == 12
        assert session.current.id == "decider"  # the path now asks who decides
        assert "decider" in screen_text(app)
        assert "+12 role: I recommend it" in screen_text(app)
        call_id = screen.opened.call_id
    kinds = [(kind, qid) for kind, qid, _ in _events(demo_store, call_id)]
    assert ("jump", "role") in kinds and ("change", "role") in kinds


async def test_back_and_skip_follow_the_rules(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "f3")
        assert "this is the first question" in " ".join(
            str(n.message) for n in app._notifications)
        await press(pilot, "1", "f4")  # contact_type is required
        session = app.screen.session
        assert session.current.id == "contact_type"
        await press(pilot, "f3")
        assert session.current.id == "good_time"
        await press(pilot, "f6")
        assert session.current.id == "contact_type"


async def test_a_typed_answer_is_checked_as_it_is_typed(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "1", "1", "1", "0", "enter")
        session = app.screen.session
        assert session.current.id == "team_size"  # 0 people is below the minimum of 1
        assert "at least 1" in screen_text(app) or "below" in screen_text(app)
        await press(pilot, "backspace", "x")
        assert session.current.id == "team_size"
        await press(pilot, "backspace", "7", "enter")
        assert session.current.id == "budget_set"
        assert session.answers["team_size"] == 7


async def test_a_dead_webhook_never_holds_the_caller(demo_store, make_app, tmp_path):
    from qualdesk.outputs.delivery import DeliveryConfig

    dead = DeliveryConfig(outbox=tmp_path / "outbox", webhook_url="http://127.0.0.1:9/hook",
                          attempts=2, backoff_seconds=0.01, timeout_seconds=1)
    app = make_app(demo_store, delivery=dead)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", *TO_SALES_QUALIFIED, "f10", "enter")
        assert isinstance(app.screen, HandoffScreen)
        assert "Not delivered yet: kept in the outbox" in screen_text(app)
        assert "Handoff: Maria Okafor" in app.screen.query_one("Markdown").source
        await press(pilot, "escape")
        assert "handoffs pending: 1, 1 failed" in screen_text(app)
