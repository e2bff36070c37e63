"""Property tests over random valid banks and random calls.

* random banks load, and random answer sequences never crash and always end;
* the final total never exceeds any ``max_attainable`` shown during the call, and the bound
  never rises as answers come in;
* back followed by the same answer returns to the same state;
* ``max_attainable`` is never below the best total found by enumerating every path, and equals
  it on banks without open conditions (no rules, ``ask_if`` or conditional ``next``).
"""

from __future__ import annotations

import itertools
import os
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualdesk.core.attainable import best_total
from qualdesk.core.engine import CallSession
from qualdesk.core.graph import BankGraph
from qualdesk.core.loader import load_bank_text
from qualdesk.core.model import Bank, Question
from qualdesk.core.scoring import score_walk
from qualdesk.core.walk import walk

CATEGORIES = {"fit": {"label": "Fit", "axis": "fit", "max": 20},
              "ready": {"label": "Ready", "axis": "readiness", "max": 15},
              "extra": {"label": "Extra"}}
FINITE_TYPES = ("single", "multi", "yes_no", "text", "say")
ALL_TYPES = (*FINITE_TYPES, "number", "scale")


@st.composite
def banks(draw: st.DrawFn, with_conditions: bool = True) -> str:
    """A random valid bank as YAML text."""
    count = draw(st.integers(2, 9))
    ids = [f"q{i}" for i in range(count)]
    questions: list[dict[str, Any]] = []
    for index, qid in enumerate(ids):
        kind = draw(st.sampled_from(ALL_TYPES if with_conditions else FINITE_TYPES))
        later = ids[index + 1:]
        question: dict[str, Any] = {"id": qid, "ask": f"Question {index}?", "type": kind}
        if kind not in ("text", "say"):
            question["category"] = draw(st.sampled_from([None, *CATEGORIES]))
            if question["category"] is None:
                del question["category"]
        if kind in ("single", "multi"):
            options = []
            for number in range(draw(st.integers(1, 3))):
                option: dict[str, Any] = {"value": f"o{number}", "label": f"O{number}",
                                          "points": draw(st.integers(-5, 15))}
                if kind == "single" and later and draw(st.booleans()):
                    option["goto"] = draw(st.sampled_from(later))
                if kind == "single" and draw(st.integers(0, 6)) == 0:
                    option["end"] = True
                if draw(st.integers(0, 5)) == 0:
                    option["knockout"] = "nope"
                options.append(option)
            question["options"] = options
        if kind == "yes_no":
            question["points"] = {"yes": draw(st.integers(-3, 12)),
                                  "no": draw(st.integers(-3, 5))}
        if kind in ("number", "scale"):
            if kind == "number":
                question["min"] = 0
                question["max"] = 100
            question["scoring"] = [{"when": "value >= 3", "points": draw(st.integers(0, 10))},
                                   {"points": draw(st.integers(-2, 2))}]
        if kind not in ("say",) and draw(st.integers(0, 3)) == 0:
            question["required"] = False
        if with_conditions and index > 0 and draw(st.integers(0, 3)) == 0:
            question["ask_if"] = "q0 is not none"
        if with_conditions and later and kind == "yes_no" and draw(st.booleans()):
            question["next"] = [{"when": f"{qid} == 'yes'", "goto": draw(st.sampled_from(later))},
                                {"goto": draw(st.sampled_from(later))}]
        questions.append(question)
    bank: dict[str, Any] = {
        "bank": "random", "title": "Random", "version": 1, "categories": CATEGORIES,
        "outcomes": {"sales_qualified": {"min_score": 30},
                     "marketing_qualified": {"min_score": 10}},
        "questions": questions,
    }
    if with_conditions and draw(st.booleans()):
        bank["rules"] = [{"when": f"{draw(st.sampled_from(ids))} is not none",
                          "category": draw(st.sampled_from(["fit", "ready"])),
                          "points": draw(st.integers(-6, 6)) or 1, "reason": "r"}]
    return yaml.safe_dump(bank, sort_keys=False)


def load_valid(text: str) -> Bank:
    result = load_bank_text(text, "random.yaml")
    assert result.bank is not None, "\n".join(d.format() for d in result.errors)
    return result.bank


