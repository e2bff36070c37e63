"""Auto-escalation: outbox at once, webhook with retries, failures kept and retried later."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from sqlmodel import select

from qualdesk.outputs.delivery import DeliveryConfig, escalate, pending_handoffs, retry_pending
from qualdesk.store.database import Store
from qualdesk.store.models import Handoff
from tests.outputs.helpers import call_with, qualified_call


class Receiver:
    """A webhook on 127.0.0.1 that fails its first ``failures`` requests."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.failures > 0:
                    receiver.failures -= 1
                    self.send_response(503)
                else:
                    receiver.received.append(json.loads(body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made: list[Receiver] = []

    def make(failures: int = 0) -> Receiver:
        made.append(Receiver(failures))
        return made[-1]

    yield make
    for item in made:
        item.close()


def closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


def config(tmp_path: Path, url: str | None) -> DeliveryConfig:
    return DeliveryConfig(tmp_path / "outbox", url, attempts=3, backoff_seconds=0.01,
                          timeout_seconds=2)


def handoff(store: Store) -> Handoff:
    with store.session() as session:
        return session.exec(select(Handoff)).one()


def test_outbox_only(store: Store, tmp_path: Path) -> None:
    call_id = qualified_call(store)
    assert escalate(store, call_id, config(tmp_path, None)) == "written"
    written = tmp_path / "outbox" / f"call-{call_id}.md"
    assert written.read_text().startswith("# Handoff: Maria Okafor")
    assert json.loads(written.with_suffix(".json").read_text())["score"]["total"] == 110
    assert handoff(store).state == "written"


def test_webhook_with_retries(store: Store, tmp_path: Path, receiver) -> None:
    hook = receiver(failures=2)
    call_id = qualified_call(store)
    assert escalate(store, call_id, config(tmp_path, hook.url)) == "delivered"
    [payload] = hook.received
    assert payload["call_id"] == call_id and payload["score"]["outcome"] == "sales_qualified"
    assert payload["summary_markdown"].startswith("# Handoff")
    record = handoff(store)
    assert (record.state, record.attempts, record.last_error) == ("delivered", 3, None)
    assert not (tmp_path / "outbox" / f"call-{call_id}.md").exists()
    assert (tmp_path / "outbox" / "sent" / f"call-{call_id}.md").exists()


def test_a_dead_webhook_keeps_it_in_the_outbox_until_a_retry(store: Store, tmp_path: Path,
                                                             receiver) -> None:
    call_id = qualified_call(store)
    assert escalate(store, call_id, config(tmp_path, closed_port())) == "failed"
    record = handoff(store)
    assert record.state == "failed" and record.attempts == 3
    assert record.last_error.startswith("webhook:")
    assert (tmp_path / "outbox" / f"call-{call_id}.md").exists()
    assert [h.call_id for h in pending_handoffs(store)] == [call_id]
    hook = receiver()
    assert retry_pending(store, config(tmp_path, hook.url)) == {"delivered": 1}
    assert handoff(store).state == "delivered" and len(hook.received) == 1
    assert pending_handoffs(store) == []


def test_only_sales_qualified_calls_escalate(store: Store, tmp_path: Path) -> None:
    call_id = call_with(store, {"good_time": "later"})
    assert escalate(store, call_id, config(tmp_path, None)) is None
    assert not (tmp_path / "outbox").exists()


def test_an_unwritable_outbox_is_recorded_not_raised(store: Store, tmp_path: Path) -> None:
    blocker = tmp_path / "outbox"
    blocker.write_text("a file where the folder should be")
    call_id = qualified_call(store)
    assert escalate(store, call_id, config(tmp_path, None)) == "failed"
    assert handoff(store).last_error.startswith("outbox:")
