"""Devices of one lifter for the sync tests: a home each, signed in through the real login path,
syncing with the test gateway (tests/sync_backend/gateway.py).

The session lives in an in-memory keyring backend. Two devices of one machine would share one
keyring entry (it is keyed by the project URL), so the second device reaches the same gateway
as http://localhost:PORT instead of http://127.0.0.1:PORT: its own entry, its own session.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend

from halterofit_tui.config import DATABASE_NAME, Paths
from halterofit_tui.services import account
from halterofit_tui.services.profile import ensure_profile
from halterofit_tui.services.remote_config import RemoteConfig
from halterofit_tui.services.supabase_auth import SessionManager
from halterofit_tui.services.supabase_rest import RestClient, RetryPolicy
from halterofit_tui.services.sync import SyncReport, sync
from halterofit_tui.store.engine import Database, open_database
from halterofit_tui.store.sync_queries import SYNC_TABLES, SyncTable

if TYPE_CHECKING:
    from tests.sync_backend.gateway import Gateway

PASSWORD = "correct horse battery"


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps secrets in this process only."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def device_url(gateway: Gateway, index: int) -> str:
    """The gateway's URL as device `index` reaches it (one keyring entry per device)."""
    return gateway.url if index == 0 else gateway.url.replace("127.0.0.1", "localhost")


def fresh_store(template_store: Path, home: Path) -> Database:
    """A migrated store with the catalogue, as a new install makes it: its own device id and
    an untouched default profile."""
    home.mkdir(parents=True, exist_ok=True)
    for leftover in home.glob(f"{DATABASE_NAME}*"):
        leftover.unlink()
    shutil.copy(template_store, home / DATABASE_NAME)
    with sqlite3.connect(home / DATABASE_NAME) as connection:
        connection.execute("DELETE FROM local_meta WHERE key IN ('device_id', 'hlc')")
        connection.execute("DELETE FROM profiles")
    connection.close()
    db = open_database(Paths(home, home))
    ensure_profile(db)
    return db


@dataclass
class Device:
    """One home of the lifter, signed in, with the HTTP client and REST client it syncs with."""

    name: str
    paths: Paths
    db: Database
    config: RemoteConfig
    http: httpx.Client
    rest: RestClient
    sessions: SessionManager
    sleeps: list[float] = field(default_factory=list)

    def sync(self, **options: Any) -> SyncReport:
        return sync(self.db, self.rest, **options)

    def reopen(self, template_store: Path) -> None:
        """Start again from a new install's store (same sign-in)."""
        self.db.dispose()
        self.db = fresh_store(template_store, self.paths.data_dir)

    def close(self) -> None:
        self.db.dispose()
        self.http.close()


def open_device(
    name: str,
    root: Path,
    template_store: Path,
    gateway: Gateway,
    email: str,
    *,
    index: int = 0,
    timeout_s: float = 10.0,
    max_attempts: int = 4,
) -> Device:

    home = root / name
    db = fresh_store(template_store, home)
    paths = Paths(home, home)
    config = RemoteConfig(device_url(gateway, index), gateway.anon_key)
    account.login(paths, config, email, PASSWORD)
    http = httpx.Client(timeout=httpx.Timeout(timeout_s), follow_redirects=False)
    sessions = SessionManager(paths, config, http)
    sleeps: list[float] = []
    rest = RestClient(
        config,
        sessions,
        http,
        retry=RetryPolicy(max_attempts=max_attempts, rng=random.Random(7)),
        sleep=sleeps.append,
    )
    return Device(name, paths, db, config, http, rest, sessions, sleeps)


class SkewedClock:
    """The `time` module with the wall clock `offset_s` seconds off (for Database.stamp and the
    sync engine's clock, patched in as their module's `time`)."""

    def __init__(self, offset_s: float) -> None:
        self.offset_ns = int(offset_s * 1e9)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    def time_ns(self) -> int:
        return time.time_ns() + self.offset_ns


# --- comparing stores and the server -------------------------------------------------------------


def canonical(kind: str, value: Any) -> Any:
    """One form for a value read from SQLite (as stored) or PostgreSQL (as psycopg gives it)."""
    if value is None:
        return None
    if kind == "datetime":
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    if kind == "date":
        return date.fromisoformat(value) if isinstance(value, str) else value
    if kind == "json":
        return json.loads(value) if isinstance(value, str) else value
    if kind == "bool":
        return bool(value)
    if kind == "float":
        return float(value)
    return str(value) if kind == "text" else value


def _key(table: SyncTable) -> str:
    return next(c.local for c in table.columns if c.server == table.key) if table.key else ""


def local_rows(db: Database, table: SyncTable) -> dict[str, dict[str, Any]]:
    """The rows of `table` in a store, by server key, in canonical form (profiles: key "")."""
    columns = [c.local for c in table.columns]
    where = f"WHERE {table.rows_where}" if table.rows_where else ""
    with sqlite3.connect(db.paths.database) as connection:
        found = connection.execute(
            f"SELECT {', '.join(columns)} FROM {table.local} {where}"
        ).fetchall()
    connection.close()
    key = _key(table)
    rows: dict[str, dict[str, Any]] = {}
    for values in found:
        row = {c.server: canonical(c.kind, v) for c, v in zip(table.columns, values, strict=True)}
        rows[row[table.key] if key else ""] = row
    return rows


def server_rows(dsn: str, user_id: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Every synced table's rows of the user on the server (read as the superuser), by table
    name, each as `local_rows` gives a store's."""
    import psycopg
    from psycopg.rows import dict_row

    tables: dict[str, dict[str, dict[str, Any]]] = {}
    with psycopg.connect(dsn, row_factory=dict_row) as connection:
        for table in SYNC_TABLES:
            found = connection.execute(
                f"SELECT * FROM public.{table.server} WHERE user_id = %s",  # type: ignore[arg-type]
                (user_id,),
            ).fetchall()
            rows = tables[table.server] = {}
            for record in found:
                row = {c.server: canonical(c.kind, record[c.server]) for c in table.columns}
                rows[row[table.key] if table.key else ""] = row
    return tables


def dirty_rows(db: Database) -> int:
    with sqlite3.connect(db.paths.database) as connection:
        total = sum(
            connection.execute(
                f"SELECT count(*) FROM {t.local} WHERE dirty = 1"
                + (f" AND {t.rows_where}" if t.rows_where else "")
            ).fetchone()[0]
            for t in SYNC_TABLES
        )
    connection.close()
    return int(total)
