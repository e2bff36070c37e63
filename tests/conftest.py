"""Shared fixtures: paths to the bundled banks and a helper to load bank text inline."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url

from qualdesk.core.loader import LoadResult, load_bank_text
from qualdesk.core.model import Bank
from qualdesk.store.database import Store

ROOT = Path(__file__).resolve().parents[1]
BANKS = ROOT / "question_banks"
DATA = Path(__file__).resolve().parent / "data"
SPEC_EXAMPLE = DATA / "spec_example.yaml"


def load(text: str, file: str = "bank.yaml") -> LoadResult:
    """Load a bank written inline in a test (indentation removed)."""
    return load_bank_text(textwrap.dedent(text).lstrip("\n"), file)


def bank_of(text: str) -> Bank:
    """Load a bank that must be valid, failing the test with its problems otherwise."""
    result = load(text)
    assert result.bank is not None, "\n".join(d.format() for d in result.diagnostics)
    return result.bank


@pytest.fixture
def spec_bank() -> Bank:
    """The complete example bank of the question-bank spec."""
    result = load_bank_text(SPEC_EXAMPLE.read_text(), str(SPEC_EXAMPLE))
    assert result.bank is not None
    return result.bank


# Store fixtures: every store test runs on SQLite, and on PostgreSQL when one is reachable
# (scripts/test exports QUALDESK_TEST_PG_URL; without it the PostgreSQL variants skip).
PG_URL = os.environ.get("QUALDESK_TEST_PG_URL", "")
# Each pytest-xdist worker has a schema of its own in the throw-away database, so workers
# running side by side never see each other's tables.
PG_SCHEMA = f"qualdesk_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def worker_url(url: str) -> str:
    """``url`` with this worker's schema first on the search path."""
    return make_url(url).update_query_dict(
        {"options": f"-csearch_path={PG_SCHEMA}"}).render_as_string(hide_password=False)


def reset_postgres(url: str) -> None:
    """Drop everything in this worker's schema: each test starts from an empty store."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {PG_SCHEMA}")
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty store of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    if not PG_URL:
        pytest.skip("no PostgreSQL reachable (QUALDESK_TEST_PG_URL is not set)")
    reset_postgres(PG_URL)
    return worker_url(PG_URL)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty, migrated store of each kind."""
    opened = Store(store_url)
    yield opened
    opened.close()
