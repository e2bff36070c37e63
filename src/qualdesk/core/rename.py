"""Rename a question id everywhere it is used, changing nothing else in the file.

A question id is used in its ``id``, in option ``goto``s, in ``next`` (a plain id or the
``goto`` of each entry), in every expression (``ask_if``, ``next[].when``, ``scoring[].when``,
``knockout[].when``, ``rules[].when``) and in every template (``ask``, ``greeting``); and, in
the bank's tests file, as a key of each scenario's ``answers`` and in ``expect.path``,
``expect.next`` and ``expect.knockouts``.

The edit is made on the text, at the exact spans YAML reports for those values, so comments,
order, alignment and quoting all stay as the manager wrote them. Inside expressions and
templates only the names Jinja2's lexer sees are renamed, and never an attribute (``lead.role``
stays). The result is loaded again and compared with the expected bank before anything is
written; a rename that would not come out exactly is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import jinja2
import yaml

from qualdesk.core.diagnostics import Diagnostic, InputError

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
#: Names an id may not take: what expressions already see, and Jinja2's own words.
RESERVED = frozenset({"lead", "agent", "value", "days_from_now", "answers", "true", "false",
                      "none", "and", "or", "not", "in", "is", "if", "else", "for", "loop"})
_LEXER = jinja2.Environment(autoescape=False, keep_trailing_newline=True)

EXPRESSION_KEYS = ("ask_if", "when")
TEMPLATE_KEYS = ("ask", "greeting")


class _Loader(yaml.SafeLoader):
    """The pure-Python composer: its marks count characters, which the edits need."""


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str


def rename_names(source: str, old: str, new: str, *, template: bool) -> str:
    """``source`` with every Jinja2 name ``old`` (not an attribute) renamed to ``new``."""
    text = source if template else "{{" + source + "}}"
    out: list[str] = []
    previous = ""
    for _line, kind, value in _LEXER.lex(text):
        if kind == "name" and value == old and previous != ".":
            value = new
        if kind != "whitespace":
            previous = value if kind == "operator" else kind
        out.append(value)
    renamed = "".join(out)
    return renamed if template else renamed[2:-2]


def _scalar_edit(text: str, node: yaml.ScalarNode, old: str, new: str,
                 kind: str) -> Edit | None:
    """The edit renaming ``old`` inside one scalar (an id, an expression or a template)."""
    start, end = node.start_mark.index, node.end_mark.index
    raw = text[start:end]
    if kind == "id":
        if node.value != old:
            return None
        replacement = raw.replace(old, new, 1)
    else:
        template = kind == "template"
        if node.style in ('"', "'"):
            replacement = raw[0] + rename_names(raw[1:-1], old, new, template=template) + raw[-1]
        elif node.style in ("|", ">"):
            header, _, body = raw.partition("\n")
            replacement = header + "\n" + rename_names(body, old, new, template=template)
        else:
            replacement = rename_names(raw, old, new, template=template)
    return None if replacement == raw else Edit(start, end, replacement)


def _items(node: yaml.Node) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield key.value, key, value


def _each(node: yaml.Node) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _expression_edits(text: str, node: yaml.Node, old: str, new: str) -> Iterator[Edit | None]:
    """Edits in the ``when`` of every mapping of a sequence (or of one mapping)."""
    for entry in [node, *_each(node)]:
        for name, _key, value in _items(entry):
            if name == "when" and isinstance(value, yaml.ScalarNode):
                yield _scalar_edit(text, value, old, new, "expression")


def bank_edits(text: str, old: str, new: str) -> list[Edit]:
    """Every edit renaming question ``old`` to ``new`` in a bank's text."""
    root = yaml.compose(text, Loader=_Loader)
    found: list[Edit | None] = []
    for name, _key, value in _items(root):
        if name == "greeting" and isinstance(value, yaml.ScalarNode):
            found.append(_scalar_edit(text, value, old, new, "template"))
        elif name == "rules":
            found.extend(_expression_edits(text, value, old, new))
        elif name == "questions":
            for question in _each(value):
                found.extend(_question_edits(text, question, old, new))
    return [edit for edit in found if edit is not None]


