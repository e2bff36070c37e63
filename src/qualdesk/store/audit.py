"""The append-only audit trail: who changed what, and when."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from qualdesk.store.models import AuditEntry


def audit(session: Session, actor: str, action: str, entity: str, entity_id: object | None,
          detail: dict[str, Any] | None = None) -> None:
    """Add one audit entry to the session's transaction (nothing ever updates or deletes)."""
    session.add(AuditEntry(actor=actor, action=action, entity=entity,
                           entity_id=None if entity_id is None else str(entity_id),
                           detail=detail or {}))
