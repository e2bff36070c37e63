"""Check and normalise an answer for its question's type, before it can count.

A caller types fast and an answers file is written by hand, so every value is checked here, in
one place, for the engine, the simulator, the UI and ``call record`` alike. A refused value
raises :class:`AnswerRejected` with a message that says what the question accepts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from qualdesk.core.model import Bank, Number, Question
from qualdesk.core.reading import as_text

_NUMBER_TEXT = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?$")


class AnswerRejected(ValueError):
    """An answer its question does not accept; the message names what would be accepted."""

    def __init__(self, question: Question, message: str) -> None:
        self.question = question
        self.reason = message
        super().__init__(f"question '{question.id}': {message}")


def _option_values(question: Question) -> str:
    return ", ".join(option.value for option in question.options)


def _as_number(question: Question, raw: Any) -> Number:
    if isinstance(raw, bool):
        raise AnswerRejected(question, f"expected a number, not {as_text(raw)}")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise AnswerRejected(question, "expected a finite number")
        return int(raw) if raw.is_integer() and abs(raw) < 2**53 else raw
    text = str(raw).strip() if isinstance(raw, str) else None
    if text and _NUMBER_TEXT.match(text) and any(ch.isdigit() for ch in text):
        cleaned = text.replace(",", "")
        if re.fullmatch(r"[-+]?\d+", cleaned):
            return int(cleaned)
        return _as_number(question, float(cleaned))
    raise AnswerRejected(question, f"expected a number, not {raw!r}")


def _in_range(question: Question, value: Any, shown: str) -> None:
    low, high = question.minimum, question.maximum
    if question.type == "date":
        low = date.fromisoformat(low) if isinstance(low, str) else None
        high = date.fromisoformat(high) if isinstance(high, str) else None
    if low is not None and value < low:
        raise AnswerRejected(question, f"{shown} is below the minimum {low}")
    if high is not None and value > high:
        raise AnswerRejected(question, f"{shown} is above the maximum {high}")


def coerce_answer(question: Question, raw: Any) -> Any:
    """Return ``raw`` as the value ``question`` takes, or raise :class:`AnswerRejected`.

    Values: ``single`` -> option value (text); ``multi`` -> list of option values; ``yes_no``
    -> ``"yes"``/``"no"``; ``number`` -> int or float; ``scale`` -> int; ``date`` ->
    :class:`datetime.date`; ``text`` -> text.
    """
    kind = question.type
    if kind == "say":
        raise AnswerRejected(question, "a say line is read aloud and takes no answer")
    if raw is None:
        raise AnswerRejected(question, "no answer given")
    if kind == "single":
        text = as_text(raw)
        if text is None or question.option(text) is None:
            raise AnswerRejected(question, f"{raw!r} is not one of its options "
                                 f"({_option_values(question)})")
        return text
    if kind == "multi":
        items = raw if isinstance(raw, list) else [raw]
        chosen: list[str] = []
        for item in items:
            text = as_text(item)
            if text is None or question.option(text) is None:
                raise AnswerRejected(question, f"{item!r} is not one of its options "
                                     f"({_option_values(question)})")
            if text not in chosen:
                chosen.append(text)
        return chosen
    if kind == "yes_no":
        text = as_text(raw)
        if text is None or text.strip().lower() not in ("yes", "no"):
            raise AnswerRejected(question, f"expected yes or no, not {raw!r}")
        return text.strip().lower()
    if kind == "number":
        value = _as_number(question, raw)
        _in_range(question, value, str(value))
        return value
    if kind == "scale":
        value = _as_number(question, raw)
        if not isinstance(value, int):
            raise AnswerRejected(question, f"expected a whole number, not {raw!r}")
        _in_range(question, value, str(value))
        return value
    if kind == "date":
        return _as_date(question, raw)
    text = as_text(raw)
    if text is None:
        raise AnswerRejected(question, f"expected text, not {type(raw).__name__}")
    if question.required and not text.strip():
        raise AnswerRejected(question, "an answer is required")
    return text


def _as_date(question: Question, raw: Any) -> date:
    if isinstance(raw, datetime):
        value = raw.date()
    elif isinstance(raw, date):
        value = raw
    else:
        try:
            value = date.fromisoformat(str(raw).strip())
        except ValueError:
            raise AnswerRejected(question, f"expected an ISO date (YYYY-MM-DD), not "
                                 f"{raw!r}") from None
    _in_range(question, value, value.isoformat())
    return value


def answer_to_json(value: Any) -> Any:
    """An answer as JSON can carry it (dates as ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [answer_to_json(item) for item in value]
    return value


def coerce_stored(bank: Bank, stored: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Answers kept by the store, as ``bank`` takes them. Answers to questions the bank no
    longer has (or that take none) are left out; each one it refuses is named, with why."""
    answers: dict[str, Any] = {}
    refused: list[str] = []
    for qid, raw in stored.items():
        question = bank.by_id.get(qid)
        if question is None or not question.takes_answer:
            continue
        try:
            answers[qid] = coerce_answer(question, raw)
        except AnswerRejected as error:
            refused.append(f"{qid}: {error.reason}")
    return answers, refused


def answer_label(question: Question, value: Any) -> str:
    """An answer in the words a person reads: option labels rather than codes."""
    if value is None:
        return ""
    if question.type == "single":
        option = question.option(value)
        return option.label if option else str(value)
    if question.type == "multi":
        return ", ".join(answer_label_single(question, item) for item in value)
    if question.type == "yes_no":
        return "Yes" if value == "yes" else "No"
    if isinstance(value, date):
        return value.isoformat()
    if question.type == "number" and question.unit:
        return f"{value:,} {question.unit}"
    return str(value)


def answer_label_single(question: Question, value: str) -> str:
    """The label of one option value, or the value itself when it is unknown."""
    option = question.option(value)
    return option.label if option else value
