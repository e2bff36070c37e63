"""The question bank as the rest of qualdesk sees it: validated, typed, ready to walk.

Instances are only ever made by :mod:`qualdesk.core.loader`, which guarantees the invariants
written on each class (ids resolve, branches go forward, expressions parse), so the engine and
the scorer never re-check them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from qualdesk.core.diagnostics import Position
from qualdesk.core.expressions import Expression, Template

QuestionType = Literal["single", "multi", "yes_no", "number", "scale", "date", "text", "say"]
QUESTION_TYPES: tuple[str, ...] = (
    "single", "multi", "yes_no", "number", "scale", "date", "text", "say",
)
TYPES_WITH_OPTIONS = frozenset({"single", "multi"})
TYPES_WITH_BANDS = frozenset({"number", "scale", "date"})
TYPES_WITH_RANGE = frozenset({"number", "scale", "date"})
Number = int | float

#: Where a branch goes when it ends the script.
END = "__end__"

OUTCOMES: tuple[str, ...] = (
    "sales_qualified", "marketing_qualified", "nurture", "disqualified",
)
QUADRANTS: tuple[str, ...] = (
    "good_fit_ready", "good_fit_not_ready", "poor_fit_ready", "poor_fit_not_ready",
)
#: Outcomes and quadrants in the words callers and managers use on screen and in reports.
OUTCOME_LABELS: dict[str, str] = {
    "sales_qualified": "Sales qualified", "marketing_qualified": "Marketing qualified",
    "nurture": "Nurture", "disqualified": "Disqualified",
}
QUADRANT_LABELS: dict[str, str] = {
    "good_fit_ready": "Good fit, ready", "good_fit_not_ready": "Good fit, not ready",
    "poor_fit_ready": "Poor fit, ready", "poor_fit_not_ready": "Poor fit, not ready",
}


@dataclass
class Option:
    """One choice of a ``single`` or ``multi`` question."""

    value: str
    label: str
    points: Number = 0
    goto: str | None = None
    end: bool = False
    knockout: str | None = None
    goto_position: Position | None = None


@dataclass
class Band:
    """A scoring band: the first band whose ``when`` holds gives its points."""

    points: Number
    when: Expression | None = None


@dataclass
class Branch:
    """One entry of a question's ``next``: go to ``goto`` when ``when`` holds (or always)."""

    goto: str
    when: Expression | None = None
    position: Position | None = None


@dataclass
class KnockoutCheck:
    """A question-level knockout: the answer ``equals`` a value, or ``when`` holds."""

    reason: str
    equals: str | None = None
    when: Expression | None = None


@dataclass
class Question:
    """One step of the script. ``index`` is its place in the file, which orders branches."""

    id: str
    index: int
    ask: Template
    type: str
    position: Position | None = None
    source_index: int = -1
    category: str | None = None
    help: str | None = None
    required: bool = True
    ask_if: Expression | None = None
    next: list[Branch] = field(default_factory=list)
    yes_no_points: dict[str, Number] = field(default_factory=dict)
    scoring: list[Band] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    minimum: Number | str | None = None
    maximum: Number | str | None = None
    unit: str | None = None
    knockouts: list[KnockoutCheck] = field(default_factory=list)

    def option(self, value: str) -> Option | None:
        """The option whose value is ``value``, if any."""
        for option in self.options:
            if option.value == value:
                return option
        return None

    @property
    def takes_answer(self) -> bool:
        """False only for ``say`` lines, which are read and acknowledged."""
        return self.type != "say"

    @property
    def is_scored(self) -> bool:
        """True when an answer to this question can carry points."""
        return self.type not in ("text", "say")


@dataclass
class Category:
    """A scoring dimension; ``axis`` places it on the fit x readiness matrix."""

    id: str
    label: str
    axis: str | None = None
    maximum: Number | None = None


@dataclass
class Rule:
    """A bank-wide adjustment: points to a category (or the total) when ``when`` holds."""

    index: int
    when: Expression
    points: Number = 0
    category: str | None = None
    reason: str = ""
    knockout: str | None = None


@dataclass
class Bank:
    """A whole validated question bank."""

    id: str
    title: str
    version: int
    questions: list[Question]
    file: str = "<bank>"
    text: str = ""
    framework: str | None = None
    description: str | None = None
    greeting: Template | None = None
    categories: dict[str, Category] = field(default_factory=dict)
    thresholds: dict[str, Number] = field(default_factory=dict)
    fit_threshold: Number = 50
    readiness_threshold: Number = 50
    rules: list[Rule] = field(default_factory=list)
    by_id: dict[str, Question] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.by_id:
            self.by_id = {question.id: question for question in self.questions}

    @property
    def content_hash(self) -> str:
        """SHA-256 of the bank's text: the store keeps it so every call knows its exact bank."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def following(self, question: Question) -> str:
        """The id of the question after ``question`` in the file, or :data:`END`."""
        if question.index + 1 < len(self.questions):
            return self.questions[question.index + 1].id
        return END

    @property
    def first(self) -> str:
        """Where every script starts."""
        return self.questions[0].id if self.questions else END
