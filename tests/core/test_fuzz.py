"""Thousands of mutated bank files give errors with positions, never a traceback."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from qualdesk.core.loader import load_bank_text
from qualdesk.core.simulate import simulate

BANKS = sorted((Path(__file__).resolve().parents[2] / "question_banks").glob("*.yaml"))
SOURCES = [p.read_text() for p in BANKS if not p.name.endswith(".tests.yaml")]
TOKENS = ["", ":", "- ", "{", "}", "[", "]", "'", '"', "\t", "&a", "*a",
          "!!python/object:os.system",
          "{{", "}}", "__class__", "goto: role", "next: [", "when: ", "no", "yes", "~", "null",
          "-1e999", "0x", "\n", "  ", "type: say", "options:", "max: -5", "ask_if: ", "%"]


def mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        if not lines:
            break
        index = rng.randrange(len(lines))
        if choice < 0.25:
            del lines[index]
        elif choice < 0.45:
            lines.insert(index, lines[rng.randrange(len(lines))])
        elif choice < 0.75:
            line = lines[index]
            cut = rng.randint(0, len(line))
            lines[index] = line[:cut] + rng.choice(TOKENS) + line[cut:]
        elif choice < 0.9:
            lines[index], lines[-1] = lines[-1], lines[index]
        else:
            line = lines[index]
            cut = rng.randint(0, len(line))
            lines[index] = line[:cut] + line[cut + rng.randint(1, 6):]
    return "".join(lines)


@pytest.mark.parametrize("seed", range(8))
def test_mutated_banks_never_raise(seed: int) -> None:
    rng = random.Random(seed)
    loaded = refused = 0
    for _ in range(400):
        text = mutate(rng.choice(SOURCES), rng)
        result = load_bank_text(text, "mutant.yaml")
        for diagnostic in result.diagnostics:
            assert diagnostic.file == "mutant.yaml"
            assert diagnostic.format().startswith("mutant.yaml")
        if result.bank is None:
            assert result.errors, "a refused bank must say why"
            refused += 1
            continue
        loaded += 1
        simulate(result.bank, {})
    assert refused > 0


def test_random_bytes_never_raise() -> None:
    rng = random.Random(99)
    for _ in range(300):
        blob = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
        result = load_bank_text(blob.decode("latin-1"), "noise.yaml")
        assert result.bank is None and result.errors
