"""YAML 1.1's guesses never reach a bank: yes/no/on/off/y/n stay text; positions are kept."""

from __future__ import annotations

import pytest

from qualdesk.core.yamltree import parse_yaml


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On"])
def test_yaml_11_booleans_stay_text(word: str) -> None:
    document, problems = parse_yaml(f"a: {word}\n{word}: 1\nlist: [{word}]\n", "f.yaml")
    assert not problems
    assert document.data == {"a": word, word: 1, "list": [word]}


def test_true_and_false_are_booleans() -> None:
    document, _ = parse_yaml("a: true\nb: False\n", "f.yaml")
    assert document.data == {"a": True, "b": False}


def test_no_sexagesimal_numbers_or_timestamps() -> None:
    document, _ = parse_yaml("t: 12:30\nd: 2026-01-05\nhex: 0x1f\nf: 1.5\nn: 007\n", "f.yaml")
    assert document.data == {"t": "12:30", "d": "2026-01-05", "hex": 31, "f": 1.5, "n": 7}


def test_positions_of_values_and_keys() -> None:
    document, _ = parse_yaml("top:\n  - id: a\n    ask: hello\n", "f.yaml")
    assert document.at(("top", 0, "ask")).line == 3
    assert document.at(("top", 0, "ask")).column == 10
    assert document.key_at(("top", 0, "ask")).column == 5


def test_duplicate_keys_are_problems() -> None:
    _, problems = parse_yaml("a: 1\na: 2\n", "f.yaml")
    assert [(p.position.line, "duplicate key 'a'" in p.message) for p in problems] == [(2, True)]


def test_alias_bombs_are_refused_not_expanded() -> None:
    layers = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 9):
        previous = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        layers.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    document, problems = parse_yaml("\n".join(layers) + "\n", "bomb.yaml")
    assert document is None
    assert problems and "expands too far" in problems[0].message


def test_syntax_error_has_a_position() -> None:
    document, problems = parse_yaml("a: [1, 2\nb: 3\n", "f.yaml")
    assert document is None
    assert problems[0].position is not None
    assert problems[0].format().startswith("f.yaml:")
