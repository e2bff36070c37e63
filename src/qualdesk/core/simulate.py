"""Drive a bank without the terminal: answers file in, the spec's JSON object out.

Used by ``qualdesk bank simulate``, by bank tests, by ``call record`` and by the what-if
rescoring, so that every one of them scores exactly as a live call does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from qualdesk.core.answers import AnswerRejected, coerce_answer
from qualdesk.core.attainable import max_attainable
from qualdesk.core.diagnostics import Diagnostic, InputError, Position
from qualdesk.core.graph import BankGraph
from qualdesk.core.model import Bank
from qualdesk.core.scoring import score_walk
from qualdesk.core.walk import walk
from qualdesk.core.yamltree import parse_yaml


@dataclass
class AnswerSheet:
    """Answers read from a file, in the order given, with where each one stands."""

    values: dict[str, Any]
    positions: dict[str, Position | None]
    file: str


def read_mapping_file(text: str, file: str, what: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Parse a YAML mapping (answers, a lead), raising :class:`InputError` with positions."""
    document, problems = parse_yaml(text, file)
    if document is None or problems:
        raise InputError(problems)
    data = document.data
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        shape = "question id: value" if what == "answers" else "field: value"
        raise InputError([Diagnostic("error", f"{what} must be a mapping of {shape}", file,
                                     document.at(()))])
    positions = {key: document.at((key,)) for key in data}
    return data, positions


def read_answer_sheet(text: str, file: str) -> AnswerSheet:
    """Read an answers file (``question id: value`` lines)."""
    values, positions = read_mapping_file(text, file, "answers")
    return AnswerSheet(values, positions, file)


def coerce_sheet(bank: Bank, sheet: AnswerSheet) -> dict[str, Any]:
    """Check every answer against its question, reporting every refused one at once."""
    problems: list[Diagnostic] = []
    coerced: dict[str, Any] = {}
    for qid, raw in sheet.values.items():
        question = bank.by_id.get(qid)
        position = sheet.positions.get(qid)
        if question is None:
            problems.append(Diagnostic("error", f"'{qid}' is not a question of bank "
                                       f"'{bank.id}'", sheet.file, position, None))
            continue
        if question.type == "say":
            problems.append(Diagnostic("error", "a say line takes no answer", sheet.file,
                                       position, qid))
            continue
        try:
            coerced[qid] = coerce_answer(question, raw)
        except AnswerRejected as rejected:
            problems.append(Diagnostic("error", rejected.reason, sheet.file, position, qid))
    if problems:
        raise InputError(problems)
    return coerced


def simulate(bank: Bank, answers: Mapping[str, Any], lead: Mapping[str, Any] | None = None,
             agent: str = "", today: date | None = None,
             graph: BankGraph | None = None) -> dict[str, Any]:
    """Walk ``bank`` with already-coerced ``answers`` and return the spec's JSON object."""
    graph = graph or BankGraph.of(bank)
    result = walk(bank, answers, lead=lead, agent=agent, auto_pass=True)
    score = score_walk(bank, result, today)
    best = max_attainable(bank, graph, result, score)
    return {
        "bank": bank.id,
        "version": bank.version,
        "path": list(result.path),
        "categories": score.categories,
        "total": score.total,
        "outcome": score.outcome,
        "quadrant": score.quadrant,
        "knockouts": score.knockouts,
        "max_attainable": best,
        "complete": result.complete,
        "next": result.stop,
        "ignored": [qid for qid in answers if qid not in result.counted],
        "explanation": score.explanation,
    }


def simulate_sheet(bank: Bank, sheet: AnswerSheet, lead: Mapping[str, Any] | None = None,
                   agent: str = "", today: date | None = None) -> dict[str, Any]:
    """Check an answers file against ``bank`` and simulate it."""
    return simulate(bank, coerce_sheet(bank, sheet), lead, agent, today)
