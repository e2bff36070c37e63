"""Deals from the CRM: what became of each lead (won, lost, open, or rejected by sales),
imported with the same care as leads, to see which answers really predict a sale.

A row is matched to a lead by record id, then email, then phone (E.164, read with the row's
country, or the import's default country). A row that matches no lead, matches two, or has a
status that is none of the four is refused with the reason and goes whole to the rejects file.
A lead has one deal: a later import replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from qualdesk.store.audit import audit
from qualdesk.store.csvsource import CsvSource, header_key
from qualdesk.store.leads import Rejected
from qualdesk.store.models import Deal, Lead
from qualdesk.store.normalize import Unusable, country_code, email_address, parse_phone

STATUSES = {
    "won": ("won", "closedwon", "win", "sold", "customer"),
    "lost": ("lost", "closedlost", "lose", "nodecision"),
    "open": ("open", "inprogress", "pipeline", "negotiation", "proposal", "qualified"),
    "rejected": ("rejected", "notaccepted", "unqualified", "disqualified", "declined",
                 "salesrejected", "recycled"),
}
_STATUS = {alias: status for status, aliases in STATUSES.items() for alias in aliases}
_COLUMNS = {
    "status": ("status", "stage", "dealstage", "outcome", "result", "dealstatus"),
    "amount": ("amount", "dealvalue", "value", "revenue", "dealamount"),
    "closed": ("closedate", "closedat", "dateclosed", "closed", "closeddate"),
    "reference": ("dealid", "opportunityid", "dealname", "opportunity", "opportunityname"),
}


@dataclass
class OutcomeImport:
    """What an outcomes import did (or, dry, would do)."""

    added: int = 0
    updated: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def deal_columns(headers: list[str]) -> dict[str, str]:
    """Which header holds the status, amount, close date and deal reference."""
    found: dict[str, str] = {}
    for header in headers:
        key = header_key(header)
        for name, aliases in _COLUMNS.items():
            if key in aliases and name not in found:
                found[name] = header
    return found


def _status(text: str) -> str | None:
    return _STATUS.get(header_key(text))


def _closed(text: str) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"close date '{text}' is not an ISO date") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _amount(text: str) -> float | None:
    cleaned = text.replace(",", "").replace("$", "").replace("€", "").replace("£", "").strip()
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"amount '{text}' is not a number") from None


def _match(session: Session, fields: dict[str, str], default_country: str | None = None
           ) -> tuple[int | None, str]:
    """The lead a row names, or ``None`` and why not."""
    tried = []
    if fields.get("external_id"):
        tried.append("record id")
        ids = session.execute(select(Lead.id).where(
            Lead.external_id == fields["external_id"])).scalars().all()
        if len(ids) == 1:
            return ids[0], ""
        if len(ids) > 1:
            return None, f"record id '{fields['external_id']}' matches {len(ids)} leads"
    email = email_address(fields.get("email"))
    if email:
        tried.append("email")
        ids = session.execute(select(Lead.id).where(Lead.email == email)).scalars().all()
        if len(ids) == 1:
            return ids[0], ""
        if len(ids) > 1:
            return None, f"email {email} matches {len(ids)} leads"
    phone_text = fields.get("phone") or fields.get("mobile")
    if phone_text:
        tried.append("phone")
        try:
            country = country_code(fields.get("country")) or default_country
            phone = parse_phone(phone_text, country).e164
        except Unusable as problem:
            return None, str(problem)
        ids = session.execute(select(Lead.id).where(Lead.phone == phone)).scalars().all()
        if len(ids) == 1:
            return ids[0], ""
        if len(ids) > 1:
            return None, f"phone {phone} matches {len(ids)} leads"
    if not tried:
        return None, "no record id, email or phone to find the lead by"
    return None, f"no lead matches its {', '.join(tried)}"


def import_outcomes(session: Session, source: CsvSource, actor: str,
                    dry_run: bool = False, default_country: str | None = None,
                    progress: Callable[[int], object] | None = None) -> OutcomeImport:
    """Import deals from ``source``; nothing is written when ``dry_run``. Phone numbers
    without a country code are read as numbers of the row's country, else of
    ``default_country``."""
    columns = deal_columns(source.headers)
    if "status" not in columns:
        raise ValueError("no status column (Status, Stage, Deal Stage, Outcome or Result): "
                         f"the file has {', '.join(source.headers)}")
    report = OutcomeImport()
    for line, original, fields, _extra in source.rows():
        if progress is not None:
            progress(1)
        try:
            status = _status(original.get(columns["status"], ""))
            if status is None:
                raise ValueError(f"status '{original.get(columns['status'], '')}' is none of "
                                 "won, lost, open, rejected")
            amount = _amount(original.get(columns.get("amount", ""), "") or "")
            closed = _closed((original.get(columns.get("closed", ""), "") or "").strip())
        except ValueError as problem:
            report.rejected.append(Rejected(line, original, str(problem)))
            continue
        lead_id, why = _match(session, fields, default_country)
        if lead_id is None:
            report.rejected.append(Rejected(line, original, why))
            continue
        report.counts[status] = report.counts.get(status, 0) + 1
        values: dict[str, Any] = {"status": status, "amount": amount, "closed_at": closed,
                                  "reference": original.get(columns.get("reference", ""))
                                  or None}
        existing = session.execute(select(Deal).where(Deal.lead_id == lead_id)).scalar()
        if existing is None:
            report.added += 1
            if not dry_run:
                session.add(Deal(lead_id=lead_id, **values))
        else:
            report.updated += 1
            if not dry_run:
                for name, value in values.items():
                    setattr(existing, name, value)
        if not dry_run:
            session.flush()
    if not dry_run:
        audit(session, actor, "import", "outcomes", None,
              {"file": str(source.path), "added": report.added, "updated": report.updated,
               "rejected": len(report.rejected)})
    return report
