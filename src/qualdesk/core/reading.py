"""Shared helpers for reading a bank's YAML tree: key checks, typed values, positions.

Every helper reports a problem at the exact place in the file and returns ``None`` instead of
raising, so one load collects every problem.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from qualdesk.core.diagnostics import Diagnostic
from qualdesk.core.expressions import Expression, ExpressionProblem, Template
from qualdesk.core.model import Number
from qualdesk.core.yamltree import TreePath, YamlDocument

BANK_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_NAMES = frozenset({"lead", "agent", "value", "days_from_now", "none", "true", "false"})

BANK_KEYS = {"bank", "title", "version", "questions"}
BANK_OPTIONAL = {
    "framework", "description", "greeting", "categories", "outcomes", "matrix", "rules",
}
QUESTION_KEYS = {"id", "ask", "type"}
QUESTION_OPTIONAL = {
    "category", "help", "required", "ask_if", "next", "points", "scoring", "options",
    "min", "max", "unit", "knockout",
}
OPTION_KEYS = {"value", "label"}
OPTION_OPTIONAL = {"points", "goto", "end", "knockout"}
CATEGORY_OPTIONAL = {"label", "axis", "max"}
OUTCOME_NAMES = ("sales_qualified", "marketing_qualified")
MATRIX_OPTIONAL = {"fit_threshold", "readiness_threshold"}
RULE_OPTIONAL = {"category", "points", "reason", "knockout"}
AXES = ("fit", "readiness")


def is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and not (isinstance(value, float) and not math.isfinite(value))
    )


def as_text(value: Any) -> str | None:
    """A scalar as the text it spells (``1`` -> ``"1"``); ``None`` for non-scalars.

    Values in a bank are text, but a manager will write ``value: 1``; it means ``"1"``.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return value
    return None


@dataclass
class BankReader:
    """Shared state of one load: the document and the problems found so far."""

    document: YamlDocument
    problems: list[Diagnostic] = field(default_factory=list)

    def error(self, path: TreePath, message: str, question: str | None = None,
              on_key: bool = False) -> None:
        position = self.document.key_at(path) if on_key else self.document.at(path)
        self.problems.append(Diagnostic("error", message, self.document.file, position, question))

    def warning(self, path: TreePath, message: str, question: str | None = None) -> None:
        self.problems.append(
            Diagnostic("warning", message, self.document.file, self.document.at(path), question)
        )

    def keys(self, mapping: dict[str, Any], path: TreePath, required: set[str],
             optional: set[str], what: str, question: str | None = None) -> bool:
        """Report missing and unknown keys; True when every required key is present."""
        complete = True
        for key in sorted(required - mapping.keys()):
            self.error(path, f"{what} is missing the key '{key}'", question)
            complete = False
        for key in mapping:
            if key not in required and key not in optional:
                allowed = ", ".join(sorted(required | optional))
                self.error((*path, key), f"unknown key '{key}' in {what} (allowed: {allowed})",
                           question, on_key=True)
        return complete

    def mapping(self, value: Any, path: TreePath, what: str,
                question: str | None = None) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(path, f"{what} must be a mapping", question)
        return None

    def text(self, value: Any, path: TreePath, what: str, question: str | None = None,
             allow_scalar: bool = False) -> str | None:
        if isinstance(value, str) and value.strip():
            return value
        if allow_scalar and not isinstance(value, str) and as_text(value) is not None:
            return as_text(value)
        self.error(path, f"{what} must be non-empty text", question)
        return None

    def number(self, value: Any, path: TreePath, what: str,
               question: str | None = None) -> Number | None:
        if is_number(value):
            return value
        self.error(path, f"{what} must be a number, not {value!r}", question)
        return None

    def expression(self, value: Any, path: TreePath, what: str,
                   question: str | None = None) -> Expression | None:
        source = value if isinstance(value, str) else as_text(value)
        if source is None:
            self.error(path, f"{what} must be an expression written as text", question)
            return None
        try:
            expression = Expression.parse(source)
        except ExpressionProblem as problem:
            self.error(path, f"{what}: {problem}", question)
            return None
        expression.position = self.document.at(path)
        return expression

    def template(self, value: Any, path: TreePath, what: str,
                 question: str | None = None) -> Template | None:
        source = self.text(value, path, what, question, allow_scalar=True)
        if source is None:
            return None
        try:
            template = Template.parse(source)
        except ExpressionProblem as problem:
            self.error(path, f"{what}: {problem}", question)
            return None
        template.position = self.document.at(path)
        return template


