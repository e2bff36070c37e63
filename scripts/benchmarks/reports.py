"""Reports benchmark: ``qualdesk report`` over 100,000 finished calls holding 1,100,000
answers, as a ratio to the same aggregates written as plain SQL and run by the sqlite3 shell
in the same run (counts, outcomes, quadrants, a score histogram, answers per question through
json_each, talk time)."""

from __future__ import annotations

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

from outputs import build
from qualdesk.outputs.reports import build_report
from qualdesk.store.database import Store
from qualdesk.store.reporting import ReportFilter

CALLS = 100_000
WHERE = "FROM calls c JOIN attempts a ON a.call_id = c.id WHERE c.status = 'finished'"
SQL_FLOOR = f"""
SELECT count(*), sum(a.contacted), count(DISTINCT c.lead_id) {WHERE};
SELECT c.outcome, count(*) {WHERE} AND a.contacted GROUP BY c.outcome;
SELECT c.quadrant, count(*) {WHERE} AND a.contacted GROUP BY c.quadrant;
SELECT CAST(c.total / 11 AS INTEGER), count(*) {WHERE} AND a.contacted GROUP BY 1;
SELECT j.key, j.value, count(*) {WHERE.replace('WHERE', ', json_each(c.answers) j WHERE')}
  AND a.contacted GROUP BY 1, 2;
SELECT avg((julianday(c.ended_at) - julianday(c.started_at)) * 86400) {WHERE} AND a.contacted;
"""


def prepare(path: Path) -> None:
    """The export benchmark's calls, with an attempt each and varied outcomes."""
    build(path, CALLS)
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO attempts (lead_id, call_id, agent, disposition, contacted, at) "
                    "SELECT lead_id, id, agent, disposition, (id % 5) != 0, ended_at FROM calls")
        raw.execute("UPDATE calls SET outcome = CASE id % 4 WHEN 0 THEN 'sales_qualified' "
                    "WHEN 1 THEN 'marketing_qualified' WHEN 2 THEN 'nurture' "
                    "ELSE 'disqualified' END, total = id % 111")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.db"
        prepare(path)
        floor = None
        if shutil.which("sqlite3"):
            start = time.perf_counter()
            subprocess.run(["sqlite3", str(path)], input=SQL_FLOOR, text=True, check=True,
                           stdout=subprocess.DEVNULL)
            floor = time.perf_counter() - start
            report("sqlite3 shell: the same aggregates in plain SQL (floor)", floor)
        store = Store(f"sqlite:///{path}")
        start = time.perf_counter()
        result = build_report(store, ReportFilter(), datetime.now(UTC))
        seconds = time.perf_counter() - start
        assert result["activity"]["attempts"] == CALLS
        answers = sum(row["calls"] for q in result["questions"] for row in q["answers"])
        report(f"qualdesk report, {CALLS:,} calls ({answers:,} answers counted)", seconds,
               floor, "the sqlite3 shell")


if __name__ == "__main__":
    main()
