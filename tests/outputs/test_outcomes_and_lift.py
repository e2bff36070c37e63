"""Deals from the CRM matched to leads, and lift against a history whose numbers are known."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime

from click.testing import CliRunner
from sqlmodel import select

from qualdesk.cli import main
from qualdesk.outputs.lift import build_lift, render_lift
from qualdesk.store.calls import Finish, record_call
from qualdesk.store.models import Deal
from tests.outputs.helpers import QUALIFYING, SAAS
from tests.store.helpers import add_lead

AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
MQL = {**QUALIFYING, "role": "uses", "team_size": 12, "budget_amount": 24000,
       "pain": ["reporting"], "timeline": "none"}


def _leads_and_calls(store):
    """A: six sales-qualified deciders; B: six marketing-qualified users; C: two with no deal."""
    leads = []
    for number in range(14):
        lead_id = add_lead(store, external_id=f"R{number}", email=f"lead{number}@x.example",
                           phone=f"+1212555{number:04d}", first_name=f"Lead{number}",
                           company="Acme | Sons" if number == 5 else "Co")
        answers = QUALIFYING if number < 6 else MQL
        record_call(store, lead_id, SAAS, answers, "amy",
                    Finish("qualified" if number < 6 else "nurture", at=AT))
        leads.append(lead_id)
    return leads


def _write_deals(path):
    rows = [["Record ID", "Email", "Phone", "Deal Stage", "Amount", "Close Date", "Deal ID"]]
    stages = ["Closed Won"] * 4 + ["Closed Lost", "Not accepted"] + ["won"] + ["lost"] * 5
    for number, stage in enumerate(stages):
        record, email, phone = f"R{number}", "", ""
        if number % 3 == 1:  # matched by email only
            record, email = "", f"LEAD{number}@x.example"
        elif number % 3 == 2:  # matched by phone only, written another way
            record, phone = "", f"(212) 555-{number:04d}"
        rows.append([record, email, phone, stage, "12,000" if number == 0 else "",
                     "2026-11-21" if stage != "Not accepted" else "", f"D{number}"])
    rows += [["R99", "", "", "won", "", "", "D99"],          # no such lead
             ["R1", "", "", "maybe", "", "", "D98"],          # not a status
             ["R2", "", "", "lost", "lots", "", "D97"]]       # not an amount
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def test_import_matches_by_id_email_and_phone_and_rejects_the_rest(store, store_url, tmp_path):
    _leads_and_calls(store)
    deals = tmp_path / "deals.csv"
    _write_deals(deals)
    runner = CliRunner()
    dry = runner.invoke(main, ["--db", store_url, "outcomes", "import", str(deals),
                               "--country", "us", "--dry-run"])
    assert "would add 12, updated 0, rejected 3" in dry.output
    with store.session() as session:
        assert session.exec(select(Deal)).all() == []
    without_country = runner.invoke(main, ["--db", store_url, "outcomes", "import",
                                           str(deals), "--dry-run"])
    assert "rejected 7" in without_country.output  # national numbers need a country
    done = runner.invoke(main, ["--db", store_url, "outcomes", "import", str(deals),
                                "--country", "US"])
    assert done.exit_code == 0, done.output
    assert "added 12, updated 0, rejected 3 (6 lost, 1 rejected, 5 won)" in done.output
    with (tmp_path / "deals.rejects.csv").open(encoding="utf-8") as handle:
        rejected = list(csv.DictReader(handle))
    assert [row["reason"] for row in rejected] == [
        "no lead matches its record id",
        "status 'maybe' is none of won, lost, open, rejected",
        "amount 'lots' is not a number"]
    assert rejected[0]["Deal ID"] == "D99"  # the row goes whole
    with store.session() as session:
        first = session.exec(select(Deal).where(Deal.reference == "D0")).one()
    assert (first.status, first.amount) == ("won", 12000.0)
    again = runner.invoke(main, ["--db", store_url, "outcomes", "import", str(deals),
                                 "--country", "US"])
    assert "added 0, updated 12" in again.output


def test_lift_against_known_numbers(store, tmp_path):
    _leads_and_calls(store)
    deals = tmp_path / "deals.csv"
    _write_deals(deals)
    CliRunner().invoke(main, ["--db", store.url, "outcomes", "import", str(deals),
                              "--country", "US"])
    data = build_lift(store)
    assert (data["closed_leads"], data["won"], data["base_rate"]) == (11, 5, round(5 / 11, 4))
    answers = {line["what"]: line for line in data["answers"]}
    decides = answers["role = I make the final decision"]
    assert (decides["leads"], decides["won"], decides["won_rate"]) == (5, 4, 0.8)
    assert decides["lift"] == round(0.8 / (5 / 11), 2) and decides["small_sample"]
    uses = answers["role = I would use it day to day"]
    assert (uses["leads"], uses["won"], uses["lift"]) == (6, 1, round((1 / 6) / (5 / 11), 2))
    outcomes = {line["what"]: (line["leads"], line["won"]) for line in data["outcomes"]}
    assert outcomes == {"Sales qualified": (5, 4), "Marketing qualified": (6, 1)}
    [rejected] = data["qualified_not_accepted"]
    assert (rejected["lead"], rejected["deal"]) == ("Lead5", "D5")
    text = render_lift(data)
    assert "base rate 45.5%" in text
    assert "| role = I make the final decision | 5 | 4 | 80.0% | 1.76 | small sample (< 10) |" \
        in text
    assert "Lead5 (Acme \\| Sons)" in text  # a pipe in a company cannot break the list


def test_lift_json_and_unknown_campaign(store, store_url):
    result = CliRunner().invoke(main, ["--db", store_url, "outcomes", "lift", "--format",
                                       "json"])
    assert json.loads(result.stdout)["closed_leads"] == 0
    missing = CliRunner().invoke(main, ["--db", store_url, "outcomes", "lift", "--campaign",
                                        "nope"])
    assert missing.exit_code == 1 and "no campaign named 'nope'" in missing.output
