"""Exports: filters, columns across bank versions, CSV injection, round-trips, leads."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest

from qualdesk.outputs.exports import CallExport, CallFilter, neutralise, write_calls, write_leads
from qualdesk.store.database import Store
from tests.conftest import BANKS
from tests.outputs.helpers import QUALIFYING, call_with, qualified_call


def export_csv(store: Store, where: CallFilter | None = None, bom: bool = False) -> list[dict]:
    out = io.StringIO(newline="")
    write_calls(CallExport(store, where or CallFilter()), out, "csv", bom)
    text = out.getvalue()
    if bom:
        assert text.startswith("\ufeff")
        text = text[1:]
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_call_with_labels_and_codes(store: Store) -> None:
    qualified_call(store)
    [row] = export_csv(store)
    assert (row["outcome"], row["total"], row["quadrant"], row["disposition"]) == (
        "sales_qualified", "110", "good_fit_ready", "appointment")
    assert (row["score_budget"], row["score_need"]) == ("25", "25")
    assert (row["role"], row["role_code"]) == ("I make the final decision", "decides")
    assert (row["pain"], row["pain_code"]) == ("Reporting takes too long, Errors in the numbers",
                                               "reporting|errors")
    assert row["decider"] == "" and row["bank"] == "saas-bant" and row["bank_version"] == "1"
    assert row["duration_seconds"] == "0" and row["agent"] == "amy"
    assert (row["first_name"], row["phone"], row["timezone"]) == (
        "Maria", "+12125550142", "America/New_York")


def test_filters(store: Store) -> None:
    early = datetime(2026, 11, 1, 12, tzinfo=UTC)
    late = datetime(2026, 11, 20, 12, tzinfo=UTC)
    call_with(store, QUALIFYING, "appointment", agent="amy", at=early)
    call_with(store, {"good_time": "later"}, "callback" if False else "nurture", agent="bob",
              at=late)
    assert len(export_csv(store)) == 2
    assert [r["agent"] for r in export_csv(store, CallFilter(since=date(2026, 11, 10)))] == [
        "bob"]
    assert [r["agent"] for r in export_csv(store, CallFilter(until=date(2026, 11, 1)))] == [
        "amy"]
    assert [r["agent"] for r in export_csv(store, CallFilter(outcome="nurture"))] == ["bob"]
    assert [r["agent"] for r in export_csv(store, CallFilter(agent="amy"))] == ["amy"]
    with pytest.raises(LookupError, match="no campaign named 'x'"):
        export_csv(store, CallFilter(campaign="x"))


def test_columns_span_banks_and_versions(store: Store) -> None:
    qualified_call(store)
    text = (BANKS / "inbound-demo.yaml").read_text()
    call_with(store, {"confirmed": "yes", "company_size": "mid", "use_case": "replace",
                      "when": "month", "country": "us"}, bank_text=text)
    call_with(store, {"confirmed": "no"}, bank_text=text.replace("version: 1", "version: 2"))
    rows = export_csv(store)
    assert {r["bank"] + " v" + r["bank_version"] for r in rows} == {
        "saas-bant v1", "inbound-demo v1", "inbound-demo v2"}
    header = list(rows[0])
    assert "score_intent" in header and "score_budget" in header
    assert "use_case" in header and "role" in header
    assert rows[1]["use_case"] == "Replacing our current reporting" and rows[1]["role"] == ""


HOSTILE = ["=HYPERLINK(\"http://x\",\"click\")", "+SUM(1,2)", "-2+3", "@cmd", "\tTab",
           "\rReturn"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_cells_are_neutralised(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert neutralise("plain") == "plain" and neutralise(-10) == -10
    assert neutralise("+12125550142") == "+12125550142" and neutralise("-10") == "-10"


def test_hostile_lead_fields_are_neutralised_and_round_trip(store: Store) -> None:
    tricky = 'Line one\nline two, with "quotes", commas'
    call_with(store, {"good_time": "yes", "contact_type": "business", "role": "uses",
                      "decider": "=cmd|' /C calc'!A0"}, "nurture",
              first_name=HOSTILE[0], last_name=HOSTILE[1], company=tricky, title="@SUM(A1)")
    [row] = export_csv(store, bom=True)
    assert row["first_name"] == "'" + HOSTILE[0]
    assert row["last_name"] == "'" + HOSTILE[1]
    assert row["title"] == "'@SUM(A1)"
    assert row["company"] == tricky
    assert row["decider"] == "'=cmd|' /C calc'!A0"


def test_jsonl_records(store: Store) -> None:
    qualified_call(store)
    out = io.StringIO()
    assert write_calls(CallExport(store, CallFilter()), out, "jsonl") == 1
    record = json.loads(out.getvalue())
    assert record["answers"]["budget_amount"] == {"label": "60,000 USD", "value": 60000}
    assert record["categories"]["budget"] == 25


def test_leads_export_carries_the_latest_outcome(store: Store) -> None:
    qualified_call(store)
    out = io.StringIO(newline="")
    assert write_leads(store, out) == 1
    [row] = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert (row["last_outcome"], row["last_disposition"], row["attempts"], row["status"]) == (
        "sales_qualified", "appointment", "1", "final")
