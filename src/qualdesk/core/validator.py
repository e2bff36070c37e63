"""Graph-level checks of a bank: branches, names visible on every path, reachability.

These run after the shape checks of :mod:`qualdesk.core.loader`, on the model it built, and
report at the exact place of each branch or expression. The rule for names follows the spec:
an expression may name a question only if that question comes earlier on *every* path to it
(it dominates it), so the value it reads has been asked, or skipped, by then.
"""

from __future__ import annotations

from collections.abc import Callable

from qualdesk.core.diagnostics import Diagnostic, Position
from qualdesk.core.expressions import Expression, Template
from qualdesk.core.graph import BankGraph
from qualdesk.core.model import Bank, Question
from qualdesk.core.yamltree import YamlDocument

CALL_NAMES = frozenset({"lead", "agent"})
Visible = Callable[[str], bool]
BAND_NAMES = frozenset({"value", "days_from_now"})


class _Checker:
    def __init__(self, bank: Bank, document: YamlDocument) -> None:
        self.bank = bank
        self.document = document
        self.problems: list[Diagnostic] = []
        self.graph: BankGraph | None = None

    def report(self, severity: str, message: str, position: Position | None,
               question: str | None = None) -> None:
        self.problems.append(Diagnostic(severity, message, self.bank.file, position, question))  # type: ignore[arg-type]

    def check_branches(self) -> None:
        for question in self.bank.questions:
            for option in question.options:
                if option.goto:
                    self._check_target(question, option.goto, option.goto_position,
                                       f"option '{option.value}' goto")
            for branch in question.next:
                self._check_target(question, branch.goto, branch.position, "next")

    def _check_target(self, question: Question, target: str, position: Position | None,
                      what: str) -> None:
        other = self.bank.by_id.get(target)
        if other is None:
            self.report("error", f"{what} names '{target}', which is not a question of this "
                        "bank", position, question.id)
        elif other.index <= question.index:
            direction = "itself" if other is question else "an earlier question"
            self.report("error", f"{what} '{target}' points back to {direction}: branches "
                        "go forward only, so every script ends", position, question.id)

    def check_names(self) -> None:
        assert self.graph is not None
        ids = self.bank.by_id
        for question in self.bank.questions:
            visible = self._visible_before(question)
            with_self = self._visible_before(question, include_self=True)
            self._expression(question, question.ask_if, visible, "ask_if")
            for branch in question.next:
                self._expression(question, branch.when, with_self, "next when")
            for band in question.scoring:
                self._expression(question, band.when, with_self, "scoring when", BAND_NAMES)
            for check in question.knockouts:
                self._expression(question, check.when, with_self, "knockout when", BAND_NAMES)
            self._template(question, question.ask, visible, "ask")
        if self.bank.greeting is not None:
            self._template(None, self.bank.greeting, lambda name: False, "greeting")
        for rule in self.bank.rules:
            for name in sorted(rule.when.names - CALL_NAMES):
                if name not in ids:
                    self.report("error", f"rule {rule.index + 1} when names '{name}', which is "
                                "not a question of this bank", rule.when.position)

    def _visible_before(self, question: Question, include_self: bool = False) -> Visible:
        """Which question ids an expression on ``question`` may name: those on every path to
        it (for a question no path reaches, every earlier one)."""
        graph = self.graph
        assert graph is not None
        by_id = self.bank.by_id
        reachable = question.id in graph.reachable

        def visible(name: str) -> bool:
            other = by_id.get(name)
            if other is None:
                return False
            if other is question:
                return include_self
            if not reachable:
                return other.index < question.index
            return other.index < question.index and graph.dominates(name, question.id)

        return visible

    def _expression(self, question: Question, expression: Expression | None,
                    visible: Visible, what: str, extra: frozenset[str] = frozenset()) -> None:
        if expression is None:
            return
        for name in sorted(expression.names - CALL_NAMES - extra):
            if not visible(name):
                self.report("error", self._why_not_visible(question, name, what),
                            expression.position, question.id)

    def _why_not_visible(self, question: Question, name: str, what: str) -> str:
        other = self.bank.by_id.get(name)
        if other is None:
            if name in BAND_NAMES:
                return f"{what} names '{name}', which only scoring bands and knockouts see"
            return f"{what} names '{name}', which is not a question of this bank"
        if other.index >= question.index:
            return f"{what} names '{name}', which is not asked until later"
        return (f"{what} names '{name}', which does not come earlier on every path to "
                f"'{question.id}'")

    def _template(self, question: Question | None, template: Template, visible: Visible,
                  what: str) -> None:
        subject = question.id if question else None
        for name in sorted(template.names - CALL_NAMES):
            other = self.bank.by_id.get(name)
            if other is None:
                self.report("error", f"{what} uses '{name}', which is neither a question nor "
                            "lead or agent", template.position, subject)
            elif question is None or other.index >= question.index:
                self.report("error", f"{what} uses '{name}', which is not answered yet when "
                            "this is read", template.position, subject)
            elif not visible(name):
                self.report("warning", f"{what} uses '{name}', which may be skipped on the "
                            "way here (it then reads as empty)", template.position, subject)

    def check_reachability(self) -> None:
        assert self.graph is not None
        for question in self.bank.questions:
            if question.id not in self.graph.reachable:
                self.report("warning", "no path reaches this question", question.position,
                            question.id)

    def check_thresholds(self) -> None:
        from qualdesk.core.attainable import best_total

        assert self.graph is not None
        best = best_total(self.bank, self.graph)
        for name, threshold in self.bank.thresholds.items():
            if threshold > best:
                self.report("warning", f"{name} needs {threshold} points but the best path "
                            f"scores {best}: no lead can reach it",
                            self.document.at(("outcomes", name, "min_score")))

    def check_categories(self) -> None:
        used = {q.category for q in self.bank.questions} | {r.category for r in self.bank.rules}
        for name in self.bank.categories:
            if name not in used:
                self.report("warning", f"category '{name}' is declared but nothing scores it",
                            self.document.at(("categories", name)))


def validate_bank(bank: Bank, document: YamlDocument, shape_is_sound: bool = True) -> list[
        Diagnostic]:
    """Every graph-level problem of ``bank``. When the shape had errors already, only the
    checks that cannot be misled by them run (branches, names)."""
    checker = _Checker(bank, document)
    checker.check_branches()
    checker.graph = BankGraph.of(bank)
    checker.check_names()
    if shape_is_sound and not any(p.is_error for p in checker.problems):
        checker.check_reachability()
        checker.check_categories()
        checker.check_thresholds()
    return checker.problems
