"""The queries behind the console's screens, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from qualdesk.core.loader import require_bank
from qualdesk.store.calls import Finish, bank_version, record_call, save_note, start_call
from qualdesk.store.desk import (
    call_notes,
    campaign_bank,
    handoff_counts,
    lead_card,
    list_calls,
    queue_page,
)
from qualdesk.store.models import Campaign
from tests.conftest import BANKS
from tests.store.helpers import add_campaign, add_lead

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
SAAS = require_bank(BANKS / "saas-bant.yaml")
QUALIFYING = {"good_time": "yes", "contact_type": "business", "role": "decides",
              "team_size": 25, "budget_set": "yes", "budget_amount": 60000,
              "current_tool": "spreadsheets", "pain": ["reporting", "errors"],
              "timeline": "quarter", "country": "us", "next_step": "demo"}


def test_queue_page_orders_filters_searches_and_pages(store):
    overdue = add_lead(store, first_name="Olga", callback_at=NOW - timedelta(hours=2),
                       status="callback")
    later = add_lead(store, first_name="Lars", callback_at=NOW + timedelta(hours=3),
                     status="callback")
    fresh = [add_lead(store, first_name=f"New{n}", company="Initech") for n in range(5)]
    retry = add_lead(store, first_name="Rita", status="retry", attempts=2)
    add_lead(store, first_name="Final", status="final")
    add_lead(store, first_name="Banned", dnc=True)

    everything = queue_page(store, now=NOW)
    assert everything.total == 8
    assert [lead.id for lead in everything.leads] == [overdue, later, *fresh, retry]
    assert [lead.id for lead in queue_page(store, kind="callbacks", now=NOW).leads] == [
        overdue, later]
    assert [lead.id for lead in queue_page(store, kind="overdue", now=NOW).leads] == [overdue]
    assert [lead.id for lead in queue_page(store, kind="retry", now=NOW).leads] == [retry]
    assert queue_page(store, kind="new", now=NOW).total == 5
    found = queue_page(store, search="  INITECH ", now=NOW)
    assert found.total == 5
    second = queue_page(store, offset=3, limit=3, now=NOW)
    assert [lead.id for lead in second.leads] == fresh[1:4] and second.total == 8
    with pytest.raises(ValueError, match="unknown queue filter"):
        queue_page(store, kind="vip", now=NOW)


def test_lead_card_has_attempts_outcomes_and_notes_newest_first(store):
    lead_id = add_lead(store, first_name="Maria", company="Northwind")
    record_call(store, lead_id, SAAS, {"good_time": "later"}, "amy",
                Finish("no_answer", at=NOW - timedelta(days=2)))
    record_call(store, lead_id, SAAS, QUALIFYING, "bo", Finish("qualified", at=NOW))
    save_note(store, lead_id, "bo", "Wants the demo on Tuesday")
    card = lead_card(store, lead_id)
    assert card.lead.first_name == "Maria" and card.campaign is None
    assert [(a.agent, a.disposition, a.outcome) for a in card.attempts] == [
        ("bo", "qualified", "sales_qualified"), ("amy", "no_answer", "nurture")]
    assert [note.text for note in card.notes] == ["Wants the demo on Tuesday"]
    with pytest.raises(LookupError, match="no lead with id 999"):
        lead_card(store, 999)


def test_campaign_bank_is_the_campaigns_stored_version(store):
    campaign_id = add_campaign(store, "spring")
    with_bank = add_lead(store, campaign_id=campaign_id)
    without = add_lead(store)
    assert campaign_bank(store, with_bank) is None  # the campaign has no bank yet

    def bind(session):
        session.get(Campaign, campaign_id).bank_version_id = bank_version(session, SAAS).id

    store.run(bind)
    found = campaign_bank(store, with_bank)
    assert found.text == SAAS.text and found.name == "saas-bant v1 (stored)"
    assert campaign_bank(store, without) is None


def test_list_calls_filters_finished_and_open_calls(store):
    maria = add_lead(store, first_name="Maria", last_name="Okafor", company="Northwind")
    liam = add_lead(store, first_name="Liam", company="Initech")
    sql_call, _ = record_call(store, maria, SAAS, QUALIFYING, "amy", Finish("qualified",
                                                                            at=NOW))
    nurture_call, _ = record_call(store, liam, SAAS, {"good_time": "later"}, "bo",
                                  Finish("callback", callback_at=NOW + timedelta(days=1),
                                         at=NOW + timedelta(minutes=5)))
    open_call = start_call(store, liam, "amy", SAAS, at=NOW)
    save_note(store, maria, "amy", "Budget signed off", call_id=sql_call)

    assert [row.id for row in list_calls(store)] == [nurture_call, sql_call]
    assert [row.id for row in list_calls(store, outcome="sales_qualified")] == [sql_call]
    assert [row.id for row in list_calls(store, agent="amy")] == [sql_call]
    assert [row.id for row in list_calls(store, search="okafor")] == [sql_call]
    [row] = list_calls(store, status="open")
    assert (row.id, row.lead_name, row.company) == (open_call, "Liam", "Initech")
    first = list_calls(store, outcome="sales_qualified")[0]
    assert (first.lead_name, first.disposition, first.total, first.handoff) == (
        "Maria Okafor", "qualified", 110, "pending")
    assert [note.text for note in call_notes(store, sql_call)] == ["Budget signed off"]
    assert handoff_counts(store) == {"pending": 1}
    with pytest.raises(ValueError, match="unknown outcome"):
        list_calls(store, outcome="hot")
