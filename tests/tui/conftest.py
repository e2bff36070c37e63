"""The caller's console under test: a demo store (bundled bank, 48 sample leads), a fixed
clock, and a helper that waits until every store worker has reported back."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerState

from qualdesk.demo import make_demo_store
from qualdesk.outputs.delivery import DeliveryConfig
from qualdesk.store.database import Store
from qualdesk.tui.app import QualdeskApp

#: Monday 23 November 2026, 15:00 UTC: 10:00 in New York, where the first sample lead is.
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
AGENT = "ana"

# Times on screen are in the caller's own zone: make it the same on every machine.
os.environ["TZ"] = "UTC"
time.tzset()
# A still cursor, so a picture never depends on when in the blink it was taken.
os.environ["QUALDESK_CURSOR_BLINK"] = "0"


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[Store]:
    """The demo store, as ``qualdesk demo`` makes it."""
    store = make_demo_store(tmp_path / "demo", AGENT)
    yield store
    store.close()


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[..., QualdeskApp]:
    """Build the app over a store, with the fixed clock and an outbox in ``tmp_path``."""

    def build(store: Store | Callable[[], Store], **options: Any) -> QualdeskApp:
        opener = store if callable(store) else (lambda: store)
        options.setdefault("clock", lambda: NOW)
        options.setdefault("keymap_file", tmp_path / "no-keymap.toml")
        options.setdefault("delivery", DeliveryConfig(outbox=tmp_path / "outbox"))
        return QualdeskApp(opener, AGENT, **options)

    return build


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker is running and the screen has caught up with their results."""
    app = pilot.app
    for _ in range(100):
        await pilot.pause()
        busy = [worker for worker in app.workers
                if worker.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        if not busy:
            await pilot.pause()
            return
        await app.workers.wait_for_complete(busy)
    raise AssertionError("workers never settled")


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys one at a time, letting each step reach the store before the next."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def screen_text(app: QualdeskApp) -> str:
    """Everything the visible widgets of the current screen show, as plain text."""
    from textual.widgets import DataTable, OptionList, Static

    parts = []
    for widget in app.screen.query(Static):
        rendered = widget.render()
        parts.append(str(getattr(rendered, "plain", rendered)))
    for listing in app.screen.query(OptionList):
        parts.extend(str(listing.get_option_at_index(index).prompt)
                     for index in range(listing.option_count))
    for table in app.screen.query(DataTable):
        parts.extend(" | ".join(str(cell) for cell in table.get_row_at(index))
                     for index in range(table.row_count))
    return "\n".join(parts)
