"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when one is reachable.

``scripts/test`` starts a local PostgreSQL when there is one and exports
``QUALDESK_TEST_PG_URL``; without it the PostgreSQL variants skip, saying why.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from qualdesk.store.database import Store

PG_URL = os.environ.get("QUALDESK_TEST_PG_URL", "")


def reset_postgres(url: str) -> None:
    """Drop everything in the test database: each test starts from an empty store."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty store of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    if not PG_URL:
        pytest.skip("no PostgreSQL reachable (QUALDESK_TEST_PG_URL is not set)")
    reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty, migrated store of each kind."""
    opened = Store(store_url)
    yield opened
    opened.close()
