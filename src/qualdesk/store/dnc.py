"""The do-not-call list: phone numbers (E.164) and email addresses never to be called.

Adding an entry flags every lead with that phone or email at once, so the queue stops
offering them; the lead import flags listed leads as they arrive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import or_, select, update
from sqlmodel import Session, col

from qualdesk.store.audit import audit
from qualdesk.store.models import DncEntry, Lead
from qualdesk.store.normalize import Unusable, email_address, parse_phone


@dataclass
class DncResult:
    """What adding to the list did: new entries, ones already there, and refused values."""

    added: int = 0
    already: int = 0
    leads_flagged: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)


def dnc_key(value: str, country: str | None = None) -> tuple[str, str]:
    """``("email", "a@b.com")`` or ``("phone", "+12125550142")``; raise :class:`Unusable`."""
    text = value.strip()
    if "@" in text:
        email = email_address(text)
        if email is None:
            raise Unusable(f"'{text}' is not an email address")
        return "email", email
    return "phone", parse_phone(text, country).e164


def add_to_dnc(session: Session, values: Iterable[str], *, source: str | None = None,
               added_by: str | None = None, country: str | None = None) -> DncResult:
    """Add phones and emails to the list (in the session's transaction) and flag leads."""
    result = DncResult()
    keys: list[tuple[str, str]] = []
    for value in values:
        if not value or not value.strip():
            continue
        try:
            keys.append(dnc_key(value, country))
        except Unusable as problem:
            result.refused.append((value, str(problem)))
    if not keys:
        return result
    existing = {tuple(row) for row in session.execute(select(DncEntry.kind, DncEntry.value))}
    for kind, value in dict.fromkeys(keys):
        if (kind, value) in existing:
            result.already += 1
            continue
        session.add(DncEntry(kind=kind, value=value, source=source, added_by=added_by))
        existing.add((kind, value))
        result.added += 1
    phones = [v for k, v in keys if k == "phone"]
    emails = [v for k, v in keys if k == "email"]
    flagged = session.execute(update(Lead).where(
        col(Lead.dnc).is_(False),
        or_(col(Lead.phone).in_(phones), col(Lead.email).in_(emails)),
    ).values(dnc=True))
    result.leads_flagged = flagged.rowcount or 0
    audit(session, added_by or "system", "add", "dnc", None,
          {"added": result.added, "source": source, "leads_flagged": result.leads_flagged})
    return result


def list_dnc(session: Session) -> list[DncEntry]:
    """Every entry, in the order added."""
    return list(session.execute(select(DncEntry).order_by(DncEntry.id)).scalars())
