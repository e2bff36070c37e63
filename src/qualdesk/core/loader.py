"""Turn a bank's YAML text into a :class:`~qualdesk.core.model.Bank`, reporting every problem.

Loading is two passes. This module checks the shape (keys, types, ids, options, expressions
that parse) and builds the model; :mod:`qualdesk.core.validator` then checks the graph (branches
forward, names visible on every path, reachability, thresholds). Problems from both passes are
returned together, and a bank with any error is never returned for use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualdesk.core.diagnostics import Diagnostic, InputError
from qualdesk.core.expressions import Expression
from qualdesk.core.model import END, Bank, Category, Number, Question, Rule
from qualdesk.core.question_reader import read_question
from qualdesk.core.reading import (
    AXES,
    BANK_ID,
    BANK_KEYS,
    BANK_OPTIONAL,
    CATEGORY_OPTIONAL,
    MATRIX_OPTIONAL,
    OUTCOME_NAMES,
    QUESTION_ID,
    RULE_OPTIONAL,
    BankReader,
    as_text,
)
from qualdesk.core.yamltree import parse_yaml


def _read_categories(reader: BankReader, raw: Any) -> dict[str, Category]:
    categories: dict[str, Category] = {}
    table = reader.mapping(raw, ("categories",), "categories") if raw is not None else None
    for name, spec in (table or {}).items():
        path = ("categories", name)
        if not QUESTION_ID.match(name):
            reader.error(path, f"category id '{name}' must match [a-z][a-z0-9_]*", on_key=True)
        spec = {} if spec is None else reader.mapping(spec, path, f"category '{name}'")
        if spec is None:
            continue
        reader.keys(spec, path, set(), CATEGORY_OPTIONAL, f"category '{name}'")
        label = spec.get("label", name.replace("_", " ").capitalize())
        label = reader.text(label, (*path, "label"), "a category label", allow_scalar=True)
        axis = spec.get("axis")
        if axis is not None and axis not in AXES:
            reader.error((*path, "axis"), f"axis must be 'fit' or 'readiness', not {axis!r}")
            axis = None
        maximum = None
        if "max" in spec:
            maximum = reader.number(spec["max"], (*path, "max"), "a category's max")
        elif axis is not None:
            reader.error(path, f"category '{name}' is on the {axis} axis, so it needs a max")
        categories[name] = Category(name, label or name, axis, maximum)
    return categories


def _read_outcomes(reader: BankReader, raw: Any) -> dict[str, Number]:
    thresholds: dict[str, Number] = {}
    table = reader.mapping(raw, ("outcomes",), "outcomes") if raw is not None else None
    for name, spec in (table or {}).items():
        path = ("outcomes", name)
        if name not in OUTCOME_NAMES:
            reader.error(path, f"unknown outcome '{name}' (thresholds are set for "
                         f"{' and '.join(OUTCOME_NAMES)})", on_key=True)
            continue
        spec = reader.mapping(spec, path, f"outcome '{name}'")
        if spec is None or not reader.keys(spec, path, {"min_score"}, set(), f"outcome '{name}'"):
            continue
        score = reader.number(spec["min_score"], (*path, "min_score"), "min_score")
        if score is not None:
            thresholds[name] = score
    if (len(thresholds) == 2
            and thresholds["marketing_qualified"] > thresholds["sales_qualified"]):
        reader.error(("outcomes", "marketing_qualified"),
                     "marketing_qualified needs a lower min_score than sales_qualified")
    return thresholds


def _read_rules(reader: BankReader, raw: Any, categories: dict[str, Category] | None) -> list[Rule]:
    rules: list[Rule] = []
    if raw is None:
        return rules
    if not isinstance(raw, list):
        reader.error(("rules",), "rules must be a list")
        return rules
    for index, spec in enumerate(raw):
        path = ("rules", index)
        spec = reader.mapping(spec, path, "a rule")
        if spec is None or not reader.keys(spec, path, {"when"}, RULE_OPTIONAL, "a rule"):
            continue
        when = reader.expression(spec["when"], (*path, "when"), f"rule {index + 1} when")
        rule = Rule(index=index, when=when or Expression("false", frozenset()))
        if "points" in spec:
            rule.points = reader.number(spec["points"], (*path, "points"), "rule points") or 0
        if "category" in spec:
            category = as_text(spec["category"])
            if categories is None or category not in categories:
                reader.error((*path, "category"), f"category '{category}' is not declared "
                             "under categories")
            rule.category = category
        if "reason" in spec:
            rule.reason = reader.text(spec["reason"], (*path, "reason"), "reason", None,
                                      True) or ""
        if "knockout" in spec:
            rule.knockout = reader.text(spec["knockout"], (*path, "knockout"),
                                        "a knockout reason")
        if "points" not in spec and "knockout" not in spec:
            reader.error(path, "a rule needs points, a knockout, or both")
        rule.reason = rule.reason or rule.knockout or f"rule {index + 1}"
        rules.append(rule)
    return rules


def _read_bank(reader: BankReader, text: str) -> Bank | None:
    data = reader.document.data
    if data is None:
        reader.error((), "the bank is empty")
        return None
    if not isinstance(data, dict):
        reader.error((), "a bank must be a mapping with bank, title, version and questions")
        return None
    complete = reader.keys(data, (), BANK_KEYS, BANK_OPTIONAL, "the bank")
    bank_id = as_text(data.get("bank"))
    if "bank" in data and (bank_id is None or not BANK_ID.match(bank_id)):
        reader.error(("bank",), f"bank id {data['bank']!r} must be lowercase letters, digits "
                     "and '-'")
    title = reader.text(data["title"], ("title",), "title", None, True) if "title" in data else None
    version = data.get("version")
    if "version" in data and (not isinstance(version, int) or isinstance(version, bool)):
        reader.error(("version",), f"version must be a whole number, not {version!r}")
        version = None
    greeting = None
    if "greeting" in data:
        greeting = reader.template(data["greeting"], ("greeting",), "greeting")
    categories = _read_categories(reader, data.get("categories"))
    thresholds = _read_outcomes(reader, data.get("outcomes"))
    matrix = reader.mapping(data["matrix"], ("matrix",), "matrix") if "matrix" in data else {}
    thresholds_matrix: dict[str, Number] = {}
    if matrix:
        reader.keys(matrix, ("matrix",), set(), MATRIX_OPTIONAL, "matrix")
        for key in MATRIX_OPTIONAL & matrix.keys():
            value = reader.number(matrix[key], ("matrix", key), key)
            if value is not None:
                thresholds_matrix[key] = value
    questions: list[Question] = []
    raw_questions = data.get("questions")
    declared = categories if "categories" in data else None
    if "questions" in data and (not isinstance(raw_questions, list) or not raw_questions):
        reader.error(("questions",), "questions must be a non-empty list")
    elif isinstance(raw_questions, list):
        seen: dict[str, int] = {}
        for index, spec in enumerate(raw_questions):
            question = read_question(reader, spec, index, declared)
            if question is None:
                continue
            if question.id in seen:
                reader.error(("questions", index, "id"), f"duplicate question id "
                             f"'{question.id}' (first at question {seen[question.id] + 1})",
                             question.id)
                continue
            seen[question.id] = index
            question.source_index = index
            question.index = len(questions)
            questions.append(question)
    rules = _read_rules(reader, data.get("rules"), declared)
    for field_name in ("description", "framework"):
        if field_name in data and as_text(data[field_name]) is None:
            reader.error((field_name,), f"{field_name} must be text")
    if not complete or not questions:
        return None
    return Bank(
        id=bank_id or "", title=title or "", version=version or 0, questions=questions,
        file=reader.document.file, text=text,
        framework=as_text(data.get("framework")), description=as_text(data.get("description")),
        greeting=greeting, categories=categories, thresholds=thresholds,
        fit_threshold=thresholds_matrix.get("fit_threshold", 50),
        readiness_threshold=thresholds_matrix.get("readiness_threshold", 50),
        rules=rules,
    )


@dataclass
class LoadResult:
    """What loading a bank gave: the bank (only when there is no error) and every problem."""

    bank: Bank | None
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        """The problems that stop the bank from being used."""
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The problems worth a look that do not stop the bank."""
        return [d for d in self.diagnostics if not d.is_error]


