"""The manager's desk in the console: library, editor (errors appear and jump), save,
preview, scenarios, rename, what-if and campaigns."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select
from textual.widgets import TextArea

from qualdesk.store.calls import Finish, record_call
from qualdesk.store.models import BankVersion, Call, Campaign, Lead
from qualdesk.tui.screens.bank_tools import TestResultsScreen, WhatIfScreen
from qualdesk.tui.screens.campaigns import CampaignsScreen
from qualdesk.tui.screens.editor import EditorScreen
from qualdesk.tui.screens.library import LibraryScreen
from qualdesk.tui.screens.preview import PreviewScreen
from tests.outputs.helpers import SAAS
from tests.tui.conftest import AGENT, NOW, press, screen_text, settle


@pytest.fixture
def user_banks(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "my-banks"
    monkeypatch.setenv("QUALDESK_BANKS", str(folder))
    return folder


def _notes(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def _open_saas(pilot) -> EditorScreen:
    await press(pilot, "b")
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    row = next(i for i, f in enumerate(screen.files) if f.path.name == "saas-bant.yaml")
    for _ in range(row):
        await pilot.press("down")
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, EditorScreen)
    return pilot.app.screen


async def _edit(pilot, line: int, text: str) -> None:
    """Put the cursor at the end of ``line`` (0-based) and type ``text``."""
    area = pilot.app.screen.query_one(TextArea)
    area.cursor_location = (line, len(area.document.get_line(line)))
    await pilot.press(*["enter" if char == "\n" else char for char in text])
    await pilot.pause(0.4)
    await settle(pilot)


async def test_library_lists_banks_versions_and_campaigns(demo_store, make_app, user_banks):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        text = screen_text(app)
        assert "saas-bant" in text and "B2B SaaS qualification" in text and "demo" in text
        assert "champ" in text and "bundled" in text and str(user_banks) in text


async def test_errors_appear_as_typed_jump_and_block_saving(demo_store, make_app, user_banks):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        editor = await _open_saas(pilot)
        assert "valid" in screen_text(app)
        await _edit(pilot, 4, "\nbogus: 1")  # an unknown top-level key after 'version'
        assert "1 error(s)" in screen_text(app)
        assert "6:1 error: unknown key 'bogus'" in screen_text(app)
        area = editor.query_one(TextArea)
        area.cursor_location = (0, 0)
        await press(pilot, "f4", "enter")
        assert area.cursor_location == (5, 0) and area.has_focus
        await press(pilot, "ctrl+s")
        assert "fix them before you save" in _notes(app)
        assert not (user_banks / "saas-bant.yaml").exists()
        await press(pilot, "escape")
        assert isinstance(app.screen, EditorScreen)  # unsaved: warned first
        await press(pilot, "escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_saving_a_valid_bank_stores_a_new_version(demo_store, make_app, user_banks):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _open_saas(pilot)
        await _edit(pilot, 3, " - autumn wording")  # the title line
        assert "valid" in screen_text(app) and "unsaved changes" in screen_text(app)
        await press(pilot, "ctrl+s")
        assert "stored as version" in _notes(app)
    saved = (user_banks / "saas-bant.yaml").read_text()
    assert "title: B2B SaaS qualification (BANT + territory) - autumn wording" in saved
    assert (user_banks / "saas-bant.tests.yaml").exists()  # the scenarios came along
    with demo_store.session() as session:
        versions = session.exec(select(BankVersion).where(
            BankVersion.bank_id == "saas-bant")).all()
    assert len(versions) == 2 and any("autumn wording" in v.text for v in versions)


async def test_preview_walks_the_script_and_stores_nothing(demo_store, make_app, user_banks):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _open_saas(pilot)
        await press(pilot, "f5")
        assert isinstance(app.screen, PreviewScreen)
        assert "Hi Sam, this is ana" in screen_text(app)
        await press(pilot, "1", "1", "1")
        assert app.screen.session.state.score.categories["authority"] == 25
        assert "+25 role: I make the final decision" in screen_text(app)
        await press(pilot, "f10")
        assert isinstance(app.screen, EditorScreen)
    with demo_store.session() as session:
        assert session.exec(select(func.count()).select_from(Call)).one() == 0


async def test_scenarios_and_rename_from_the_editor(demo_store, make_app, user_banks):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        editor = await _open_saas(pilot)
        await press(pilot, "f6")
        assert isinstance(app.screen, TestResultsScreen)
        assert "10 passed, 0 failed" in screen_text(app)
        await press(pilot, "escape")
        line = editor.text.splitlines().index("  - id: timeline")
        editor.query_one(TextArea).cursor_location = (line + 3, 0)
        await press(pilot, "f7")
        await pilot.press(*"go_live")
        await press(pilot, "enter")
        assert "  - id: go_live" in editor.text and "- id: timeline" not in editor.text
        assert "Renamed 'timeline' to 'go_live'" in _notes(app)
        await press(pilot, "f6")  # the scenarios follow the rename before it is saved
        assert "10 passed, 0 failed" in screen_text(app)
        await press(pilot, "escape", "ctrl+s")
    assert "go_live: quarter" in (user_banks / "saas-bant.tests.yaml").read_text()


async def test_what_if_from_the_editor(demo_store, make_app, user_banks):
    answers = {"good_time": "yes", "contact_type": "business", "role": "uses",
               "team_size": 12, "budget_set": "yes", "budget_amount": 24000,
               "current_tool": "spreadsheets", "pain": ["reporting"], "timeline": "none",
               "country": "us", "next_step": "demo"}  # 59 points: marketing qualified
    with demo_store.session() as session:
        leads = session.exec(select(Lead.id).limit(4)).all()
    for lead_id in leads:
        record_call(demo_store, lead_id, SAAS, answers, AGENT, Finish("nurture", at=NOW))
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        editor = await _open_saas(pilot)
        area = editor.query_one(TextArea)
        area.load_text(editor.text.replace("sales_qualified:     {min_score: 65}",
                                           "sales_qualified:     {min_score: 55}"))
        await press(pilot, "f8")
        await press(pilot, "enter")  # the demo campaign, on this bank, comes first
        assert isinstance(app.screen, WhatIfScreen)
        text = screen_text(app)
        assert "this change sends 4 more leads to sales" in text
        assert "4  Marketing qualified → Sales qualified" in text


async def test_campaigns_screen_creates_edits_and_moves_banks(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, CampaignsScreen)
        assert "demo" in screen_text(app) and "saas-bant v1" in screen_text(app)
        await press(pilot, "n")
        await pilot.press(*"spring")
        await press(pilot, "enter", "enter", "enter", "enter")
        assert "spring" in screen_text(app)
        await press(pilot, "down", "e")
        field = app.screen.query_one("#rules-hours")
        field.value = ""
        await pilot.press(*"09:00-17:00")
        await press(pilot, "enter", "enter", "enter")
        await press(pilot, "b", "enter")
    with demo_store.session() as session:
        spring = session.exec(select(Campaign).where(Campaign.name == "spring")).one()
    assert (spring.calling_start, spring.calling_end) == ("09:00", "17:00")
    assert spring.bank_version_id is not None


async def test_versions_of_a_bank_compared_in_words(demo_store, make_app, user_banks):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        editor = await _open_saas(pilot)
        area = editor.query_one(TextArea)
        area.load_text(editor.text.replace("label: I make the final decision, points: 25",
                                           "label: I make the final decision, points: 20"))
        await press(pilot, "ctrl+s", "escape")
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.files[0].path.parent == user_banks  # your banks come first
        await press(pilot, "up", "up", "up", "v")
        assert "Versions of saas-bant" in app.screen.query_one("#versions-list-dialog") \
            .border_title
        await press(pilot, "space", "down", "space", "enter")
        assert "role: option 'decides' points 25 → 20" in screen_text(app)


async def test_reports_screen_shows_figures_with_bars_and_filters(demo_store, make_app):
    from qualdesk.tui.screens.reports import ReportsScreen

    with demo_store.session() as session:
        leads = session.exec(select(Lead.id).limit(3)).all()
    from tests.outputs.helpers import QUALIFYING

    for lead_id in leads:
        record_call(demo_store, lead_id, SAAS, QUALIFYING, AGENT,
                    Finish("qualified", at=NOW - timedelta(days=3)))
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        assert isinstance(app.screen, ReportsScreen)
        text = screen_text(app)
        assert "3 attempts on 3 leads" in text
        assert "Sales qualified        ████████████████████████ 3  100.0%" in text
        await press(pilot, "g")
        assert "breakdown: campaign" in screen_text(app) and "By campaign" in screen_text(app)
        await press(pilot, "p", "p", "p")  # today: the calls were three days ago
        assert "0 attempts on 0 leads" in screen_text(app)
        await press(pilot, "l")
        assert "What goes with won deals" in screen_text(app)


async def test_a_failing_scenario_shows_what_was_expected(demo_store, make_app, user_banks):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        editor = await _open_saas(pilot)
        editor.query_one(TextArea).load_text(editor.text.replace(
            "label: I make the final decision, points: 25",
            "label: I make the final decision, points: 20"))
        await press(pilot, "f6")
        text = screen_text(app)
        assert "✗ decision maker with budget this quarter goes to sales" in text
        assert "total: expected 110, got 105" in text
        assert "passed, " in text and "0 failed" not in text
