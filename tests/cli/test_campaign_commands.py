"""``qualdesk campaign ...``: create, list, set, set-bank and variants, on both stores."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from click.testing import CliRunner
from sqlmodel import select

from qualdesk.cli import main
from qualdesk.core.engine import CallSession
from qualdesk.core.loader import load_bank_text, require_bank
from qualdesk.store.calls import record_event, start_call
from qualdesk.store.campaigns import bucket
from qualdesk.store.desk import campaign_bank
from qualdesk.store.models import Call, Campaign
from tests.conftest import BANKS
from tests.store.helpers import add_lead

SAAS = BANKS / "saas-bant.yaml"


def run(store_url: str, *args: str):
    return CliRunner().invoke(main, ["--db", store_url, "--agent", "mia", *args])


def test_create_list_and_set(store, store_url: str) -> None:
    made = run(store_url, "campaign", "create", "spring", "--bank", str(SAAS), "--hours",
               "09:00-18:00", "--attempts", "4", "--retry-delay", "120")
    assert made.exit_code == 0 and "campaign 'spring' created on saas-bant v1" in made.output
    assert run(store_url, "campaign", "create", "spring").exit_code == 1
    add_lead(store, campaign_id=1)
    [listed] = [json.loads(line) for line in run(store_url, "campaign", "list", "--json")
                .stdout.splitlines()]
    assert listed == {"name": "spring", "bank": "saas-bant v1", "hours": "09:00-18:00",
                      "attempt_limit": 4, "retry_delay_minutes": 120, "leads": 1,
                      "variants": []}
    assert run(store_url, "campaign", "set", "spring", "--hours", "10:00-17:30").exit_code == 0
    with store.session() as session:
        campaign = session.exec(select(Campaign)).one()
    assert (campaign.calling_start, campaign.calling_end) == ("10:00", "17:30")
    bad = run(store_url, "campaign", "set", "spring", "--hours", "nine to five")
    assert bad.exit_code == 2 and "not calling hours" in bad.output
    assert run(store_url, "campaign", "set", "autumn", "--attempts", "2").exit_code == 1


def test_set_bank_moves_new_calls_and_open_calls_keep_their_version(store, store_url: str,
                                                                   tmp_path: Path) -> None:
    run(store_url, "campaign", "create", "spring", "--bank", str(SAAS))
    lead_id = add_lead(store, campaign_id=1)
    old = require_bank(SAAS)
    call_id = start_call(store, lead_id, "mia", old)  # a call in progress on version 1
    edited = tmp_path / "saas-bant.yaml"
    edited.write_text(SAAS.read_text().replace("version: 1", "version: 2"))
    moved = run(store_url, "campaign", "set-bank", "spring", str(edited))
    assert moved.exit_code == 0 and "now calls with saas-bant v2" in moved.output
    assert "version: 2" in campaign_bank(store, lead_id).text  # new calls use version 2
    live = CallSession(old)
    record_event(store, call_id, live.answer("yes"), live)  # the open call goes on
    with store.session() as session:
        call = session.get(Call, call_id)
    from qualdesk.store.models import BankVersion
    with store.session() as session:
        assert session.get(BankVersion, call.bank_version_id).version == 1


def test_variants_split_leads_stably_and_calls_record_theirs(store, store_url: str,
                                                            tmp_path: Path) -> None:
    run(store_url, "campaign", "create", "spring", "--bank", str(SAAS))
    wording = tmp_path / "saas-b.yaml"
    wording.write_text(SAAS.read_text().replace(
        "Do you have five minutes for a few questions now?",
        "Is this a good moment for five quick questions?"))
    shutil.copy(SAAS, tmp_path / "saas-a.yaml")
    split = run(store_url, "campaign", "variants", "spring", f"{tmp_path / 'saas-a.yaml'}=70",
                f"{wording}=30")
    assert split.exit_code == 0, split.output
    assert "A saas-bant v1 70%, B saas-bant v1 30%" in split.output
    leads = [add_lead(store, campaign_id=1, phone=f"+1212555{n:04d}") for n in range(400)]
    seen = Counter()
    for lead_id in leads:
        text = campaign_bank(store, lead_id).text
        variant = "B" if "good moment" in text else "A"
        assert variant == ("A" if bucket(1, lead_id) < 70 else "B")
        assert campaign_bank(store, lead_id).text == text  # the same on every attempt
        seen[variant] += 1
    assert 250 <= seen["A"] <= 310 and seen["A"] + seen["B"] == 400
    b_lead = next(lead for lead in leads if bucket(1, lead) >= 70)
    bank_b = load_bank_text(campaign_bank(store, b_lead).text, "b").bank
    call_id = start_call(store, b_lead, "mia", bank_b)
    with store.session() as session:
        from qualdesk.store.models import BankVersion
        version = session.get(BankVersion, session.get(Call, call_id).bank_version_id)
    assert "good moment" in version.text
    [listed] = [json.loads(line) for line in run(store_url, "campaign", "list", "--json")
                .stdout.splitlines()]
    assert [(v["label"], v["percent"]) for v in listed["variants"]] == [("A", 70), ("B", 30)]
    assert run(store_url, "campaign", "variants", "spring", f"{SAAS}=60",
               f"{wording}=30").exit_code == 1  # must add up to 100
    assert run(store_url, "campaign", "variants", "spring", "--clear").exit_code == 0
    assert "good moment" not in campaign_bank(store, b_lead).text
