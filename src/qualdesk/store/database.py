"""Open a store: the engine, its sessions, the schema migrations, and retries when busy.

Nothing connects at import time: a :class:`Store` is made by whoever needs one (the command
line, the UI, a test) from a SQLAlchemy URL. The default is a SQLite file in the user's data
folder, opened in WAL mode with foreign keys on, ``synchronous=FULL`` (an acknowledged answer
survives a crash of the machine, not only of the program) and a busy timeout. PostgreSQL is
used through psycopg 3 (``postgresql+psycopg://...``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlmodel import Session, create_engine

T = TypeVar("T")
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000


def busy_timeout_ms() -> int:
    """How long one statement waits on a locked SQLite store before a retry:
    ``QUALDESK_BUSY_TIMEOUT_MS``, default 5000."""
    try:
        return max(int(os.environ.get("QUALDESK_BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS)), 0)
    except ValueError:
        return BUSY_TIMEOUT_MS


class StoreError(Exception):
    """A store problem told in plain words (locked, unreachable, too new, bad URL)."""


def default_url() -> str:
    """A SQLite file in the user's data folder, its folder made on first use."""
    folder = Path(platformdirs.user_data_dir("qualdesk", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'qualdesk.db'}"


def _tune_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
    cursor.close()


def describe_failure(error: BaseException, url: str) -> str:
    """A database error in words a caller or a manager can act on."""
    text = str(getattr(error, "orig", error)).strip().splitlines()[0] if str(error) else ""
    lowered = text.lower()
    where = make_url(url).render_as_string(hide_password=True)
    if "locked" in lowered or "busy" in lowered:
        return (f"the store {where} is locked by another program and stayed locked; "
                "try again in a moment")
    if "connection" in lowered or "could not" in lowered or "timeout" in lowered:
        return f"cannot reach the store {where}: {text}"
    if "unable to open" in lowered:
        return f"cannot open the store {where}: {text}"
    return f"the store {where} refused the operation: {text}"


def _is_transient(error: DBAPIError) -> bool:
    text = str(error.orig).lower()
    return (error.connection_invalidated or "locked" in text or "busy" in text
            or "could not serialize" in text or "deadlock" in text
            or "connection" in text)


class Store:
    """One store (SQLite file or PostgreSQL database) and the way to use it safely."""

    def __init__(self, url: str | None = None, *, upgrade: bool = True,
                 retries: int = 5) -> None:
        self.url = url or default_url()
        self.retries = retries
        try:
            parsed = make_url(self.url)
        except ArgumentError:
            raise StoreError(f"'{self.url}' is not a database URL (expected e.g. "
                             "sqlite:///path/to/file.db or postgresql+psycopg://...)") from None
        self.dialect = parsed.get_backend_name()
        try:
            self.engine: Engine = self._create_engine(parsed)
        except (NoSuchModuleError, ArgumentError, ImportError) as error:
            raise StoreError(f"cannot use the database URL '{self.url}': {error}") from None
        if upgrade:
            self.upgrade()

    def _create_engine(self, parsed: Any) -> Engine:
        if self.dialect == "sqlite":
            database = parsed.database
            if database and database != ":memory:":
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(self.url, connect_args={"timeout": busy_timeout_ms() / 1000})
            event.listen(engine, "connect", _tune_sqlite)
            return engine
        return create_engine(self.url, pool_pre_ping=True,
                             connect_args={"connect_timeout": 10}
                             if self.dialect == "postgresql" else {})

    # -- sessions ------------------------------------------------------------------------
    def session(self) -> Session:
        """A new session; objects stay readable after commit (the UI shows them)."""
        return Session(self.engine, expire_on_commit=False)

    def run(self, work: Callable[[Session], T], *, what: str = "") -> T:
        """Run ``work`` in one transaction, retrying when the database is busy or drops.

        Raises :class:`StoreError` with a plain message when the retries run out, so no
        caller ever sees a traceback for a locked or unreachable database.
        """
        delay = 0.05
        for attempt in range(self.retries + 1):
            try:
                with self.session() as session:
                    result = work(session)
                    session.commit()
                    return result
            except DBAPIError as error:  # OperationalError (locked, unreachable) among them
                if attempt < self.retries and _is_transient(error):
                    time.sleep(delay)
                    delay = min(delay * 2, 2.0)
                    continue
                raise StoreError(describe_failure(error, self.url)) from None
        raise StoreError(f"the store {self.url} stayed busy{f' while {what}' if what else ''}")

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    # -- schema --------------------------------------------------------------------------
    def _alembic_config(self, connection: Any) -> Any:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        return config

    def schema_revision(self) -> str | None:
        """The migration the store is at (``None`` for an empty store)."""
        from alembic.runtime.migration import MigrationContext

        try:
            with self.engine.connect() as connection:
                return MigrationContext.configure(connection).get_current_revision()
        except DBAPIError as error:
            raise StoreError(describe_failure(error, self.url)) from None

    def upgrade(self) -> None:
        """Bring the schema up to this program's head; refuse a store newer than it."""
        from alembic import command
        from alembic.script import ScriptDirectory

        script = ScriptDirectory(str(MIGRATIONS))
        head = script.get_current_head()
        current = self.schema_revision()
        if current == head:
            return
        if current is not None:
            try:
                known = script.get_revision(current) is not None
            except Exception:  # alembic raises several kinds for an unknown revision
                known = False
            if not known:
                raise StoreError(
                    f"the store {make_url(self.url).render_as_string(hide_password=True)} was "
                    f"written by a newer qualdesk (schema {current}); this qualdesk knows "
                    f"schemas up to {head}. Upgrade qualdesk to open it.")
        with self._migration_lock():
            try:
                with self.engine.begin() as connection:
                    if self.dialect == "postgresql":
                        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(727274)")
                    command.upgrade(self._alembic_config(connection), "head")
            except DBAPIError as error:
                raise StoreError(describe_failure(error, self.url)) from None

    @contextlib.contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """Only one process migrates a SQLite file at a time (PostgreSQL uses an advisory
        lock inside the migration's transaction)."""
        database = make_url(self.url).database
        if self.dialect != "sqlite" or not database or database == ":memory:":
            yield
            return
        lock_path = Path(f"{database}.migrate.lock")
        with lock_path.open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
