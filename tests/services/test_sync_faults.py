"""Faults at every request of a multi-batch push, then a clean sync: no row lost, none doubled.

The push of a 1,104-set history is seven POSTs: profiles, workouts, workout_exercises, three
batches of exercise_sets (500, 500, 104) and body_metrics. Each fault kind hits each of them in
turn. One gateway serves the module; every test has its own lifter and home.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import keyring
import pytest

from halterofit_tui.services import account
from halterofit_tui.services.demo import fill_demo
from halterofit_tui.services.supabase_auth import SignInRequired
from halterofit_tui.store.sync_queries import SYNC_TABLES
from tests.services.sync_devices import (
    PASSWORD,
    Device,
    MemoryKeyring,
    dirty_rows,
    local_rows,
    open_device,
    server_rows,
)
from tests.sync_backend.postgres import create_database

if TYPE_CHECKING:
    from tests.sync_backend.gateway import Fault, Gateway

PUSH_POSTS = 7
KINDS = (
    "refused",
    "drop_before",
    "drop_after_commit",
    "status_500",
    "status_429",
    "timeout",
    "expired_token",
    "revoked_token",
)
CLIENT_TIMEOUT_S = 0.5


@pytest.fixture(scope="module")
def gateway(pg_admin_dsn: str, supabase_template: str) -> Iterator[Gateway]:
    from tests.sync_backend.gateway import Gateway

    served = Gateway(create_database(pg_admin_dsn, template=supabase_template)).start()
    yield served
    served.stop()


@pytest.fixture
def lifter(
    gateway: Gateway, template_store: Path, tmp_path: Path
) -> Iterator[tuple[Device, str, str]]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    user_id = gateway.create_user(email, PASSWORD)
    device = open_device("a", tmp_path, template_store, gateway, email, timeout_s=CLIENT_TIMEOUT_S)
    yield device, user_id, email
    gateway.faults.clear()
    gateway.accept_connections()
    device.close()
    keyring.set_keyring(previous)


def _on_post(device: Device, nth: int, action: Callable[[], None]) -> list[int]:
    """Run `action` just before the device sends its `nth` POST to the REST API."""
    seen: list[int] = []

    def hook(request: httpx.Request) -> None:
        if request.method == "POST" and request.url.path.startswith("/rest/v1/"):
            seen.append(1)
            if len(seen) == nth:
                action()

    device.http.event_hooks = {"request": [hook]}
    return seen


def _counts(device: Device) -> dict[str, int]:
    with sqlite3.connect(device.db.paths.database) as connection:
        counts = {
            t.server: connection.execute(
                f"SELECT count(*) FROM {t.local}"
                + (f" WHERE {t.rows_where}" if t.rows_where else "")
            ).fetchone()[0]
            for t in SYNC_TABLES
            if t.server != "exercise_preferences"
        }
    connection.close()
    return counts


@pytest.mark.parametrize("position", range(1, PUSH_POSTS + 1))
@pytest.mark.parametrize("kind", KINDS)
def test_a_fault_during_the_push_loses_and_doubles_nothing(
    lifter: tuple[Device, str, str], gateway: Gateway, kind: str, position: int
) -> None:
    from tests.sync_backend.gateway import Fault

    device, user_id, email = lifter
    sets = fill_demo(device.db, 1100).sets
    assert sets == 1104
    before = _counts(device)
    fault: Fault | None = None
    fired: list[int] = []
    if kind == "refused":
        fired = _on_post(device, position, gateway.refuse_connections)
    elif kind == "expired_token":
        fired = _on_post(device, position, gateway.expire_access_tokens)
    elif kind == "revoked_token":

        def revoke() -> None:
            gateway.revoke_sessions(user_id)
            gateway.expire_access_tokens()

        fired = _on_post(device, position, revoke)
    elif kind == "timeout":
        fault = Fault("delay", nth=position, seconds=CLIENT_TIMEOUT_S * 3)
    elif kind == "status_500":
        fault = Fault("status", nth=position, status=500)
    elif kind == "status_429":
        fault = Fault("status", nth=position, status=429, retry_after=3)
    else:
        fault = Fault(kind, nth=position)  # type: ignore[arg-type]
    if fault is not None:
        gateway.faults.add(fault)

    if kind == "revoked_token":
        with pytest.raises(SignInRequired):
            device.sync()
        account.login(device.paths, device.config, email, PASSWORD)
    else:
        first = device.sync()
        assert (first.offline is not None) == (kind == "refused")
    if kind == "refused":
        gateway.accept_connections()
    device.http.event_hooks = {"request": []}
    if kind == "status_429":
        assert 3.0 in device.sleeps  # Retry-After honoured

    final = device.sync()
    assert final.offline is None and final.quarantined == ()
    assert fault is None or fault.fired == 1
    assert fault is not None or len(fired) >= position
    assert dirty_rows(device.db) == 0
    assert _counts(device) == before
    on_server = server_rows(gateway.dsn, user_id)
    for table in SYNC_TABLES:
        server = on_server[table.server]
        mine = local_rows(device.db, table)
        if table.server == "exercise_preferences":
            assert server == {}
        else:
            assert server == mine, table.server
