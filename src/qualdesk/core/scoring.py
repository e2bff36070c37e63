"""Score a walk: category sums with caps, rules, knockouts, outcome, quadrant, and why.

Every point is explained: each answer, rule and cap that moved a score is one entry of the
explanation, and the entries always add up to the total, so a caller and a manager can see
exactly why a lead landed where it did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qualdesk.core.answers import answer_label, answer_to_json
from qualdesk.core.model import Bank, Number, Question
from qualdesk.core.walk import Walk


def clean_number(value: Number) -> Number:
    """Show ``12.0`` as ``12``: points are usually whole, and JSON should say so."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return round(value, 6) if isinstance(value, float) else value


@dataclass
class Score:
    """Everything the live score panel, the simulator and the store need from one walk."""

    categories: dict[str, Number]
    total: Number
    outcome: str
    quadrant: str
    knockouts: list[dict[str, Any]] = field(default_factory=list)
    explanation: list[dict[str, Any]] = field(default_factory=list)
    fit_percent: float | None = None
    readiness_percent: float | None = None


def band_context(context: dict[str, Any], value: Any, today: date) -> dict[str, Any]:
    """The names a scoring band or knockout sees: the call's, plus ``value`` and, for dates,
    ``days_from_now``."""
    local = dict(context)
    local["value"] = value
    local["days_from_now"] = (value - today).days if isinstance(value, date) else None
    return local


def answer_points(question: Question, value: Any, context: dict[str, Any],
                  today: date) -> Number:
    """The points ``value`` earns on ``question`` (before any category cap)."""
    kind = question.type
    if kind == "single":
        option = question.option(value)
        return option.points if option else 0
    if kind == "multi":
        return sum((question.option(item).points for item in value if question.option(item)), 0)
    if kind == "yes_no":
        return question.yes_no_points.get(value, 0)
    if question.scoring:
        local = band_context(context, value, today)
        for band in question.scoring:
            if band.when is None or band.when.holds(local):
                return band.points
    return 0


def answer_knockouts(question: Question, value: Any, context: dict[str, Any],
                     today: date) -> list[str]:
    """The knockout reasons ``value`` triggers on ``question``."""
    reasons: list[str] = []
    if question.type == "single":
        option = question.option(value)
        if option and option.knockout:
            reasons.append(option.knockout)
    elif question.type == "multi":
        reasons.extend(option.knockout for item in value
                       if (option := question.option(item)) and option.knockout)
    if question.knockouts:
        local = band_context(context, value, today)
        for check in question.knockouts:
            matches = check.equals == value if check.equals is not None else (
                check.when is not None and check.when.holds(local))
            if matches:
                reasons.append(check.reason)
    return reasons


def outcome_for(bank: Bank, total: Number, knocked_out: bool) -> str:
    """``disqualified`` on any knockout, else the highest threshold the total reaches."""
    if knocked_out:
        return "disqualified"
    for name in ("sales_qualified", "marketing_qualified"):
        threshold = bank.thresholds.get(name)
        if threshold is not None and total >= threshold:
            return name
    return "nurture"


def axis_percent(bank: Bank, categories: dict[str, Number], axis: str) -> float | None:
    """An axis' score as a percent of its categories' maxima; ``None`` when no category
    names the axis (it then counts as met)."""
    members = [c for c in bank.categories.values() if c.axis == axis and c.maximum]
    if not members:
        return None
    maximum = sum(c.maximum for c in members if c.maximum)
    return 100.0 * sum(categories.get(c.id, 0) for c in members) / maximum


def quadrant_for(bank: Bank, categories: dict[str, Number]) -> tuple[str, float | None,
                                                                       float | None]:
    """The fit x readiness quadrant, with the two percents it was read from."""
    fit = axis_percent(bank, categories, "fit")
    readiness = axis_percent(bank, categories, "readiness")
    good_fit = fit is None or fit >= bank.fit_threshold
    ready = readiness is None or readiness >= bank.readiness_threshold
    name = f"{'good' if good_fit else 'poor'}_fit_{'ready' if ready else 'not_ready'}"
    return name, fit, readiness


def score_walk(bank: Bank, walk: Walk, today: date | None = None) -> Score:
    """Score the answers counted on ``walk``."""
    today = today or date.today()
    raw: dict[str, Number] = dict.fromkeys(bank.categories, 0)
    uncategorized: Number = 0
    explanation: list[dict[str, Any]] = []
    knockouts: list[dict[str, Any]] = []
    context = walk.context
    for qid, value in walk.counted.items():
        question = bank.by_id[qid]
        for reason in answer_knockouts(question, value, context, today):
            knockouts.append({"question": qid, "answer": answer_to_json(value),
                              "reason": reason})
        if not question.is_scored:
            continue
        points = answer_points(question, value, context, today)
        explanation.append({
            "question": qid, "answer": answer_to_json(value),
            "label": answer_label(question, value), "category": question.category,
            "points": clean_number(points),
        })
        if question.category is None:
            uncategorized += points
        else:
            raw[question.category] = raw.get(question.category, 0) + points
    for rule in bank.rules:
        if not rule.when.holds(context):
            continue
        if rule.knockout:
            knockouts.append({"rule": rule.index + 1, "reason": rule.knockout})
        if not rule.points:
            continue
        explanation.append({"rule": rule.index + 1, "reason": rule.reason,
                            "category": rule.category, "points": clean_number(rule.points)})
        if rule.category is None:
            uncategorized += rule.points
        else:
            raw[rule.category] = raw.get(rule.category, 0) + rule.points
    categories: dict[str, Number] = {}
    for name, category in bank.categories.items():
        value = raw.get(name, 0)
        if category.maximum is not None and value > category.maximum:
            explanation.append({"category": name, "cap": clean_number(category.maximum),
                                "points": clean_number(category.maximum - value),
                                "reason": f"{category.label} is capped at "
                                          f"{clean_number(category.maximum)}"})
            value = category.maximum
        categories[name] = clean_number(value)
    total = clean_number(sum(categories.values(), 0) + uncategorized)
    quadrant, fit, readiness = quadrant_for(bank, categories)
    return Score(
        categories=categories, total=total,
        outcome=outcome_for(bank, total, bool(knockouts)), quadrant=quadrant,
        knockouts=knockouts, explanation=explanation, fit_percent=fit,
        readiness_percent=readiness,
    )
