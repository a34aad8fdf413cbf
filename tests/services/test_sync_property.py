"""Property: two devices of one lifter, any interleaving of offline edits, deletes, clock skews
and syncs, then sync A, B, A: both stores and the server hold the same rows, every row ever
written is there, and each row is the version with the highest (hlc, device) stamp.

`HALTEROFIT_SYNC_EXAMPLES` sets the number of examples (200 by default). Every example starts
from new installs of both devices and an emptied server (same lifter, same sessions).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import keyring
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import halterofit_tui.services.sync as sync_service
from halterofit_tui.domain.catalogue import exercise_id
from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.services.library import add_custom_exercise, set_favourite
from halterofit_tui.services.profile import set_setting
from halterofit_tui.services.workouts import SetChanges, delete, edit_set, finish_workout, log_sets
from halterofit_tui.store import engine
from halterofit_tui.store.sync_queries import SYNC_TABLES
from tests.services.sync_devices import (
    PASSWORD,
    Device,
    MemoryKeyring,
    SkewedClock,
    canonical,
    dirty_rows,
    local_rows,
    open_device,
    server_rows,
)

if TYPE_CHECKING:
    from tests.sync_backend.gateway import Gateway

EXAMPLES = int(os.environ.get("HALTEROFIT_SYNC_EXAMPLES", "200"))
EXERCISES = ("barbell-bench-press", "barbell-back-squat", "conventional-deadlift")
# Roll-ups the server recomputes from its sets: derived, not part of an edit.
ROLL_UPS = frozenset(
    {
        "total_volume_kg",
        "total_sets",
        "total_reps",
        "avg_rpe",
        "max_rpe",
        "muscle_groups",
        "intensity",
    }
)
SERVER_TABLES = ", ".join(f"public.{t.server}" for t in SYNC_TABLES)

device_index = st.sampled_from((0, 1))
operations = st.one_of(
    st.tuples(
        st.just("log"),
        device_index,
        st.integers(0, len(EXERCISES) - 1),
        st.integers(8, 40).map(lambda w: w * 2.5),
        st.integers(1, 12),
    ),
    st.tuples(st.just("edit"), device_index, st.integers(0, 50), st.integers(1, 12)),
    st.tuples(st.just("delete_set"), device_index, st.integers(0, 50)),
    st.tuples(st.just("delete_workout"), device_index, st.integers(0, 5)),
    st.tuples(st.just("finish"), device_index),
    st.tuples(st.just("custom"), device_index, st.integers(1, 3)),
    st.tuples(st.just("custom_log"), device_index, st.integers(1, 3), st.integers(1, 10)),
    st.tuples(st.just("setting"), device_index, st.integers(60, 300)),
    st.tuples(st.just("favourite"), device_index, st.integers(0, 2), st.booleans()),
    st.tuples(st.just("sync"), device_index),
    st.tuples(st.just("sync"), device_index),
    st.tuples(st.just("skew"), device_index, st.integers(-900, 900)),
)


@dataclass
class World:
    gateway: Gateway
    devices: tuple[Device, Device]
    user_id: str
    template_store: Path
    clock: SkewedClock


@pytest.fixture
def homes(tmp_path: Path) -> Iterator[Path]:
    """Where the devices live: in memory when the system has a tmpfs, since every example
    commits hundreds of transactions and each would otherwise wait for the disk."""
    shared_memory = Path("/dev/shm")
    if not shared_memory.is_dir():
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="halterofit-sync-", dir=shared_memory))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def world(
    supabase: Gateway, template_store: Path, homes: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    user_id = supabase.create_user("lifter@example.com", PASSWORD)
    devices = tuple(
        open_device(name, homes, template_store, supabase, "lifter@example.com", index=i)
        for i, name in enumerate(("a", "b"))
    )
    clock = SkewedClock(0)
    for module in (engine, sync_service):
        monkeypatch.setattr(module, "time", clock)
    yield World(supabase, (devices[0], devices[1]), user_id, template_store, clock)
    for device in devices:
        device.close()
    keyring.set_keyring(previous)


def _reset(world: World) -> None:
    import psycopg

    with psycopg.connect(world.gateway.dsn, autocommit=True) as connection:
        connection.execute(f"TRUNCATE {SERVER_TABLES}, public.sync_version")  # type: ignore[arg-type]
    for device in world.devices:
        device.reopen(world.template_store)


def _ids(device: Device, query: str) -> list[str]:
    with sqlite3.connect(device.db.paths.database) as connection:
        found = [row[0] for row in connection.execute(query)]
    connection.close()
    return found


def _apply(world: World, operation: tuple[Any, ...], offsets: list[float]) -> None:
    kind, index, *args = operation
    device = world.devices[index]
    world.clock.offset_ns = int(offsets[index] * 1e9)
    db = device.db
    if kind == "log":
        slug, weight, reps = EXERCISES[args[0]], args[1], args[2]
        log_sets(db, exercise_id(slug), notation=f"{weight}x{reps}", unit="kg", anomalies="confirm")
    elif kind == "edit":
        live = _ids(device, "SELECT id FROM exercise_sets WHERE deleted = 0 ORDER BY id")
        if live:
            edit_set(db, live[args[0] % len(live)], SetChanges(reps=args[1]))
    elif kind == "delete_set":
        live = _ids(device, "SELECT id FROM exercise_sets WHERE deleted = 0 ORDER BY id")
        if live:
            delete(db, live[args[0] % len(live)])
    elif kind == "delete_workout":
        live = _ids(device, "SELECT id FROM workouts WHERE deleted = 0 ORDER BY id")
        if live:
            delete(db, live[args[0] % len(live)])
    elif kind == "finish":
        finish_workout(db)
    elif kind == "custom":
        add_custom_exercise(db, f"Sync Lift {args[0]}", primary_muscles=["chest"])
    elif kind == "custom_log":
        log_sets(db, f"sync lift {args[0]}", notation=f"50x{args[1]}", anomalies="confirm")
    elif kind == "setting":
        set_setting(db, "rest_compound", str(args[0]))
    elif kind == "favourite":
        set_favourite(db, exercise_id(EXERCISES[args[0]]), args[1])
    elif kind == "sync":
        report = device.sync()
        assert report.offline is None and report.quarantined == ()
    else:
        offsets[index] = args[0]


Versions = dict[tuple[str, str], dict[tuple[str, str], dict[str, Any]]]


def _observe(device: Device, versions: Versions) -> None:
    """Record every row version the store holds: (table, key) -> (hlc, device) -> values.

    The untouched default profile is left out: it yields to any setting by design. Built-in
    exercises count once marked (their catalogue stamp is the same on every install)."""
    for table in SYNC_TABLES:
        columns = [c.local for c in table.columns]
        where = f"WHERE {table.rows_where}" if table.rows_where else ""
        if table.server == "exercise_preferences":
            where += " AND local_rev > 1"
        with sqlite3.connect(device.db.paths.database) as connection:
            found = connection.execute(
                f"SELECT local_rev, dirty, {', '.join(columns)} FROM {table.local} {where}"
            ).fetchall()
        connection.close()
        for local_rev, dirty, *values in found:
            if table.server == "profiles" and local_rev == 1 and dirty:
                continue
            row = {
                c.server: canonical(c.kind, v) for c, v in zip(table.columns, values, strict=True)
            }
            key = row[table.key] if table.key else ""
            stamp = (row["hlc"], row["device_id"])
            edit = {k: v for k, v in row.items() if k not in ROLL_UPS}
            seen = versions.setdefault((table.server, key), {})
            # One stamp is one edit: it always carries the same values.
            assert seen.setdefault(stamp, edit) == edit, (table.server, key, stamp)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=st.lists(operations, min_size=1, max_size=14))
def test_two_devices_converge_to_the_last_writers_rows(
    world: World, script: list[tuple[Any, ...]]
) -> None:

    _reset(world)
    a, b = world.devices
    offsets = [0.0, 0.0]
    versions: Versions = {}
    for operation in script:
        # A service may refuse (nothing to finish, a name taken): then it wrote nothing.
        with contextlib.suppress(HalterofitError):
            _apply(world, operation, offsets)
        _observe(world.devices[operation[1]], versions)  # only the device acted on changed

    world.clock.offset_ns = 0
    for device in (a, b, a):
        report = device.sync()
        assert report.offline is None and report.quarantined == ()
        _observe(device, versions)

    assert dirty_rows(a.db) == dirty_rows(b.db) == 0
    on_server = server_rows(world.gateway.dsn, world.user_id)
    for table in SYNC_TABLES:
        server = on_server[table.server]
        mine = local_rows(a.db, table)
        assert local_rows(b.db, table) == mine, table.server
        if table.server == "exercise_preferences":
            assert server == {key: mine[key] for key in server}
        else:
            assert server == mine, table.server
        for (name, key), seen in versions.items():
            if name != table.server:
                continue
            assert key in mine, f"{name} {key} was lost"
            final = mine[key]
            newest = max(seen)
            assert (final["hlc"], final["device_id"]) == newest, (name, key)
            assert {k: v for k, v in final.items() if k not in ROLL_UPS} == seen[newest]
