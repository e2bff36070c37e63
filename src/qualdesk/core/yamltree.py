"""Read YAML into plain Python values while remembering where every value came from.

Two things the ordinary ``yaml.safe_load`` gets wrong for question banks:

* YAML 1.1 turns ``yes``, ``no``, ``on``, ``off``, ``y`` and ``n`` into booleans, and ``12:30``
  into a sexagesimal integer. In a bank ``no`` may be Norway, so scalars follow YAML 1.2's
  core schema here: only ``true``/``false`` are booleans, and no timestamps are guessed.
* It forgets positions and silently keeps the last of two duplicate keys. Here every value's
  position is kept by its path (``("questions", 3, "options", 0, "goto")``) so that every
  problem can be reported as ``FILE:LINE:COL``, and duplicate keys are reported.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from qualdesk.core.diagnostics import Diagnostic, Position

TreePath = tuple[str | int, ...]

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_VALUE = "tag:yaml.org,2002:value"

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CoreSchemaLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A composer whose implicit typing follows YAML 1.2's core schema."""


_CoreSchemaLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT, _FLOAT, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CoreSchemaLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreSchemaLoader.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_CoreSchemaLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$"
    ),
    list("-+0123456789."),
)


@dataclass
class YamlDocument:
    """A parsed YAML file: its plain data and where each part of it stands.

    ``positions`` maps a path to the start of the value there; ``key_positions`` maps the
    same path to the start of the mapping key that introduced it, which is where an
    "unknown key" belongs.
    """

    data: Any
    file: str
    positions: dict[TreePath, Position] = field(default_factory=dict)
    key_positions: dict[TreePath, Position] = field(default_factory=dict)

    def at(self, path: TreePath) -> Position | None:
        """The position of the value at ``path``, or of its nearest ancestor."""
        probe = path
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return None
            probe = probe[:-1]

    def key_at(self, path: TreePath) -> Position | None:
        """The position of the key that introduced ``path``, falling back to its value."""
        return self.key_positions.get(path) or self.at(path)


def _mark(node: yaml.Node) -> Position:
    mark = node.start_mark
    return Position(mark.line + 1, mark.column + 1)


def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    tag = node.tag
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return text.lower() == "true"
    if tag == _INT:
        if text.startswith(("0o", "0x")):
            return int(text, 0)
        return int(text)
    if tag == _FLOAT:
        lowered = text.lower()
        if lowered.endswith(".inf"):
            return -math.inf if lowered.startswith("-") else math.inf
        if lowered == ".nan":
            return math.nan
        return float(text)
    return text


_MAX_VALUES = 500_000


class _TooLargeError(Exception):
    """Raised to stop building a document that aliases expand without bound."""


class _TreeBuilder:
    """Turns a composed node graph into plain values, recording positions on the way."""

    def __init__(self, document: YamlDocument, problems: list[Diagnostic]) -> None:
        self.document = document
        self.problems = problems
        self.depth = 0
        self.count = 0

    def build(self, node: yaml.Node, path: TreePath) -> Any:
        self.document.positions[path] = _mark(node)
        self.depth += 1
        self.count += 1
        try:
            if self.depth > 200 or self.count > _MAX_VALUES:
                self._problem(node, "the document nests too deeply or expands too far")
                raise _TooLargeError
            if isinstance(node, yaml.ScalarNode):
                return _scalar(node)
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            self._problem(node, "unsupported YAML node")
            return None
        finally:
            self.depth -= 1

    def _mapping(self, node: yaml.MappingNode, path: TreePath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _VALUE:
                self._problem(key_node, "a mapping key must be plain text")
                continue
            key = _scalar(key_node)
            key = "null" if key is None else key
            key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in result:
                self._problem(key_node, f"duplicate key '{key}'")
                continue
            self.document.key_positions[(*path, key)] = _mark(key_node)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Diagnostic("error", message, self.document.file, _mark(node)))


def parse_yaml(text: str, file: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse ``text`` (named ``file`` in messages) into a :class:`YamlDocument`.

    Returns the document and the problems found; the document is ``None`` when the text is
    not YAML at all. Never raises for bad input.
    """
    document = YamlDocument(data=None, file=file)
    problems: list[Diagnostic] = []
    try:
        root = yaml.compose(text, Loader=_CoreSchemaLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = Position(mark.line + 1, mark.column + 1) if mark else None
        message = f"YAML syntax: {error.problem or error.context or 'malformed'}"
        return None, [Diagnostic("error", message, file, position)]
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        return None, [Diagnostic("error", f"YAML syntax: {error}", file)]
    if root is None:
        return document, problems
    try:
        document.data = _TreeBuilder(document, problems).build(root, ())
    except _TooLargeError:
        return None, problems
    except (ValueError, RecursionError) as error:
        return None, [Diagnostic("error", f"YAML content: {error}", file, _mark(root))]
    return document, problems
