"""Auto-escalation: a sales-qualified call's summary goes to the outbox at once, then, when a
webhook is configured, is posted as JSON with retries and back-off.

Delivery can never block or lose a call: the call is already committed when this runs, every
failure is caught and recorded on the handoff (state, attempts, last error), and a summary that
could not be delivered stays in the outbox until ``qualdesk handoff deliver`` (or the next
escalation) retries it. Delivered summaries move to ``outbox/sent``.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from sqlmodel import col, select

from qualdesk.outputs.handoff import TemplateProblem, handoff_data, render
from qualdesk.store.database import Store, StoreError
from qualdesk.store.models import Handoff, utcnow

PENDING_STATES = ("pending", "written", "failed")


@dataclass
class DeliveryConfig:
    """Where summaries go: the outbox folder and, optionally, a webhook."""

    outbox: Path
    webhook_url: str | None = None
    attempts: int = 4
    backoff_seconds: float = 0.5
    timeout_seconds: float = 5.0


def delivery_config() -> DeliveryConfig:
    """From ``QUALDESK_OUTBOX`` (default: ``outbox`` in the data folder) and
    ``QUALDESK_WEBHOOK_URL`` (default: none)."""
    outbox = os.environ.get("QUALDESK_OUTBOX") or str(
        Path(platformdirs.user_data_dir("qualdesk", appauthor=False)) / "outbox")
    return DeliveryConfig(Path(outbox), os.environ.get("QUALDESK_WEBHOOK_URL") or None)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _post(url: str, payload: dict[str, Any], timeout: float) -> None:
    body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "User-Agent": "qualdesk"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        if not 200 <= response.status < 300:
            raise urllib.error.HTTPError(url, response.status, "not delivered", {}, None)


def _update(store: Store, handoff_id: int, **values: Any) -> None:
    def work(session: Any) -> None:
        handoff = session.get(Handoff, handoff_id)
        for name, value in values.items():
            setattr(handoff, name, value)

    store.run(work, what="recording a delivery")


def escalate(store: Store, call_id: int, config: DeliveryConfig | None = None) -> str | None:
    """Write and deliver the handoff of ``call_id``; returns its state (``None`` when the call
    has no handoff). Never raises: every failure is recorded on the handoff."""
    config = config or delivery_config()
    with store.session() as session:
        handoff = session.exec(select(Handoff).where(Handoff.call_id == call_id)).first()
    if handoff is None or handoff.id is None:
        return None
    try:
        data = handoff_data(store, call_id)
        markdown = render("handoff.md.j2", data)
    except (TemplateProblem, StoreError, LookupError) as problem:
        _update(store, handoff.id, state="failed", last_error=f"summary: {problem}")
        return "failed"
    try:
        config.outbox.mkdir(parents=True, exist_ok=True)
        path = config.outbox / f"call-{call_id}.md"
        _write_atomically(path, markdown)
        _write_atomically(path.with_suffix(".json"),
                          json.dumps(data, ensure_ascii=False, indent=2, default=str))
    except OSError as problem:
        _update(store, handoff.id, state="failed", last_error=f"outbox: {problem}")
        return "failed"
    _update(store, handoff.id, state="written", outbox_path=str(path), last_error=None)
    if not config.webhook_url:
        return "written"
    return _deliver(store, handoff.id, handoff.attempts, path,
                    {"call_id": call_id, "summary_markdown": markdown, **data}, config)


def _deliver(store: Store, handoff_id: int, attempts: int, path: Path,
             payload: dict[str, Any], config: DeliveryConfig) -> str:
    assert config.webhook_url is not None
    error = ""
    delay = config.backoff_seconds
    for number in range(config.attempts):
        attempts += 1
        try:
            _post(config.webhook_url, payload, config.timeout_seconds)
        except (urllib.error.URLError, OSError, ValueError) as problem:
            error = str(getattr(problem, "reason", problem)) or type(problem).__name__
            if number + 1 < config.attempts:
                time.sleep(delay)
                delay *= 2
            continue
        sent = path.parent / "sent"
        sent.mkdir(exist_ok=True)
        for file in (path, path.with_suffix(".json")):
            if file.exists():
                os.replace(file, sent / file.name)
        _update(store, handoff_id, state="delivered", attempts=attempts, last_error=None,
                delivered_at=utcnow(), outbox_path=str(sent / path.name))
        return "delivered"
    _update(store, handoff_id, state="failed", attempts=attempts,
            last_error=f"webhook: {error}")
    return "failed"


def retry_pending(store: Store, config: DeliveryConfig | None = None) -> dict[str, int]:
    """Escalate again every handoff not yet delivered; counts by resulting state."""
    config = config or delivery_config()
    states = PENDING_STATES if config.webhook_url else ("pending", "failed")
    with store.session() as session:
        calls = session.exec(select(Handoff.call_id).where(
            col(Handoff.state).in_(states)).order_by(Handoff.id)).all()
    counts: dict[str, int] = {}
    for call_id in calls:
        state = escalate(store, call_id, config) or "none"
        counts[state] = counts.get(state, 0) + 1
    return counts


def pending_handoffs(store: Store) -> list[Handoff]:
    """Handoffs not yet delivered (for the UI's "pending" sign and for reports)."""
    with store.session() as session:
        return list(session.exec(select(Handoff).where(
            col(Handoff.state).in_(PENDING_STATES)).order_by(Handoff.id)).all())
