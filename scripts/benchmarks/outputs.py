"""Outputs benchmark: exporting 100,000 finished calls as CSV, as a ratio to the sqlite3
shell writing the same rows as CSV in the same run; and the export's peak memory at 10,000
and 100,000 calls (each measured in a fresh process), which should stay flat."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import report

from qualdesk.core.loader import require_bank
from qualdesk.store.calls import bank_version
from qualdesk.store.database import Store

ROOT = Path(__file__).resolve().parents[2]
SQL_FLOOR = ("SELECT c.id, l.first_name, l.last_name, l.company, l.phone, c.agent, c.started_at,"
             " c.ended_at, c.disposition, c.outcome, c.total, c.quadrant, c.categories, "
             "c.answers FROM calls c JOIN leads l ON l.id = c.lead_id "
             "WHERE c.status = 'finished' ORDER BY c.id")


def build(path: Path, calls: int) -> None:
    """A store with ``calls`` finished calls on the SaaS bank, written in bulk."""
    store = Store(f"sqlite:///{path}")
    bank = require_bank(ROOT / "question_banks" / "saas-bant.yaml")
    version_id = store.run(lambda session: bank_version(session, bank).id)
    store.close()
    rng = random.Random(9)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with sqlite3.connect(path) as raw:
        raw.executemany(
            "INSERT INTO leads (id, first_name, last_name, company, title, email, phone, "
            "country, timezone, status, dnc, attempts, extra, created_at, updated_at) VALUES "
            "(?, ?, ?, ?, '', ?, ?, 'US', 'America/New_York', 'final', 0, 1, '{}', ?, ?)",
            ((n, f"First{n}", f"Last{n}", f"Company {n % 500}", f"l{n}@example.com",
              f"+1212{n:07d}", "2026-01-01 00:00:00", "2026-01-01 00:00:00")
             for n in range(1, calls + 1)))
        answers = json.dumps({"good_time": "yes", "contact_type": "business",
                              "role": "decides", "team_size": 12, "budget_set": "yes",
                              "budget_amount": 20000, "current_tool": "spreadsheets",
                              "pain": ["reporting"], "timeline": "half", "country": "us",
                              "next_step": "demo"})
        categories = json.dumps({"budget": 21, "authority": 25, "geography": 10, "need": 19,
                                 "timeline": 23})

        def rows():
            for n in range(1, calls + 1):
                began = start + timedelta(minutes=n)
                yield (n, n, "bench", version_id, "finished", str(began)[:19],
                       str(began + timedelta(minutes=rng.randint(2, 9)))[:19],
                       "sales_qualified", 98.0, "good_fit_ready", 98.0, 1, categories,
                       answers, "qualified")

        raw.executemany(
            "INSERT INTO calls (id, lead_id, agent, bank_version_id, status, started_at, "
            "ended_at, outcome, total, quadrant, max_attainable, complete, categories, "
            "answers, disposition) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows())


def export_in_process(path: Path) -> None:
    from qualdesk.outputs.exports import CallExport, CallFilter, write_calls

    store = Store(f"sqlite:///{path}")
    with open(os.devnull, "w", encoding="utf-8", newline="") as sink:
        start = time.perf_counter()
        written = write_calls(CallExport(store, CallFilter()), sink, "csv")
        seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"written": written, "seconds": seconds, "peak_kib": peak_kib}))


def measure(path: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--export", str(path)], check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout)


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        figures = {}
        for calls in (10_000, 100_000):
            path = folder / f"calls-{calls}.db"
            build(path, calls)
            figures[calls] = measure(path)
            assert figures[calls]["written"] == calls
        big = folder / "calls-100000.db"
        floor = None
        if shutil.which("sqlite3"):
            start = time.perf_counter()
            subprocess.run(["sqlite3", "-csv", "-header", str(big), SQL_FLOOR], check=True,
                           stdout=subprocess.DEVNULL)
            floor = time.perf_counter() - start
            report("sqlite3 shell: the same 100,000 rows as CSV (floor)", floor)
        report("qualdesk export calls, 100,000 calls", figures[100_000]["seconds"], floor,
               "the sqlite3 shell")
        for calls, figure in figures.items():
            print(f"  {f'peak memory exporting {calls:,} calls':<58} "
                  f"{figure['peak_kib'] / 1024:10.1f} MiB")
        ratio = figures[100_000]["peak_kib"] / figures[10_000]["peak_kib"]
        print(f"  {'peak memory, 100,000 over 10,000 calls':<58} {ratio:10.2f} x")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--export":
        export_in_process(Path(sys.argv[2]))
    else:
        main()
