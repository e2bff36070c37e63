"""A live call: present the next question, take answers, go back, change, skip, end.

The session holds only what the caller did (the answers given, what was skipped, where the
cursor is, and the history of every step); the path, the score and the best reachable total
are always derived from it, so they can never drift apart. Every step appends an
:class:`Event` to ``history``, which the store persists the moment it happens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from qualdesk.core.answers import AnswerRejected, answer_to_json, coerce_answer
from qualdesk.core.attainable import max_attainable
from qualdesk.core.graph import BankGraph
from qualdesk.core.model import Bank, Number, Question
from qualdesk.core.scoring import Score, score_walk
from qualdesk.core.walk import Walk, walk


class StepRefused(ValueError):
    """A step the call cannot take now (skipping a required question, going back at the
    start, acting on an ended call), with a message for the caller."""


@dataclass(frozen=True)
class Event:
    """One thing that happened on the call, in order: what the store writes down."""

    kind: str  # answer | change | skip | back | forward | jump | end
    question: str | None
    value: Any = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def to_json(self) -> dict[str, Any]:
        """A plain mapping, for the store and for export."""
        return {"kind": self.kind, "question": self.question,
                "value": answer_to_json(self.value), "at": self.at.isoformat()}


@dataclass
class CallState:
    """Everything the screen shows about the call at this moment."""

    walk: Walk
    score: Score
    max_attainable: Number
    current: str | None
    sales_threshold: Number | None = None

    @property
    def can_still_qualify(self) -> bool:
        """False once a knockout was hit or no remaining path reaches sales qualified."""
        if self.score.knockouts:
            return False
        return self.sales_threshold is None or self.max_attainable >= self.sales_threshold


class CallSession:
    """The state of one qualifying call on one bank."""

    def __init__(self, bank: Bank, lead: Mapping[str, Any] | None = None, agent: str = "",
                 today: date | None = None, graph: BankGraph | None = None) -> None:
        self.bank = bank
        self.lead = dict(lead or {})
        self.agent = agent
        self.today = today or date.today()
        self.graph = graph or BankGraph.of(bank)
        self.answers: dict[str, Any] = {}
        self.passed: set[str] = set()
        self.history: list[Event] = []
        self.cursor: str | None = None
        self.ended = False
        self._state: CallState | None = None

    # -- derived state -------------------------------------------------------------------
    @property
    def state(self) -> CallState:
        """The path, score and best reachable total for the answers as they stand."""
        if self._state is None:
            current_walk = walk(self.bank, self.answers, self.passed, lead=self.lead,
                                agent=self.agent)
            score = score_walk(self.bank, current_walk, self.today)
            best = max_attainable(self.bank, self.graph, current_walk, score)
            cursor = self.cursor if self.cursor in current_walk.path else None
            self.cursor = cursor
            self._state = CallState(current_walk, score, best, cursor or current_walk.stop,
                                    self.bank.thresholds.get("sales_qualified"))
        return self._state

    @property
    def current(self) -> Question | None:
        """The question on screen: the cursor's, or the first one waiting for an answer."""
        qid = self.state.current
        return self.bank.by_id[qid] if qid else None

    @property
    def complete(self) -> bool:
        """True when the script has run to its end."""
        return self.state.walk.complete

    def counted_answers(self) -> dict[str, Any]:
        """The answers that count: those on the current path, in path order."""
        return dict(self.state.walk.counted)

    def render_context(self) -> dict[str, Any]:
        """What ``ask`` and ``greeting`` templates see: lead, agent and counted answers."""
        return dict(self.state.walk.context)

    def greeting(self) -> str | None:
        """The greeting read first, rendered for this lead and caller."""
        if self.bank.greeting is None:
            return None
        return self.bank.greeting.render(self.render_context())

    def ask_text(self, question: Question | None = None) -> str:
        """The text of ``question`` (default: the current one) as the caller reads it."""
        question = question or self.current
        return question.ask.render(self.render_context()) if question else ""

    # -- steps ---------------------------------------------------------------------------
    def _changed(self, event: Event) -> Event:
        self.history.append(event)
        self._state = None
        return event

    def _require_open(self) -> Question:
        if self.ended:
            raise StepRefused("the call has ended")
        question = self.current
        if question is None:
            raise StepRefused("the script has ended: there is no question to answer")
        return question

    def answer(self, raw: Any) -> Event:
        """Answer the current question; raise :class:`AnswerRejected` for a bad value.

        Answering a question that already had an answer is a change: the path is recomputed
        from it, and answers that fall off the path stop counting but stay in the history.
        """
        question = self._require_open()
        value = coerce_answer(question, raw)
        previous = self.answers.get(question.id, _MISSING)
        self.cursor = None
        self.passed.discard(question.id)
        if previous == value:
            self._state = None
            return Event("answer", question.id, value)
        self.answers[question.id] = value
        kind = "answer" if previous is _MISSING else "change"
        return self._changed(Event(kind, question.id, value))

    def skip(self) -> Event:
        """Pass the current question: an optional one is left blank, a say line is read."""
        question = self._require_open()
        if question.required:
            raise StepRefused(f"'{question.id}' is required and cannot be skipped")
        self.answers.pop(question.id, None)
        self.passed.add(question.id)
        self.cursor = None
        return self._changed(Event("skip", question.id))

    def back(self) -> Event:
        """Move to the previous question on the path, keeping its answer to change or keep."""
        if self.ended:
            raise StepRefused("the call has ended")
        path = self.state.walk.path
        position = path.index(self.cursor) if self.cursor in path else len(path)
        if position == 0:
            raise StepRefused("this is the first question")
        self.cursor = path[position - 1]
        return self._changed(Event("back", self.cursor))

    def forward(self) -> Event:
        """Move the cursor one question forward again, up to the first unanswered one."""
        path = self.state.walk.path
        if self.cursor not in path:
            raise StepRefused("already at the newest question")
        position = path.index(self.cursor) + 1
        self.cursor = path[position] if position < len(path) else None
        return self._changed(Event("forward", self.cursor))

    def jump(self, question_id: str) -> Event:
        """Put the cursor on an earlier question of the path, to change its answer."""
        if question_id not in self.state.walk.path:
            raise StepRefused(f"'{question_id}' is not on the path of this call")
        self.cursor = question_id
        return self._changed(Event("jump", question_id))

    def end(self) -> Event:
        """End the call, complete or not; the score stands as it is."""
        self.ended = True
        return self._changed(Event("end", None))

    # -- replay --------------------------------------------------------------------------
    def replay(self, events: list[Event]) -> None:
        """Rebuild a session from stored events (resuming a call after a crash)."""
        for event in events:
            if event.kind in ("answer", "change") and event.question:
                self.answers[event.question] = event.value
                self.passed.discard(event.question)
                self.cursor = None
            elif event.kind == "skip" and event.question:
                self.answers.pop(event.question, None)
                self.passed.add(event.question)
                self.cursor = None
            elif event.kind in ("back", "jump", "forward"):
                self.cursor = event.question
            elif event.kind == "end":
                self.ended = True
            self.history.append(event)
            self._state = None


_MISSING = object()

__all__ = ["AnswerRejected", "CallSession", "CallState", "Event", "StepRefused"]
