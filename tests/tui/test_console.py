"""The rest of the console: a locked store, history, queue search and pages, the keymap,
the command palette, the help panel, and a store that cannot be opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlmodel import select
from textual.widgets import HelpPanel

from qualdesk.store.calls import Finish, record_call
from qualdesk.store.database import Store, StoreError
from qualdesk.store.models import AnswerEvent, Lead
from qualdesk.tui.screens.call import CallScreen
from qualdesk.tui.screens.handoff import HandoffScreen
from qualdesk.tui.screens.history import CallDetailScreen, HistoryScreen
from qualdesk.tui.screens.queue import QueueScreen
from tests.outputs.helpers import QUALIFYING, SAAS
from tests.tui.conftest import AGENT, NOW, press, screen_text, settle


def _notes(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_an_answer_the_store_refuses_is_retried_until_it_is_on_disk(
        demo_store, make_app, monkeypatch):
    monkeypatch.setenv("QUALDESK_BUSY_TIMEOUT_MS", "50")
    path = Path(demo_store.engine.url.database)
    store = Store(f"sqlite:///{path}", retries=0)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        call_id = app.screen.opened.call_id
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        await press(pilot, "1")
        text = screen_text(app)
        assert "Not saved yet" in text and "nothing is lost" in text
        assert "Do you have five minutes" in text  # the screen did not move on
        await press(pilot, "1")  # a second answer waits for the first
        assert "Still saving" in _notes(app)
        await press(pilot, "ctrl+q")  # quitting now would lose the step: it warns instead
        assert "not saved yet" in _notes(app) and app.is_running
        blocker.execute("ROLLBACK")
        blocker.close()
        await pilot.pause(2.0)
        await settle(pilot)
        assert "So I send you the right material" in screen_text(app)
    with store.session() as session:
        saved = session.exec(select(AnswerEvent).where(AnswerEvent.call_id == call_id)).all()
    assert [(e.kind, e.question_id) for e in saved] == [("answer", "good_time")]
    store.close()


async def test_history_lists_finished_calls_and_opens_one_read_only(demo_store, make_app):
    with demo_store.session() as session:
        lead_id = session.exec(select(Lead.id).where(Lead.last_name == "Okafor")).first()
    call_id, _ = record_call(demo_store, lead_id, SAAS, QUALIFYING, AGENT,
                             Finish("qualified", note="Budget signed off", at=NOW))
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        assert isinstance(app.screen, HistoryScreen)
        assert "Maria Okafor" in screen_text(app) and "Sales qualified" in screen_text(app)
        await press(pilot, "o")  # outcome filter: sales qualified
        assert "Maria Okafor" in screen_text(app)
        await press(pilot, "o")  # marketing qualified: nothing
        assert "Maria Okafor" not in screen_text(app)
        await press(pilot, "o", "o", "o", "enter")  # back to all, then open
        assert isinstance(app.screen, CallDetailScreen)
        text = screen_text(app)
        assert "Spreadsheets by hand" in text and "Budget signed off" in text
        assert "Total 95" in text or "Total" in text
        await press(pilot, "s")
        assert isinstance(app.screen, HandoffScreen)
        assert app.screen.call_id == call_id
        await press(pilot, "escape", "escape", "escape")
        assert isinstance(app.screen, QueueScreen)


async def test_queue_search_filter_and_pages(demo_store, make_app):
    def work(session):
        for number in range(250):
            session.add(Lead(first_name="Bulk", last_name=f"Lead{number:03d}", company="Bulk Co",
                             timezone="America/New_York", phone=f"+1212555{number:04d}"))
    demo_store.run(work)
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "298 leads" in screen_text(app) and "page 1/3" in screen_text(app)
        await press(pilot, "right_square_bracket")
        assert "page 2/3" in screen_text(app)
        await press(pilot, "slash")
        await pilot.press(*"okafor")
        await settle(pilot)
        assert "2 leads" in screen_text(app) and "Maria Okafor" in screen_text(app)
        await pilot.press(*" ")
        await press(pilot, "backspace")
        for _ in "okafor":
            await pilot.press("backspace")
        await pilot.press(*"6561230034")
        await settle(pilot)
        assert "1 lead ·" in screen_text(app) and "Asia/Singapore" in screen_text(app)
        await press(pilot, "enter", "f")
        assert "filter: callbacks" in screen_text(app) and "0 leads" in screen_text(app)


async def test_a_user_keymap_changes_keys_and_reports_unknown_ids(demo_store, make_app,
                                                                   tmp_path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('"queue.next" = "space"\n"queue.nope" = "x"\n')
    app = make_app(demo_store, keymap_file=keymap)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "no binding has the id 'queue.nope'" in _notes(app)
        await press(pilot, "n")
        assert isinstance(app.screen, QueueScreen)  # n is no longer "next lead"
        await press(pilot, "space")
        assert isinstance(app.screen, CallScreen)


async def test_the_command_palette_offers_the_screens_actions(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await pilot.press(*"next lead")
        await pilot.pause(0.5)
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)


async def test_f1_shows_the_keys_of_the_focused_place(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "f1")
        assert app.screen.query(HelpPanel)
        await press(pilot, "f1")
        assert not app.screen.query(HelpPanel)


async def test_a_store_that_cannot_be_opened_is_reported_not_raised(make_app):
    def unreachable() -> Store:
        raise StoreError("the store postgresql://db.example/calls is unreachable")

    app = make_app(unreachable)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "is unreachable" in _notes(app)
        assert app.is_running


async def test_pending_handoffs_are_shown_and_delivered_from_the_queue(demo_store, make_app,
                                                                       tmp_path):
    from qualdesk.outputs.delivery import DeliveryConfig
    from qualdesk.store.models import Handoff

    with demo_store.session() as session:
        lead_id = session.exec(select(Lead.id).where(Lead.last_name == "Okafor")).first()
    call_id, _ = record_call(demo_store, lead_id, SAAS, QUALIFYING, AGENT,
                             Finish("qualified", at=NOW))
    dead = DeliveryConfig(outbox=tmp_path / "outbox", webhook_url="http://127.0.0.1:9/hook",
                          attempts=1, backoff_seconds=0.01, timeout_seconds=1)
    app = make_app(demo_store, delivery=dead)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "handoffs pending: 1 (d delivers)" in screen_text(app)
        await press(pilot, "d")
        await settle(pilot)
        assert "Handoffs: 1 failed" in _notes(app)
        assert "handoffs pending: 1, 1 failed" in screen_text(app)
    with demo_store.session() as session:
        handoff = session.exec(select(Handoff).where(Handoff.call_id == call_id)).one()
    assert handoff.state == "failed" and "webhook" in handoff.last_error
    assert (tmp_path / "outbox" / f"call-{call_id}.md").exists()  # kept in the outbox
