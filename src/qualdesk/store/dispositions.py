"""Dispositions: the seeded set, with per-campaign overrides, looked up by code."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from qualdesk.store.models import Disposition


class UnknownDisposition(LookupError):
    """A disposition code that neither the campaign nor the default set knows."""


def dispositions_for(session: Session, campaign_id: int | None) -> list[Disposition]:
    """The codes a caller may choose on a campaign: its own, else the default ones."""
    rows = session.exec(
        select(Disposition).where(or_(col(Disposition.campaign_id).is_(None),
                                      Disposition.campaign_id == campaign_id))
        .order_by(Disposition.position, Disposition.id)
    ).all()
    chosen: dict[str, Disposition] = {}
    for row in rows:
        if row.code not in chosen or row.campaign_id is not None:
            chosen[row.code] = row
    return sorted(chosen.values(), key=lambda d: (d.position, d.code))


def disposition(session: Session, code: str, campaign_id: int | None) -> Disposition:
    """One disposition by code; raise :class:`UnknownDisposition` naming the valid codes."""
    options = dispositions_for(session, campaign_id)
    for row in options:
        if row.code == code:
            return row
    raise UnknownDisposition(
        f"unknown disposition '{code}' (one of: {', '.join(d.code for d in options)})")
