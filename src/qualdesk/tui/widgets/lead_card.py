"""The lead card: who is on the line, their local time, and what happened before."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from textual.markup import escape
from textual.widgets import Static

from qualdesk.core.model import OUTCOME_LABELS
from qualdesk.store.desk import LeadCard
from qualdesk.store.models import Lead


def local_time(zone: str | None, now: datetime) -> str:
    """``14:05 Europe/Berlin`` for the lead's zone, or a plain warning when it is unknown."""
    if not zone:
        return "local time unknown"
    try:
        return f"{now.astimezone(zoneinfo.ZoneInfo(zone)):%a %H:%M} {zone}"
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return f"unknown zone {zone}"


def full_name(lead: Lead) -> str:
    """First and last name, or the company when the lead has no name."""
    return f"{lead.first_name} {lead.last_name}".strip() or lead.company or f"lead {lead.id}"


def card_markup(card: LeadCard, now: datetime) -> str:
    """The card's text: identity, how to reach them, history in one or two lines each."""
    lead = card.lead
    who = " · ".join(escape(part) for part in (full_name(lead), lead.title, lead.company)
                     if part)
    reach = " · ".join(escape(part) for part in (
        lead.phone or "no phone", lead.email or "", local_time(lead.timezone, now),
        f"campaign {card.campaign}" if card.campaign else "") if part)
    lines = [f"[b]{who}[/b]", reach]
    if card.attempts:
        earlier = ", ".join(
            f"{attempt.at.astimezone(now.tzinfo):%d %b} {attempt.disposition}" + (
                f" ({OUTCOME_LABELS.get(attempt.outcome, attempt.outcome)})"
                if attempt.outcome else "")
            for attempt in card.attempts[:3])
        lines.append(f"Attempts {lead.attempts}: {escape(earlier)}")
    else:
        lines.append("First attempt")
    if card.notes:
        latest = card.notes[0]
        text = " ".join(latest.text.split())
        lines.append(f"Note ({escape(latest.agent)}, {latest.at.astimezone(now.tzinfo):%d %b}): "
                     f"{escape(text)}")
    return "\n".join(lines)


class LeadCardView(Static):
    """The card at the top of the call screen."""

    DEFAULT_CLASSES = "panel"
    BORDER_TITLE = "Lead"

    def show(self, card: LeadCard, now: datetime) -> None:
        """Fill the card for ``card`` at time ``now``."""
        self.update(card_markup(card, now))
