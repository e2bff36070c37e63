"""Bank tests: scenarios a manager writes beside a bank, run like unit tests.

``NAME.tests.yaml`` beside ``NAME.yaml`` holds a list of scenarios (or a mapping with a
``tests:`` list). Each has a ``name``, ``answers`` (as for simulate) and ``expect`` (any of
``outcome``, ``total``, ``quadrant``, ``categories``, ``path``, ``knockouts``, ``complete``;
``next`` and ``max_attainable`` too). A scenario may also give a ``lead`` and a ``today``.
``categories`` is checked for the categories named; ``knockouts`` lists reasons or question
ids, compared as a set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from qualdesk.core.diagnostics import Diagnostic, InputError
from qualdesk.core.model import Bank
from qualdesk.core.simulate import AnswerSheet, coerce_sheet, simulate
from qualdesk.core.yamltree import YamlDocument, parse_yaml

EXPECT_KEYS = ("outcome", "total", "quadrant", "categories", "path", "knockouts", "complete",
               "next", "max_attainable")
SCENARIO_KEYS = {"name", "answers", "expect", "lead", "today", "agent"}


@dataclass
class Mismatch:
    """One expectation that did not hold."""

    key: str
    expected: Any
    actual: Any


@dataclass
class ScenarioResult:
    """The outcome of one scenario: passed, or each mismatch (or the error that stopped it)."""

    name: str
    mismatches: list[Mismatch] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every expectation held and nothing was refused."""
        return not self.mismatches and not self.errors


def tests_path_for(bank_path: Path) -> Path:
    """``foo.yaml`` -> ``foo.tests.yaml`` (``.yml`` likewise)."""
    return bank_path.with_name(f"{bank_path.stem}.tests{bank_path.suffix or '.yaml'}")


def bank_path_for(tests_path: Path) -> Path:
    """``foo.tests.yaml`` -> ``foo.yaml``: the bank a tests file belongs to."""
    suffix = tests_path.suffix or ".yaml"
    return tests_path.with_name(tests_path.name.removesuffix(f".tests{suffix}") + suffix)


def _knockout_labels(knockouts: list[dict[str, Any]]) -> set[str]:
    labels: set[str] = set()
    for knockout in knockouts:
        labels.add(str(knockout["reason"]))
        if "question" in knockout:
            labels.add(str(knockout["question"]))
    return labels


def compare(expect: dict[str, Any], actual: dict[str, Any]) -> list[Mismatch]:
    """Every expectation in ``expect`` that ``actual`` (a simulate result) does not meet."""
    mismatches: list[Mismatch] = []
    for key, expected in expect.items():
        if key == "categories" and isinstance(expected, dict):
            for name, points in expected.items():
                got = actual["categories"].get(name)
                if got != points:
                    mismatches.append(Mismatch(f"categories.{name}", points, got))
        elif key == "knockouts":
            wanted = {str(item) for item in (expected or [])}
            reasons = [k["reason"] for k in actual["knockouts"]]
            labels = _knockout_labels(actual["knockouts"])
            unmatched = [k for k in actual["knockouts"]
                         if not ({str(k["reason"]), str(k.get("question"))} & wanted)]
            if not wanted <= labels or unmatched:
                mismatches.append(Mismatch("knockouts", sorted(wanted), reasons))
        elif actual.get(key) != expected:
            mismatches.append(Mismatch(key, expected, actual.get(key)))
    return mismatches


def _check_scenario(document: YamlDocument, index: int, spec: Any) -> list[Diagnostic]:
    file = document.file
    here = document.at(("tests", index)) or document.at((index,))
    if not isinstance(spec, dict):
        return [Diagnostic("error", "a scenario must be a mapping", file, here)]
    problems = [Diagnostic("error", f"unknown key '{key}' in a scenario", file, here)
                for key in spec if key not in SCENARIO_KEYS]
    for key in ("name", "answers", "expect"):
        if key not in spec:
            problems.append(Diagnostic("error", f"a scenario is missing '{key}'", file, here))
    expect = spec.get("expect")
    if isinstance(expect, dict):
        problems.extend(Diagnostic("error", f"unknown expectation '{key}' (one of "
                                   f"{', '.join(EXPECT_KEYS)})", file, here)
                        for key in expect if key not in EXPECT_KEYS)
    elif "expect" in spec:
        problems.append(Diagnostic("error", "expect must be a mapping", file, here))
    if "answers" in spec and not isinstance(spec["answers"], dict | type(None)):
        problems.append(Diagnostic("error", "answers must be a mapping", file, here))
    return problems


def run_bank_tests(bank: Bank, text: str, file: str) -> list[ScenarioResult]:
    """Run every scenario in a tests file against ``bank``.

    Raises :class:`InputError` when the tests file itself is malformed.
    """
    document, problems = parse_yaml(text, file)
    if document is None or problems:
        raise InputError(problems)
    data = document.data
    prefix: tuple[str, ...] = ()
    if isinstance(data, dict) and "tests" in data:
        data, prefix = data["tests"], ("tests",)
    if not isinstance(data, list):
        raise InputError([Diagnostic("error", "a tests file is a list of scenarios (or a "
                                     "mapping with a 'tests' list)", file, document.at(()))])
    structural = [p for i, s in enumerate(data) for p in _check_scenario(document, i, s)]
    if structural:
        raise InputError(structural)
    results: list[ScenarioResult] = []
    for index, spec in enumerate(data):
        path = (*prefix, index)
        result = ScenarioResult(name=str(spec["name"]))
        answers = spec.get("answers") or {}
        sheet = AnswerSheet(answers, {k: document.at((*path, "answers", k)) for k in answers},
                            file)
        try:
            today = date.fromisoformat(str(spec["today"])) if "today" in spec else None
            coerced = coerce_sheet(bank, sheet)
        except InputError as error:
            result.errors = error.diagnostics
        except ValueError:
            result.errors = [Diagnostic("error", "today must be an ISO date", file,
                                        document.at((*path, "today")))]
        else:
            actual = simulate(bank, coerced, spec.get("lead"), str(spec.get("agent", "")),
                              today)
            result.mismatches = compare(spec["expect"], actual)
        results.append(result)
    return results
