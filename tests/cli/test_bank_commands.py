"""The ``qualdesk bank`` commands as scripts use them: output streams, formats, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualdesk.cli import main
from tests.conftest import BANKS, SPEC_EXAMPLE

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qualdesk", *args], capture_output=True,
                          text=True, check=False)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_simulate_reproduces_the_spec_example(tmp_path: Path) -> None:
    answers = write(tmp_path, "a.yaml", "role: decides\nbudget_set: yes\nbudget_amount: 20000\n"
                    "pain: [reporting, errors]\ntimeline: quarter\ncountry: us\n")
    result = run("bank", "simulate", str(SPEC_EXAMPLE), "--answers", str(answers), "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    got = json.loads(result.stdout)
    expected = {
        "bank": "saas-bant", "version": 3,
        "path": ["role", "budget_set", "budget_amount", "pain", "timeline", "country"],
        "categories": {"budget": 21, "authority": 25, "need": 20, "timeline": 25,
                       "geography": 10},
        "total": 101, "outcome": "sales_qualified", "quadrant": "good_fit_ready",
        "knockouts": [], "max_attainable": 101, "complete": True, "next": None, "ignored": [],
    }
    assert {key: got[key] for key in expected} == expected
    assert got["explanation"][0] == {"question": "role", "answer": "decides",
                                     "label": "I make the final decision",
                                     "category": "authority", "points": 25}


@pytest.mark.parametrize("bank", ["saas-bant"])
def test_golden_simulate_output(bank: str) -> None:
    result = run("bank", "simulate", str(BANKS / f"{bank}.yaml"), "--answers",
                 str(BANKS / "examples" / f"{bank}.answers.yaml"), "--lead",
                 str(BANKS / "examples" / "lead.yaml"), "--json", "--today", "2026-11-23")
    assert result.returncode == 0, result.stderr
    golden = json.loads((GOLDEN / f"{bank}.simulate.json").read_text())
    assert json.loads(result.stdout) == golden


def test_refused_value_names_the_question_and_prints_nothing(tmp_path: Path) -> None:
    answers = write(tmp_path, "a.yaml", "role: decides\nbudget_set: maybe\n")
    result = run("bank", "simulate", str(SPEC_EXAMPLE), "--answers", str(answers), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (f"{answers}:2:13: error: question 'budget_set': "
                                     "expected yes or no, not 'maybe'")
    assert "Traceback" not in result.stderr


def test_unknown_question_in_answers_is_refused(tmp_path: Path) -> None:
    answers = write(tmp_path, "a.yaml", "rol: decides\n")
    result = CliRunner().invoke(main, ["bank", "simulate", str(SPEC_EXAMPLE), "--answers",
                                       str(answers), "--json"])
    assert result.exit_code == 1
    assert "'rol' is not a question" in result.stderr


def test_incomplete_walk_reports_next(tmp_path: Path) -> None:
    answers = write(tmp_path, "a.yaml", "role: recommends\nbudget_set: no\n")
    result = CliRunner().invoke(main, ["bank", "simulate", str(SPEC_EXAMPLE), "--answers",
                                       str(answers), "--json"])
    got = json.loads(result.stdout)
    assert (got["complete"], got["next"], got["path"]) == (False, "pain",
                                                            ["role", "decider", "budget_set"])


def test_validate_exit_codes_and_summary(tmp_path: Path) -> None:
    good = run("bank", "validate", *map(str, sorted(BANKS.glob("*.yaml"))))
    assert good.returncode == 0
    assert "4 banks checked: 0 errors, 0 warnings" in good.stdout
    broken = write(tmp_path, "broken.yaml", "bank: b\ntitle: B\nversion: 1\nquestions:\n"
                   "  - {id: a, ask: A?, type: text, next: a}\n  - {id: a, ask: B?, type: x}\n")
    bad = run("bank", "validate", str(broken))
    assert bad.returncode == 1
    lines = bad.stderr.strip().splitlines()
    assert lines[0].startswith(f"{broken}:5:") and "question 'a'" in lines[0]
    assert "1 bank checked: 2 errors, 0 warnings" in bad.stdout


def test_validate_json_lines(tmp_path: Path) -> None:
    broken = write(tmp_path, "b.yaml", "bank: b\ntitle: B\nversion: 1\nquestions:\n"
                   "  - {id: a, ask: A?, type: text, colour: red}\n")
    result = CliRunner().invoke(main, ["bank", "validate", "--json", str(broken)])
    assert result.exit_code == 1
    [problem] = [json.loads(line) for line in result.stdout.splitlines()]
    assert (problem["line"], problem["column"], problem["question"]) == (5, 34, "a")


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    bank = write(tmp_path, "w.yaml", "bank: w\ntitle: W\nversion: 1\nquestions:\n"
                 "  - {id: a, ask: A?, type: yes_no, next: c}\n  - {id: b, ask: B?, type: text}\n"
                 "  - {id: c, ask: C?, type: text}\n")
    result = run("bank", "validate", str(bank))
    assert result.returncode == 0
    assert "warning: question 'b': no path reaches this question" in result.stderr


def test_bank_test_reports_failures_and_exit_code(tmp_path: Path) -> None:
    bank = tmp_path / "spec.yaml"
    bank.write_text(SPEC_EXAMPLE.read_text())
    write(tmp_path, "spec.tests.yaml",
          "- name: right\n  answers: {role: uses}\n  expect: {total: 4, complete: false}\n"
          "- name: wrong\n  answers: {role: uses}\n  expect: {outcome: sales_qualified}\n")
    result = run("bank", "test", str(bank))
    assert result.returncode == 1
    assert "FAIL" in result.stdout and "wrong" in result.stdout
    assert 'outcome: expected "sales_qualified", got "nurture"' in result.stdout
    assert result.stdout.strip().endswith("1 passed, 1 failed")


def test_bank_test_passes_on_bundled_banks() -> None:
    result = run("bank", "test", *map(str, sorted(BANKS.glob("*.yaml"))))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("25 passed, 0 failed")


def test_usage_errors_exit_2() -> None:
    assert run("bank", "simulate").returncode == 2
    assert run("bank", "nonsense").returncode == 2
    assert run("bank", "simulate", str(SPEC_EXAMPLE), "--answers", "x", "--today",
               "soon").returncode == 2


def test_missing_files_are_plain_errors(tmp_path: Path) -> None:
    result = run("bank", "simulate", str(tmp_path / "none.yaml"), "--answers", "x.yaml")
    assert result.returncode == 1
    assert result.stderr.strip() == f"{tmp_path / 'none.yaml'}: error: no such file"
