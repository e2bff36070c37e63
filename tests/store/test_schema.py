"""The schema: migrations agree with the models, newer stores are refused, SQLite is tuned,
and nothing connects at import time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import qualdesk.store.models  # noqa: F401
from qualdesk.store.database import Store, StoreError
from qualdesk.store.dispositions import dispositions_for


def test_migrations_and_models_agree(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_dispositions_are_seeded(store: Store) -> None:
    with store.session() as session:
        codes = [d.code for d in dispositions_for(session, None)]
    assert codes == ["qualified", "nurture", "not_qualified", "callback", "appointment",
                     "no_answer", "busy", "voicemail", "wrong_number", "disconnected",
                     "refused", "do_not_call"]


def test_reopening_is_a_no_op(store_url: str) -> None:
    first = Store(store_url)
    revision = first.schema_revision()
    first.close()
    again = Store(store_url)
    assert again.schema_revision() == revision == "0006"
    again.close()


def test_a_newer_store_is_refused(store: Store, store_url: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    store.close()
    with pytest.raises(StoreError, match="newer qualdesk"):
        Store(store_url)


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_bad_urls_are_plain_errors() -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        Store("no such thing")
    with pytest.raises(StoreError, match="cannot use the database URL"):
        Store("oracle+nothing://x/y")


def test_unreachable_postgres_is_a_plain_error() -> None:
    with pytest.raises(StoreError, match="cannot reach the store"):
        Store("postgresql+psycopg://nobody:secret@127.0.0.1:9/none", retries=0)


def test_nothing_connects_at_import(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path)}
    code = ("import qualdesk.store.database, qualdesk.store.queue, qualdesk.store.calls, "
            "qualdesk.store.leads, qualdesk.cli")
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert list(tmp_path.rglob("*.db")) == []


def test_default_store_lives_in_the_data_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    store = Store()
    assert store.url == f"sqlite:///{tmp_path / 'qualdesk' / 'qualdesk.db'}"
    assert (tmp_path / "qualdesk" / "qualdesk.db").exists()
    store.close()
