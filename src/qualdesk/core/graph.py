"""The bank as a graph: which questions can follow which, and which must come before which.

Branches only go forward in the file, so the file order is a topological order and every
computation here is a single pass over it: reachability, and immediate dominators (the
Cooper-Harvey-Kennedy intersection, which on a DAG in topological order needs no iteration).
"Question A dominates B" is the spec's "A comes earlier on every path to B", which decides
which answers an expression may name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from qualdesk.core.model import END, Bank, Question


def default_targets(bank: Bank, question: Question) -> list[str]:
    """Where the script may go when no option's ``goto``/``end`` applies."""
    if question.next:
        return [branch.goto for branch in question.next]
    return [bank.following(question)]


def successors(bank: Bank, question: Question) -> list[str]:
    """Every question (or :data:`END`) that may come straight after ``question``.

    Ids that do not resolve, or that point backwards, are left out: the validator reports them.
    """
    targets: list[str] = []
    uses_default = question.type != "single" or question.ask_if is not None or (
        not question.required
    )
    if question.type == "single":
        for option in question.options:
            if option.end:
                targets.append(END)
            elif option.goto:
                targets.append(option.goto)
            else:
                uses_default = True
    if uses_default:
        targets.extend(default_targets(bank, question))
    result: list[str] = []
    for target in targets:
        forward = target == END or _is_forward(bank, question, target)
        if forward and target not in result:
            result.append(target)
    return result


def _is_forward(bank: Bank, question: Question, target: str) -> bool:
    other = bank.by_id.get(target)
    return other is not None and other.index > question.index


@dataclass
class BankGraph:
    """Successors, predecessors and dominators of every question, computed once per bank."""

    bank: Bank
    successors: dict[str, list[str]] = field(default_factory=dict)
    predecessors: dict[str, list[str]] = field(default_factory=dict)
    reachable: set[str] = field(default_factory=set)
    immediate_dominator: dict[str, str] = field(default_factory=dict)
    _entered: dict[str, int] = field(default_factory=dict)
    _left: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, bank: Bank) -> BankGraph:
        """Build the graph of ``bank`` in one forward pass."""
        graph = cls(bank)
        for question in bank.questions:
            graph.successors[question.id] = successors(bank, question)
            graph.predecessors.setdefault(question.id, [])
        for source, targets in graph.successors.items():
            for target in targets:
                if target != END:
                    graph.predecessors[target].append(source)
        graph.reachable = graph.reachable_from([bank.first])
        graph._compute_dominators()
        return graph

    def reachable_from(self, starts: Iterable[str]) -> set[str]:
        """Every question reachable from ``starts``, the starts included."""
        seen: set[str] = set()
        stack = [start for start in starts if start != END]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(t for t in self.successors.get(node, ()) if t != END and t not in seen)
        return seen

    def _compute_dominators(self) -> None:
        index = {q.id: q.index for q in self.bank.questions}
        first = self.bank.first
        idom = self.immediate_dominator
        if first == END:
            return
        idom[first] = first
        for question in self.bank.questions[1:]:
            node = question.id
            if node not in self.reachable:
                continue
            candidate: str | None = None
            for predecessor in self.predecessors[node]:
                if predecessor not in idom:
                    continue
                if candidate is None:
                    candidate = predecessor
                    continue
                left, right = predecessor, candidate
                while left != right:
                    while index[left] > index[right]:
                        left = idom[left]
                    while index[right] > index[left]:
                        right = idom[right]
                candidate = left
            if candidate is not None:
                idom[node] = candidate
        self._number_dominator_tree()

    def _number_dominator_tree(self) -> None:
        """Number the dominator tree in depth-first order so that "A dominates B" is an
        interval test, O(1) instead of a walk up the tree."""
        children: dict[str, list[str]] = {}
        for node, parent in self.immediate_dominator.items():
            if node != parent:
                children.setdefault(parent, []).append(node)
        clock = 0
        stack: list[tuple[str, bool]] = [(self.bank.first, False)]
        while stack:
            node, done = stack.pop()
            if done:
                self._left[node] = clock
                clock += 1
                continue
            self._entered[node] = clock
            clock += 1
            stack.append((node, True))
            stack.extend((child, False) for child in children.get(node, ()))

    def dominates(self, above: str, below: str) -> bool:
        """True when ``above`` is on every path from the start to ``below`` (or is it)."""
        if above not in self._entered or below not in self._entered:
            return False
        return (self._entered[above] <= self._entered[below]
                and self._left[below] <= self._left[above])

    def dominators(self, node: str) -> list[str]:
        """The questions on every path to ``node``, nearest first, ``node`` excluded."""
        chain: list[str] = []
        if node not in self.immediate_dominator:
            return chain
        current = node
        while self.immediate_dominator[current] != current:
            current = self.immediate_dominator[current]
            chain.append(current)
        return chain
