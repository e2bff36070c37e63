"""The live call: answer, back, change, skip, jump, end, history and replay."""

from __future__ import annotations

from datetime import date

import pytest

from qualdesk.core.answers import AnswerRejected
from qualdesk.core.engine import CallSession, StepRefused


@pytest.fixture
def session(spec_bank) -> CallSession:
    return CallSession(spec_bank, lead={"first_name": "Ana"}, agent="Sam",
                       today=date(2026, 11, 23))


def test_first_question_and_greeting(session) -> None:
    assert session.current.id == "role"
    assert session.greeting() == "Hi Ana, this is Sam from Acme. Is now a good time?"
    assert session.state.max_attainable == 105


def test_answers_are_typed_and_range_checked(session) -> None:
    with pytest.raises(AnswerRejected, match="not one of its options"):
        session.answer("boss")
    session.answer("decides")
    assert session.current.id == "budget_set"
    with pytest.raises(AnswerRejected, match="yes or no"):
        session.answer(True)
    session.answer("yes")
    with pytest.raises(AnswerRejected, match="below the minimum"):
        session.answer(-5)
    with pytest.raises(AnswerRejected, match="expected a number"):
        session.answer("lots")
    session.answer("60,000")
    assert session.counted_answers()["budget_amount"] == 60000


def test_changing_an_earlier_answer_recomputes_the_path(session) -> None:
    for value in ("decides", "yes", 20000):
        session.answer(value)
    assert session.state.walk.path == ["role", "budget_set", "budget_amount"]
    session.jump("budget_set")
    assert session.current.id == "budget_set"
    session.answer("no")
    assert session.state.walk.path == ["role", "budget_set"]
    assert "budget_amount" not in session.counted_answers()
    assert session.state.score.categories["budget"] == 0
    kinds = [(event.kind, event.question) for event in session.history]
    assert ("change", "budget_set") in kinds
    assert any(e.question == "budget_amount" and e.value == 20000 for e in session.history)
    assert session.current.id == "pain"


def test_back_then_same_answer_returns_to_the_same_state(session) -> None:
    session.answer("recommends")
    session.answer("Jo, CFO")
    before = (session.state.walk.path, session.counted_answers(), session.state.score.total,
              session.current.id)
    session.back()
    assert session.current.id == "decider"
    session.answer("Jo, CFO")
    after = (session.state.walk.path, session.counted_answers(), session.state.score.total,
             session.current.id)
    assert before == after


def test_back_at_the_start_is_refused(session) -> None:
    with pytest.raises(StepRefused):
        session.back()


def test_skip_only_what_may_be_skipped(session) -> None:
    with pytest.raises(StepRefused, match="required"):
        session.skip()
    session.answer("uses")
    assert session.current.id == "decider"
    session.skip()
    assert session.current.id == "budget_set"
    assert "decider" in session.state.walk.path


def test_back_and_forward_move_the_cursor_only(session) -> None:
    session.answer("decides")
    session.answer("no")
    session.back()
    session.back()
    assert session.current.id == "role"
    session.forward()
    assert session.current.id == "budget_set"
    session.forward()
    assert session.current.id == "pain"


def test_full_call_to_sales_qualified_and_end(session) -> None:
    for value in ("decides", "yes", 70000, ["reporting", "errors"], "quarter", "us"):
        session.answer(value)
    assert session.complete and session.current is None
    assert session.state.score.outcome == "sales_qualified"
    with pytest.raises(StepRefused):
        session.answer("x")
    session.end()
    assert session.history[-1].kind == "end"


def test_can_still_qualify_turns_false(session) -> None:
    session.answer("uses")
    session.skip()
    assert session.state.max_attainable == 4 + 25 + 20 + 25 + 10
    assert session.state.can_still_qualify
    session.answer("no")  # no budget: 4 + 0 + 20 + 25 + 10 = 59, under the 60 needed
    assert session.state.max_attainable == 59
    assert not session.state.can_still_qualify


def test_replay_rebuilds_the_same_call(session, spec_bank) -> None:
    session.answer("recommends")
    session.skip()
    session.answer("yes")
    session.back()
    session.answer("no")
    copy = CallSession(spec_bank, lead={"first_name": "Ana"}, agent="Sam",
                       today=date(2026, 11, 23))
    copy.replay(list(session.history))
    assert copy.state.walk.path == session.state.walk.path
    assert copy.counted_answers() == session.counted_answers()
    assert copy.current.id == session.current.id


def test_ask_text_renders_earlier_answers() -> None:
    from tests.conftest import bank_of

    bank = bank_of("""
        bank: t
        title: T
        version: 1
        questions:
          - {id: company, ask: Company?, type: text}
          - {id: size, ask: "How many people work at {{ company }}, {{ lead.first_name }}?",
             type: number}
        """)
    call = CallSession(bank, lead={"first_name": "Li"})
    call.answer("Initech")
    assert call.ask_text() == "How many people work at Initech, Li?"