def choices(question: Question, data: st.DataObject) -> Any:
    """A random valid answer to ``question``."""
    if question.type == "single":
        return data.draw(st.sampled_from([o.value for o in question.options]))
    if question.type == "multi":
        values = [o.value for o in question.options]
        return data.draw(st.lists(st.sampled_from(values), unique=True))
    if question.type == "yes_no":
        return data.draw(st.sampled_from(["yes", "no"]))
    if question.type == "number":
        return data.draw(st.integers(0, 100))
    if question.type == "scale":
        return data.draw(st.integers(1, 5))
    return data.draw(st.text(min_size=1, max_size=5).filter(str.strip))


EXAMPLES = int(os.environ.get("QUALDESK_PROPERTY_EXAMPLES", "150"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(text=banks(), data=st.data())
def test_random_calls_end_and_never_beat_an_earlier_bound(text: str, data: st.DataObject) -> None:
    """The final total is never above any bound shown during the call, and bounds never rise.

    (A running total may sit above the bound while forced negative points are still ahead:
    the bound is about the total the call can still end with.)
    """
    bank = load_valid(text)
    session = CallSession(bank)
    bounds = [session.state.max_attainable]
    for _ in range(len(bank.questions) + 1):
        question = session.current
        if question is None:
            break
        if question.type == "say" or (not question.required and data.draw(st.booleans())):
            session.skip()
        else:
            session.answer(choices(question, data))
        bounds.append(session.state.max_attainable)
        assert bounds[-1] <= bounds[-2], f"the bound rose: {bounds}"
    assert session.complete, "the walk did not end within one step per question"
    assert session.state.max_attainable == session.state.score.total
    assert session.state.score.total <= min(bounds)


@PROPERTY
@given(text=banks(), data=st.data())
def test_back_then_same_answer_is_the_same_state(text: str, data: st.DataObject) -> None:
    bank = load_valid(text)
    session = CallSession(bank)
    steps = data.draw(st.integers(1, len(bank.questions)))
    for _ in range(steps):
        question = session.current
        if question is None:
            break
        if question.type == "say":
            session.skip()
        else:
            session.answer(choices(question, data))
    path = session.state.walk.path
    answered = [qid for qid in path if qid in session.answers]
    if not answered:
        return
    snapshot = (list(path), session.counted_answers(), session.state.score.total,
                session.state.current, session.state.max_attainable)
    session.back()
    while session.current is not None and session.current.id != answered[-1]:
        session.back()
    session.answer(session.answers[answered[-1]])
    assert snapshot == (list(session.state.walk.path), session.counted_answers(),
                        session.state.score.total, session.state.current,
                        session.state.max_attainable)


def brute_force_best(bank: Bank) -> float:
    """The best total over every complete answer combination: the oracle, exponential."""
    options: list[list[Any]] = []
    for question in bank.questions:
        if question.type == "single":
            values: list[Any] = [o.value for o in question.options]
        elif question.type == "multi":
            raw = [o.value for o in question.options]
            values = [list(c) for r in range(len(raw) + 1)
                      for c in itertools.combinations(raw, r)]
        elif question.type == "yes_no":
            values = ["yes", "no"]
        elif question.type == "text":
            values = ["x"]
        else:
            values = [None]
        if not question.required and question.type != "say":
            values = [*values, None]
        options.append(values)
    best = None
    for combination in itertools.product(*options):
        answers = {q.id: v for q, v in zip(bank.questions, combination, strict=True)
                   if v is not None}
        result = walk(bank, answers, auto_pass=True)
        if not result.complete:
            continue
        total = score_walk(bank, result).total
        best = total if best is None else max(best, total)
    return best if best is not None else 0


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=banks(with_conditions=False))
def test_max_attainable_equals_the_best_path_without_open_conditions(text: str) -> None:
    bank = load_valid(text)
    assert best_total(bank, BankGraph.of(bank)) == brute_force_best(bank)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=banks(with_conditions=True))
def test_max_attainable_never_falls_below_a_reachable_total(text: str) -> None:
    bank = load_valid(text)
    if any(q.type in ("number", "scale") for q in bank.questions):
        return
    assert best_total(bank, BankGraph.of(bank)) >= brute_force_best(bank)
