"""Start one app headless and print how long it took to become interactive, and the peak
memory: ``qualdesk DB_URL`` (the queue's first page shown) or ``bare`` (a plain Textual app
with a 100-row table, the floor). Run by scripts/benchmarks/tui.py in a fresh process each."""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import asyncio  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import DataTable, Footer, Header  # noqa: E402


def _high_water_kib() -> int:
    """Peak resident memory of this process since exec (ru_maxrss would count the parent's
    memory from before the fork)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class BareApp(App[None]):
    """The floor: Textual itself, showing a table of 100 rows."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Due", "Name", "Company", "Local time", "Tries", "Phone")
        for number in range(100):
            table.add_row("new", f"Lead {number}", "Company", "Mon 10:00", "0", "+1212555")
        self.ready = True


async def main(mode: str) -> None:
    if mode == "bare":
        app: App[None] = BareApp()

        def ready() -> bool:
            return getattr(app, "ready", False)
    else:
        from qualdesk.store.database import Store
        from qualdesk.tui.app import QualdeskApp
        from qualdesk.tui.screens.queue import QueueScreen

        app = QualdeskApp(lambda: Store(mode), "bench")

        def ready() -> bool:
            screen = app.screen
            return isinstance(screen, QueueScreen) and screen.page is not None

    async with app.run_test(size=(120, 40)) as pilot:
        while not ready():
            await pilot.pause(0.002)
        elapsed = time.perf_counter() - STARTED
    peak_kib = _high_water_kib()
    print(f"{elapsed:.6f} {peak_kib}")


asyncio.run(main(sys.argv[1]))
