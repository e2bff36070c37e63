"""The store: leads, calls, answers, dispositions, the calling queue and do-not-call list.

Built on SQLModel and migrated with Alembic. SQLite for one caller, PostgreSQL for a floor.
Open one with :class:`qualdesk.store.database.Store`; nothing connects at import time.
"""

from __future__ import annotations
