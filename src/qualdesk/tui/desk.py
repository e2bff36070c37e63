"""What every screen works with: the store, the caller, the clock, and how a call is opened.

The functions here run inside worker threads (never on the UI thread): each one is a few
store calls, and the screen that started it is told the result by a callback on the UI
thread (:func:`qualdesk.tui.workers.in_background`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from qualdesk.core.engine import CallSession
from qualdesk.core.loader import load_bank_text, read_text_file
from qualdesk.core.model import Bank
from qualdesk.store.calls import lead_context, resume_call, start_call
from qualdesk.store.database import Store, StoreError
from qualdesk.store.desk import LeadCard, campaign_bank, lead_card
from qualdesk.store.models import utcnow

if TYPE_CHECKING:
    from qualdesk.outputs.delivery import DeliveryConfig


class NoBank(LookupError):
    """The lead's campaign has no bank version and no fallback bank was given."""


@dataclass
class Desk:
    """The caller's working context, shared by every screen of one app."""

    store: Store
    agent: str
    fallback_bank: Path | None = None
    delivery: DeliveryConfig | None = None
    clock: Callable[[], datetime] = utcnow
    _banks: dict[str, Bank] = field(default_factory=dict)

    def now(self) -> datetime:
        """The current moment (a fixed one in snapshot tests)."""
        return self.clock()

    def _load(self, text: str, name: str) -> Bank:
        cached = self._banks.get(text)
        if cached is not None:
            return cached
        loaded = load_bank_text(text, name)
        if loaded.bank is None:
            first = next((d.format() for d in loaded.diagnostics), "it does not load")
            raise StoreError(f"the bank {name} cannot be used: {first}")
        self._banks[text] = loaded.bank
        return loaded.bank

    def bank_for(self, lead_id: int) -> Bank:
        """The bank the lead's campaign calls with, else the fallback bank file."""
        stored = campaign_bank(self.store, lead_id)
        if stored is not None:
            return self._load(stored.text, stored.name)
        if self.fallback_bank is None:
            raise NoBank("this lead's campaign has no question bank: give one with "
                         "'qualdesk campaign set-bank' or start with 'qualdesk --bank FILE'")
        return self._load(read_text_file(self.fallback_bank), str(self.fallback_bank))


@dataclass
class OpenCall:
    """A call on screen: its id in the store, the live session and the lead card."""

    call_id: int
    session: CallSession
    card: LeadCard


def open_call(desk: Desk, lead_id: int, claim_id: str | None) -> OpenCall:
    """Start a call on a claimed lead with its campaign's bank (runs in a worker)."""
    bank = desk.bank_for(lead_id)
    card = lead_card(desk.store, lead_id)
    call_id = start_call(desk.store, lead_id, desk.agent, bank, claim_id=claim_id,
                         at=desk.now())
    session = CallSession(bank, lead=lead_context(card.lead), agent=desk.agent,
                          today=desk.now().date())
    return OpenCall(call_id, session, card)


def reopen_call(desk: Desk, call_id: int) -> OpenCall:
    """A stored call rebuilt exactly as it stood, open or finished (runs in a worker)."""
    session, call, _lead = resume_call(desk.store, call_id, today=desk.now().date())
    return OpenCall(call_id, session, lead_card(desk.store, call.lead_id))
