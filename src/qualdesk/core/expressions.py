"""Bank expressions (``ask_if``, ``when``) and templates (``ask``, ``greeting``) in a sandbox.

A bank is written by a manager, not a developer, and may be shared between teams, so nothing in
it may reach Python internals or the file system. Everything is evaluated by Jinja2's
``ImmutableSandboxedEnvironment`` with its default globals (``cycler``, ``joiner``, ``lipsum``,
``namespace``, ``range``, ``dict``) removed; in addition, attribute or item access to names
starting with ``_`` is refused when the bank is loaded, before anything runs.

Expressions are parsed when the bank loads (syntax errors and names are reported with their
position) and compiled to Python only on first use, which keeps validating large banks fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import Undefined, nodes
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from qualdesk.core.diagnostics import Position


class _QuietUndefined(Undefined):
    """Renders as empty text, so a missing lead field never breaks a script mid-call."""


def _make_environment() -> ImmutableSandboxedEnvironment:
    environment = ImmutableSandboxedEnvironment(
        undefined=_QuietUndefined, autoescape=False, keep_trailing_newline=False
    )
    environment.globals.clear()
    return environment


ENVIRONMENT = _make_environment()


class ExpressionProblem(ValueError):
    """An expression or template that cannot be used, with a message for the manager."""


def _reaches_internals(tree: nodes.Node) -> str | None:
    """Name the first ``_private`` attribute or item the tree touches, if any."""
    candidates = [tree, *tree.find_all((nodes.Getattr, nodes.Getitem))]
    for node in candidates:
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            return node.attr
        if (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and node.arg.value.startswith("_")
        ):
            return node.arg.value
    return None


def _free_names(tree: nodes.Node) -> frozenset[str]:
    """Names a template reads that it does not set itself (``{% set %}``, loop variables).

    A direct walk of the parsed tree: Jinja's own ``meta.find_undeclared_variables`` compiles
    the template, which costs more than the rest of validating a bank.
    """
    loaded: set[str] = set()
    stored: set[str] = set()
    for node in tree.find_all(nodes.Name):
        (loaded if node.ctx == "load" else stored).add(node.name)
    return frozenset(loaded - stored)


@dataclass
class Expression:
    """A condition from a bank: its source, the names it reads, and a lazily compiled form."""

    source: str
    names: frozenset[str]
    position: Position | None = field(default=None, compare=False)
    _compiled: Any = field(default=None, repr=False, compare=False)

    @classmethod
    def parse(cls, source: str) -> Expression:
        """Parse ``source``; raise :class:`ExpressionProblem` when it is not a usable expression."""
        if not source.strip():
            raise ExpressionProblem("the expression is empty")
        try:
            parser = Parser(ENVIRONMENT, source, state="variable")
            tree = parser.parse_expression()
            if not parser.stream.eos:
                raise ExpressionProblem(
                    f"unexpected '{parser.stream.current.value}' after the expression"
                )
        except TemplateSyntaxError as error:
            raise ExpressionProblem(f"expression does not parse: {error.message}") from None
        internal = _reaches_internals(tree)
        if internal is not None:
            raise ExpressionProblem(f"expression reaches into internals ('{internal}')")
        names = frozenset(
            node.name for node in tree.find_all(nodes.Name) if node.ctx == "load"
        )
        return cls(source=source, names=names)

    def value(self, context: dict[str, Any]) -> Any:
        """Evaluate to a Python value; any failure (a type mismatch, say) gives ``None``.

        Only the names the expression reads are passed in, so evaluating costs the same in a
        bank of ten questions as in one of a thousand.
        """
        if self._compiled is None:
            self._compiled = ENVIRONMENT.compile_expression(self.source)
        arguments = {name: context.get(name) for name in self.names}
        try:
            return self._compiled(**arguments)
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError):
            return None
        except (SecurityError, TemplateError):
            return None

    def holds(self, context: dict[str, Any]) -> bool:
        """True when the condition holds; an expression that fails to evaluate does not hold.

        ``budget_amount > 1000`` on a skipped question compares ``None`` with a number; a live
        call must not stop for that, so the condition is simply false.
        """
        return bool(self.value(context))


@dataclass
class Template:
    """Text a caller reads aloud (``ask``, ``greeting``), rendered with the lead and answers."""

    source: str
    names: frozenset[str]
    position: Position | None = field(default=None, compare=False)
    _compiled: Any = field(default=None, repr=False, compare=False)

    @classmethod
    def parse(cls, source: str) -> Template:
        """Parse ``source``; raise :class:`ExpressionProblem` when it is not a usable template."""
        if "{" not in source:
            return cls(source=source, names=frozenset())
        try:
            tree = ENVIRONMENT.parse(source)
        except TemplateSyntaxError as error:
            raise ExpressionProblem(
                f"template does not parse (line {error.lineno} of the text): {error.message}"
            ) from None
        internal = _reaches_internals(tree)
        if internal is not None:
            raise ExpressionProblem(f"template reaches into internals ('{internal}')")
        return cls(source=source, names=_free_names(tree))

    def render(self, context: dict[str, Any]) -> str:
        """Render for the caller; a failure shows the raw text rather than stopping the call."""
        if not self.names and "{" not in self.source:
            return self.source.strip()
        if self._compiled is None:
            self._compiled = ENVIRONMENT.from_string(self.source)
        try:
            return str(self._compiled.render(**context)).strip()
        except (SecurityError, TemplateError, TypeError, ValueError, ArithmeticError):
            return self.source.strip()
