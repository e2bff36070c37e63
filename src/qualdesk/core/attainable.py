"""The best total a lead can still reach: dynamic programming over the rest of the bank.

Category caps make "best total" more than a longest-path problem: two paths that are each best
for a different category cannot both be taken. So each question keeps the Pareto set of
per-category gain vectors reachable from it (a vector that is no better anywhere is dropped),
with gains clipped at each category's remaining headroom (points past a cap are worth nothing,
which keeps the sets tiny). The pass visits each question ahead once, in reverse file order,
which is a reverse topological order because branches only go forward.

Where the outcome of a condition is not known yet (an ``ask_if`` or ``next`` that names a
question still ahead, a ``when`` on a value not yet given) every branch is taken as possible,
and a rule that still depends on a question ahead counts at its best. The result is therefore
never below what the lead can really reach, and equal to it for every bank whose Pareto sets
stay under :data:`FRONTIER_LIMIT`; above that, the surplus is merged into one vector that
dominates it, which keeps the bound sound and the cost linear.

Negative points need care: a sum clipped at the cap could be pulled back under it by a negative
answer earlier on the path, so the clip leaves room for the most the questions ahead could
still take away.
"""

from __future__ import annotations

import operator
from datetime import date
from typing import Any

from qualdesk.core.graph import BankGraph
from qualdesk.core.model import END, Bank, Number, Question
from qualdesk.core.scoring import Score, clean_number
from qualdesk.core.walk import Walk

FRONTIER_LIMIT = 24
_CALL_NAMES = frozenset({"lead", "agent"})

Vector = tuple[Number, ...]


