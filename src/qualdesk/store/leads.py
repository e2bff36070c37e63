"""Leads: import from CSV (merging duplicates, refusing nothing silently) and listing.

Import is all-or-nothing for the accepted rows (one transaction), and every refused row goes,
whole and with its reason, to a rejects file. A lead matches an existing one by record id,
then phone, then email; a match updates the lead instead of adding one, so importing the same
file twice adds nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text, update
from sqlmodel import Session, col, select

from qualdesk.store.audit import audit
from qualdesk.store.csvsource import CsvSource
from qualdesk.store.models import Campaign, DncEntry, Lead, utcnow
from qualdesk.store.normalize import (
    Unusable,
    country_code,
    email_address,
    parse_phone,
    time_zone,
)

UPDATABLE = ("first_name", "last_name", "company", "title", "email", "phone", "country",
             "region", "city", "timezone", "source", "external_id")


@dataclass
class Rejected:
    """A refused row: its line in the file, every original cell, and why."""

    line: int
    original: dict[str, str]
    reason: str


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    flagged_dnc: int = 0
    encoding: str = ""
    mapping: dict[str, str] = field(default_factory=dict)


def campaign_named(session: Session, name: str, actor: str) -> Campaign:
    """The campaign called ``name``, made with the default calling rules if it is new."""
    campaign = session.exec(select(Campaign).where(Campaign.name == name)).first()
    if campaign is None:
        campaign = Campaign(name=name)
        session.add(campaign)
        session.flush()
        audit(session, actor, "create", "campaign", campaign.id, {"name": name})
    return campaign


def lead_fields(fields: dict[str, str]) -> dict[str, Any]:
    """Normalise one row's fields into lead columns; raise :class:`Unusable` with the reason."""
    first, last = fields.get("first_name", ""), fields.get("last_name", "")
    if not first and not last and fields.get("full_name"):
        parts = fields["full_name"].split()
        first, last = parts[0], " ".join(parts[1:])
    country_text = fields.get("country")
    country = country_code(country_text)
    if country_text and country is None:
        raise Unusable(f"country '{country_text}' is not a country qualdesk knows")
    phone = None
    reasons: list[str] = []
    for key in ("phone", "mobile"):
        if fields.get(key):
            try:
                phone = parse_phone(fields[key], country)
                break
            except Unusable as problem:
                reasons.append(str(problem))
    if phone is None:
        raise Unusable("; ".join(reasons) or "no phone number to call")
    country = country or phone.region
    raw_email = fields.get("email")
    email = email_address(raw_email)
    if raw_email and email is None:
        raise Unusable(f"email '{raw_email}' is not an email address")
    zone = fields.get("timezone") or time_zone(phone, country, fields.get("region"))
    return {
        "external_id": fields.get("external_id") or None, "first_name": first,
        "last_name": last, "company": fields.get("company", ""),
        "title": fields.get("title", ""), "email": email, "phone": phone.e164,
        "country": country, "region": fields.get("region") or None,
        "city": fields.get("city") or None, "timezone": zone,
        "source": fields.get("source") or None,
    }


class _Index:
    """Existing leads by record id, phone and email, loaded once for the whole import."""

    def __init__(self, session: Session) -> None:
        self.by_external: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        rows = session.exec(select(Lead.id, Lead.external_id, Lead.phone, Lead.email)).all()
        for lead_id, external, phone, email in rows:
            self.remember(lead_id, external, phone, email)

    def remember(self, key: int, external: str | None, phone: str | None,
                 email: str | None) -> None:
        if external:
            self.by_external.setdefault(external, key)
        if phone:
            self.by_phone.setdefault(phone, key)
        if email:
            self.by_email.setdefault(email, key)

    def find(self, values: dict[str, Any]) -> int | None:
        for table, key in ((self.by_external, "external_id"), (self.by_phone, "phone"),
                           (self.by_email, "email")):
            if values.get(key) and values[key] in table:
                return table[values[key]]
        return None


