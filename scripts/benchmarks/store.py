"""Store benchmark, on a SQLite file:

* importing 100,000 generated leads, as a ratio to the sqlite3 shell's ``.import`` of the same
  file in the same run, and in rows per second;
* claim latency with 100,000 leads queued, as a ratio to a bare indexed SELECT by id;
* the time to persist one answer with a million answers stored, as a ratio to a bare INSERT
  and COMMIT through Python's sqlite3 on the same file, with the same synchronous setting.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import report

from qualdesk.core.engine import CallSession
from qualdesk.core.loader import require_bank
from qualdesk.store.calls import record_event, start_call
from qualdesk.store.csvsource import open_csv
from qualdesk.store.database import Store
from qualdesk.store.leads import import_leads
from qualdesk.store.queue import claim_next

ROOT = Path(__file__).resolve().parents[2]
LEADS = 100_000
NOON = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
AREA_CODES = ["212", "415", "312", "617", "206", "303", "512", "404", "202", "718"]


def generate_csv(path: Path) -> None:
    rng = random.Random(5)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Record ID,First Name,Last Name,Company Name,Email,Phone Number,"
                     "Country/Region\n")
        for number in range(LEADS):
            area = AREA_CODES[number % len(AREA_CODES)]
            exchange = 200 + (number // len(AREA_CODES)) // 10000 % 700
            line = (number // len(AREA_CODES)) % 10000
            handle.write(f"{number},First{number},Last{rng.randint(0, 999)},Company "
                         f"{number % 977},lead{number}@example.com,({area}) {exchange}-"
                         f"{line:04d},United States\n")


def shell_import(csv_path: Path, folder: Path) -> float:
    database = folder / "floor.db"
    start = time.perf_counter()
    subprocess.run(["sqlite3", str(database), ".import --csv " + str(csv_path) + " leads"],
                   check=True)
    return time.perf_counter() - start


def bench_import(folder: Path) -> Store:
    csv_path = folder / "leads.csv"
    generate_csv(csv_path)
    floor = shell_import(csv_path, folder) if shutil.which("sqlite3") else None
    store = Store(f"sqlite:///{folder / 'store.db'}")
    start = time.perf_counter()
    result = store.run(lambda session: import_leads(session, open_csv(csv_path)))
    seconds = time.perf_counter() - start
    assert result.added == LEADS, (result.added, result.rejected[:3])
    if floor:
        report("sqlite3 shell .import of 100,000 rows (floor)", floor)
    report("qualdesk leads import of 100,000 rows", seconds, floor, "the sqlite3 shell")
    print(f"  {'rows per second':<58} {LEADS / seconds:10.0f}")
    return store


def bench_claims(store: Store) -> None:
    with store.engine.connect() as connection:
        start = time.perf_counter()
        for lead_id in range(1, 201):
            connection.exec_driver_sql("SELECT * FROM leads WHERE id = ?", (lead_id,)).all()
        floor = (time.perf_counter() - start) / 200
    claims = 50
    start = time.perf_counter()
    for _ in range(claims):
        assert claim_next(store, "bench", now=NOON) is not None
    seconds = (time.perf_counter() - start) / claims
    report("SELECT one lead by id (floor)", floor)
    report("claim the next lead, 100,000 queued (mean)", seconds, floor, "the SELECT")


def bench_answers(store: Store, folder: Path) -> None:
    bank = require_bank(ROOT / "question_banks" / "saas-bant.yaml")
    call_id = start_call(store, 1, "bench", bank)
    raw = sqlite3.connect(folder / "store.db")
    raw.execute("PRAGMA synchronous=FULL")
    rows = ((call_id, seq, "answer", "role", '"decides"', "2026-11-23 15:00:00.000000")
            for seq in range(1, 1_000_001))
    raw.executemany("INSERT INTO answers (call_id, seq, kind, question_id, value, at) "
                    "VALUES (?, ?, ?, ?, ?, ?)", rows)
    raw.commit()
    raw.execute("CREATE TABLE IF NOT EXISTS floor_rows (id INTEGER PRIMARY KEY, v TEXT)")
    start = time.perf_counter()
    for number in range(100):
        raw.execute("INSERT INTO floor_rows (v) VALUES (?)", (str(number),))
        raw.commit()
    floor = (time.perf_counter() - start) / 100
    raw.close()
    live = CallSession(bank)
    events = [live.answer("yes"), live.answer("business")]
    start = time.perf_counter()
    count = 0
    for _ in range(50):
        for event in events:
            record_event(store, call_id, event, live)
            count += 1
    seconds = (time.perf_counter() - start) / count
    report("bare INSERT + COMMIT, synchronous=FULL (floor)", floor)
    report("persist one answer, 1,000,000 stored (mean)", seconds, floor, "the bare INSERT")


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        store = bench_import(folder)
        bench_claims(store)
        bench_answers(store, folder)
        store.close()


if __name__ == "__main__":
    main()
