"""The live score panel: where the lead stands after every answer, and why.

It shows a bar per category against its cap, the total against the outcome thresholds, the
outcome and quadrant, the best total still reachable (with a plain sign once sales qualified is
out of reach), knockouts in words, and one line for every point. Everything is said in words
and bar characters as well as colour, so it reads the same with ``NO_COLOR``.
"""

from __future__ import annotations

from typing import Any

from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Static

from qualdesk.core.engine import CallState
from qualdesk.core.model import OUTCOME_LABELS, QUADRANT_LABELS, Bank, Number
from qualdesk.core.scoring import clean_number

BAR_WIDTH = 10


def bar(value: Number, maximum: Number, width: int = BAR_WIDTH) -> str:
    """``███░░░░░░░``: ``value`` out of ``maximum`` in ``width`` cells (never past either end)."""
    if maximum <= 0:
        return "░" * width
    filled = round(width * max(0, min(value, maximum)) / maximum)
    return "█" * filled + "░" * (width - filled)


def _number(value: Number | None) -> str:
    return "–" if value is None else f"{clean_number(value)}"


def explanation_line(bank: Bank, entry: dict[str, Any]) -> str:
    """One point of the explanation in words: ``+25 Role: I make the final decision``."""
    points = entry.get("points", 0)
    sign = "+" if points >= 0 else ""
    if "question" in entry:
        question = bank.by_id.get(entry["question"])
        what = f"{entry['question']}: {entry.get('label') or entry.get('answer')}"
        if question is not None and question.category in bank.categories:
            what += f" ({bank.categories[question.category].label})"
    else:
        what = str(entry.get("reason") or "rule")
    return f"{sign}{_number(points)} {what}"


def score_markup(bank: Bank, state: CallState) -> str:
    """The whole panel as Textual markup (lead text escaped)."""
    score = state.score
    lines: list[str] = []
    label_width = max((len(c.label) for c in bank.categories.values()), default=0)
    for name, category in bank.categories.items():
        value = score.categories.get(name, 0)
        if category.maximum is not None:
            lines.append(f"{escape(category.label):<{label_width}} [$accent]"
                         f"{bar(value, category.maximum)}[/] {_number(value)}/"
                         f"{_number(category.maximum)}")
        else:
            lines.append(f"{escape(category.label):<{label_width}} {_number(value)}")
    thresholds = bank.thresholds
    sales = thresholds.get("sales_qualified")
    marketing = thresholds.get("marketing_qualified")
    limits = ", ".join(part for part in (
        f"SQL ≥{_number(sales)}" if sales is not None else "",
        f"MQL ≥{_number(marketing)}" if marketing is not None else "") if part)
    lines.append(f"[b]Total {_number(score.total)}[/b]" + (f"  ({limits})" if limits else ""))
    outcome = OUTCOME_LABELS.get(score.outcome, score.outcome)
    style = "$success" if score.outcome == "sales_qualified" else (
        "$error" if score.outcome == "disqualified" else "$warning")
    lines.append(f"Outcome: [{style}][b]{outcome}[/b][/]")
    quadrant = QUADRANT_LABELS.get(score.quadrant, score.quadrant)
    lines.append(f"Matrix: {quadrant}" + (
        f" (fit {score.fit_percent:.0f}%, ready {score.readiness_percent:.0f}%)"
        if score.fit_percent is not None and score.readiness_percent is not None else ""))
    lines.append(f"Best reachable: {_number(state.max_attainable)}")
    if not state.can_still_qualify:
        lines.append("[$error][b]✗ Can no longer reach sales qualified[/b][/]")
    elif score.outcome != "sales_qualified" and sales is not None:
        lines.append(f"✓ Can still qualify (needs {_number(sales - score.total)} more)")
    for knockout in score.knockouts:
        lines.append(f"[$error][b]KNOCKOUT:[/b] {escape(str(knockout['reason']))}[/]")
    if score.explanation:
        lines.append("")
        lines.append("[b]Why[/b]")
        lines.extend(escape(explanation_line(bank, entry)) for entry in score.explanation)
    return "\n".join(lines)


class ScorePanel(VerticalScroll, can_focus=True):
    """The score beside the script, redrawn after every answer."""

    DEFAULT_CLASSES = "panel"
    BORDER_TITLE = "Live score"

    def compose(self):  # type: ignore[no-untyped-def]
        """A single text block: the panel scrolls when the explanation grows long."""
        yield Static(id="score-text")

    def show(self, bank: Bank, state: CallState) -> None:
        """Redraw for ``state``."""
        self.query_one("#score-text", Static).update(score_markup(bank, state))
