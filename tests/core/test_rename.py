"""Renaming a question id: every reference follows, nothing else in the file moves."""

from __future__ import annotations

import re
import textwrap

import pytest

from qualdesk.core.banktests import run_bank_tests
from qualdesk.core.banktests import tests_path_for as scenarios_path_for
from qualdesk.core.diagnostics import InputError
from qualdesk.core.loader import load_bank_text
from qualdesk.core.rename import rename_names, rename_question
from tests.conftest import BANKS, SPEC_EXAMPLE

BUNDLED = sorted(path for path in BANKS.glob("*.yaml") if not path.name.endswith(".tests.yaml"))


def _questions(path):
    bank = load_bank_text(path.read_text(), str(path)).bank
    return [(path, question.id) for question in bank.questions]


EVERY_QUESTION = [pair for path in [*BUNDLED, SPEC_EXAMPLE] for pair in _questions(path)]


@pytest.mark.parametrize(("path", "old"), EVERY_QUESTION,
                         ids=[f"{p.stem}:{q}" for p, q in EVERY_QUESTION])
def test_every_bundled_question_renames_cleanly(path, old):
    text = path.read_text()
    tests_file = scenarios_path_for(path)
    tests_text = tests_file.read_text() if tests_file.exists() else None
    new = f"renamed_{old}"
    renamed, renamed_tests, places = rename_question(text, old, new, str(path), tests_text)
    assert places >= 1
    # only lines that mention the old id change, and they change only by the id
    before, after = text.splitlines(), renamed.splitlines()
    assert len(before) == len(after)
    word = re.compile(rf"(?<![\w.]){re.escape(old)}(?!\w)")
    for line_before, line_after in zip(before, after, strict=True):
        if line_before != line_after:
            assert word.sub(new, line_before) == line_after
    bank = load_bank_text(renamed, str(path)).bank
    assert bank is not None and new in bank.by_id and old not in bank.by_id
    if renamed_tests is not None:  # the bank's own scenarios still pass under the new id
        results = run_bank_tests(bank, renamed_tests, tests_file.name)
        assert results and all(result.passed for result in results)


TRICKY = """\
bank: tricky
title: Tricky
version: 1
greeting: |
  Hi {{ lead.role }}, this is {{ agent }}.
categories:
  fit: {label: Fit, axis: fit, max: 50}
questions:
  - id: role
    ask: Your role?   # the role question
    type: single
    category: fit
    options:
      - {value: boss, label: "Boss", points: 20, goto: 'size'}
      - {value: other, label: Other}
  - id: other_role
    ask_if: >-
      role != 'boss'
    ask: Who decides, if not you ({{ role }})?
    type: text
    required: false
  - id: size
    ask: How big?
    type: number
    category: fit
    scoring:
      - {when: "value > 100 and role == 'boss'", points: 30}
      - {points: 5}
    next:
      - {when: "role=='boss'", goto: done}
      - goto: done
  - id: done
    type: say
    ask: Thanks, {{ lead.first_name }}{% if role %} ({{ role }}){% endif %}.
rules:
  - when: 'role == "boss" and lead.role != "x"'
    category: fit
    points: 1
"""


def test_names_attributes_strings_and_styles():
    renamed, _, places = rename_question(TRICKY, "role", "position")
    assert "Hi {{ lead.role }}, this is {{ agent }}.\n" in renamed
    assert "{% if position %} ({{ position }}){% endif %}" in renamed
    assert "- id: position\n    ask: Your role?   # the role question" in renamed
    assert "role != 'boss'" not in renamed and "position != 'boss'" in renamed
    assert "({{ position }})" in renamed
    assert "\"value > 100 and position == 'boss'\"" in renamed
    assert "{when: \"position=='boss'\", goto: done}" in renamed
    assert "'position == \"boss\" and lead.role != \"x\"'" in renamed
    assert "goto: 'size'" in renamed  # untouched
    assert places == 7  # edits: the done line's two names are one edit
    renamed, _, _ = rename_question(TRICKY, "size", "team_size")
    assert "goto: 'team_size'" in renamed and "- id: team_size" in renamed


def test_rename_names_leaves_strings_and_attributes():
    assert rename_names("role == 'role' and lead.role", "role", "job", template=False) == \
        "job == 'role' and lead.role"
    assert rename_names("{{ role }} role\n", "role", "job", template=True) == "{{ job }} role\n"


@pytest.mark.parametrize(("old", "new", "words"), [
    ("nope", "x", "there is no question 'nope'"),
    ("role", "Role", "is not a question id"),
    ("role", "size", "there is already a question 'size'"),
    ("role", "lead", "a name expressions already use"),
])
def test_impossible_renames_are_refused(old, new, words):
    with pytest.raises(InputError) as refused:
        rename_question(TRICKY, old, new, "tricky.yaml")
    assert words in refused.value.diagnostics[0].message


def test_a_broken_bank_is_not_renamed():
    broken = TRICKY.replace("      - goto: done", "      - goto: nowhere")
    with pytest.raises(InputError) as refused:
        rename_question(broken, "role", "position", "tricky.yaml")
    assert "fix these errors before renaming" in refused.value.diagnostics[-1].message


def test_tests_file_answers_path_and_next_follow():
    tests = textwrap.dedent("""\
        # scenarios
        - name: boss
          answers: {role: boss, size: 200}
          expect: {path: [role, size, done], total: 51}
        - name: stops
          answers:
            role: other
          expect:
            next: size
        """)
    _, renamed, places = rename_question(TRICKY, "size", "headcount", tests_text=tests)
    assert "answers: {role: boss, headcount: 200}" in renamed
    assert "path: [role, headcount, done]" in renamed
    assert "next: headcount" in renamed and renamed.startswith("# scenarios\n")
    assert places == 2 + 3  # its id and an option's goto, and three in the tests file
