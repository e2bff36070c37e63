"""Calls recorded through the real code path, for the output tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from qualdesk.core.loader import load_bank_text, require_bank
from qualdesk.store.calls import Finish, record_call, save_note
from qualdesk.store.database import Store
from qualdesk.store.models import Lead
from tests.conftest import BANKS

SAAS = require_bank(BANKS / "saas-bant.yaml")
AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
QUALIFYING = {"good_time": "yes", "contact_type": "business", "role": "decides",
              "team_size": 25, "budget_set": "yes", "budget_amount": 60000,
              "current_tool": "spreadsheets", "pain": ["reporting", "errors"],
              "timeline": "quarter", "country": "us", "next_step": "demo"}


def add_lead(store: Store, **fields: Any) -> int:
    values = {"first_name": "Maria", "last_name": "Okafor", "company": "Northwind Traders",
              "title": "Finance Operations Lead", "email": "maria@northwind.example",
              "phone": "+12125550142", "country": "US", "timezone": "America/New_York",
              **fields}

    def work(session):
        lead = Lead(**values)
        session.add(lead)
        session.flush()
        return lead.id

    return store.run(work)


def qualified_call(store: Store, note: str = "Wants the demo on Tuesday morning",
                   **lead_fields: Any) -> int:
    lead_id = add_lead(store, **lead_fields)
    call_id, _ = record_call(store, lead_id, SAAS, QUALIFYING, "amy",
                             Finish("appointment", note=note, at=AT))
    return call_id


def call_with(store: Store, answers: dict[str, Any], disposition: str = "nurture",
              agent: str = "amy", at: datetime = AT, bank_text: str | None = None,
              **lead_fields: Any) -> int:
    bank = SAAS if bank_text is None else load_bank_text(bank_text, "b.yaml").bank
    lead_id = add_lead(store, **lead_fields)
    call_id, _ = record_call(store, lead_id, bank, answers, agent,
                             Finish(disposition, note="n" if disposition in (
                                 "not_qualified", "appointment") else None, at=at))
    return call_id


__all__ = ["NOW", "add_lead", "call_with", "qualified_call", "save_note"]
