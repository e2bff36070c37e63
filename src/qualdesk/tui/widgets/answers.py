"""One answer widget per question type, each posting :class:`AnswerGiven` when the caller
commits an answer.

- ``single`` and ``yes_no``: a numbered list; a number key picks at once (``y``/``n`` too).
- ``multi``: a numbered checklist; number keys or space toggle, Enter commits.
- ``number``, ``scale``, ``date`` and ``text``: a line checked as it is typed by the very rules
  the engine applies (:func:`qualdesk.core.answers.coerce_answer`), so a value the engine would
  refuse is marked before Enter.
- ``say``: the line is read; Enter goes on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.binding import Binding
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from qualdesk.core.answers import AnswerRejected, coerce_answer
from qualdesk.core.model import Question
from qualdesk.tui.settings import steady_cursor

PICK_KEYS = "123456789"


class AnswerGiven(Message):
    """The caller committed an answer (``passed`` True: read a say line / left blank)."""

    def __init__(self, value: Any, passed: bool = False) -> None:
        super().__init__()
        self.value = value
        self.passed = passed


def _pick_bindings(count: int, action: str, verb: str) -> list[Binding]:
    return [Binding(key, f"{action}({index})", f"{verb} {key}", show=False)
            for index, key in enumerate(PICK_KEYS[:count])]


class ChoiceAnswer(OptionList):
    """A ``single`` or ``yes_no`` question: number keys pick, arrows and Enter too."""

    BINDINGS = [*_pick_bindings(9, "pick", "Pick"),
                Binding("y", "pick_word('yes')", "Yes", show=False),
                Binding("n", "pick_word('no')", "No", show=False)]

    def __init__(self, question: Question, current: Any = None) -> None:
        if question.type == "yes_no":
            self.values = ["yes", "no"]
            labels = ["Yes", "No"]
        else:
            self.values = [option.value for option in question.options]
            labels = [option.label for option in question.options]
        prompts = [Option(f"{PICK_KEYS[i] if i < len(PICK_KEYS) else ' '}  {label}")
                   for i, label in enumerate(labels)]
        super().__init__(*prompts, classes="answer")
        self._start = self.values.index(current) if current in self.values else 0

    def on_mount(self) -> None:
        """Start on the answer given before (when changing one), else on the first."""
        self.highlighted = self._start

    def action_pick(self, index: int) -> None:
        """Pick the ``index``-th option at once."""
        if index < len(self.values):
            self.highlighted = index
            self.post_message(AnswerGiven(self.values[index]))

    def action_pick_word(self, word: str) -> None:
        """``y``/``n`` on a yes/no question."""
        if word in self.values and self.values == ["yes", "no"]:
            self.action_pick(self.values.index(word))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on the highlighted option."""
        event.stop()
        self.post_message(AnswerGiven(self.values[event.option_index]))


class MultiAnswer(SelectionList[str]):
    """A ``multi`` question: toggle with number keys or space, commit with Enter."""

    BINDINGS = [*_pick_bindings(9, "toggle_number", "Toggle"),
                Binding("enter", "commit", "Commit", tooltip="Give the ticked options")]

    def __init__(self, question: Question, current: Any = None) -> None:
        chosen = set(current or [])
        super().__init__(*(Selection(f"{PICK_KEYS[i] if i < 9 else ' '}  {option.label}",
                                     option.value, option.value in chosen)
                           for i, option in enumerate(question.options)),
                         classes="answer")
        self.order = [option.value for option in question.options]

    def action_toggle_number(self, index: int) -> None:
        """Tick or untick the ``index``-th option."""
        if index < len(self.order):
            self.highlighted = index
            self.toggle(self.order[index])

    def action_commit(self) -> None:
        """Give the ticked options, in the bank's order."""
        chosen = set(self.selected)
        self.post_message(AnswerGiven([value for value in self.order if value in chosen]))


class EngineRules(Validator):
    """Check a typed value exactly as the engine will (range, whole number, date)."""

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question

    def validate(self, value: str) -> ValidationResult:
        """Valid when the engine would accept it; an optional question may stay empty."""
        if not value.strip():
            if self.question.required:
                return self.failure("an answer is needed (this question is required)")
            return self.success()
        try:
            coerce_answer(self.question, value)
        except AnswerRejected as error:
            return self.failure(error.reason)
        return self.success()


def _hint(question: Question) -> str:
    if question.type == "date":
        return "a date, YYYY-MM-DD"
    if question.type == "text":
        return "their words" + ("" if question.required else " (Enter on empty skips)")
    parts = ["a whole number" if question.type == "scale" else "a number"]
    if question.minimum is not None:
        parts.append(f"from {question.minimum}")
    if question.maximum is not None:
        parts.append(f"to {question.maximum}")
    if question.unit:
        parts.append(f"({question.unit})")
    return " ".join(parts)


class TypedAnswer(Input):
    """A ``number``, ``scale``, ``date`` or ``text`` answer, validated as it is typed."""

    def __init__(self, question: Question, current: Any = None) -> None:
        value = current.isoformat() if isinstance(current, date) else (
            "" if current is None else str(current))
        super().__init__(value=value, placeholder=_hint(question),
                         classes="answer", validators=[EngineRules(question)],
                         validate_on=["changed", "submitted"])
        self.question = question
        steady_cursor(self)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: give a valid value; an empty optional answer passes the question."""
        event.stop()
        if event.validation_result is not None and not event.validation_result.is_valid:
            return
        if not event.value.strip():
            self.post_message(AnswerGiven(None, passed=True))
        else:
            self.post_message(AnswerGiven(event.value.strip()))


class SayLine(Static, can_focus=True):
    """A line to read aloud: Enter once it is said."""

    BINDINGS = [Binding("enter", "said", "Said it", tooltip="Go on once the line is read")]

    def __init__(self) -> None:
        super().__init__("Read the line above, then press Enter.",
                         classes="answer")

    def action_said(self) -> None:
        """Go on."""
        self.post_message(AnswerGiven(None, passed=True))


def answer_widget(question: Question, current: Any = None) -> Widget:
    """The widget for ``question``, showing ``current`` when an answer is being changed."""
    if question.type in ("single", "yes_no"):
        return ChoiceAnswer(question, current)
    if question.type == "multi":
        return MultiAnswer(question, current)
    if question.type == "say":
        return SayLine()
    return TypedAnswer(question, current)
