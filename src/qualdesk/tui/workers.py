"""Run store work off the UI thread and hear back on it.

Every read and write of the store goes through :func:`in_background`: the job runs in a
thread worker, so a slow or locked database never freezes the screen, and its result (or a
plain message saying what failed) comes back on the UI thread. Failures a user can meet (a
locked or unreachable store, a missing record, a refused value, a bank that does not load)
become a notification, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

from qualdesk.core.diagnostics import InputError
from qualdesk.store.database import StoreError

T = TypeVar("T")

#: What a job may raise that is the world's fault, not a bug: shown, never a traceback.
EXPECTED = (StoreError, LookupError, ValueError, OSError, InputError)


def plain_message(error: BaseException) -> str:
    """The words of an expected failure, without Python's decoration."""
    if isinstance(error, InputError):
        return "; ".join(d.format() for d in error.diagnostics)
    if isinstance(error, LookupError) and error.args:
        return str(error.args[0])
    return str(error) or type(error).__name__


def in_background(node: DOMNode, job: Callable[[], T], done: Callable[[T], Any], *,
                  what: str, failed: Callable[[str], Any] | None = None,
                  exclusive: bool = False, group: str = "store") -> Worker[None]:
    """Run ``job`` in a thread; call ``done(result)`` or ``failed(message)`` on the UI thread.

    Without ``failed``, a failure is shown as an error notification naming ``what`` was
    being done.
    """

    app = node.app

    def deliver(result: T) -> Any:
        if node.is_attached:  # the screen may have closed while the job ran
            return done(result)  # an async ``done`` is awaited by call_from_thread
        return None

    def report(message: str) -> Any:
        if not node.is_attached:
            return None
        if failed is not None:
            return failed(message)
        else:
            app.notify(f"{message}", title=f"Could not finish {what}",
                       severity="error", timeout=8)
        return None

    def runner() -> None:
        try:
            result = job()
        except EXPECTED as error:
            app.call_from_thread(report, plain_message(error))
            return
        app.call_from_thread(deliver, result)

    return node.run_worker(runner, thread=True, exclusive=exclusive, group=group, name=what)
