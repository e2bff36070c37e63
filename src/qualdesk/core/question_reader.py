"""Read one question of a bank: its options, branches, range, scoring and knockouts."""

from __future__ import annotations

from datetime import date
from typing import Any

from qualdesk.core.expressions import Template
from qualdesk.core.model import (
    QUESTION_TYPES,
    TYPES_WITH_BANDS,
    TYPES_WITH_OPTIONS,
    TYPES_WITH_RANGE,
    Band,
    Branch,
    Category,
    KnockoutCheck,
    Number,
    Option,
    Question,
)
from qualdesk.core.reading import (
    OPTION_KEYS,
    OPTION_OPTIONAL,
    QUESTION_ID,
    QUESTION_KEYS,
    QUESTION_OPTIONAL,
    RESERVED_NAMES,
    BankReader,
    as_text,
)
from qualdesk.core.yamltree import TreePath


def _read_options(reader: BankReader, question: Question, raw: Any, path: TreePath) -> None:
    if not isinstance(raw, list) or not raw:
        reader.error(path, "options must be a non-empty list", question.id)
        return
    seen: set[str] = set()
    for number, spec in enumerate(raw):
        option_path = (*path, number)
        spec = reader.mapping(spec, option_path, "an option", question.id)
        if spec is None:
            continue
        if not reader.keys(spec, option_path, OPTION_KEYS, OPTION_OPTIONAL, "an option",
                           question.id):
            continue
        value = as_text(spec["value"])
        if value is None or not value.strip():
            reader.error((*option_path, "value"), "an option value must be text", question.id)
            continue
        if value in seen:
            reader.error((*option_path, "value"), f"duplicate option value '{value}'",
                         question.id)
        seen.add(value)
        option = Option(value=value, label=reader.text(
            spec["label"], (*option_path, "label"), "an option label", question.id,
            allow_scalar=True) or value)
        if "points" in spec:
            option.points = reader.number(spec["points"], (*option_path, "points"),
                                          "option points", question.id) or 0
        if "goto" in spec:
            if question.type == "multi":
                reader.error((*option_path, "goto"), "goto is not allowed on a multi question's "
                             "options: branch with a conditional next instead", question.id,
                             on_key=True)
            else:
                option.goto = reader.text(spec["goto"], (*option_path, "goto"), "goto",
                                          question.id)
                option.goto_position = reader.document.at((*option_path, "goto"))
        if "end" in spec:
            if question.type == "multi":
                reader.error((*option_path, "end"), "end is not allowed on a multi question's "
                             "options: branch with a conditional next instead", question.id,
                             on_key=True)
            elif not isinstance(spec["end"], bool):
                reader.error((*option_path, "end"), "end must be true or false", question.id)
            else:
                option.end = spec["end"]
        if "knockout" in spec:
            option.knockout = reader.text(spec["knockout"], (*option_path, "knockout"),
                                          "a knockout reason", question.id)
        question.options.append(option)


def _read_next(reader: BankReader, question: Question, raw: Any, path: TreePath) -> None:
    if isinstance(raw, str):
        question.next = [Branch(goto=raw, position=reader.document.at(path))]
        return
    if not isinstance(raw, list) or not raw:
        reader.error(path, "next must be a question id or a list of {when, goto}", question.id)
        return
    for number, spec in enumerate(raw):
        entry_path = (*path, number)
        spec = reader.mapping(spec, entry_path, "a next entry", question.id)
        if spec is None or not reader.keys(spec, entry_path, {"goto"}, {"when"}, "a next entry",
                                           question.id):
            continue
        goto = reader.text(spec["goto"], (*entry_path, "goto"), "goto", question.id)
        when = None
        if "when" in spec:
            when = reader.expression(spec["when"], (*entry_path, "when"), "when", question.id)
        if goto is not None:
            question.next.append(Branch(goto=goto, when=when,
                                        position=reader.document.at((*entry_path, "goto"))))
    last = raw[-1]
    if isinstance(last, dict) and "when" in last:
        reader.error((*path, len(raw) - 1), "the last entry of next must have no 'when', "
                     "so that every answer has somewhere to go", question.id)


