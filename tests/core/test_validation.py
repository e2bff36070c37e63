"""Every validation rule of the spec, each asserted with its file position and question id."""

from __future__ import annotations

import pytest

from tests.conftest import load

HEADER = "bank: t\ntitle: T\nversion: 1\n"
CATS = "categories:\n  fit: {label: Fit, axis: fit, max: 10}\n"


def problems(text: str) -> list[tuple[str, int | None, int | None, str | None, str]]:
    result = load(text)
    return [(d.severity, d.position.line if d.position else None,
             d.position.column if d.position else None, d.question, d.message)
            for d in result.diagnostics]


def only_error(text: str) -> tuple[int | None, int | None, str | None, str]:
    found = [p for p in problems(text) if p[0] == "error"]
    assert len(found) == 1, found
    _, line, column, question, message = found[0]
    return line, column, question, message


CASES = {
    "yaml syntax": (
        HEADER + "questions:\n  - id: a\n    ask: [unclosed\n",
        (7, 1, None, "YAML syntax"),
    ),
    "unknown bank key": (
        HEADER + "colour: red\nquestions:\n  - {id: a, ask: A?, type: text}\n",
        (4, 1, None, "unknown key 'colour'"),
    ),
    "missing bank key": (
        "bank: t\ntitle: T\nquestions:\n  - {id: a, ask: A?, type: text}\n",
        (1, 1, None, "missing the key 'version'"),
    ),
    "unknown question key": (
        HEADER + "questions:\n  - id: a\n    ask: A?\n    type: text\n    colour: red\n",
        (8, 5, "a", "unknown key 'colour'"),
    ),
    "missing question key": (
        HEADER + "questions:\n  - id: a\n    ask: A?\n",
        (5, 5, "a", "missing the key 'type'"),
    ),
    "duplicate question id": (
        HEADER + "questions:\n  - {id: a, ask: A?, type: text}\n  - {id: a, ask: B?, type: text}\n",
        (6, 10, "a", "duplicate question id 'a'"),
    ),
    "duplicate option value": (
        HEADER + "questions:\n  - id: a\n    ask: A?\n    type: single\n    options:\n"
        "      - {value: x, label: X}\n      - {value: x, label: Y}\n",
        (10, 17, "a", "duplicate option value 'x'"),
    ),
    "duplicate yaml key": (
        HEADER + "questions:\n  - id: a\n    ask: A?\n    ask: B?\n    type: text\n",
        (7, 5, None, "duplicate key 'ask'"),
    ),
    "goto unknown id": (
        HEADER + "questions:\n  - id: a\n    ask: A?\n    type: single\n    options:\n"
        "      - {value: x, label: X, goto: nowhere}\n  - {id: b, ask: B?, type: text}\n",
        (9, 36, "a", "names 'nowhere', which is not a question"),
    ),
    "goto backwards": (
        HEADER + "questions:\n  - {id: a, ask: A?, type: text}\n  - id: b\n    ask: B?\n"
        "    type: single\n    options:\n      - {value: x, label: X, goto: a}\n",
        (10, 36, "b", "points back to an earlier question"),
    ),
    "next to itself": (
        HEADER + "questions:\n  - {id: a, ask: A?, type: text, next: a}\n",
        (5, 40, "a", "points back to itself"),
    ),
    "conditional next without a final entry": (
        HEADER + "questions:\n  - id: a\n    ask: A?\n    type: yes_no\n    next:\n"
        "      - {when: \"a == 'yes'\", goto: c}\n  - {id: b, ask: B?, type: text}\n"
        "  - {id: c, ask: C?, type: text}\n",
        (9, 9, "a", "last entry of next must have no 'when'"),
    ),
    "expression does not parse": (
        HEADER + "questions:\n  - {id: a, ask: A?, type: text}\n"
        "  - {id: b, ask: B?, type: text, ask_if: \"a ==\"}\n",
        (6, 42, "b", "does not parse"),
    ),
    "expression names a later question": (
        HEADER + "questions:\n  - {id: a, ask: A?, type: text, ask_if: \"b == 'x'\"}\n"
        "  - {id: b, ask: B?, type: text}\n",
        (5, 42, "a", "names 'b', which is not asked until later"),
    ),
    "expression names a question not on every path": (
        HEADER + "questions:\n  - id: a\n    ask: A?\n    type: single\n    options:\n"
        "      - {value: x, label: X, goto: c}\n      - {value: y, label: Y}\n"
        "  - {id: b, ask: B?, type: text}\n"
        "  - {id: c, ask: C?, type: text, ask_if: \"b == 'z'\"}\n",
        (12, 42, "c", "does not come earlier on every path"),
    ),
    "expression names something unknown": (
        HEADER + "questions:\n  - {id: a, ask: A?, type: text, ask_if: \"cycler is defined\"}\n",
        (5, 42, "a", "names 'cycler', which is not a question"),
    ),
    "category not declared": (
        HEADER + CATS + "questions:\n  - {id: a, ask: A?, type: yes_no, category: budget}\n",
        (7, 46, "a", "category 'budget' is not declared"),
    ),
    "options on a type that takes none": (
        HEADER + "questions:\n  - id: a\n    ask: A?\n    type: number\n"
        "    options: [{value: x, label: X}]\n",
        (8, 5, "a", "a number question takes no options"),
    ),
    "min over max": (
        HEADER + "questions:\n  - {id: a, ask: A?, type: number, min: 10, max: 5}\n",
        (5, 41, "a", "min (10) is over max (5)"),
    ),
    "goto on a multi option": (
        HEADER + "questions:\n  - id: a\n    ask: A?\n    type: multi\n    options:\n"
        "      - {value: x, label: X, goto: b}\n  - {id: b, ask: B?, type: text}\n",
        (9, 30, "a", "goto is not allowed on a multi"),
    ),
    "end on a multi option": (
        HEADER + "questions:\n  - id: a\n    ask: A?\n    type: multi\n    options:\n"
        "      - {value: x, label: X, end: true}\n",
        (9, 30, "a", "end is not allowed on a multi"),
    ),
    "unknown type": (
        HEADER + "questions:\n  - {id: a, ask: A?, type: essay}\n",
        (5, 28, "a", "unknown type 'essay'"),
    ),
    "bad question id": (
        HEADER + "questions:\n  - {id: Budget-1, ask: A?, type: text}\n",
        (5, 10, "Budget-1", "must match"),
    ),
    "yes_no points key": (
        HEADER + "questions:\n  - {id: a, ask: A?, type: yes_no, points: {yes: 5, maybe: 2}}\n",
        (5, 53, "a", "points key 'maybe' must be yes or no"),
    ),
    "version not a number": (
        "bank: t\ntitle: T\nversion: three\nquestions:\n  - {id: a, ask: A?, type: text}\n",
        (3, 10, None, "version must be a whole number"),
    ),
    "template reaches internals": (
        HEADER + "questions:\n  - {id: a, ask: \"{{ lead.__class__ }}\", type: text}\n",
        (5, 18, "a", "reaches into internals"),
    ),
    "rule names an unknown question": (
        HEADER + "questions:\n  - {id: a, ask: A?, type: text}\n"
        "rules:\n  - {when: \"zz == 'x'\", points: 3}\n",
        (7, 12, None, "names 'zz'"),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_error_is_reported_at_its_place(name: str) -> None:
    text, (line, column, question, fragment) = CASES[name]
    got_line, got_column, got_question, message = only_error(text)
    assert fragment in message
    assert (got_line, got_column, got_question) == (line, column, question), message


def test_every_problem_is_reported_in_one_run() -> None:
    text = (HEADER + CATS + "questions:\n"
            "  - {id: a, ask: A?, type: text, colour: red}\n"
            "  - {id: b, ask: B?, type: yes_no, category: nope}\n"
            "  - {id: c, ask: C?, type: number, min: 9, max: 1}\n"
            "  - {id: d, ask: D?, type: text, next: a}\n")
    errors = [p for p in problems(text) if p[0] == "error"]
    assert {p[3] for p in errors} == {"a", "b", "c", "d"}
    assert load(text).bank is None


def test_unreachable_question_is_a_warning_with_position() -> None:
    text = (HEADER + "questions:\n  - id: a\n    ask: A?\n    type: single\n    options:\n"
            "      - {value: x, label: X, goto: c}\n  - {id: b, ask: B?, type: text}\n"
            "  - {id: c, ask: C?, type: text}\n")
    result = load(text)
    assert result.bank is not None
    [warning] = result.warnings
    assert (warning.position.line, warning.question) == (10, "b")
    assert "no path reaches" in warning.message


def test_unreachable_threshold_is_a_warning() -> None:
    text = (HEADER + CATS + "outcomes:\n  sales_qualified: {min_score: 50}\nquestions:\n"
            "  - {id: a, ask: A?, type: yes_no, category: fit, points: {yes: 10, no: 0}}\n")
    result = load(text)
    assert result.bank is not None
    [warning] = result.warnings
    assert "no lead can reach it" in warning.message
    assert warning.position.line == 7


def test_a_bank_with_errors_is_never_returned() -> None:
    result = load(HEADER + "questions:\n  - {id: a, ask: A?, type: text, next: a}\n")
    assert result.bank is None and result.errors


def test_the_spec_example_is_clean(spec_bank) -> None:
    assert spec_bank.id == "saas-bant"
    assert [q.id for q in spec_bank.questions][:3] == ["role", "decider", "budget_set"]
