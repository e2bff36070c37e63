"""The widgets' own rules: typed answers checked as the engine checks them, and the bars."""

from __future__ import annotations

import pytest

from qualdesk.core.engine import CallSession
from qualdesk.core.loader import require_bank
from qualdesk.tui.widgets.answers import EngineRules
from qualdesk.tui.widgets.score_panel import bar, score_markup
from tests.conftest import BANKS

CHAMP = require_bank(BANKS / "champ.yaml")
SAAS = require_bank(BANKS / "saas-bant.yaml")


def _question(bank, kind):
    return next(q for q in bank.questions if q.type == kind)


@pytest.mark.parametrize(("kind", "typed", "valid"), [
    ("date", "2026-12-01", True),
    ("date", "2026-13-01", False),
    ("date", "next week", False),
    ("scale", "3", True),
    ("scale", "3.5", False),
    ("scale", "99", False),
])
def test_typed_answers_are_checked_as_the_engine_checks_them(kind, typed, valid):
    assert EngineRules(_question(CHAMP, kind)).validate(typed).is_valid is valid


def test_a_required_typed_answer_cannot_stay_empty_and_an_optional_one_can():
    required = _question(SAAS, "number")
    assert not EngineRules(required).validate("  ").is_valid
    optional = next(q for q in SAAS.questions if q.type == "text" and not q.required)
    assert EngineRules(optional).validate("").is_valid


def test_bars_never_pass_either_end():
    assert bar(0, 25) == "░" * 10
    assert bar(25, 25) == "█" * 10
    assert bar(40, 25) == "█" * 10 and bar(-5, 25) == "░" * 10
    assert bar(12, 25) == "█████░░░░░"
    assert bar(3, 0) == "░" * 10


def test_the_panel_says_in_words_when_a_lead_can_no_longer_qualify():
    session = CallSession(SAAS)
    session.answer("yes")
    session.answer("student")
    text = score_markup(SAAS, session.state)
    assert "Can no longer reach sales qualified" in text
    assert "KNOCKOUT:[/b] Student or academic research" in text
