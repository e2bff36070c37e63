"""``qualdesk bank rename-question``, ``bank diff`` and ``bank whatif`` as scripts use them."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from qualdesk.cli import main
from qualdesk.core.loader import require_bank
from qualdesk.store.calls import Finish, record_call
from tests.conftest import BANKS
from tests.store.helpers import add_campaign, add_lead

AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def _copy_bank(tmp_path: Path) -> Path:
    for name in ("saas-bant.yaml", "saas-bant.tests.yaml"):
        shutil.copy(BANKS / name, tmp_path / name)
    return tmp_path / "saas-bant.yaml"


def test_rename_question_renames_bank_and_tests_then_they_still_pass(tmp_path: Path) -> None:
    bank = _copy_bank(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["bank", "rename-question", str(bank), "timeline",
                                  "go_live"])
    assert result.exit_code == 0, result.output
    assert "renamed 'timeline' to 'go_live' in" in result.output
    assert "saas-bant.tests.yaml" in result.output
    assert "- id: go_live" in bank.read_text()
    assert "go_live: quarter" in (tmp_path / "saas-bant.tests.yaml").read_text()
    assert runner.invoke(main, ["bank", "test", str(bank)]).exit_code == 0


def test_rename_question_refusals_exit_1_and_change_nothing(tmp_path: Path) -> None:
    bank = _copy_bank(tmp_path)
    before = bank.read_text()
    result = CliRunner().invoke(main, ["bank", "rename-question", str(bank), "role", "pain"])
    assert result.exit_code == 1
    assert "there is already a question 'pain'" in result.output
    assert bank.read_text() == before


def test_diff_in_words_and_json(tmp_path: Path) -> None:
    bank = _copy_bank(tmp_path)
    bank.write_text(bank.read_text().replace("sales_qualified:     {min_score: 65}",
                                             "sales_qualified:     {min_score: 60}"))
    result = CliRunner().invoke(main, ["bank", "diff", str(BANKS / "saas-bant.yaml"),
                                       str(bank)])
    assert result.exit_code == 0
    assert "* sales qualified threshold 65 → 60" in result.output
    assert "1 change, 1 can move a score" in result.output
    as_json = CliRunner().invoke(main, ["bank", "diff", "--json",
                                        str(BANKS / "saas-bant.yaml"), str(bank)])
    first = json.loads(as_json.stdout.splitlines()[0])
    assert first == {"kind": "changed", "question": None,
                     "change": "sales qualified threshold 65 → 60", "scoring": True}


def test_whatif_rescores_a_campaigns_past_calls(store, store_url: str, tmp_path: Path) -> None:
    saas = require_bank(BANKS / "saas-bant.yaml")
    campaign_id = add_campaign(store, "spring")
    answers = {"good_time": "yes", "contact_type": "business", "role": "uses",
               "decider": "Dana", "team_size": 12, "budget_set": "yes",
               "budget_amount": 24000, "current_tool": "spreadsheets",
               "pain": ["reporting"], "timeline": "none", "country": "us",  # 59 points
               "next_step": "demo"}
    for number in range(3):
        lead_id = add_lead(store, first_name=f"Lead{number}", campaign_id=campaign_id,
                           phone=f"+121255501{number:02d}")
        record_call(store, lead_id, saas, answers, "amy", Finish("nurture", at=AT))
    bank = _copy_bank(tmp_path)
    bank.write_text(bank.read_text().replace("marketing_qualified: {min_score: 35}",
                                             "marketing_qualified: {min_score: 30}")
                    .replace("sales_qualified:     {min_score: 65}",
                             "sales_qualified:     {min_score: 50}"))
    result = CliRunner().invoke(main, ["--db", store_url, "bank", "whatif", str(bank),
                                       "--campaign", "spring", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["calls"] == report["comparable"] == 3
    assert report["moves"] == [{"from": "marketing_qualified", "to": "sales_qualified",
                                "calls": 3}]
    assert report["more_to_sales"] == 3
    assert "sends 3 more leads to sales" in report["headline"]
    words = CliRunner().invoke(main, ["--db", store_url, "bank", "whatif", str(bank),
                                      "--campaign", "spring", "--since", "2026-11-21"])
    assert "Of 0 past calls" in words.output
    missing = CliRunner().invoke(main, ["--db", store_url, "bank", "whatif", str(bank),
                                        "--campaign", "autumn"])
    assert missing.exit_code == 1 and "no campaign named 'autumn'" in missing.output


def test_versions_are_listed_and_any_two_compared(store, store_url: str,
                                                  tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["--db", store_url, "campaign", "create", "spring", "--bank",
                         str(BANKS / "saas-bant.yaml")])
    edited = tmp_path / "saas-bant.yaml"
    edited.write_text((BANKS / "saas-bant.yaml").read_text().replace(
        "label: I make the final decision, points: 25",
        "label: I make the final decision, points: 22"))
    runner.invoke(main, ["--db", store_url, "campaign", "set-bank", "spring", str(edited)])
    listed = runner.invoke(main, ["--db", store_url, "bank", "versions", "saas-bant"])
    lines = listed.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("@2 saas-bant v1 ")
    assert lines[0].endswith("(campaigns: spring)") and "campaigns" not in lines[1]
    rows = [json.loads(line) for line in runner.invoke(
        main, ["--db", store_url, "bank", "versions", "--json"]).stdout.splitlines()]
    assert [row["id"] for row in rows] == [2, 1] and rows[0]["campaigns"] == ["spring"]
    compared = runner.invoke(main, ["--db", store_url, "bank", "diff", "@1", "@2"])
    assert compared.stdout == ("* role: option 'decides' points 25 → 22\n"
                               "1 change, 1 can move a score\n")
    mixed = runner.invoke(main, ["--db", store_url, "bank", "diff", "@2",
                                 str(BANKS / "saas-bant.yaml")])
    assert "points 22 → 25" in mixed.stdout
    missing = runner.invoke(main, ["--db", store_url, "bank", "diff", "@1", "@99"])
    assert missing.exit_code == 1 and "no stored bank version @99" in missing.output