def import_leads(session: Session, source: CsvSource, *, campaign: str | None = None,
                 lead_source: str | None = None, actor: str = "import",
                 progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import ``source`` into the session's transaction (the caller commits or not)."""
    report = ImportReport(encoding=source.encoding, mapping=dict(source.mapping))
    campaign_id = campaign_named(session, campaign, actor).id if campaign else None
    index = _Index(session)
    dnc_phones = set(session.exec(select(DncEntry.value).where(DncEntry.kind == "phone")).all())
    dnc_emails = set(session.exec(select(DncEntry.value).where(DncEntry.kind == "email")).all())
    existing: dict[int, dict[str, Any]] = {}
    pending_new: list[dict[str, Any]] = []
    pending_updates: dict[int, dict[str, Any]] = {}
    now = utcnow()
    new_keys: dict[int, int] = {}
    for count, (line, original, fields, extra) in enumerate(source.rows(), start=1):
        if progress and count % 500 == 0:
            progress(500)
        try:
            values = lead_fields(fields)
        except Unusable as problem:
            report.rejected.append(Rejected(line, original, str(problem)))
            continue
        if lead_source:
            values["source"] = lead_source
        values["dnc"] = values["phone"] in dnc_phones or (values["email"] or "") in dnc_emails
        found = index.find(values)
        if found is None:
            key = -(len(pending_new) + 1)
            row = {**values, "extra": extra, "campaign_id": campaign_id, "status": "new",
                   "created_at": now, "updated_at": now, "attempts": 0}
            pending_new.append(row)
            new_keys[key] = len(pending_new) - 1
            index.remember(key, values["external_id"], values["phone"], values["email"])
            report.flagged_dnc += values["dnc"]
            continue
        if found < 0:
            target = pending_new[new_keys[found]]
            merged = {k: v for k, v in values.items() if v not in (None, "")}
            target.update(merged)
            target["extra"] = {**target["extra"], **extra}
            report.unchanged += 1
            continue
        current = existing.get(found) or _load(session, found)
        existing[found] = current
        changes = {k: v for k, v in values.items()
                   if k in UPDATABLE and v not in (None, "") and current.get(k) != v}
        if values["dnc"] and not current.get("dnc"):
            changes["dnc"] = True
            report.flagged_dnc += 1
        if campaign_id and current.get("campaign_id") != campaign_id:
            changes["campaign_id"] = campaign_id
        if extra and any(current["extra"].get(k) != v for k, v in extra.items()):
            changes["extra"] = {**current["extra"], **extra}
        if changes:
            current.update(changes)
            pending_updates.setdefault(found, {"id": found}).update(changes, updated_at=now)
        else:
            report.unchanged += 1
    report.updated = len(pending_updates)
    if pending_new:
        session.execute(insert(Lead), pending_new)
    if pending_updates:
        session.execute(update(Lead), list(pending_updates.values()))
    report.added = len(pending_new)
    if pending_new or pending_updates:
        refresh_statistics(session)
    audit(session, actor, "import", "leads", None,
          {"file": str(source.path), "added": report.added, "updated": report.updated,
           "rejected": len(report.rejected), "campaign": campaign})
    return report


def refresh_statistics(session: Session) -> None:
    """Let the query planner see the new shape of the leads table after a large import, so
    the queue keeps using its index (the claim stays fast at 100,000 leads)."""
    if session.get_bind().dialect.name in {"sqlite", "postgresql"}:
        session.execute(text("ANALYZE leads"))


def _load(session: Session, lead_id: int) -> dict[str, Any]:
    lead = session.get(Lead, lead_id)
    assert lead is not None
    return {name: getattr(lead, name) for name in (*UPDATABLE, "dnc", "campaign_id", "extra")}


def write_rejects(path: Path, headers: list[str], rejected: list[Rejected]) -> None:
    """Write refused rows whole, with ``line`` and ``reason`` columns, as UTF-8 CSV."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*headers, "line", "reason"])
        for row in rejected:
            writer.writerow([*(row.original.get(h, "") for h in headers), row.line, row.reason])


LIST_FIELDS = ("id", "first_name", "last_name", "company", "title", "email", "phone",
               "country", "timezone", "campaign", "status", "dnc", "attempts")


def iter_leads(session: Session, campaign: str | None = None,
               batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every lead as the ``leads list --json`` object, streamed in batches of ``batch``."""
    names = {c.id: c.name for c in session.exec(select(Campaign)).all()}
    query = select(Lead).order_by(col(Lead.id))
    if campaign is not None:
        wanted = [key for key, name in names.items() if name == campaign]
        query = query.where(col(Lead.campaign_id).in_(wanted))
    last = 0
    while True:
        rows = session.exec(query.where(col(Lead.id) > last).limit(batch)).all()
        if not rows:
            return
        for lead in rows:
            yield lead_json(lead, names.get(lead.campaign_id) if lead.campaign_id else None)
        last = rows[-1].id or last


def lead_json(lead: Lead, campaign: str | None) -> dict[str, Any]:
    """A lead as scripts see it (``leads list --json``, ``queue next --json``)."""
    return {
        "id": lead.id, "external_id": lead.external_id, "first_name": lead.first_name,
        "last_name": lead.last_name, "company": lead.company, "title": lead.title,
        "email": lead.email, "phone": lead.phone, "country": lead.country,
        "region": lead.region, "timezone": lead.timezone, "campaign": campaign,
        "source": lead.source, "status": lead.status, "dnc": lead.dnc,
        "attempts": lead.attempts,
        "callback_at": lead.callback_at.isoformat() if lead.callback_at else None,
        "last_outcome": lead.last_outcome, "last_disposition": lead.last_disposition,
    }