def load_bank_text(text: str, file: str = "<bank>") -> LoadResult:
    """Load and validate a bank from its text; never raises for bad input."""
    from qualdesk.core.validator import validate_bank

    document, problems = parse_yaml(text, file)
    if document is None:
        return LoadResult(None, problems)
    reader = BankReader(document, problems)
    bank = _read_bank(reader, text)
    if bank is not None:
        shape_is_sound = not any(problem.is_error for problem in reader.problems)
        reader.problems.extend(validate_bank(bank, document, shape_is_sound))
    diagnostics = sorted(reader.problems, key=_diagnostic_order)
    if any(d.is_error for d in diagnostics):
        return LoadResult(None, diagnostics)
    return LoadResult(bank, diagnostics)


def _diagnostic_order(diagnostic: Diagnostic) -> tuple[int, int]:
    position = diagnostic.position
    return (position.line, position.column) if position else (0, 0)


def read_text_file(path: Path) -> str:
    """Read a text file as UTF-8 (BOM tolerated), raising :class:`InputError` in plain words."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Diagnostic("error", "no such file", str(path))]) from None
    except IsADirectoryError:
        raise InputError([Diagnostic("error", "is a directory, not a file", str(path))]) from None
    except UnicodeDecodeError as error:
        raise InputError([Diagnostic("error", f"not UTF-8 text ({error.reason} at byte "
                                     f"{error.start})", str(path))]) from None
    except OSError as error:
        raise InputError([Diagnostic("error", error.strerror or str(error), str(path))]) from None


def load_bank(path: str | Path) -> LoadResult:
    """Load and validate the bank file at ``path``."""
    path = Path(path)
    try:
        text = read_text_file(path)
    except InputError as error:
        return LoadResult(None, error.diagnostics)
    return load_bank_text(text, str(path))


def require_bank(path: str | Path) -> Bank:
    """Load a bank for use, raising :class:`InputError` with every problem if it has errors."""
    result = load_bank(path)
    if result.bank is None:
        raise InputError(result.errors)
    return result.bank


__all__ = ["END", "LoadResult", "as_text", "load_bank", "load_bank_text", "require_bank"]
