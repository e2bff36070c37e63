"""What changed between two versions of a bank, in words a sales manager reads.

Not a text diff: "question 'budget_amount' added", "role: option 'decides' points 25 → 20",
"sales qualified threshold 65 → 70". Each change says whether it can move a lead's score
(``scoring`` True), so a manager sees at a glance which edits need a what-if before they go
live and which only reword.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qualdesk.core.model import OUTCOME_LABELS, Bank, Question
from qualdesk.core.rename import rename_names
from qualdesk.core.scoring import clean_number


@dataclass(frozen=True)
class Change:
    """One difference: where (``question`` or ``None`` for the bank), and what, in words."""

    kind: str  # added | removed | changed
    question: str | None
    words: str
    scoring: bool

    def to_json(self) -> dict[str, Any]:
        """For ``qualdesk bank diff --json``."""
        return {"kind": self.kind, "question": self.question, "change": self.words,
                "scoring": self.scoring}


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return str(clean_number(value))
    return str(value)


def _source(value: Any) -> str | None:
    return None if value is None else value.source


def _renamed(source: str | None, renames: dict[str, str], template: bool = False) -> str | None:
    """An old bank's expression or template as it reads after the renames."""
    if source is None:
        return None
    for old, new in renames.items():
        source = rename_names(source, old, new, template=template)
    return source


def find_renames(old: Bank, new: Bank) -> dict[str, str]:
    """Questions that only changed id: gone from ``old``, new in ``new``, same type and
    wording. Such a pair is one rename, not a removal and an addition."""
    gone = [q for q in old.questions if q.id not in new.by_id]
    came = [q for q in new.questions if q.id not in old.by_id]
    renames: dict[str, str] = {}
    for before in gone:
        for after in came:
            if after.id not in renames.values() and (before.type, before.ask.source) == (
                    after.type, after.ask.source):
                renames[before.id] = after.id
                break
    return renames


def _arrow(what: str, before: Any, after: Any) -> str:
    return f"{what} {_show(before)} → {_show(after)}"


def diff_banks(old: Bank, new: Bank) -> list[Change]:
    """Every difference from ``old`` to ``new``, bank-wide first, then question by question
    in the new file's order, then the rules."""
    changes: list[Change] = []

    def add(kind: str, question: str | None, words: str, scoring: bool) -> None:
        changes.append(Change(kind, question, words, scoring))

    if old.title != new.title:
        add("changed", None, _arrow("title", repr(old.title), repr(new.title)), False)
    for name in new.categories.keys() - old.categories.keys():
        add("added", None, f"category '{name}' added", True)
    for name in old.categories.keys() - new.categories.keys():
        add("removed", None, f"category '{name}' removed", True)
    for name in new.categories.keys() & old.categories.keys():
        before, after = old.categories[name], new.categories[name]
        if before.maximum != after.maximum:
            add("changed", None, _arrow(f"category '{name}' max", before.maximum,
                                        after.maximum), True)
        if before.axis != after.axis:
            add("changed", None, _arrow(f"category '{name}' axis", before.axis, after.axis),
                True)
    for outcome in sorted(old.thresholds.keys() | new.thresholds.keys()):
        before, after = old.thresholds.get(outcome), new.thresholds.get(outcome)
        if before != after:
            label = OUTCOME_LABELS.get(outcome, outcome).lower()
            add("changed", None, _arrow(f"{label} threshold", before, after), True)
    for axis in ("fit_threshold", "readiness_threshold"):
        if getattr(old, axis) != getattr(new, axis):
            add("changed", None, _arrow(axis.replace("_", " "), getattr(old, axis),
                                        getattr(new, axis)), True)
    renames = find_renames(old, new)
    back = {new_id: old_id for old_id, new_id in renames.items()}
    for old_id, new_id in renames.items():
        add("changed", new_id, f"question '{old_id}' renamed to '{new_id}'", False)
    for question in new.questions:
        if question.id in back:
            changes.extend(_question_changes(old.by_id[back[question.id]], question, renames))
        elif question.id not in old.by_id:
            add("added", question.id, f"question '{question.id}' added ({question.type}, "
                f"after '{new.questions[question.index - 1].id}')" if question.index else
                f"question '{question.id}' added ({question.type}, first)", question.is_scored)
        else:
            changes.extend(_question_changes(old.by_id[question.id], question, renames))
    for question in old.questions:
        if question.id not in new.by_id and question.id not in renames:
            add("removed", question.id, f"question '{question.id}' removed",
                question.is_scored)
    changes.extend(_rule_changes(old, new, renames))
    return changes