def _read_range(reader: BankReader, question: Question, spec: dict[str, Any],
                path: TreePath) -> None:
    for key in ("min", "max"):
        if key not in spec:
            continue
        if question.type not in TYPES_WITH_RANGE:
            reader.error((*path, key), f"{key} is only for number, scale and date questions",
                         question.id, on_key=True)
            continue
        raw = spec[key]
        if question.type == "date":
            try:
                value: Number | str | None = date.fromisoformat(str(raw)).isoformat()
            except ValueError:
                reader.error((*path, key), f"{key} must be an ISO date (YYYY-MM-DD)",
                             question.id)
                continue
        elif question.type == "scale" and not (isinstance(raw, int)
                                               and not isinstance(raw, bool)):
            reader.error((*path, key), f"{key} of a scale must be a whole number", question.id)
            continue
        else:
            value = reader.number(raw, (*path, key), key, question.id)
        setattr(question, "minimum" if key == "min" else "maximum", value)
    if question.type == "scale":
        question.minimum = 1 if question.minimum is None else question.minimum
        question.maximum = 5 if question.maximum is None else question.maximum
    low, high = question.minimum, question.maximum
    if low is not None and high is not None and low > high:  # type: ignore[operator]
        reader.error((*path, "min"), f"min ({low}) is over max ({high})", question.id)


def _read_scoring(reader: BankReader, question: Question, spec: dict[str, Any],
                  path: TreePath) -> None:
    if "points" in spec:
        points_path = (*path, "points")
        if question.type != "yes_no":
            reader.error(points_path, "points on a question are only for yes_no; use option "
                         "points or scoring bands", question.id, on_key=True)
        else:
            table = reader.mapping(spec["points"], points_path, "points", question.id) or {}
            for answer, points in table.items():
                if answer not in ("yes", "no"):
                    reader.error((*points_path, answer), f"points key '{answer}' must be yes "
                                 "or no", question.id, on_key=True)
                    continue
                value = reader.number(points, (*points_path, answer), "points", question.id)
                question.yes_no_points[answer] = value or 0
    if "scoring" in spec:
        bands_path = (*path, "scoring")
        if question.type not in TYPES_WITH_BANDS:
            reader.error(bands_path, "scoring bands are only for number, scale and date "
                         "questions", question.id, on_key=True)
            return
        bands = spec["scoring"]
        if not isinstance(bands, list) or not bands:
            reader.error(bands_path, "scoring must be a non-empty list of bands", question.id)
            return
        for number, band in enumerate(bands):
            band_path = (*bands_path, number)
            band = reader.mapping(band, band_path, "a scoring band", question.id)
            if band is None or not reader.keys(band, band_path, {"points"}, {"when"},
                                               "a scoring band", question.id):
                continue
            points = reader.number(band["points"], (*band_path, "points"), "points",
                                   question.id) or 0
            when = None
            if "when" in band:
                when = reader.expression(band["when"], (*band_path, "when"), "when",
                                         question.id)
            question.scoring.append(Band(points=points, when=when))


