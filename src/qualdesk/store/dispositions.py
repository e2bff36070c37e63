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


AAPOR_CLASSES = ("interview", "partial", "refusal", "non_contact", "unknown", "not_eligible",
                 "other")
FLAGS = ("contacted", "final", "try_again", "do_not_call", "needs_note", "schedules_callback")


def set_disposition(session: Session, campaign_id: int, code: str,
                    changes: dict[str, object]) -> Disposition:
    """Change (or add) a disposition for one campaign only; the default set stays as it is.

    The first change copies the default disposition of that code into the campaign, so the
    campaign keeps every flag it does not change.
    """
    if "aapor_class" in changes and changes["aapor_class"] not in AAPOR_CLASSES:
        raise ValueError(f"AAPOR class must be one of {', '.join(AAPOR_CLASSES)}")
    own = session.exec(select(Disposition).where(Disposition.campaign_id == campaign_id,
                                                 Disposition.code == code)).first()
    if own is None:
        base = session.exec(select(Disposition).where(col(Disposition.campaign_id).is_(None),
                                                      Disposition.code == code)).first()
        if base is None and not changes.get("label"):
            raise ValueError(f"'{code}' is a new disposition: give it a --label")
        fields = base.model_dump(exclude={"id", "campaign_id"}) if base else {
            "code": code, "label": code, "position": 100}
        own = Disposition(campaign_id=campaign_id, **fields)
        session.add(own)
    for name, value in changes.items():
        setattr(own, name, value)
    session.flush()
    return own
