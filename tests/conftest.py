"""Shared fixtures: paths to the bundled banks and a helper to load bank text inline."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from qualdesk.core.loader import LoadResult, load_bank_text
from qualdesk.core.model import Bank

ROOT = Path(__file__).resolve().parents[1]
BANKS = ROOT / "question_banks"
DATA = Path(__file__).resolve().parent / "data"
SPEC_EXAMPLE = DATA / "spec_example.yaml"


def load(text: str, file: str = "bank.yaml") -> LoadResult:
    """Load a bank written inline in a test (indentation removed)."""
    return load_bank_text(textwrap.dedent(text).lstrip("\n"), file)


def bank_of(text: str) -> Bank:
    """Load a bank that must be valid, failing the test with its problems otherwise."""
    result = load(text)
    assert result.bank is not None, "\n".join(d.format() for d in result.diagnostics)
    return result.bank


@pytest.fixture
def spec_bank() -> Bank:
    """The complete example bank of the question-bank spec."""
    result = load_bank_text(SPEC_EXAMPLE.read_text(), str(SPEC_EXAMPLE))
    assert result.bank is not None
    return result.bank
