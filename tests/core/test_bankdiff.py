"""Bank differences in words, tested on the bundled banks."""

from __future__ import annotations

import pytest

from qualdesk.core.bankdiff import diff_banks
from qualdesk.core.loader import load_bank_text
from qualdesk.core.rename import rename_question
from tests.conftest import BANKS

SAAS_TEXT = (BANKS / "saas-bant.yaml").read_text()
BUNDLED = sorted(p for p in BANKS.glob("*.yaml") if not p.name.endswith(".tests.yaml"))


def _bank(text):
    result = load_bank_text(text, "bank.yaml")
    assert result.bank is not None, [d.format() for d in result.errors]
    return result.bank


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_a_bank_against_itself_has_no_changes(path):
    bank = _bank(path.read_text())
    assert diff_banks(bank, bank) == []


def test_points_thresholds_options_and_wording_in_words():
    edited = (SAAS_TEXT
              .replace("label: I make the final decision, points: 25",
                       "label: I make the final decision, points: 20")
              .replace("sales_qualified:     {min_score: 65}",
                       "sales_qualified:     {min_score: 70}")
              .replace("How do you build these reports today?",
                       "How are these reports built today?")
              .replace("      - {value: in_house,     label: Something built in-house,"
                       "     points: 4}\n", ""))
    words = [(change.words, change.scoring) for change in diff_banks(_bank(SAAS_TEXT),
                                                                     _bank(edited))]
    assert ("sales qualified threshold 65 → 70", True) in words
    assert ("role: option 'decides' points 25 → 20", True) in words
    assert ("current_tool: wording changed", False) in words
    assert ("current_tool: option 'in_house' removed", True) in words
    assert len(words) == 4


def test_questions_added_removed_and_renamed():
    old = _bank(SAAS_TEXT)
    added = SAAS_TEXT.replace("  - id: next_step\n", """  - id: seats
    ask: How many seats?
    type: number
    category: need
    scoring:
      - {when: "value >= 50", points: 5}
  - id: next_step
""")
    words = [change.words for change in diff_banks(old, _bank(added))]
    assert words == ["question 'seats' added (number, after 'country')"]
    removed = [change.words for change in diff_banks(_bank(added), old)]
    assert removed == ["question 'seats' removed"]
    renamed, _, _ = rename_question(SAAS_TEXT, "budget_set", "has_budget")
    assert [c.words for c in diff_banks(old, _bank(renamed))] == [
        "question 'budget_set' renamed to 'has_budget'"]


def test_rules_and_categories():
    edited = (SAAS_TEXT.replace("    points: -10", "    points: -15")
              .replace("need:      {label: Need,      axis: readiness, max: 25}",
                       "need:      {label: Need,      axis: readiness, max: 30}"))
    words = [c.words for c in diff_banks(_bank(SAAS_TEXT), _bank(edited))]
    assert words == ["category 'need' max 25 → 30", "rule 1 points -10 → -15"]
