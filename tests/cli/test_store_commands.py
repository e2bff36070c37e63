"""The store commands as scripts use them: leads, queue, call record, dnc; and bad stores."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SPEC_EXAMPLE

LEADS = ("Record ID,First Name,Last Name,Company Name,Job Title,Email,Phone Number,"
         "Country/Region\n"
         "1,Ana,Lima,Initech,CFO,ana@initech.com,+33 1 42 68 53 00,France\n"
         "2,Bo,Ek,Hooli,CTO,bo@hooli.se,,Sweden\n"
         "3,Cy,Ng,Acme,Ops,cy@acme.com,+44 20 7946 0958,United Kingdom\n")
ANSWERS = ("role: decides\nbudget_set: yes\nbudget_amount: 60000\npain: [reporting, errors]\n"
           "timeline: quarter\ncountry: us\n")
FIELDS = {"id", "first_name", "last_name", "company", "title", "email", "phone", "country",
          "timezone", "campaign", "status", "dnc", "attempts"}


@pytest.fixture
def qualdesk(store_url: str, tmp_path: Path):
    """Run the real program against a fresh store of each kind."""
    env = {**os.environ, "QUALDESK_DB": store_url, "QUALDESK_AGENT": "amy",
           "QUALDESK_BUSY_TIMEOUT_MS": "200"}

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "qualdesk", *args], capture_output=True,
                                text=True, env=env, cwd=tmp_path, check=False)
        assert "Traceback" not in result.stderr, result.stderr
        if check:
            assert result.returncode == 0, result.stderr
        return result

    return run


def test_import_list_and_rejects(qualdesk, tmp_path: Path) -> None:
    source = tmp_path / "leads.csv"
    source.write_text(LEADS)
    result = qualdesk("leads", "import", str(source), "--campaign", "spring")
    assert result.stdout.strip() == "added 2, updated 0, unchanged 0, rejected 1"
    with (tmp_path / "leads.rejects.csv").open(newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["First Name"], row["reason"]) == ("Bo", "no phone number to call")
    again = qualdesk("leads", "import", str(source), "--campaign", "spring",
                     "--rejects", str(tmp_path / "r.csv"))
    assert again.stdout.startswith("added 0, updated 0, unchanged 2, rejected 1")
    listed = [json.loads(line) for line in qualdesk("leads", "list", "--json").stdout.split(
        "\n") if line]
    assert [lead["phone"] for lead in listed] == ["+33142685300", "+442079460958"]
    assert set(listed[0]) >= FIELDS
    assert (listed[0]["country"], listed[0]["timezone"], listed[0]["dnc"]) == (
        "FR", "Europe/Paris", False)
    assert qualdesk("leads", "list", "--json", "--campaign", "autumn").stdout == ""


def test_dry_run_adds_nothing(qualdesk, tmp_path: Path) -> None:
    source = tmp_path / "leads.csv"
    source.write_text(LEADS)
    assert qualdesk("leads", "import", str(source), "--dry-run").stdout.startswith(
        "would add 2")
    assert qualdesk("leads", "list", "--json").stdout == ""


def test_record_a_call_and_its_effects(qualdesk, tmp_path: Path) -> None:
    source = tmp_path / "leads.csv"
    source.write_text(LEADS)
    qualdesk("leads", "import", str(source))
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS)
    recorded = qualdesk("call", "record", "--lead", "1", "--bank", str(SPEC_EXAMPLE),
                        "--answers", str(answers), "--disposition", "qualified",
                        "--at", "2026-11-20T10:00:00")
    assert recorded.stdout.strip() == "1"
    [lead] = [json.loads(line) for line in qualdesk("leads", "list", "--json").stdout.split(
        "\n") if line and json.loads(line)["id"] == 1]
    assert (lead["status"], lead["attempts"], lead["last_outcome"]) == (
        "final", 1, "sales_qualified")


def test_record_refuses_before_writing(qualdesk, tmp_path: Path, store_url: str) -> None:
    source = tmp_path / "leads.csv"
    source.write_text(LEADS)
    qualdesk("leads", "import", str(source))
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS)
    base = ("call", "record", "--lead", "1", "--bank", str(SPEC_EXAMPLE), "--answers",
            str(answers))
    needs = qualdesk(*base, "--disposition", "callback", check=False)
    assert (needs.returncode, needs.stderr.strip()) == (
        1, "qualdesk: the disposition 'callback' needs a callback time")
    unknown = qualdesk(*base, "--disposition", "maybe", check=False)
    assert unknown.returncode == 1 and "unknown disposition 'maybe'" in unknown.stderr
    answers.write_text("role: boss\n")
    bad = qualdesk(*base, "--disposition", "qualified", check=False)
    assert bad.returncode == 1
    assert bad.stderr.startswith(f"{answers}:1:7: error: question 'role'")
    later = qualdesk(*base, "--disposition", "callback", "--callback", "2026-12-01T09:00",
                     check=False)
    assert later.returncode == 1  # the answers file is still wrong
    lead = json.loads(qualdesk("leads", "list", "--json").stdout.split("\n")[0])
    assert lead["attempts"] == 0, "a refused record must leave nothing behind"


def test_queue_next_release_and_nothing_left(qualdesk, tmp_path: Path) -> None:
    source = tmp_path / "leads.csv"
    source.write_text(LEADS.replace("+33 1 42 68 53 00", "+1 212 555 0142").replace(
        "France", "United States").replace("+44 20 7946 0958", "+1 415 555 0100").replace(
        "United Kingdom", "United States"))
    qualdesk("leads", "import", str(source))
    # whatever the hour, some leads may be outside calling hours; claim what may be called
    claims = []
    while (result := qualdesk("queue", "next", "--json", check=False)).returncode == 0:
        claims.append(json.loads(result.stdout))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "nothing may be called now" in result.stderr
    for claim in claims:
        assert FIELDS | {"claim_id"} <= set(claim)
        assert qualdesk("queue", "release", str(claim["id"])).stdout.startswith("released")
    assert qualdesk("queue", "release", "1", check=False).returncode == 1


def test_dnc_commands(qualdesk, tmp_path: Path) -> None:
    source = tmp_path / "leads.csv"
    source.write_text(LEADS)
    qualdesk("leads", "import", str(source))
    added = qualdesk("dnc", "add", "+33 1 42 68 53 00", "CY@acme.com")
    assert added.stdout.strip() == "added 2, already listed 0, refused 0; 2 leads flagged"
    listing = tmp_path / "dnc.csv"
    listing.write_text("phone\n212-555-0199\n+33142685300\n")
    imported = qualdesk("dnc", "import", str(listing), "--country", "US")
    assert imported.stdout.strip() == "added 1, already listed 1, refused 0; 0 leads flagged"
    lines = qualdesk("dnc", "list").stdout.strip().splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        ["phone", "+33142685300"], ["email", "cy@acme.com"], ["phone", "+12125550199"]]
    refused = qualdesk("dnc", "add", "nonsense", check=False)
    assert refused.returncode == 1 and "refused 'nonsense'" in refused.stderr
    assert all(json.loads(line)["dnc"] for line in
               qualdesk("leads", "list", "--json").stdout.splitlines())


def test_a_locked_store_is_a_clear_message(tmp_path: Path) -> None:
    database = tmp_path / "locked.db"
    env = {**os.environ, "QUALDESK_DB": f"sqlite:///{database}",
           "QUALDESK_BUSY_TIMEOUT_MS": "100"}
    run = [sys.executable, "-m", "qualdesk"]
    subprocess.run([*run, "dnc", "list"], env=env, check=True, capture_output=True)
    holder = sqlite3.connect(database)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = subprocess.run([*run, "dnc", "add", "+12125550100"], env=env,
                                capture_output=True, text=True, check=False)
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "is locked by another program" in result.stderr


def test_an_unreachable_store_is_a_clear_message() -> None:
    env = {**os.environ, "QUALDESK_DB": "postgresql+psycopg://x:y@127.0.0.1:9/none"}
    result = subprocess.run([sys.executable, "-m", "qualdesk", "leads", "list"], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("qualdesk: cannot reach the store")
    assert "Traceback" not in result.stderr and "y@" not in result.stderr


def test_dispositions_commands(qualdesk, tmp_path: Path) -> None:
    source = tmp_path / "leads.csv"
    source.write_text(LEADS)
    qualdesk("leads", "import", str(source), "--campaign", "spring")
    listed = qualdesk("dispositions", "list").stdout.splitlines()
    assert len(listed) == 12 and listed[0].startswith("qualified")
    qualdesk("dispositions", "set", "busy", "--campaign", "spring", "--retry-delay", "5",
             "--needs-note")
    row = next(line for line in qualdesk("dispositions", "list", "--campaign", "spring")
               .stdout.splitlines() if line.startswith("busy"))
    assert "needs_note" in row and "5m" in row and row.endswith("campaign")
    missing = qualdesk("dispositions", "set", "busy", "--campaign", "autumn", "--final",
                       check=False)
    assert missing.returncode == 1 and "no campaign named 'autumn'" in missing.stderr


def test_open_calls_are_offered_and_can_be_abandoned(qualdesk, tmp_path: Path,
                                                     store_url: str) -> None:
    from qualdesk.core.engine import CallSession
    from qualdesk.core.loader import require_bank
    from qualdesk.store.calls import record_event, start_call
    from qualdesk.store.database import Store

    source = tmp_path / "leads.csv"
    source.write_text(LEADS)
    qualdesk("leads", "import", str(source))
    store = Store(store_url)
    bank = require_bank(SPEC_EXAMPLE)
    call_id = start_call(store, 1, "amy", bank)
    live = CallSession(bank)
    for value in ("recommends", "Jo, CFO", "yes"):
        record_event(store, call_id, live.answer(value), live)
    store.close()  # the program "dies" here with the call open
    start = qualdesk(check=False)
    assert "you have 1 call(s) left open" in start.stderr
    [offer] = [json.loads(line) for line in qualdesk("call", "open", "--json").stdout.split(
        "\n") if line]
    assert offer["answers"] == {"role": "recommends", "decider": "Jo, CFO", "budget_set": "yes"}
    assert (offer["call_id"], offer["total"], offer["next"]) == (call_id, 27, "budget_amount")
    assert qualdesk("call", "abandon", str(call_id)).stdout.strip() == f"abandoned call {call_id}"
    assert qualdesk("call", "open", "--json").stdout == ""
    assert qualdesk("call", "abandon", str(call_id), check=False).returncode == 1