def _question_changes(old: Question, new: Question, renames: dict[str, str]) -> list[Change]:
    qid = new.id
    found: list[Change] = []

    def add(words: str, scoring: bool, kind: str = "changed") -> None:
        found.append(Change(kind, qid, f"{qid}: {words}", scoring))

    if old.type != new.type:
        add(_arrow("type", old.type, new.type), True)
    if _renamed(old.ask.source, renames, template=True) != new.ask.source:
        add("wording changed", False)
    if old.help != new.help:
        add("help changed", False)
    if old.category != new.category:
        add(_arrow("category", old.category, new.category), True)
    if old.required != new.required:
        add(_arrow("required", old.required, new.required), False)
    if _renamed(_source(old.ask_if), renames) != _source(new.ask_if):
        add(_arrow("asked if", _source(old.ask_if), _source(new.ask_if)), True)
    before_next = [(renames.get(b.goto, b.goto), _renamed(_source(b.when), renames))
                   for b in old.next]
    after_next = [(b.goto, _source(b.when)) for b in new.next]
    if before_next != after_next:
        add("where it goes next changed", True)
    for bound in ("minimum", "maximum"):
        if getattr(old, bound) != getattr(new, bound):
            add(_arrow(bound[:3], getattr(old, bound), getattr(new, bound)), True)
    if old.yes_no_points != new.yes_no_points:
        for answer in ("yes", "no"):
            before, after = old.yes_no_points.get(answer, 0), new.yes_no_points.get(answer, 0)
            if before != after:
                add(_arrow(f"'{answer}' points", before, after), True)
    old_bands = [(band.points, _renamed(_source(band.when), renames)) for band in old.scoring]
    new_bands = [(band.points, _source(band.when)) for band in new.scoring]
    if old_bands != new_bands:
        add("scoring bands changed: " + ", ".join(
            f"{_show(points)} if {when or 'otherwise'}" for points, when in new_bands), True)
    old_knockouts = [(k.reason, k.equals, _renamed(_source(k.when), renames))
                     for k in old.knockouts]
    new_knockouts = [(k.reason, k.equals, _source(k.when)) for k in new.knockouts]
    if old_knockouts != new_knockouts:
        add("knockouts changed", True)
    old_options = {option.value: option for option in old.options}
    for option in new.options:
        before = old_options.get(option.value)
        if before is None:
            add(f"option '{option.value}' added ({_show(option.points)} points)", True)
            continue
        if before.label != option.label:
            add(f"option '{option.value}' label {before.label!r} → {option.label!r}", False)
        if before.points != option.points:
            add(_arrow(f"option '{option.value}' points", before.points, option.points), True)
        if (renames.get(before.goto or "", before.goto), before.end) != (option.goto,
                                                                        option.end):
            add(f"option '{option.value}' now " + (
                "ends the script" if option.end else f"goes to {option.goto or 'the next'}"),
                True)
        if before.knockout != option.knockout:
            add(_arrow(f"option '{option.value}' knockout", before.knockout, option.knockout),
                True)
    for value in old_options.keys() - {option.value for option in new.options}:
        add(f"option '{value}' removed", True)
    return found


def _rule_changes(old: Bank, new: Bank, renames: dict[str, str]) -> list[Change]:
    found: list[Change] = []
    for number in range(max(len(old.rules), len(new.rules))):
        before = old.rules[number] if number < len(old.rules) else None
        after = new.rules[number] if number < len(new.rules) else None
        label = f"rule {number + 1}"
        if before is None and after is not None:
            found.append(Change("added", None, f"{label} added: {after.when.source} → "
                                f"{_show(after.points)} points", True))
        elif after is None and before is not None:
            found.append(Change("removed", None, f"{label} removed ({before.when.source})",
                                True))
        elif before is not None and after is not None:
            if _renamed(before.when.source, renames) != after.when.source:
                found.append(Change("changed", None, _arrow(f"{label} condition",
                                                            before.when.source,
                                                            after.when.source), True))
            if (before.points, before.category) != (after.points, after.category):
                found.append(Change("changed", None, _arrow(f"{label} points", before.points,
                                                            after.points), True))
            if before.knockout != after.knockout:
                found.append(Change("changed", None, _arrow(f"{label} knockout",
                                                            before.knockout, after.knockout),
                                    True))
    return found
