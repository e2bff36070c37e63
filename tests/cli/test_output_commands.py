"""``handoff``, ``deliver`` and ``export`` as scripts use them."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BANKS

LEADS = ("First Name,Last Name,Company,Phone,Country\n"
         "Maria,Okafor,Northwind,+1 212 555 0142,US\n"
         "=Evil,+Lead,@Corp,+1 212 555 0143,US\n")
ANSWERS = ("good_time: 'yes'\ncontact_type: business\nrole: decides\nteam_size: 25\n"
           "budget_set: yes\nbudget_amount: 60000\ncurrent_tool: spreadsheets\n"
           "pain: [reporting, errors]\ntimeline: quarter\ncountry: us\nnext_step: demo\n")


@pytest.fixture
def qualdesk(store_url: str, tmp_path: Path):
    env = {**os.environ, "QUALDESK_DB": store_url, "QUALDESK_AGENT": "amy",
           "QUALDESK_OUTBOX": str(tmp_path / "outbox"),
           "QUALDESK_TEMPLATES": str(tmp_path / "templates")}
    env.pop("QUALDESK_WEBHOOK_URL", None)

    def run(*args: str, check: bool = True, **extra: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "qualdesk", *args], capture_output=True,
                                text=True, env={**env, **extra}, cwd=tmp_path, check=False)
        assert "Traceback" not in result.stderr, result.stderr
        if check:
            assert result.returncode == 0, result.stderr
        return result

    source = tmp_path / "leads.csv"
    source.write_text(LEADS)
    run("leads", "import", str(source), "--campaign", "spring")
    (tmp_path / "answers.yaml").write_text(ANSWERS)
    return run


def record(qualdesk, tmp_path: Path, lead: str, **extra: str) -> str:
    return qualdesk("call", "record", "--lead", lead, "--bank",
                    str(BANKS / "saas-bant.yaml"), "--answers", str(tmp_path / "answers.yaml"),
                    "--disposition", "appointment", "--note", "Tuesday 10:00", **extra
                    ).stdout.strip()


def test_record_escalates_to_the_outbox_and_handoff_prints(qualdesk, tmp_path: Path) -> None:
    call_id = record(qualdesk, tmp_path, "1")
    assert (tmp_path / "outbox" / f"call-{call_id}.md").read_text().startswith(
        "# Handoff: Maria Okafor, Northwind")
    markdown = qualdesk("handoff", call_id).stdout
    assert "**Sales qualified**, 110 points" in markdown
    qualdesk("handoff", call_id, "--format", "html", "-o", "h.html")
    assert (tmp_path / "h.html").read_text().startswith("<!DOCTYPE html>")
    text = qualdesk("handoff", call_id, "--format", "txt").stdout
    assert text.startswith("Subject: Sales qualified: Maria Okafor")
    missing = qualdesk("handoff", "999", check=False)
    assert missing.returncode == 1 and missing.stderr.strip() == "qualdesk: no call with id 999"


def test_a_broken_user_template_is_a_clear_error(qualdesk, tmp_path: Path) -> None:
    call_id = record(qualdesk, tmp_path, "1")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "handoff.md.j2").write_text("# {{ lead.name }\n")
    result = qualdesk("handoff", call_id, check=False)
    assert result.returncode == 1
    assert "handoff.md.j2:1: template error" in result.stderr
    assert qualdesk("handoff", call_id, "--format", "txt").stdout.startswith("Subject:")


def test_a_dead_webhook_does_not_fail_the_call(qualdesk, tmp_path: Path) -> None:
    result = qualdesk("call", "record", "--lead", "1", "--bank", str(BANKS / "saas-bant.yaml"),
                      "--answers", str(tmp_path / "answers.yaml"), "--disposition",
                      "qualified", QUALDESK_WEBHOOK_URL="http://127.0.0.1:9/hook")
    assert result.stdout.strip() == "1"
    assert "handoff is not delivered yet" in result.stderr
    pending = qualdesk("deliver", "--list").stdout
    assert pending.startswith("call 1\tfailed")
    retried = qualdesk("deliver", check=False, QUALDESK_WEBHOOK_URL="http://127.0.0.1:9/x")
    assert retried.returncode == 1 and retried.stdout.strip() == "failed 1"
    assert qualdesk("deliver").stdout.strip() == "written 1"  # no webhook: outbox is final


def test_export_calls_and_leads(qualdesk, tmp_path: Path) -> None:
    record(qualdesk, tmp_path, "1")
    record(qualdesk, tmp_path, "2")
    result = qualdesk("export", "calls", "-o", "calls.csv", "--campaign", "spring", "--bom")
    assert "2 calls written to calls.csv" in result.stderr
    raw = (tmp_path / "calls.csv").read_text(encoding="utf-8")
    assert raw.startswith("\ufeffcall_id,")
    rows = list(csv.DictReader(raw[1:].splitlines()))
    assert [row["first_name"] for row in rows] == ["Maria", "'=Evil"]
    assert rows[1]["company"] == "'@Corp"
    lines = qualdesk("export", "calls", "--format", "jsonl", "--outcome",
                     "sales_qualified").stdout.splitlines()
    assert [json.loads(line)["lead_id"] for line in lines] == [1, 2]
    assert qualdesk("export", "calls", "--agent", "bob").stdout.startswith("call_id,")
    assert len(qualdesk("export", "calls", "--agent", "bob").stdout.splitlines()) == 1
    leads = qualdesk("export", "leads", "--format", "jsonl").stdout.splitlines()
    assert json.loads(leads[0])["last_outcome"] == "sales_qualified"
    bad = qualdesk("export", "calls", "--since", "yesterday", check=False)
    assert bad.returncode == 2
