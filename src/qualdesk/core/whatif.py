"""What-if: past calls rescored under an edited bank, before the edit goes live.

Each past call keeps the answers that counted. Under the new bank they are taken again in
the new script's order (answers to questions it no longer has are dropped; a value it no
longer accepts is dropped and said); the walk then ends, or stops at a required question the
caller never asked. A call whose new script needs an answer it never got is not comparable
and is counted apart, with the reason, rather than guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qualdesk.core.answers import coerce_stored
from qualdesk.core.model import OUTCOMES, Bank, Number
from qualdesk.core.scoring import score_walk
from qualdesk.core.walk import walk

#: How far up the ladder each outcome stands, to say whether a change is up or down.
RANK = {outcome: len(OUTCOMES) - index for index, outcome in enumerate(OUTCOMES)}


@dataclass(frozen=True)
class PastCall:
    """What the store kept of one finished call."""

    call_id: int
    lead_name: str
    answers: Mapping[str, Any]
    lead: Mapping[str, Any]
    agent: str
    day: date
    complete: bool
    outcome: str
    total: Number


@dataclass(frozen=True)
class Rescored:
    """One past call under the new bank."""

    call: PastCall
    outcome: str | None
    total: Number | None
    why_not: str | None = None
    dropped: tuple[str, ...] = ()

    @property
    def comparable(self) -> bool:
        """False when the new script needs an answer the call never got."""
        return self.why_not is None

    @property
    def moved(self) -> bool:
        """True when the outcome changed."""
        return self.comparable and self.outcome != self.call.outcome


def rescore(bank: Bank, call: PastCall) -> Rescored:
    """``call`` walked and scored again under ``bank``."""
    answers, dropped = coerce_stored(bank, call.answers)
    result = walk(bank, answers, lead=call.lead, agent=call.agent, auto_pass=True)
    if result.stop is not None and call.complete:
        return Rescored(call, None, None, f"'{result.stop}' was never asked", tuple(dropped))
    score = score_walk(bank, result, call.day)
    return Rescored(call, score.outcome, score.total, None, tuple(dropped))


@dataclass
class WhatIfReport:
    """The answer to "what would this change do?": counts, moves and examples."""

    calls: int = 0
    comparable: int = 0
    moved: int = 0
    up: int = 0
    down: int = 0
    sales_before: int = 0
    sales_after: int = 0
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str], list[Rescored]] = field(default_factory=dict)
    not_comparable: list[Rescored] = field(default_factory=list)

    @property
    def more_to_sales(self) -> int:
        """How many more (negative: fewer) comparable calls end sales qualified."""
        return self.sales_after - self.sales_before

    def headline(self) -> str:
        """"This change sends 14 more leads to sales" and the rest in one sentence."""
        more = self.more_to_sales
        sales = (f"sends {more} more lead{'s' if more != 1 else ''} to sales" if more > 0 else
                 f"sends {-more} fewer lead{'s' if more != -1 else ''} to sales" if more < 0
                 else "sends as many leads to sales")
        return (f"Of {self.calls} past calls, {self.comparable} can be rescored: this change "
                f"{sales}; {self.moved} change outcome ({self.up} up, {self.down} down)"
                + (f"; {len(self.not_comparable)} cannot be compared (the new script asks "
                   "what they were never asked)" if self.not_comparable else "") + ".")

    def to_json(self) -> dict[str, Any]:
        """For ``qualdesk bank whatif --json``."""
        return {
            "calls": self.calls, "comparable": self.comparable, "moved": self.moved,
            "up": self.up, "down": self.down, "more_to_sales": self.more_to_sales,
            "moves": [{"from": before, "to": after, "calls": count}
                      for (before, after), count in sorted(self.moves.items())],
            "examples": [{"call_id": r.call.call_id, "lead": r.call.lead_name,
                          "from": r.call.outcome, "to": r.outcome,
                          "total_before": r.call.total, "total_after": r.total}
                         for group in self.examples.values() for r in group],
            "not_comparable": [{"call_id": r.call.call_id, "why": r.why_not}
                               for r in self.not_comparable],
            "headline": self.headline(),
        }


def what_if(bank: Bank, calls: Iterable[PastCall], examples: int = 3) -> WhatIfReport:
    """Rescore every call and sum up the moves."""
    report = WhatIfReport()
    for call in calls:
        report.calls += 1
        result = rescore(bank, call)
        if not result.comparable:
            report.not_comparable.append(result)
            continue
        report.comparable += 1
        report.sales_before += call.outcome == "sales_qualified"
        report.sales_after += result.outcome == "sales_qualified"
        if result.moved and result.outcome is not None:
            move = (call.outcome, result.outcome)
            report.moved += 1
            report.moves[move] += 1
            if RANK.get(result.outcome, 0) > RANK.get(call.outcome, 0):
                report.up += 1
            else:
                report.down += 1
            group = report.examples.setdefault(move, [])
            if len(group) < examples:
                group.append(result)
    return report