def _question_edits(text: str, question: yaml.Node, old: str, new: str
                    ) -> Iterator[Edit | None]:
    for name, _key, value in _items(question):
        scalar = isinstance(value, yaml.ScalarNode)
        if name == "id" and scalar:
            yield _scalar_edit(text, value, old, new, "id")
        elif name in TEMPLATE_KEYS and scalar:
            yield _scalar_edit(text, value, old, new, "template")
        elif name in EXPRESSION_KEYS and scalar:
            yield _scalar_edit(text, value, old, new, "expression")
        elif name == "next" and scalar:
            yield _scalar_edit(text, value, old, new, "id")
        elif name == "next":
            for entry in _each(value):
                for entry_key, _k, entry_value in _items(entry):
                    if entry_key == "goto" and isinstance(entry_value, yaml.ScalarNode):
                        yield _scalar_edit(text, entry_value, old, new, "id")
                yield from _expression_edits(text, entry, old, new)
        elif name == "options":
            for option in _each(value):
                for option_key, _k, option_value in _items(option):
                    if option_key == "goto" and isinstance(option_value, yaml.ScalarNode):
                        yield _scalar_edit(text, option_value, old, new, "id")
        elif name in ("scoring", "knockout"):
            yield from _expression_edits(text, value, old, new)


def tests_edits(text: str, old: str, new: str) -> list[Edit]:
    """Edits in a tests file: ``answers`` keys, ``expect.path`` items, ``expect.next``, and
    ``expect.knockouts`` items that name the question."""
    root = yaml.compose(text, Loader=_Loader)
    if root is None:
        return []
    scenarios = root
    for name, _key, value in _items(root):
        if name == "tests":
            scenarios = value
    found: list[Edit | None] = []
    for scenario in _each(scenarios):
        for name, _key, value in _items(scenario):
            if name == "answers":
                found.extend(_scalar_edit(text, key, old, new, "id")
                             for _n, key, _v in _items(value))
            elif name == "expect":
                for expect_key, _k, expected in _items(value):
                    if expect_key in ("path", "knockouts"):  # a knockout may name its question
                        found.extend(_scalar_edit(text, item, old, new, "id")
                                     for item in _each(expected)
                                     if isinstance(item, yaml.ScalarNode))
                    elif expect_key == "next" and isinstance(expected, yaml.ScalarNode):
                        found.append(_scalar_edit(text, expected, old, new, "id"))
    return [edit for edit in found if edit is not None]


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with ``edits`` made (from the end, so earlier spans stay where they were)."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text


def check_new_id(existing: set[str], old: str, new: str, file: str) -> None:
    """Refuse an impossible rename with a message that says why."""
    problem = None
    if old not in existing:
        problem = f"there is no question '{old}'"
    elif not ID_PATTERN.match(new):
        problem = f"'{new}' is not a question id ([a-z][a-z0-9_]*)"
    elif new in existing:
        problem = f"there is already a question '{new}'"
    elif new in RESERVED:
        problem = f"'{new}' is a name expressions already use"
    if problem:
        raise InputError([Diagnostic("error", problem, file)])


def rename_question(bank_text: str, old: str, new: str, file: str = "<bank>",
                    tests_text: str | None = None) -> tuple[str, str | None, int]:
    """The bank (and tests file) with ``old`` renamed to ``new``, and how many places changed.

    Raises :class:`InputError` when the bank does not load, the new id is not allowed, or the
    result would not be exactly the same bank under the new id.
    """
    from qualdesk.core.loader import load_bank_text

    loaded = load_bank_text(bank_text, file)
    if loaded.bank is None:
        raise InputError([*loaded.errors, Diagnostic(
            "error", "fix these errors before renaming a question", file)])
    check_new_id(set(loaded.bank.by_id), old, new, file)
    edits = bank_edits(bank_text, old, new)
    renamed = apply_edits(bank_text, edits)
    again = load_bank_text(renamed, file)
    ids = [question.id for question in loaded.bank.questions]
    expected_ids = [new if qid == old else qid for qid in ids]
    if again.bank is None or [q.id for q in again.bank.questions] != expected_ids:
        problems = [d.format() for d in again.errors][:3]
        raise InputError([Diagnostic("error", "the renamed bank would not load the same; "
                                     "nothing was changed (" + "; ".join(problems) + ")",
                                     file)])
    renamed_tests = None
    count = len(edits)
    if tests_text is not None:
        more = tests_edits(tests_text, old, new)
        renamed_tests = apply_edits(tests_text, more)
        count += len(more)
    return renamed, renamed_tests, count
