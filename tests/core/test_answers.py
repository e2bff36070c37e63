"""Answers are typed and range-checked per question type, with messages that say why."""

from __future__ import annotations

from datetime import date

import pytest

from qualdesk.core.answers import AnswerRejected, answer_label, coerce_answer
from tests.conftest import bank_of

BANK = bank_of("""
    bank: t
    title: T
    version: 1
    questions:
      - {id: pick, ask: P?, type: single,
         options: [{value: 1, label: One}, {value: no, label: Norway}]}
      - {id: many, ask: M?, type: multi, options: [{value: a, label: A}, {value: b, label: B}]}
      - {id: yn, ask: Y?, type: yes_no}
      - {id: amount, ask: N?, type: number, min: 10, max: 1000, unit: USD}
      - {id: rate, ask: S?, type: scale}
      - {id: when, ask: D?, type: date, min: 2026-01-01}
      - {id: note, ask: T?, type: text}
      - {id: hello, ask: Hi, type: say}
    """)
Q = BANK.by_id


@pytest.mark.parametrize(("qid", "raw", "expected"), [
    ("pick", 1, "1"), ("pick", "no", "no"),
    ("many", ["b", "a", "b"], ["b", "a"]), ("many", "a", ["a"]), ("many", [], []),
    ("yn", "Yes", "yes"), ("yn", "no", "no"),
    ("amount", "1,000", 1000), ("amount", 12.5, 12.5), ("amount", "10", 10),
    ("rate", 1, 1), ("rate", "5", 5),
    ("when", "2026-03-04", date(2026, 3, 4)), ("when", date(2027, 1, 1), date(2027, 1, 1)),
    ("note", 42, "42"),
])
def test_accepted(qid: str, raw: object, expected: object) -> None:
    assert coerce_answer(Q[qid], raw) == expected


@pytest.mark.parametrize(("qid", "raw", "message"), [
    ("pick", "2", "not one of its options (1, no)"),
    ("many", ["a", "z"], "'z' is not one of its options"),
    ("yn", "y", "expected yes or no"),
    ("yn", True, "expected yes or no"),
    ("amount", 5, "below the minimum 10"),
    ("amount", 5000, "above the maximum 1000"),
    ("amount", "ten", "expected a number"),
    ("amount", float("nan"), "finite"),
    ("amount", True, "expected a number"),
    ("rate", 6, "above the maximum 5"),
    ("rate", 0, "below the minimum 1"),
    ("rate", 2.5, "whole number"),
    ("when", "2025-12-31", "below the minimum"),
    ("when", "next week", "ISO date"),
    ("note", "   ", "required"),
    ("hello", "x", "takes no answer"),
    ("pick", None, "no answer"),
])
def test_refused(qid: str, raw: object, message: str) -> None:
    with pytest.raises(AnswerRejected, match=message.replace("(", r"\(").replace(")", r"\)")):
        coerce_answer(Q[qid], raw)


def test_labels_in_words() -> None:
    assert answer_label(Q["pick"], "no") == "Norway"
    assert answer_label(Q["many"], ["a", "b"]) == "A, B"
    assert answer_label(Q["yn"], "yes") == "Yes"
    assert answer_label(Q["amount"], 25000) == "25,000 USD"
