"""Marketing's report: activity, outcomes, the fit x readiness matrix and what it means, score
distributions, knockout reasons, each question's answers, skips and drop-offs, callbacks per
agent, and a breakdown by campaign, source, agent, bank version or script variant.

One pass over the calls (streamed) fills plain counters; every figure is then derived from
those, so the JSON, the Markdown, the HTML and the console's reports screen agree to the digit.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from qualdesk.core.answers import answer_label, coerce_stored
from qualdesk.core.model import OUTCOME_LABELS, OUTCOMES, QUADRANT_LABELS, QUADRANTS, Bank
from qualdesk.core.scoring import score_walk
from qualdesk.core.walk import walk
from qualdesk.store.database import Store
from qualdesk.store.reporting import ReportCall, ReportFilter, ReportSource, pending_callbacks

GROUPS = ("campaign", "source", "agent", "bank", "variant")
#: A quadrant holding at least this share of the contacts is "many" for the advice.
MANY = 0.4
ADVICE = {
    "poor_fit": "Many contacts are a poor fit: review the qualification criteria or where the "
                "leads come from (the lead generation).",
    "good_fit_not_ready": "Many good-fit contacts are not ready to buy: they need a nurture "
                          "plan, not another call.",
    "poor_fit_not_ready": "Many contacts are neither a fit nor ready: the campaign itself is "
                          "off target.",
}


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class _Tally:
    """Counters for one group of calls."""

    attempts: int = 0
    contacts: int = 0
    refusals: int = 0
    leads: set[int] = field(default_factory=set)
    outcomes: Counter[str] = field(default_factory=Counter)
    talk: list[float] = field(default_factory=list)

    def add(self, call: ReportCall) -> None:
        self.attempts += 1
        self.leads.add(call.lead_id)
        if call.contacted:
            self.contacts += 1
            if call.outcome:
                self.outcomes[call.outcome] += 1
            if call.talk_seconds is not None:
                self.talk.append(call.talk_seconds)
        if call.aapor_class == "refusal":
            self.refusals += 1

    def activity(self) -> dict[str, Any]:
        return {"attempts": self.attempts, "leads": len(self.leads), "contacts": self.contacts,
                "contact_rate": _rate(self.contacts, self.attempts),
                "refusals": self.refusals, "refusal_rate": _rate(self.refusals, self.contacts),
                "calls_per_lead": round(self.attempts / len(self.leads), 2)
                if self.leads else None,
                "average_talk_seconds": round(statistics.fmean(self.talk), 1)
                if self.talk else None}

    def outcome_rates(self) -> dict[str, dict[str, Any]]:
        return {outcome: {"label": OUTCOME_LABELS[outcome], "calls": self.outcomes[outcome],
                          "rate_per_contact": _rate(self.outcomes[outcome], self.contacts)}
                for outcome in OUTCOMES}


def _histogram(values: list[float], low: float, high: float, bins: int) -> list[dict[str, Any]]:
    width = (high - low) / bins if high > low else 1
    counts = [0] * bins
    for value in values:
        index = min(int((value - low) // width), bins - 1) if value >= low else 0
        counts[index] += 1
    return [{"from": round(low + i * width, 2), "to": round(low + (i + 1) * width, 2),
             "calls": count} for i, count in enumerate(counts)]


def _distribution(values: list[float], low: float, high: float, bins: int) -> dict[str, Any]:
    return {"calls": len(values),
            "mean": round(statistics.fmean(values), 2) if values else None,
            "median": statistics.median(values) if values else None,
            "histogram": _histogram(values, low, high, bins)}


def _knockouts(bank: Bank | None, call: ReportCall) -> list[str]:
    """The knockout reasons of a disqualified call (the call keeps the outcome, not why)."""
    if bank is None:
        return []
    answers, _refused = coerce_stored(bank, call.answers)
    result = walk(bank, answers, auto_pass=True)
    return [str(k["reason"]) for k in score_walk(bank, result).knockouts]


def _group_key(call: ReportCall, by: str) -> str:
    value = {"campaign": call.campaign, "source": call.source, "agent": call.agent,
             "bank": call.bank, "variant": call.variant}[by]
    return value or "(none)"


def build_report(store: Store, where: ReportFilter, now: datetime,
                 by: str | None = None) -> dict[str, Any]:
    """The whole report as plain data (what ``--format json`` prints)."""
    if by is not None and by not in GROUPS:
        raise ValueError(f"--by must be one of {', '.join(GROUPS)}")
    source = ReportSource(store, where)
    whole = _Tally()
    groups: dict[str, _Tally] = defaultdict(_Tally)
    quadrants: Counter[str] = Counter()
    totals: list[float] = []
    category_scores: dict[str, list[float]] = defaultdict(list)
    knockouts: Counter[str] = Counter()
    answers: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    ended_after: Counter[tuple[str, str]] = Counter()
    question_text: dict[tuple[str, str], str] = {}
    for call in source.calls():
        whole.add(call)
        if by is not None:
            groups[_group_key(call, by)].add(call)
        if not call.contacted:
            continue
        bank = source.banks.get(call.bank_version_id)
        bank_id = bank.id if bank else call.bank
        if call.quadrant:
            quadrants[call.quadrant] += 1
        if call.total is not None:
            totals.append(call.total)
        for name, value in call.categories.items():
            category_scores[name].append(value)
        if call.outcome == "disqualified":
            knockouts.update(_knockouts(bank, call))
        for qid, value in call.answers.items():
            question = bank.by_id.get(qid) if bank else None
            key = (bank_id, qid)
            if question is not None:
                question_text.setdefault(key, question.ask.source)
            items = value if isinstance(value, list) else [value]
            for item in items:
                answers[key][answer_label(question, item) if question else str(item)] += 1
        if not call.complete:
            last = next(reversed(call.answers), None) if call.answers else None
            ended_after[(bank_id, last or "(before the first question)")] += 1
    contacts = whole.contacts
    matrix = {quadrant: quadrants[quadrant] for quadrant in QUADRANTS}
    advice = []
    if contacts:
        poor = matrix["poor_fit_ready"] + matrix["poor_fit_not_ready"]
        if poor / contacts >= MANY:
            advice.append(ADVICE["poor_fit"])
        if matrix["good_fit_not_ready"] / contacts >= MANY:
            advice.append(ADVICE["good_fit_not_ready"])
        if matrix["poor_fit_not_ready"] / contacts >= MANY:
            advice.append(ADVICE["poor_fit_not_ready"])
    maxima = {name: category.maximum for bank in source.banks.values()
              for name, category in bank.categories.items() if category.maximum}
    skips = source.skips()
    with store.session() as session:
        callbacks = pending_callbacks(session, now, source.campaign_id)
    return {
        "generated_at": now.isoformat(), "filters": where.to_json(),
        "activity": whole.activity(),
        "outcomes": whole.outcome_rates(),
        "matrix": {"counts": matrix, "labels": {q: QUADRANT_LABELS[q] for q in QUADRANTS},
                   "advice": advice},
        "scores": {
            "total": _distribution(totals, 0, max([100.0, *totals]), 10),
            "categories": {name: _distribution(values, 0, float(maxima.get(name, 0) or max(
                values, default=0) or 1), 5) for name, values in sorted(
                category_scores.items())}},
        "knockouts": [{"reason": reason, "calls": count}
                      for reason, count in knockouts.most_common()],
        "questions": [{"bank": bank_id, "question": qid,
                       "text": question_text.get((bank_id, qid), ""),
                       "answers": [{"answer": label, "calls": count}
                                   for label, count in counter.most_common()],
                       "skipped": skips.get(qid, 0),
                       "ended_here": ended_after.get((bank_id, qid), 0)}
                      for (bank_id, qid), counter in sorted(answers.items())],
        "ended_before_answering": sum(count for (_, qid), count in ended_after.items()
                                      if qid == "(before the first question)"),
        "callbacks": [{"agent": agent, "due": due, "overdue": overdue}
                      for agent, (due, overdue) in sorted(callbacks.items())],
        "breakdown": None if by is None else {
            "by": by, "rows": [{"group": name, **tally.activity(),
                                **{outcome: tally.outcomes[outcome] for outcome in OUTCOMES},
                                "sales_qualified_rate": _rate(
                                    tally.outcomes["sales_qualified"], tally.contacts)}
                               for name, tally in sorted(groups.items())]},
    }


def percent(rate: float | None) -> str:
    """A rate as people read it: ``0.125`` -> ``12.5%``, none -> an en dash."""
    return "–" if rate is None else f"{rate * 100:.1f}%"


def _with_bars(rows: list[dict[str, Any]], key: str = "calls", width: int = 30) -> None:
    """Give each row a text bar and a pixel width proportional to ``key`` (for both outputs)."""
    top = max((row[key] for row in rows), default=0) or 1
    for row in rows:
        row["bar"] = "█" * round(width * row[key] / top)
        row["px"] = round(300 * row[key] / top)


def render_report(report: dict[str, Any], fmt: str = "md") -> str:
    """The report as Markdown or HTML (self-contained: inline SVG charts, no network), or
    JSON."""
    import copy
    import json

    from qualdesk.outputs.handoff import render

    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if fmt not in ("md", "html"):
        raise ValueError("format must be one of md, html, json")
    data = copy.deepcopy(report)
    outcome_rows = [{"label": row["label"], "calls": row["calls"],
                     "rate": percent(row["rate_per_contact"])}
                    for row in data["outcomes"].values()]
    _with_bars(outcome_rows)
    matrix_rows = [{"label": data["matrix"]["labels"][q], "calls": n}
                   for q, n in data["matrix"]["counts"].items()]
    _with_bars(matrix_rows)
    histograms = [("Total", data["scores"]["total"])] + [
        (name, dist) for name, dist in data["scores"]["categories"].items()]
    for _, distribution in histograms:
        _with_bars(distribution["histogram"])
    for question in data["questions"]:
        _with_bars(question["answers"], width=20)
    _with_bars(data["knockouts"])
    activity = dict(data["activity"])
    for name in ("contact_rate", "refusal_rate"):
        activity[name] = percent(activity[name])
    breakdown = data["breakdown"]
    if breakdown:
        for row in breakdown["rows"]:
            row["contact_rate"] = percent(row["contact_rate"])
            row["sales_qualified_rate"] = percent(row["sales_qualified_rate"])
    return render(f"report.{fmt}.j2", {
        "report": data, "activity": activity, "outcomes": outcome_rows, "matrix": matrix_rows,
        "histograms": histograms, "filters": data["filters"], "breakdown": breakdown,
        "outcome_labels": OUTCOME_LABELS})
