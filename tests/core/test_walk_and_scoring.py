"""Branching and scoring, rule by rule of the spec."""

from __future__ import annotations

from datetime import date

import pytest

from qualdesk.core.graph import BankGraph
from qualdesk.core.simulate import simulate
from tests.conftest import bank_of

TODAY = date(2026, 11, 23)

BRANCHY = """
bank: branchy
title: Branches
version: 2
categories:
  fit:   {label: Fit, axis: fit, max: 20}
  ready: {label: Ready, axis: readiness, max: 10}
outcomes:
  sales_qualified: {min_score: 25}
  marketing_qualified: {min_score: 10}
questions:
  - id: kind
    ask: Kind?
    type: single
    category: fit
    options:
      - {value: big, label: Big, points: 15, goto: size}
      - {value: small, label: Small, points: 5}
      - {value: bot, label: Bot, knockout: Not a person, end: true}
  - id: why_small
    ask: Why small?
    type: text
    required: false
  - id: size
    ask: Size?
    type: number
    category: fit
    next:
      - {when: "size >= 100", goto: hurry}
      - {goto: intro}
    scoring:
      - {when: "value >= 100", points: 10}
      - {points: 1}
  - id: intro
    ask: Let me tell you about us.
    type: say
  - id: hurry
    ask: How soon?
    type: scale
    category: ready
    scoring:
      - {when: "value >= 4", points: 10}
      - {when: "value >= 2", points: 4}
  - id: extra
    ask_if: "kind == 'small'"
    ask: Anything else?
    type: yes_no
    points: {yes: 3, no: 0}
rules:
  - {when: "kind == 'big' and hurry is not none and hurry >= 4", category: ready, points: 5,
     reason: Big and in a hurry}
  - {when: "extra == 'yes'", points: 2, reason: Extra interest}
"""


@pytest.fixture(scope="module")
def bank():
    return bank_of(BRANCHY)


def run(bank, **answers):
    return simulate(bank, answers, today=TODAY)


def test_option_goto_comes_first(bank) -> None:
    result = run(bank, kind="big", size=10)
    assert result["path"] == ["kind", "size", "intro"]
    assert result["next"] == "hurry" and not result["complete"]


def test_conditional_next_sees_its_own_answer(bank) -> None:
    assert run(bank, kind="big", size=500, hurry=5)["path"] == ["kind", "size", "hurry"]


def test_fall_through_and_optional_blank_and_say(bank) -> None:
    result = run(bank, kind="small", size=3, hurry=1, extra="no")
    assert result["path"] == ["kind", "why_small", "size", "intro", "hurry", "extra"]
    assert result["complete"] is True and result["next"] is None


def test_ask_if_false_is_not_on_the_path(bank) -> None:
    result = run(bank, kind="big", size=500, hurry=5)
    assert "extra" not in result["path"] and result["complete"]


def test_end_option_ends_and_later_answers_are_ignored(bank) -> None:
    result = run(bank, kind="bot", size=3)
    assert result["path"] == ["kind"]
    assert result["ignored"] == ["size"]
    assert result["outcome"] == "disqualified"
    assert result["knockouts"] == [{"question": "kind", "answer": "bot", "reason": "Not a person"}]


def test_caps_rules_and_explanation_add_up(bank) -> None:
    result = run(bank, kind="big", size=500, hurry=5)
    # fit 15 + 10 = 25 capped at 20; ready 10 + rule 5 = 15 capped at 10
    assert result["categories"] == {"fit": 20, "ready": 10}
    assert result["total"] == 30
    assert sum(entry["points"] for entry in result["explanation"]) == result["total"]
    reasons = [entry.get("reason") for entry in result["explanation"]]
    assert "Big and in a hurry" in reasons
    assert any("capped" in str(reason) for reason in reasons)


def test_uncategorized_rule_counts_in_total_only(bank) -> None:
    result = run(bank, kind="small", size=3, hurry=2, extra="yes")
    assert result["categories"] == {"fit": 6, "ready": 4}
    assert result["total"] == 6 + 4 + 3 + 2


def test_scoring_bands_first_match_and_no_match(bank) -> None:
    assert run(bank, kind="small", size=3, hurry=1, extra="no")["categories"]["ready"] == 0
    assert run(bank, kind="small", size=3, hurry=3, extra="no")["categories"]["ready"] == 4


