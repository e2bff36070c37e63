"""Console benchmark: the time from starting the program to the queue being interactive on a
store with 100,000 leads, as a ratio to a bare Textual app (a 100-row table) started the same
way in the same run, each in a fresh process, best of five; and the peak memory of both."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import report
from sqlalchemy import insert

from qualdesk.store.database import Store
from qualdesk.store.models import Lead

LEADS = 100_000
DRIVER = Path(__file__).resolve().parent / "_tui_driver.py"
ZONES = ["America/New_York", "America/Chicago", "Europe/London", "Asia/Tokyo"]


def make_store(folder: Path) -> str:
    url = f"sqlite:///{folder / 'bench.db'}"
    store = Store(url)
    now = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    rows = [{"first_name": f"First{n}", "last_name": f"Last{n}", "company": f"Company {n % 977}",
             "phone": f"+1212{n:07d}", "email": f"lead{n}@example.com",
             "timezone": ZONES[n % len(ZONES)], "status": "new", "extra": {},
             "created_at": now, "updated_at": now} for n in range(LEADS)]
    store.run(lambda session: session.execute(insert(Lead), rows))
    store.close()
    return url


def start(mode: str) -> tuple[float, int]:
    out = subprocess.run([sys.executable, str(DRIVER), mode], capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = make_store(Path(folder))
        start(url)  # warm the file cache and the bytecode once
        runs = {"bare": [start("bare") for _ in range(5)],
                "qualdesk": [start(url) for _ in range(5)]}
    bare = min(seconds for seconds, _ in runs["bare"])
    ours = min(seconds for seconds, _ in runs["qualdesk"])
    report("bare Textual app, 100-row table, interactive", bare)
    report(f"qualdesk queue interactive, {LEADS:,} leads", ours, bare, "bare Textual app")
    bare_peak = max(peak for _, peak in runs["bare"]) / 1024
    our_peak = max(peak for _, peak in runs["qualdesk"]) / 1024
    print(f"  peak memory: qualdesk {our_peak:.0f} MiB, bare Textual app {bare_peak:.0f} MiB "
          f"(x{our_peak / bare_peak:.2f})")


if __name__ == "__main__":
    main()
