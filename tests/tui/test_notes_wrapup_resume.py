"""Notes saved as typed, the wrap-up's rules, and a call resumed after the program died."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from qualdesk.store.models import Call, Callback, Lead, Note
from qualdesk.tui.screens.call import CallScreen
from qualdesk.tui.screens.notes import NotesScreen
from qualdesk.tui.screens.queue import QueueScreen
from qualdesk.tui.screens.resume import ResumeScreen
from qualdesk.tui.screens.wrapup import WrapUpScreen
from tests.tui.conftest import press, screen_text, settle


async def test_notes_are_on_disk_while_still_typing(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "f2")
        assert isinstance(app.screen, NotesScreen)
        await pilot.press(*"Wants pricing")
        await pilot.pause(0.6)  # a pause in typing saves
        await settle(pilot)
        with demo_store.session() as session:
            notes = session.exec(select(Note)).all()
        assert [note.text for note in notes] == ["Wants pricing"]
        await pilot.press(*" for 40 seats")
        await press(pilot, "escape")  # closing saves what is left, then closes
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        with demo_store.session() as session:
            notes = session.exec(select(Note)).all()
        assert [note.text for note in notes] == ["Wants pricing for 40 seats"]
        await press(pilot, "f2")  # the same note opens again, to go on with it
        assert app.screen.query_one("TextArea").text == "Wants pricing for 40 seats"


async def test_words_typed_just_before_quitting_are_kept(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "f2")
        await pilot.press(*"Call back after")
        await pilot.press("ctrl+q")  # before the pause that would have saved it
    with demo_store.session() as session:
        notes = session.exec(select(Note)).all()
    assert [note.text for note in notes] == ["Call back after"]


async def test_a_callback_needs_a_time_in_the_leads_zone(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "2")  # "Not now, call me back" ends the script
        call_id = app.screen.opened.call_id
        await press(pilot, "f10")
        assert isinstance(app.screen, WrapUpScreen)
        codes = [rule.code for rule in app.screen.dispositions]
        key = "1234567890ab"[codes.index("callback")]
        await press(pilot, key)
        assert app.screen.focused.id == "callback-at"  # asked for the time, not finished
        assert "needs a callback time" in screen_text(app)
        await pilot.press(*"tomorrow 10:00")
        await settle(pilot)
        assert "Due Tue 24 Nov 10:00 lead's time (America/New_York)" in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, QueueScreen)
    with demo_store.session() as session:
        call = session.get(Call, call_id)
        lead = session.get(Lead, call.lead_id)
        callback = session.exec(select(Callback)).one()
    assert call.disposition == "callback" and lead.status == "callback"
    assert callback.due_at == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 10:00 in New York


async def test_a_disposition_that_needs_a_note_asks_for_it(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "1", "2")  # a student: knocked out
        assert "KNOCKOUT" in screen_text(app)
        assert "Can no longer reach sales qualified" in screen_text(app)
        await press(pilot, "f10")
        assert app.screen.query_one("#dispositions").highlighted == [
            rule.code for rule in app.screen.dispositions].index("not_qualified")
        await press(pilot, "enter")
        assert app.screen.focused.id == "wrapup-note"
        await pilot.press(*"Student project")
        await press(pilot, "enter")
        assert isinstance(app.screen, QueueScreen)
    with demo_store.session() as session:
        call = session.exec(select(Call)).one()
        note = session.exec(select(Note)).one()
    assert (call.disposition, call.outcome) == ("not_qualified", "disqualified")
    assert note.text == "Student project"


async def test_escape_leaves_the_wrap_up_and_the_call_goes_on(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "f10", "escape")
        assert isinstance(app.screen, CallScreen)
        await press(pilot, "1")
        assert app.screen.session.current.id == "contact_type"


async def test_a_call_left_open_is_offered_and_resumed_with_all_it_had(demo_store, make_app):
    first = make_app(demo_store)
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "1", "1", "1", "f3")  # back onto "role": the cursor moves too
        call_id = first.screen.opened.call_id
        await press(pilot, "f2")
        await pilot.press(*"Call after lunch")
        await press(pilot, "escape")
        await settle(pilot)
    # the program died here: nothing was finished
    second = make_app(demo_store)
    async with second.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(second.screen, ResumeScreen)
        assert "Maria Okafor" in screen_text(second)
        await press(pilot, "enter")
        screen = second.screen
        assert isinstance(screen, CallScreen) and screen.opened.call_id == call_id
        assert screen.session.current.id == "role"
        assert screen.session.answers == {"good_time": "yes", "contact_type": "business",
                                          "role": "decides"}
        assert "Call after lunch" in screen_text(second)  # the lead card's latest note
        await press(pilot, "enter")  # keep "decides"
        assert screen.session.current.id == "team_size"


async def test_abandoning_a_call_left_open_frees_its_lead(demo_store, make_app):
    first = make_app(demo_store)
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "1")
        call_id = first.screen.opened.call_id
    second = make_app(demo_store)
    async with second.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        assert isinstance(second.screen, QueueScreen)
    with demo_store.session() as session:
        call = session.get(Call, call_id)
        lead = session.get(Lead, call.lead_id)
    assert call.status == "abandoned" and lead.claimed_by is None