class _Planner:
    """One max-attainable computation from a given point of a call."""

    def __init__(self, bank: Bank, graph: BankGraph, walk: Walk, score: Score,
                 lead_known: bool) -> None:
        self.bank = bank
        self.walk = walk
        self.context = walk.context
        self.ahead = graph.reachable_from([walk.stop]) if walk.stop else set()
        self.unknown = set(self.ahead) if lead_known else self.ahead | _CALL_NAMES
        for qid in sorted(self.ahead, key=lambda name: bank.by_id[name].index):
            condition = bank.by_id[qid].ask_if
            if (condition is not None and self._decided(condition.names)
                    and not condition.holds(self.context)):
                self.unknown.discard(qid)
        capped = [c for c in bank.categories.values() if c.maximum is not None]
        self.dimension = {c.id: index for index, c in enumerate(capped)}
        self.total_dimension = len(capped)
        self.caps = [c.maximum for c in capped]
        self.base: list[Number] = [0] * (len(capped) + 1)
        for entry in score.explanation:
            if "question" in entry:
                self._add(self.base, entry["category"], entry["points"])
        for rule in bank.rules:
            if not rule.points:
                continue
            if rule.when.names & self.unknown:
                if rule.points > 0:
                    self._add(self.base, rule.category, rule.points)
            elif rule.when.holds(self.context):
                self._add(self.base, rule.category, rule.points)
        # Points past a cap are worth nothing, so gains are clipped at the headroom, plus the
        # most that questions still ahead could take away again: a negative answer earlier on
        # the path can bring a clipped sum back under the cap.
        losses = [0] * len(self.caps)
        for qid in self.ahead:
            question = bank.by_id[qid]
            index = self.dimension.get(question.category) if question.category else None
            if index is not None:
                losses[index] -= min(self._worst_answer(question), 0)
        self.headroom = [cap - self.base[i] + losses[i] for i, cap in enumerate(self.caps)]
        self.clip_limits = (*self.headroom, float("inf"))

    def _add(self, vector: list[Number], category: str | None, points: Number) -> None:
        index = self.dimension.get(category, self.total_dimension) if category else (
            self.total_dimension)
        vector[index] += points

    def _decided(self, names: frozenset[str]) -> bool:
        return not (names & self.unknown)

    def _targets(self, question: Question, value: Any, value_known: bool) -> list[str]:
        if not question.next:
            return [self.bank.following(question)]
        targets: list[str] = []
        local = dict(self.context)
        local[question.id] = value if value_known else None
        for branch in question.next:
            if branch.when is None:
                targets.append(branch.goto)
                break
            own_unknown = question.id in branch.when.names and not value_known
            if own_unknown or not self._decided(branch.when.names - {question.id}):
                targets.append(branch.goto)
            elif branch.when.holds(local):
                targets.append(branch.goto)
                break
        return targets

    def _alternatives(self, question: Question) -> list[tuple[Number, tuple[str, ...]]]:
        """Each way through ``question``: the points it may earn and where it may lead."""
        alternatives: list[tuple[Number, tuple[str, ...]]] = []
        skippable = not question.required
        if question.ask_if is not None:
            if not self._decided(question.ask_if.names):
                skippable = True
            elif not question.ask_if.holds(self.context):
                return [(0, tuple(self._targets(question, None, True)))]
        if question.type == "single":
            for option in question.options:
                if option.end:
                    targets: tuple[str, ...] = (END,)
                elif option.goto:
                    targets = (option.goto,)
                else:
                    targets = tuple(self._targets(question, option.value, True))
                alternatives.append((option.points, targets))
        elif question.type == "yes_no":
            for answer in ("yes", "no"):
                points = question.yes_no_points.get(answer, 0)
                alternatives.append((points, tuple(self._targets(question, answer, True))))
        else:
            alternatives.append((self._best_free_answer(question),
                                 tuple(self._targets(question, None, False))))
        if skippable:
            alternatives.append((0, tuple(self._targets(question, None, True))))
        return alternatives

    @staticmethod
    def _worst_answer(question: Question) -> Number:
        """The fewest points any answer to ``question`` can earn (a loss when negative)."""
        if question.type == "single":
            return min((o.points for o in question.options), default=0)
        if question.type == "multi":
            return sum((o.points for o in question.options if o.points < 0), 0)
        if question.type == "yes_no":
            return min(question.yes_no_points.get("yes", 0), question.yes_no_points.get("no", 0))
        return min((band.points for band in question.scoring), default=0)

    @staticmethod
    def _best_free_answer(question: Question) -> Number:
        if question.type == "multi":
            return sum((o.points for o in question.options if o.points > 0), 0)
        if not question.scoring:
            return 0
        reachable: list[Number] = []
        for band in question.scoring:
            reachable.append(band.points)
            if band.when is None:
                break
        else:
            reachable.append(0)
        return max(reachable)

    def _clip(self, vector: list[Number]) -> Vector:
        return tuple(map(min, vector, self.clip_limits))

    @staticmethod
    def _prune(candidates: set[Vector]) -> list[Vector]:
        if len(candidates) == 1:
            return list(candidates)
        ordered = sorted(candidates, key=sum, reverse=True)
        kept: list[Vector] = []
        greater_or_equal = operator.ge
        for candidate in ordered:
            for other in kept:
                if all(map(greater_or_equal, other, candidate)):
                    break
            else:
                kept.append(candidate)
        if len(kept) > FRONTIER_LIMIT:
            surplus = kept[FRONTIER_LIMIT - 1:]
            merged = tuple(max(column) for column in zip(*surplus, strict=True))
            kept = [*kept[:FRONTIER_LIMIT - 1], merged]
        return kept

    def best(self) -> Number:
        """The best capped total from the walk's stop to the end of the script."""
        zero: Vector = (0,) * (self.total_dimension + 1)
        frontiers: dict[str, list[Vector]] = {END: [zero]}
        ordered = sorted(self.ahead, key=lambda qid: self.bank.by_id[qid].index, reverse=True)
        for qid in ordered:
            question = self.bank.by_id[qid]
            index = (self.dimension.get(question.category, self.total_dimension)
                     if question.category else self.total_dimension)
            best_by_targets: dict[tuple[str, ...], Number] = {}
            for points, targets in self._alternatives(question):
                if targets not in best_by_targets or points > best_by_targets[targets]:
                    best_by_targets[targets] = points
            candidates: set[Vector] = set()
            for targets, points in best_by_targets.items():
                for target in targets:
                    for vector in frontiers.get(target, ()):
                        grown = list(vector)
                        grown[index] += points
                        candidates.add(self._clip(grown))
            frontiers[qid] = self._prune(candidates) if candidates else [zero]
        best: Number | None = None
        for vector in frontiers.get(self.walk.stop or END, [zero]):
            total = sum(min(cap, self.base[i] + vector[i]) for i, cap in enumerate(self.caps))
            total += self.base[self.total_dimension] + vector[self.total_dimension]
            best = total if best is None else max(best, total)
        return clean_number(best if best is not None else 0)


def max_attainable(bank: Bank, graph: BankGraph, walk: Walk, score: Score,
                   lead_known: bool = True) -> Number:
    """The highest total still reachable from where ``walk`` stands.

    ``lead_known=False`` treats conditions on ``lead`` and ``agent`` as open, for judging a
    bank in general (the validator's "threshold no path can reach").
    """
    if walk.stop is None:
        return score.total
    return _Planner(bank, graph, walk, score, lead_known).best()


def best_total(bank: Bank, graph: BankGraph, today: date | None = None) -> Number:
    """The bank's best total before any answer: what a perfect lead could score."""
    from qualdesk.core.scoring import score_walk
    from qualdesk.core.walk import base_context

    start = Walk(stop=bank.first if bank.questions else None, context=base_context(None, None))
    return max_attainable(bank, graph, start, score_walk(bank, start, today), lead_known=False)


__all__ = ["FRONTIER_LIMIT", "best_total", "max_attainable"]
