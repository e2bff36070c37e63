"""Every figure of the report against a generated history whose numbers are known."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlmodel import select

from qualdesk.cli import main
from qualdesk.core.simulate import simulate
from qualdesk.outputs.reports import build_report, render_report
from qualdesk.store.calls import Finish, record_call
from qualdesk.store.models import Call
from qualdesk.store.reporting import ReportFilter
from tests.outputs.helpers import QUALIFYING, SAAS
from tests.store.helpers import add_campaign, add_lead

AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
STUDENT = {"good_time": "yes", "contact_type": "student"}
LATER = {"good_time": "later"}
HALFWAY = {"good_time": "yes", "contact_type": "business"}
MQL = {**QUALIFYING, "role": "uses", "team_size": 12, "budget_amount": 24000,
       "pain": ["reporting"], "timeline": "none"}  # 59 points


def _history(store):
    """11 attempts on 10 leads in two campaigns, with talk times of 60 s per contact."""
    spring = add_campaign(store, "spring")
    autumn = add_campaign(store, "autumn")
    phone = iter(range(100, 200))

    def lead(campaign, source="web"):
        return add_lead(store, campaign_id=campaign, source=source,
                        phone=f"+12125550{next(phone)}")

    def call(lead_id, answers, code, **finish):
        return record_call(store, lead_id, SAAS, answers, "amy" if code != "nurture" else "bo",
                           Finish(code, at=AT, **finish))[0]

    sql_leads = [lead(spring) for _ in range(3)]
    for lead_id in sql_leads:
        call(lead_id, QUALIFYING, "qualified")
    for _ in range(2):
        call(lead(spring), STUDENT, "not_qualified", note="student")
    call(lead(spring), LATER, "callback", callback_at=NOW + timedelta(days=1))
    call(lead(spring), HALFWAY, "callback", callback_at=NOW - timedelta(hours=1))
    call(sql_leads[0], {}, "no_answer")
    call(sql_leads[0], {}, "no_answer")
    refused = call(lead(spring), {}, "refused")
    for _ in range(2):
        call(lead(autumn, source="webinar"), MQL, "nurture")
    def talk(session):
        for row in session.exec(select(Call)):
            row.ended_at = row.started_at + timedelta(seconds=60)

    store.run(talk)
    return refused


def test_every_figure_of_the_report(store):
    _history(store)
    report = build_report(store, ReportFilter(), NOW, by="campaign")
    assert report["activity"] == {
        "attempts": 12, "leads": 10, "contacts": 10, "contact_rate": round(10 / 12, 4),
        "refusals": 1, "refusal_rate": 0.1, "calls_per_lead": 1.2,
        "average_talk_seconds": 60.0}
    outcomes = {name: (row["calls"], row["rate_per_contact"])
                for name, row in report["outcomes"].items()}
    assert outcomes == {"sales_qualified": (3, 0.3), "marketing_qualified": (2, 0.2),
                        "nurture": (3, 0.3), "disqualified": (2, 0.2)}
    expected_quadrants = {}
    for answers in [QUALIFYING] * 3 + [STUDENT] * 2 + [LATER, HALFWAY, {}] + [MQL] * 2:
        quadrant = simulate(SAAS, answers)["quadrant"]
        expected_quadrants[quadrant] = expected_quadrants.get(quadrant, 0) + 1
    assert {q: n for q, n in report["matrix"]["counts"].items() if n} == expected_quadrants
    assert report["knockouts"] == [{"reason": "Student or academic research", "calls": 2}]
    total = report["scores"]["total"]
    assert total["calls"] == 10
    assert total["mean"] == round((3 * 110 + 2 * 59) / 10, 2)
    assert sum(b["calls"] for b in total["histogram"]) == 10
    assert [b["calls"] for b in total["histogram"] if b["from"] <= 110 < b["to"] or
            b["to"] == 110][-1] == 3
    good_time = next(q for q in report["questions"] if q["question"] == "good_time")
    assert good_time["answers"] == [{"answer": "Yes, go ahead", "calls": 8},
                                    {"answer": "Not now, call me back", "calls": 1}]
    contact_type = next(q for q in report["questions"] if q["question"] == "contact_type")
    assert contact_type["ended_here"] == 1  # the call that stopped halfway
    assert report["ended_before_answering"] == 1  # the refusal
    assert report["callbacks"] == [{"agent": "amy", "due": 1, "overdue": 1}]
    rows = {row["group"]: row for row in report["breakdown"]["rows"]}
    assert (rows["spring"]["attempts"], rows["spring"]["contacts"],
            rows["spring"]["sales_qualified"]) == (10, 8, 3)
    assert (rows["autumn"]["attempts"], rows["autumn"]["marketing_qualified"],
            rows["autumn"]["sales_qualified_rate"]) == (2, 2, 0.0)


def test_filters_narrow_every_figure(store):
    _history(store)
    webinar = build_report(store, ReportFilter(source="webinar"), NOW)
    assert webinar["activity"]["attempts"] == 2
    assert webinar["outcomes"]["marketing_qualified"]["calls"] == 2
    bo = build_report(store, ReportFilter(agent="bo"), NOW)
    assert bo["activity"]["attempts"] == 2
    later = build_report(store, ReportFilter(since=(AT + timedelta(days=1)).date()), NOW)
    assert later["activity"]["attempts"] == 0
    spring = build_report(store, ReportFilter(campaign="spring"), NOW)
    assert spring["activity"]["attempts"] == 10
    with pytest.raises(LookupError, match="no campaign named 'winter'"):
        build_report(store, ReportFilter(campaign="winter"), NOW)


def test_the_matrix_advice_follows_the_counts(store):
    campaign = add_campaign(store, "students")
    for number in range(5):
        lead_id = add_lead(store, campaign_id=campaign, phone=f"+121255501{number:02d}")
        record_call(store, lead_id, SAAS, STUDENT, "amy", Finish("not_qualified", note="x",
                                                                 at=AT))
    report = build_report(store, ReportFilter(), NOW)
    assert any("poor fit" in line for line in report["matrix"]["advice"])
    assert any("campaign itself is off" in line for line in report["matrix"]["advice"])


def test_markdown_html_and_json_outputs(store, store_url, tmp_path):
    _history(store)
    runner = CliRunner()
    as_json = json.loads(runner.invoke(main, ["--db", store_url, "report", "--format",
                                              "json"]).stdout)
    assert as_json["activity"]["attempts"] == 12
    markdown = runner.invoke(main, ["--db", store_url, "report", "--by", "source"]).stdout
    assert "| 12 | 10 | 10 | 83.3% | 1 | 10.0% | 1.2 | 60.0 |" in markdown
    assert "| Sales qualified | 3 | 30.0% |" in markdown and "## By source" in markdown
    assert "| webinar | 2 | 2 | 100.0% |" in markdown
    html_file = tmp_path / "report.html"
    written = runner.invoke(main, ["--db", store_url, "report", "--format", "html", "-o",
                                   str(html_file)])
    assert written.exit_code == 0
    page = html_file.read_text()
    assert page.count("<svg") >= 5 and "Student or academic research" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page  # opens without network access
    assert "| 12 | 10 | 10 | 83.3% |" in render_report(as_json, "md")  # JSON renders again


def test_reports_split_by_script_variant(store):
    from qualdesk.core.loader import load_bank_text
    from qualdesk.store.campaigns import set_variants

    wording = load_bank_text(SAAS.text.replace(
        "Do you have five minutes for a few questions now?",
        "Is this a good moment for five quick questions?"), "b.yaml").bank
    campaign = add_campaign(store, "ab")
    store.run(lambda session: set_variants(session, "ab", [(SAAS, 50), (wording, 50)], "mia"))
    for number, bank in enumerate([SAAS, SAAS, wording]):
        lead_id = add_lead(store, campaign_id=campaign, phone=f"+121255502{number:02d}")
        record_call(store, lead_id, bank, QUALIFYING if bank is SAAS else MQL, "amy",
                    Finish("qualified", at=AT))
    report = build_report(store, ReportFilter(), NOW, by="variant")
    rows = {row["group"]: (row["attempts"], row["sales_qualified"])
            for row in report["breakdown"]["rows"]}
    assert rows == {"A": (2, 2), "B": (1, 0)}
    only_b = build_report(store, ReportFilter(variant="B"), NOW)
    assert only_b["activity"]["attempts"] == 1
    assert only_b["outcomes"]["marketing_qualified"]["calls"] == 1