def _read_knockouts(reader: BankReader, question: Question, raw: Any, path: TreePath) -> None:
    if isinstance(raw, dict):
        if question.type != "yes_no":
            reader.error(path, "a knockout mapping ({answer: reason}) is only for yes_no; use "
                         "a list of {when, reason}", question.id)
            return
        for answer, reason in raw.items():
            if answer not in ("yes", "no"):
                reader.error((*path, answer), "knockout keys must be yes or no", question.id,
                             on_key=True)
                continue
            text = reader.text(reason, (*path, answer), "a knockout reason", question.id)
            if text:
                question.knockouts.append(KnockoutCheck(reason=text, equals=answer))
        return
    if not isinstance(raw, list) or not raw:
        reader.error(path, "knockout must be a list of {when, reason}", question.id)
        return
    for number, spec in enumerate(raw):
        entry_path = (*path, number)
        spec = reader.mapping(spec, entry_path, "a knockout", question.id)
        if spec is None or not reader.keys(spec, entry_path, {"when", "reason"}, set(),
                                           "a knockout", question.id):
            continue
        when = reader.expression(spec["when"], (*entry_path, "when"), "when", question.id)
        reason = reader.text(spec["reason"], (*entry_path, "reason"), "a knockout reason",
                             question.id)
        if when and reason:
            question.knockouts.append(KnockoutCheck(reason=reason, when=when))


def read_question(reader: BankReader, spec: Any, index: int,
                   categories: dict[str, Category] | None) -> Question | None:
    path: TreePath = ("questions", index)
    spec = reader.mapping(spec, path, "a question")
    if spec is None:
        return None
    raw_id = spec.get("id")
    qid = as_text(raw_id) if raw_id is not None else None
    if not reader.keys(spec, path, QUESTION_KEYS, QUESTION_OPTIONAL, "a question", qid):
        return None
    if qid is None or not QUESTION_ID.match(qid):
        reader.error((*path, "id"), f"question id {raw_id!r} must match [a-z][a-z0-9_]*", qid)
        return None
    if qid in RESERVED_NAMES:
        reader.error((*path, "id"), f"'{qid}' is a reserved name in expressions", qid)
    qtype = spec["type"]
    if qtype not in QUESTION_TYPES:
        reader.error((*path, "type"), f"unknown type {qtype!r} (one of "
                     f"{', '.join(QUESTION_TYPES)})", qid)
        return None
    ask = reader.template(spec["ask"], (*path, "ask"), "ask", qid)
    question = Question(id=qid, index=index, ask=ask or Template(str(spec["ask"]), frozenset()),
                        type=qtype, position=reader.document.at(path))
    if "category" in spec:
        category = as_text(spec["category"])
        if categories is None or category not in categories:
            reader.error((*path, "category"), f"category '{category}' is not declared under "
                         "categories", qid)
        elif not question.is_scored:
            reader.error((*path, "category"), f"a {qtype} question is not scored, so it takes "
                         "no category", qid, on_key=True)
        question.category = category
    if "help" in spec:
        question.help = reader.text(spec["help"], (*path, "help"), "help", qid, True)
    if "required" in spec:
        if not isinstance(spec["required"], bool):
            reader.error((*path, "required"), "required must be true or false", qid)
        else:
            question.required = spec["required"]
    if qtype == "say":
        question.required = False
    if "ask_if" in spec:
        question.ask_if = reader.expression(spec["ask_if"], (*path, "ask_if"), "ask_if", qid)
    if "options" in spec:
        if qtype not in TYPES_WITH_OPTIONS:
            reader.error((*path, "options"), f"a {qtype} question takes no options", qid,
                         on_key=True)
        else:
            _read_options(reader, question, spec["options"], (*path, "options"))
    elif qtype in TYPES_WITH_OPTIONS:
        reader.error(path, f"a {qtype} question needs options", qid)
    if "next" in spec:
        _read_next(reader, question, spec["next"], (*path, "next"))
    if "unit" in spec:
        if qtype not in ("number", "scale"):
            reader.error((*path, "unit"), "unit is only for number and scale questions", qid,
                         on_key=True)
        else:
            question.unit = reader.text(spec["unit"], (*path, "unit"), "unit", qid, True)
    _read_range(reader, question, spec, path)
    _read_scoring(reader, question, spec, path)
    if "knockout" in spec:
        if qtype in ("say",):
            reader.error((*path, "knockout"), "a say line takes no answer, so no knockout",
                         qid, on_key=True)
        else:
            _read_knockouts(reader, question, spec["knockout"], (*path, "knockout"))
    return question


