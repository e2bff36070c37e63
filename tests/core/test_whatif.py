"""What-if on a generated history whose answers, and so whose right numbers, are known."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from qualdesk.core.answers import answer_to_json, coerce_answer
from qualdesk.core.loader import load_bank_text
from qualdesk.core.simulate import simulate
from qualdesk.core.whatif import PastCall, rescore, what_if
from tests.conftest import BANKS

SAAS_TEXT = (BANKS / "saas-bant.yaml").read_text()
DAY = date(2026, 11, 20)


def _bank(text):
    return load_bank_text(text, "bank.yaml").bank


def _random_answers(bank, rng):
    answers = {}
    for question in bank.questions:
        if question.type == "single":
            raw = rng.choice(question.options).value
        elif question.type == "multi":
            raw = [o.value for o in question.options if rng.random() < 0.5]
            if not raw:
                continue
        elif question.type == "yes_no":
            raw = rng.choice(["yes", "no"])
        elif question.type == "number":
            raw = rng.randint(int(question.minimum or 0), int(question.maximum or 100_000))
        elif question.type == "text":
            raw = "Dana, CFO"
        else:
            continue
        answers[question.id] = coerce_answer(question, raw)
    return answers


def history(bank, count=300, seed=11, **fixed):
    """Calls as the store keeps them: the answers that counted, the outcome and total."""
    rng = random.Random(seed)
    calls = []
    for number in range(count):
        answers = _random_answers(bank, rng)
        answers.update(fixed)
        result = simulate(bank, answers, today=DAY)
        counted = {qid: answer_to_json(answers[qid]) for qid in result["path"]
                   if qid in answers}
        calls.append(PastCall(number + 1, f"Lead {number}", counted, {}, "amy", DAY,
                              result["complete"], result["outcome"], result["total"]))
    return calls


def test_a_lower_threshold_moves_exactly_the_calls_between_the_thresholds():
    old = _bank(SAAS_TEXT)
    new = _bank(SAAS_TEXT.replace("sales_qualified:     {min_score: 65}",
                                  "sales_qualified:     {min_score: 55}"))
    calls = history(old)
    expected = Counter(("marketing_qualified", "sales_qualified") for call in calls
                       if call.outcome == "marketing_qualified" and 55 <= call.total < 65)
    assert expected, "the generated history should hold calls between 55 and 65"
    report = what_if(new, calls)
    assert report.calls == report.comparable == len(calls)
    assert report.moves == expected
    assert report.more_to_sales == sum(expected.values()) == report.up
    assert report.down == 0
    assert f"sends {sum(expected.values())} more leads to sales" in report.headline()
    [example, *_] = report.examples[("marketing_qualified", "sales_qualified")]
    assert 55 <= example.total < 65


def test_more_points_for_one_answer_move_only_the_calls_that_gave_it():
    old = _bank(SAAS_TEXT)
    new = _bank(SAAS_TEXT.replace("label: In six months,   points: 18",
                                  "label: In six months,   points: 25"))
    calls = history(old, good_time="yes", contact_type="business")
    report = what_if(new, calls)
    for group in report.examples.values():
        for result in group:
            assert result.call.answers.get("timeline") == "half"
            assert result.total == result.call.total + 7  # 18 -> 25, within the cap of 25
    moved = {r.call.call_id for r in (rescore(new, c) for c in calls) if r.moved}
    assert moved and all(calls[i - 1].answers.get("timeline") == "half" for i in moved)
    assert report.moved == len(moved) and report.down == 0


def test_a_new_required_question_makes_finished_calls_not_comparable():
    old = _bank(SAAS_TEXT)
    new = _bank(SAAS_TEXT.replace("  - id: next_step\n", """  - id: seats
    ask: How many seats?
    type: number
  - id: next_step
"""))
    calls = history(old, count=60)
    report = what_if(new, calls)
    reaching = [c for c in calls if c.complete and "country" in c.answers]
    assert len(report.not_comparable) == len(reaching) > 0
    assert report.not_comparable[0].why_not == "'seats' was never asked"
    assert "cannot be compared" in report.headline()


def test_answers_the_new_bank_refuses_are_dropped_and_said():
    other_vendor = "      - {value: other_vendor, label: Another reporting product,    points: 6}\n"
    new = _bank(SAAS_TEXT.replace(other_vendor, ""))
    call = PastCall(1, "Lead", {"good_time": "yes", "contact_type": "business",
                                "role": "decides", "team_size": 10, "budget_set": "no",
                                "funding": "none", "current_tool": "other_vendor"},
                    {}, "amy", DAY, False, "nurture", 30)
    result = rescore(new, call)
    assert result.comparable and result.dropped and "current_tool" in result.dropped[0]
