"""The sync engine (SYNC.md): the outbox and pulled rows in the store, then two devices of one
lifter syncing through the test gateway (real PostgreSQL, RLS and triggers)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

import halterofit_tui.services.sync as sync_service
from halterofit_tui.domain.catalogue import exercise_id
from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.domain.hlc import Hlc
from halterofit_tui.services.file_lock import exclusive_lock
from halterofit_tui.services.library import add_custom_exercise, set_favourite
from halterofit_tui.services.profile import get_profile, set_setting
from halterofit_tui.services.supabase_auth import SignInRequired
from halterofit_tui.services.sync import SYNC_LOCK_FILE, SyncBusy, sync_status
from halterofit_tui.services.workouts import (
    SetChanges,
    delete,
    edit_set,
    finish_workout,
    history,
    log_sets,
)
from halterofit_tui.store import engine
from halterofit_tui.store.analytics_queries import session_connection
from halterofit_tui.store.engine import Database
from halterofit_tui.store.sync_queries import (
    SYNC_TABLE_BY_NAME,
    SYNC_TABLES,
    apply_page,
    mark_pushed,
    outbox,
)
from tests.services.sync_devices import (
    PASSWORD,
    Device,
    MemoryKeyring,
    SkewedClock,
    dirty_rows,
    local_rows,
    open_device,
    server_rows,
)

if TYPE_CHECKING:
    from tests.sync_backend.gateway import Gateway

DAY_ONE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
BENCH = exercise_id("barbell-bench-press")
SETS = SYNC_TABLE_BY_NAME["exercise_sets"]
WORKOUTS = SYNC_TABLE_BY_NAME["workouts"]


def log(db: Database, notation: str, exercise: str = "bench press", at: datetime = DAY_ONE):  # type: ignore[no-untyped-def]
    return log_sets(db, exercise, notation=notation, unit="kg", now=at, anomalies="confirm")


def pending_outbox(db: Database, table: str) -> list[Any]:
    with db.session() as session:
        return outbox(session_connection(session), SYNC_TABLE_BY_NAME[table])


# --- the store side, without a server --------------------------------------------------------


def test_the_outbox_holds_dirty_rows_in_the_servers_json_form(db) -> None:  # type: ignore[no-untyped-def]
    (logged,) = log(db, "100x5@8").sets
    set_favourite(db, BENCH, True)

    (row,) = pending_outbox(db, "exercise_sets")
    assert row.row_id == logged.id
    assert row.local_rev == 1
    values = row.values
    assert values["logged_at"] == "2026-03-02T17:00:00.000000+00:00"
    assert (values["weight_kg"], values["reps"], values["rpe"]) == (100.0, 5, 8.0)
    assert (values["volume_load"], values["estimated_1rm"]) == (500.0, 112.5)
    assert values["is_bodyweight"] is False
    assert values["anomaly"] is None
    assert "dirty" not in values and "local_rev" not in values
    (workout,) = pending_outbox(db, "workouts")
    assert workout.values["date"] == "2026-03-02"
    assert workout.values["muscle_groups"] == ["chest"]
    # Built-in exercises are the server's shared rows: only the lifter's mark on one is sent.
    assert pending_outbox(db, "exercises") == []
    (preference,) = pending_outbox(db, "exercise_preferences")
    assert {k: preference.values[k] for k in ("exercise_id", "is_favourite", "rest_seconds")} == {
        "exercise_id": BENCH,
        "is_favourite": True,
        "rest_seconds": None,
    }
    (profile,) = pending_outbox(db, "profiles")
    assert "id" not in profile.values  # the server keys the profile by user
    assert profile.values["goals"] == []


def test_a_row_edited_while_its_batch_was_in_flight_stays_dirty(db) -> None:  # type: ignore[no-untyped-def]
    _, second = log(db, "100x5 100x5").sets
    sent = pending_outbox(db, "exercise_sets")
    edit_set(db, second.id, SetChanges(reps=4))  # lands while the batch is on the wire
    with db.session() as session:
        assert mark_pushed(session_connection(session), SETS, sent) == 1
    (left,) = pending_outbox(db, "exercise_sets")
    assert (left.row_id, left.local_rev, left.values["reps"]) == (second.id, 2, 4)


def test_server_times_in_any_offset_are_stored_as_the_orm_stores_them(db) -> None:  # type: ignore[no-untyped-def]
    (logged,) = log(db, "100x5").sets
    server = _server_form(
        db,
        logged.id,
        logged_at="2026-03-02T19:00:00.5+02:00",  # PostgreSQL trims trailing zeros
        hlc=Hlc(9_999_999_999_999).encode(),  # later than any stamp of ours
    )
    assert _apply(db, [server]) == 1
    (after,) = history(db)[0].sets
    assert after.logged_at == datetime(2026, 3, 2, 17, 0, 0, 500000, tzinfo=UTC)
    stored = _rows(db, "SELECT logged_at FROM exercise_sets WHERE id = ?", logged.id)
    assert stored == [("2026-03-02 17:00:00.500000",)]


def _server_form(db: Database, set_id: str, **changes: Any) -> dict[str, Any]:
    """A set as the server would send it back: its pushed form, changed as given."""
    with sqlite3.connect(db.paths.database) as connection:
        connection.execute("UPDATE exercise_sets SET dirty = 1 WHERE id = ?", (set_id,))
    connection.close()
    (row,) = [r for r in pending_outbox(db, "exercise_sets") if r.row_id == set_id]
    return {**row.values, "user_id": str(uuid.uuid4()), "server_version": 7, **changes}


def _rows(db: Database, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db.paths.database) as connection:
        found = connection.execute(query, params).fetchall()
    connection.close()
    return found


def _stored_set(db: Database, set_id: str) -> tuple[Any, ...]:
    with sqlite3.connect(db.paths.database) as connection:
        found = connection.execute(
            "SELECT reps, hlc, device_id, dirty FROM exercise_sets WHERE id = ?", (set_id,)
        ).fetchone()
    connection.close()
    return tuple(found)


def _apply(db: Database, rows: list[dict[str, Any]]) -> int:
    with db.session() as session:
        return apply_page(session_connection(session), SETS, rows).applied


def test_a_pulled_row_replaces_a_local_edit_only_when_its_stamp_is_later(db) -> None:  # type: ignore[no-untyped-def]
    (logged,) = log(db, "100x5").sets
    edit_set(db, logged.id, SetChanges(reps=6))  # dirty, at our latest stamp
    _, stamp, device, _ = _stored_set(db, logged.id)
    older = Hlc(Hlc.decode(stamp).wall_ms - 1000).encode()
    later = Hlc(Hlc.decode(stamp).wall_ms + 1000).encode()

    assert _apply(db, [_server_form(db, logged.id, reps=3, hlc=older, device_id="zz")]) == 0
    assert _stored_set(db, logged.id) == (6, stamp, device, 1)
    assert _apply(db, [_server_form(db, logged.id, reps=3, hlc=later, device_id="aa")]) == 1
    assert _stored_set(db, logged.id) == (3, later, "aa", 0)


def test_a_clean_row_takes_the_servers_values_even_under_the_same_stamp(db) -> None:  # type: ignore[no-untyped-def]
    log(db, "100x5")
    with db.session() as session:
        connection = session_connection(session)
        for table in SYNC_TABLES:
            mark_pushed(connection, table, outbox(connection, table))
    (workout,) = history(db)
    # The server recomputed the totals (same stamp: not an edit) and another device set a plan.
    plan = {"sets": [], "source": "template", "name": "A"}
    server = {**_workout_form(db, workout.workout.id), "total_sets": 2, "plan": plan}
    with db.session() as session:
        assert apply_page(session_connection(session), WORKOUTS, [server]).applied == 1
    (after,) = history(db)
    assert after.workout.total_sets == 2
    # jsonb keeps object keys in its own order: the same document again is no change.
    same = {**server, "plan": {"name": "A", "source": "template", "sets": []}}
    with db.session() as session:
        assert apply_page(session_connection(session), WORKOUTS, [same]).applied == 0


def _workout_form(db: Database, workout_id: str) -> dict[str, Any]:
    with sqlite3.connect(db.paths.database) as connection:
        connection.execute("UPDATE workouts SET dirty = 1 WHERE id = ?", (workout_id,))
    connection.close()
    (row,) = pending_outbox(db, "workouts")
    with sqlite3.connect(db.paths.database) as connection:
        connection.execute("UPDATE workouts SET dirty = 0 WHERE id = ?", (workout_id,))
    connection.close()
    return {**row.values, "user_id": str(uuid.uuid4()), "server_version": 3}


# --- two devices through the gateway --------------------------------------------------------


@pytest.fixture
def pair(
    supabase: Gateway,
    template_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[Device, Device]]:
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    supabase.create_user("lifter@example.com", PASSWORD)
    a = open_device("a", tmp_path, template_store, supabase, "lifter@example.com", index=0)
    b = open_device("b", tmp_path, template_store, supabase, "lifter@example.com", index=1)
    yield a, b
    a.close()
    b.close()
    keyring.set_keyring(previous)


def _user(device: Device) -> str:
    return device.sessions.current().user_id


def assert_converged(gateway: Gateway, *devices: Device) -> None:
    """Every device and the server hold the same synced rows, and nothing waits to be pushed."""
    user = _user(devices[0])
    for device in devices:
        assert dirty_rows(device.db) == 0
    on_server = server_rows(gateway.dsn, user)
    for table in SYNC_TABLES:
        server = on_server[table.server]
        first = local_rows(devices[0].db, table)
        for device in devices[1:]:
            assert local_rows(device.db, table) == first, table.server
        if table.server == "exercise_preferences":
            assert server == {key: first[key] for key in server}
        else:
            assert server == first, table.server


def test_a_second_device_receives_the_history_with_consistent_totals(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:
    a, b = pair
    log(a.db, "100x5@8 102.5x5@8.5")
    log(a.db, "140x3", exercise="squat", at=DAY_ONE + timedelta(minutes=10))
    finish_workout(a.db, now=DAY_ONE + timedelta(minutes=40))

    pushed = a.sync()
    assert pushed.offline is None
    assert {k: v for k, v in pushed.pushed.items() if v} == {
        "profiles": 1,
        "workouts": 1,
        "workout_exercises": 2,
        "exercise_sets": 3,
    }
    pulled = b.sync()
    assert {k: pulled.pulled[k] for k in ("workouts", "workout_exercises", "exercise_sets")} == {
        "workouts": 1,
        "workout_exercises": 2,
        "exercise_sets": 3,
    }
    a.sync()
    assert history(b.db) == history(a.db)
    (workout,) = history(b.db)
    # 100x5 + 102.5x5 + 140x3
    assert workout.workout.total_volume_kg == 1432.5
    assert workout.workout.total_sets == 3
    summary = "SELECT * FROM performance_metrics ORDER BY period, period_start, exercise_id"
    assert _rows(b.db, summary) == _rows(a.db, summary) != []
    assert_converged(supabase, a, b)


def test_the_later_of_two_offline_edits_wins_everywhere(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:
    a, b = pair
    (logged,) = log(a.db, "100x5").sets
    a.sync()
    b.sync()
    edit_set(b.db, logged.id, SetChanges(reps=6))
    edit_set(a.db, logged.id, SetChanges(reps=7))  # later: wins although B syncs last
    a.sync()
    b.sync()
    a.sync()
    assert [s.reps for s in history(a.db)[0].sets] == [7]
    assert [s.reps for s in history(b.db)[0].sets] == [7]
    (workout,) = history(b.db)
    assert workout.workout.total_volume_kg == 700.0
    assert_converged(supabase, a, b)


def test_an_edit_made_after_pulling_wins_even_from_a_slow_clock(
    pair: tuple[Device, Device], supabase: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair
    (logged,) = log(a.db, "100x5").sets
    a.sync()
    a_stamp = _stored_set(a.db, logged.id)[1]
    for module in (engine, sync_service):
        monkeypatch.setattr(module, "time", SkewedClock(-3600))  # B's clock: an hour slow
    b.sync()  # sees A's stamp: B's clock moves past it
    edit_set(b.db, logged.id, SetChanges(reps=2))
    assert _stored_set(b.db, logged.id)[1] > a_stamp
    monkeypatch.undo()
    b.sync()
    a.sync()
    assert [s.reps for s in history(a.db)[0].sets] == [2]
    assert_converged(supabase, a, b)


def test_deletes_reach_the_other_device_as_tombstones(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:
    a, b = pair
    first = log(a.db, "100x5")
    finish_workout(a.db, now=DAY_ONE + timedelta(hours=1))
    log(a.db, "60x10", exercise="squat", at=DAY_ONE + timedelta(days=1))
    finish_workout(a.db, now=DAY_ONE + timedelta(days=1, hours=1))
    a.sync()
    b.sync()
    delete(b.db, first.workout.id)
    b.sync()
    a.sync()
    assert [w.workout.date.isoformat() for w in history(a.db)] == ["2026-03-03"]
    with sqlite3.connect(a.db.paths.database) as connection:
        deleted = connection.execute(
            "SELECT deleted FROM exercise_sets WHERE workout_id = ?", (first.workout.id,)
        ).fetchall()
    connection.close()
    assert deleted == [(1,)]
    assert_converged(supabase, a, b)


def test_custom_exercises_favourites_and_settings_reach_the_other_device(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:
    a, b = pair
    custom = add_custom_exercise(
        a.db, "Zercher Good Morning", primary_muscles=["hamstrings"], equipment=["barbell"]
    )
    log(a.db, "60x8", exercise="zercher good morning")
    set_favourite(a.db, BENCH, True)
    set_setting(a.db, "rest_compound", "150")
    a.sync()
    b.sync()
    names = {s.exercise_name for w in history(b.db) for s in w.sets}
    assert names == {"Zercher Good Morning"}
    assert history(b.db)[0].workout.muscle_groups == ("hamstrings",)
    with sqlite3.connect(b.db.paths.database) as connection:
        marks = connection.execute(
            "SELECT is_favourite FROM exercises WHERE id IN (?, ?)", (BENCH, custom.id)
        ).fetchall()
    connection.close()
    assert sorted(marks) == [(0,), (1,)]
    assert get_profile(b.db).rest_compound_s == 150
    assert_converged(supabase, a, b)


def test_a_new_device_does_not_reset_the_lifters_settings(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:
    a, b = pair
    set_setting(a.db, "unit", "lb")
    a.sync()
    # B's default profile was made after A's setting, so its stamp is later; still A's wins.
    b.sync()
    a.sync()
    assert get_profile(b.db).unit == "lb"
    assert get_profile(a.db).unit == "lb"
    assert_converged(supabase, a, b)


def test_refused_rows_are_quarantined_and_kept_while_the_rest_goes(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:
    a, _ = pair
    broken = log(a.db, "100x5 100x5")
    finish_workout(a.db, now=DAY_ONE + timedelta(hours=1))
    log(a.db, "80x8", at=DAY_ONE + timedelta(days=1))  # a second workout, fine
    with sqlite3.connect(a.db.paths.database) as connection:
        # No such day: PostgreSQL refuses the workout (22008), so its sets cannot go either.
        connection.execute(
            "UPDATE workouts SET date = '2026-02-30' WHERE id = ?", (broken.workout.id,)
        )
    connection.close()

    report = a.sync()
    (refused,) = report.quarantined
    assert (refused.table, refused.row_id, refused.http_status, refused.code) == (
        "workouts",
        broken.workout.id,
        400,
        "22008",
    )
    assert report.pushed["workouts"] == 1
    assert report.held_back == 3  # the refused workout's two sets and its exercise slot
    status = sync_status(a.db)
    assert [(q.table, q.row_id) for q in status.quarantined] == [("workouts", broken.workout.id)]
    assert status.pending["workouts"].waiting == 0
    assert status.pending["exercise_sets"].held_back == 2

    before = len(supabase.requests)
    again = a.sync()
    assert again.quarantined == () and again.pushed_total == 0
    assert not [r for r in supabase.requests[before:] if r.method == "POST"]

    # The lifter fixes the workout (an edit: a new local revision): it and its sets go.
    with sqlite3.connect(a.db.paths.database) as connection:
        connection.execute(
            "UPDATE workouts SET date = '2026-03-02', local_rev = local_rev + 1 WHERE id = ?",
            (broken.workout.id,),
        )
    connection.close()
    fixed = a.sync()
    assert (fixed.pushed["workouts"], fixed.pushed["exercise_sets"]) == (1, 2)
    assert fixed.quarantined == () and sync_status(a.db).quarantined == ()
    assert dirty_rows(a.db) == 0


def test_retry_quarantined_offers_refused_rows_again(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:
    a, _ = pair
    unknown = str(uuid.uuid4())
    with sqlite3.connect(a.db.paths.database) as connection:
        # A built-in exercise the server's catalogue lacks (a newer release's, say).
        columns = [r[1] for r in connection.execute("PRAGMA table_info(exercises)")]
        values = ", ".join("?" if c in ("id", "slug", "name") else c for c in columns)
        connection.execute(
            f"INSERT INTO exercises ({', '.join(columns)}) SELECT {values} FROM exercises "
            "WHERE id = ?",
            (unknown, "future-lift", "Future Lift", BENCH),
        )
    connection.close()
    set_favourite(a.db, unknown, True)

    (refused,) = a.sync().quarantined
    assert (refused.table, refused.row_id, refused.code) == (
        "exercise_preferences",
        unknown,
        "23503",
    )
    assert a.sync().quarantined == ()  # skipped: nothing changed
    (again,) = a.sync(retry_quarantined=True).quarantined
    assert again.row_id == unknown
    assert [q.row_id for q in sync_status(a.db).quarantined] == [unknown]


def test_offline_sync_keeps_everything_queued(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:
    a, _ = pair
    log(a.db, "100x5x3")
    waiting = dirty_rows(a.db)
    supabase.refuse_connections()
    report = a.sync()
    assert report.offline is not None and "cannot reach" in report.offline
    assert report.pushed_total == 0
    assert dirty_rows(a.db) == waiting
    supabase.accept_connections()
    assert a.sync().pushed_total == waiting
    assert dirty_rows(a.db) == 0


def test_an_edit_during_the_push_is_sent_by_the_next_sync(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:
    a, b = pair
    (logged,) = log(a.db, "100x5").sets

    def edit_while_sending(request: httpx.Request) -> None:
        if request.method == "POST" and request.url.path.endswith("/exercise_sets"):
            a.http.event_hooks = {"request": []}
            edit_set(a.db, logged.id, SetChanges(reps=9))

    a.http.event_hooks = {"request": [edit_while_sending]}
    first = a.sync()
    assert first.pushed["exercise_sets"] == 1
    assert dirty_rows(a.db) == 2  # the set and its workout's new totals
    a.sync()
    b.sync()
    assert [s.reps for s in history(b.db)[0].sets] == [9]
    a.sync()
    assert_converged(supabase, a, b)


def test_rows_whose_parent_arrived_after_its_table_was_pulled_still_come(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:
    a, b = pair
    log(a.db, "100x5 105x3")

    def push_from_a_meanwhile(request: httpx.Request) -> None:
        if request.method == "GET" and request.url.path.endswith("/workout_exercises"):
            b.http.event_hooks = {"request": []}
            a.sync()  # its workout lands after B has read the workouts

    b.http.event_hooks = {"request": [push_from_a_meanwhile]}
    report = b.sync()
    assert (report.pulled["workouts"], report.pulled["exercise_sets"]) == (1, 2)
    assert history(b.db) == history(a.db)
    b.sync()  # the profile A pushed meanwhile (both are untouched defaults)
    assert_converged(supabase, a, b)


def test_rows_naming_an_exercise_unknown_here_stop_the_sync_with_the_way_out(
    pair: tuple[Device, Device],
) -> None:
    a, b = pair
    squat = exercise_id("barbell-back-squat")
    with sqlite3.connect(b.db.paths.database) as connection:
        # B runs an older release whose catalogue lacks the squat.
        connection.execute("DELETE FROM exercises WHERE id = ?", (squat,))
    connection.close()
    log(a.db, "140x3", exercise="squat")
    a.sync()
    with pytest.raises(HalterofitError, match="upgrade Halterofit") as refused:
        b.sync()
    assert squat in str(refused.value)
    assert _rows(b.db, "SELECT count(*) FROM exercise_sets") == [(0,)]
    assert _rows(b.db, "SELECT count(*) FROM workouts") == [(1,)]  # pages before it are kept


def test_a_sync_with_nothing_to_do_reads_each_table_once(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:
    a, b = pair
    log(a.db, "100x5")
    a.sync()
    b.sync()
    a.sync()
    before = len(supabase.requests)
    report = b.sync()
    assert (report.pushed_total, report.pulled_total) == (0, 0)
    sent = supabase.requests[before:]
    assert sorted(r.path for r in sent) == sorted(f"/rest/v1/{t.server}" for t in SYNC_TABLES)
    assert {r.method for r in sent} == {"GET"}


def test_large_tables_are_pushed_in_batches_and_pulled_in_pages(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:
    from halterofit_tui.services.demo import fill_demo

    a, b = pair
    sets = fill_demo(a.db, 1100).sets
    seen: list[tuple[int, int]] = []
    before = len(supabase.requests)
    report = a.sync(progress=lambda done, total: seen.append((done, total)))
    posts = [
        r
        for r in supabase.requests[before:]
        if (r.method, r.path) == ("POST", "/rest/v1/exercise_sets")
    ]
    assert len(posts) == -(-sets // 500)  # batches of at most 500 rows
    assert report.pushed["exercise_sets"] == sets
    assert seen[0] == (0, report.pushed_total)
    assert seen[-1] == (report.pushed_total, report.pushed_total)

    before = len(supabase.requests)
    b.sync()
    pages = [r for r in supabase.requests[before:] if r.path == "/rest/v1/exercise_sets"]
    assert len(pages) == sets // 500 + 1  # pages of 500 until a short one
    a.sync()
    assert_converged(supabase, a, b)


def test_one_sync_at_a_time_per_store(pair: tuple[Device, Device]) -> None:
    a, _ = pair
    with (
        exclusive_lock(a.paths.data_dir / SYNC_LOCK_FILE),  # another process syncing
        pytest.raises(SyncBusy, match="another Halterofit is syncing"),
    ):
        a.sync()
    assert a.sync().pushed["profiles"] == 1


def test_a_revoked_session_asks_to_sign_in_again(
    pair: tuple[Device, Device], supabase: Gateway
) -> None:

    a, _ = pair
    log(a.db, "100x5")
    supabase.revoke_sessions(_user(a))
    supabase.expire_access_tokens()
    with pytest.raises(SignInRequired, match="halterofit login"):
        a.sync()
    assert dirty_rows(a.db) == 4  # profile, workout, slot, set: all still queued