def test_outcomes_and_quadrants(bank) -> None:
    assert run(bank, kind="big", size=500, hurry=5)["outcome"] == "sales_qualified"
    assert run(bank, kind="big", size=500, hurry=5)["quadrant"] == "good_fit_ready"
    low = run(bank, kind="small", size=3, hurry=1, extra="no")
    assert (low["outcome"], low["quadrant"]) == ("nurture", "poor_fit_not_ready")
    mid = run(bank, kind="small", size=3, hurry=5, extra="yes")
    # fit 6/20 = 30% poor; ready 10/10 ready; total 6 + 10 + 3 + 2 = 21
    assert (mid["outcome"], mid["quadrant"], mid["total"]) == (
        "marketing_qualified", "poor_fit_ready", 21)


def test_max_attainable_tracks_the_best_remaining_path(bank) -> None:
    # Before the first answer, extra's ask_if is still open, so the bound may count it on the
    # "big" path too: never below the true best (30), and exact once kind is known.
    assert run(bank)["max_attainable"] >= 30
    assert run(bank, kind="big")["max_attainable"] == 30
    # small: fit 5 + size best 10 = 15; ready 10 (capped); extra yes 3 + rule 2 = 5
    assert run(bank, kind="small")["max_attainable"] == 15 + 10 + 5
    assert run(bank, kind="bot")["max_attainable"] == 0


def test_axis_without_categories_counts_as_met() -> None:
    bank = bank_of("""
        bank: t
        title: T
        version: 1
        categories:
          fit: {label: Fit, axis: fit, max: 10}
        questions:
          - {id: a, ask: A?, type: yes_no, category: fit, points: {yes: 10, no: 0}}
        """)
    assert simulate(bank, {"a": "yes"})["quadrant"] == "good_fit_ready"
    assert simulate(bank, {"a": "no"})["quadrant"] == "poor_fit_ready"


def test_dates_score_by_days_from_now() -> None:
    bank = bank_of("""
        bank: t
        title: T
        version: 1
        questions:
          - id: go_live
            ask: When?
            type: date
            scoring:
              - {when: "days_from_now <= 30", points: 9}
              - {when: "value.year == 2027", points: 4}
              - {points: 1}
        """)
    assert simulate(bank, {"go_live": date(2026, 12, 1)}, today=TODAY)["total"] == 9
    assert simulate(bank, {"go_live": date(2027, 6, 1)}, today=TODAY)["total"] == 4
    assert simulate(bank, {"go_live": date(2029, 6, 1)}, today=TODAY)["total"] == 1


def test_expressions_see_the_lead() -> None:
    bank = bank_of("""
        bank: t
        title: T
        version: 1
        questions:
          - {id: a, ask: A?, type: text, ask_if: "lead.country == 'US'"}
          - {id: b, ask: B?, type: text}
        """)
    assert simulate(bank, {"b": "x"}, lead={"country": "US"})["next"] == "a"
    assert simulate(bank, {"b": "x"}, lead={"country": "FR"})["path"] == ["b"]


def test_comparing_a_skipped_answer_does_not_crash() -> None:
    bank = bank_of("""
        bank: t
        title: T
        version: 1
        questions:
          - {id: n, ask: N?, type: number, required: false}
          - {id: b, ask: B?, type: text, ask_if: "n > 10"}
        rules:
          - {when: "n > 5", points: 1}
        """)
    result = simulate(bank, {})
    assert result["path"] == ["n"] and result["complete"] and result["total"] == 0


def test_norway_is_an_option_not_a_boolean() -> None:
    bank = bank_of("""
        bank: t
        title: T
        version: 1
        questions:
          - id: country
            ask: Where?
            type: single
            options:
              - {value: no, label: Norway, points: 4}
              - {value: se, label: Sweden, points: 2}
        """)
    assert bank.questions[0].options[0].value == "no"
    assert simulate(bank, {"country": "no"})["total"] == 4


def test_graph_dominators(bank) -> None:
    graph = BankGraph.of(bank)
    assert graph.dominators("hurry") == ["size", "kind"]
    assert graph.dominators("intro") == ["size", "kind"]
    assert graph.dominators("size") == ["kind"]
    assert graph.dominates("kind", "hurry") and graph.dominates("size", "intro")
    assert not graph.dominates("why_small", "size")
    assert not graph.dominates("intro", "hurry")
