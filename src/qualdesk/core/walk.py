"""Walk a bank with a set of answers: which questions are on the path, and where it stops.

The path is always recomputed from the first question, never patched: that is what makes
"changing an earlier answer recomputes the path from that question on" true by construction,
and it costs one pass over the path.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from qualdesk.core.model import END, Bank, Question


@dataclass
class Walk:
    """The result of walking a bank.

    ``path`` lists every question presented and passed, ``say`` lines included; ``counted``
    holds the answers on the path (the only ones that score); ``stop`` is the question
    waiting for an answer, or ``None`` when the script has ended.
    """

    path: list[str] = field(default_factory=list)
    counted: dict[str, Any] = field(default_factory=dict)
    stop: str | None = None
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """True when the script has ended."""
        return self.stop is None


def base_context(lead: Mapping[str, Any] | None, agent: str | None) -> dict[str, Any]:
    """The names every expression and template sees besides the answers."""
    return {"lead": dict(lead or {}), "agent": agent or ""}


def next_question(bank: Bank, question: Question, value: Any, context: dict[str, Any]) -> str:
    """Where the script goes after ``question`` answered with ``value`` (``None``: blank).

    In order: the chosen option's ``goto`` (or ``end``), the question's ``next``, the question
    after it in the file.
    """
    if question.type == "single" and value is not None:
        option = question.option(value)
        if option is not None:
            if option.end:
                return END
            if option.goto:
                return option.goto
    for branch in question.next:
        if branch.when is None or branch.when.holds(context):
            return branch.goto
    return bank.following(question)


def walk(bank: Bank, answers: Mapping[str, Any], passed: Collection[str] = (), *,
         lead: Mapping[str, Any] | None = None, agent: str | None = None,
         auto_pass: bool = False) -> Walk:
    """Walk ``bank`` from its first question with ``answers`` (already coerced).

    ``passed`` names optional questions the caller skipped and ``say`` lines they read.
    With ``auto_pass`` (the simulator's rule) every ``say`` line and unanswered optional
    question is passed without stopping; the walk then stops only at a required question
    with no answer.
    """
    result = Walk(context=base_context(lead, agent))
    context = result.context
    current = bank.first
    while current != END:
        question = bank.by_id[current]
        if question.ask_if is not None and not question.ask_if.holds(context):
            current = next_question(bank, question, None, context)
            continue
        if question.id in answers and question.takes_answer:
            value = answers[question.id]
            result.path.append(question.id)
            result.counted[question.id] = value
            context[question.id] = value
            current = next_question(bank, question, value, context)
            continue
        if not question.required and (auto_pass or question.id in passed):
            result.path.append(question.id)
            current = next_question(bank, question, None, context)
            continue
        result.stop = question.id
        break
    return result
