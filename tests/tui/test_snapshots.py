"""Every screen of the console, at 80x24 and 120x40, against pictures a person has looked at.

The app runs on the demo store with a fixed clock, so the pictures only change when the
screens do. After a deliberate change: ``pytest tests/tui/test_snapshots.py --snapshot-update``,
then look at the new pictures before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlmodel import select
from textual.pilot import Pilot

from qualdesk.store.calls import Finish, record_call
from qualdesk.store.models import Lead
from tests.outputs.helpers import QUALIFYING, SAAS
from tests.tui.conftest import AGENT, NOW, settle
from tests.tui.test_call_flow import TO_SALES_QUALIFIED

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
Steps = Callable[[Pilot[Any]], Awaitable[None]]


def keys(*pressed: str, pause: float = 0.0) -> Steps:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        if pause:
            await pilot.pause(pause)
            await settle(pilot)
        await still(pilot)

    return run


async def still(pilot: Pilot[Any]) -> None:
    """Wait until two pictures taken a moment apart are the same: footers and tables that
    redraw a few frames after a screen change (slower on a loaded machine) have caught up."""
    previous = pilot.app.export_screenshot()
    for _ in range(40):
        await pilot.pause(0.05)
        await settle(pilot)
        current = pilot.app.export_screenshot()
        if current == previous:
            return
        previous = current


def _finished_call(store) -> None:
    with store.session() as session:
        lead_id = session.exec(select(Lead.id).where(Lead.last_name == "Okafor")).first()
    record_call(store, lead_id, SAAS, QUALIFYING, AGENT,
                Finish("qualified", note="Budget signed off; demo Tuesday", at=NOW))


def editing(*after: str, error: bool = False, threshold: bool = False) -> Steps:
    """Open saas-bant in the editor (fourth in the library), maybe break or change it."""

    async def run(pilot: Pilot[Any]) -> None:
        await keys("b", "down", "down", "down", "enter")(pilot)
        area = pilot.app.screen.query_one("TextArea")
        if error:
            area.cursor_location = (4, len(area.document.get_line(4)))
            await pilot.press("enter", *"bogus: 1")
            await pilot.pause(0.4)
        if threshold:
            area.load_text(area.text.replace("sales_qualified:     {min_score: 65}",
                                             "sales_qualified:     {min_score: 55}"))
        await keys(*after)(pilot)

    return run


def _past_calls(store) -> None:
    answers = {**QUALIFYING, "role": "uses", "team_size": 12, "budget_amount": 24000,
               "pain": ["reporting"], "timeline": "none"}
    with store.session() as session:
        leads = session.exec(select(Lead.id).limit(4)).all()
    for lead_id in leads:
        record_call(store, lead_id, SAAS, answers, AGENT, Finish("nurture", at=NOW))


SCREENS: dict[str, tuple[Steps, Callable[[Any], None] | None]] = {
    "queue": (keys(), None),
    "call_start": (keys("n"), None),
    "call_midway": (keys("n", "1", "1", "2", "D", "a", "n", "a"), None),
    "call_knocked_out": (keys("n", "1", "2"), None),
    "call_help": (keys("n", "1", "f1"), None),
    "notes": (keys("n", "f2", *"Wants pricing for 40 seats", pause=0.6), None),
    "wrap_up": (keys("n", *TO_SALES_QUALIFIED, "f10"), None),
    "handoff": (keys("n", *TO_SALES_QUALIFIED, "f10", "enter"), None),
    "history": (keys("h"), _finished_call),
    "call_detail": (keys("h", "enter"), _finished_call),
    "resume": (keys(), "resume"),  # type: ignore[dict-item]
    "library": (keys("b"), None),
    "editor_error": (editing(error=True), None),
    "preview": (editing("f5", "1", "1", "1"), None),
    "whatif": (editing("f8", "enter", threshold=True), _past_calls),
    "campaigns": (keys("c"), None),
    "reports": (keys("r"), _past_calls),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", SCREENS)
def test_screen(name: str, size: str, snap_compare, demo_store, make_app, monkeypatch) -> None:
    monkeypatch.setenv("QUALDESK_BANKS", "/tmp/qualdesk-snapshots/banks")  # shown on screen
    steps, prepare = SCREENS[name]
    if prepare == "resume":
        from qualdesk.core.engine import CallSession
        from qualdesk.store.calls import lead_context, record_event, start_call

        with demo_store.session() as session:
            lead = session.exec(select(Lead).where(Lead.last_name == "Okafor")).first()
        call_id = start_call(demo_store, lead.id, AGENT, SAAS, at=NOW)
        live = CallSession(SAAS, lead=lead_context(lead), agent=AGENT)
        for value in ("yes", "business"):
            record_event(demo_store, call_id, live.answer(value), live)
    elif prepare is not None:
        prepare(demo_store)
    assert snap_compare(make_app(demo_store), terminal_size=SIZES[size], run_before=steps)


def test_call_screen_reads_without_colour(snap_compare, demo_store, make_app,
                                          monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(demo_store), terminal_size=(80, 24),
                        run_before=keys("n", "1", "1", "1"))
