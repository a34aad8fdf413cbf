"""The server schema in PostgreSQL: migrations, row-level security, last writer wins and the
pull cursor, as a lifter's requests meet them (role authenticated with a JWT's claims)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from psycopg import errors

from halterofit_tui.services.server_schema import SERVER_SCHEMA_VERSION
from halterofit_tui.store.catalogue import catalogue_bytes, load_catalogue
from tests.server.helpers import (
    BENCH,
    DEVICE_A,
    DEVICE_B,
    USER_TABLES,
    as_role,
    as_user,
    create_user,
    custom_exercise_row,
    hlc,
    key_of,
    one_row_per_table,
    select_rows,
    set_row,
    upsert,
    workout_row,
)
from tests.sync_backend.postgres import SHIM, apply_sql, create_database, migration_files

T0 = 1_764_000_000_000


def stored(server: Any, table: str, row: dict[str, Any]) -> dict[str, Any]:
    where, params = key_of(table, row)
    (found,) = select_rows(server, table, where, params)
    return found


def test_the_migrations_apply_twice_to_an_empty_database_and_keep_the_data(
    pg_admin_dsn: str,
) -> None:
    dsn = create_database(pg_admin_dsn)
    apply_sql(dsn, SHIM, *migration_files())
    with psycopg.connect(dsn, autocommit=True) as server:
        lifter = create_user(server, "a@example.com")
        workout = workout_row(lifter)
        with as_user(server, lifter):
            upsert(server, "workouts", [workout])
            upsert(server, "exercise_sets", [set_row(lifter, workout["id"])])
        before = stored(server, "workouts", workout)
        shape = (
            "SELECT (SELECT count(*) FROM pg_policies WHERE schemaname = 'public'), "
            "(SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND NOT t.tgisinternal), "
            "(SELECT count(*) FROM pg_indexes WHERE schemaname = 'public')"
        )
        policies_triggers_indexes = server.execute(shape).fetchone()

        apply_sql(dsn, SHIM, *migration_files())

        assert server.execute(shape).fetchone() == policies_triggers_indexes
        assert stored(server, "workouts", workout) == before
        assert before["total_sets"] == 1
        builtins = server.execute("SELECT count(*) FROM builtin_exercises").fetchone()
        assert builtins == (len(load_catalogue(catalogue_bytes())),)
        assert builtins == (223,)


def test_every_table_has_row_level_security_and_anon_no_privilege(server: Any) -> None:
    tables = server.execute(
        "SELECT c.relname, c.relrowsecurity FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname"
    ).fetchall()
    assert {name for name, _ in tables} == {*USER_TABLES, "builtin_exercises", "sync_version"}
    assert all(secured for _, secured in tables)
    for name, _ in tables:
        (anon_can,) = server.execute(
            "SELECT has_table_privilege('anon', %s, "
            "'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')",
            (f"public.{name}",),
        ).fetchone()
        assert anon_can is False, name


@pytest.mark.parametrize("table", [*USER_TABLES, "builtin_exercises"])
def test_anon_reads_nothing(server: Any, table: str) -> None:
    with pytest.raises(errors.InsufficientPrivilege), as_role(server, "anon"):
        server.execute(f"SELECT * FROM public.{table}")


def test_user_b_can_neither_read_change_nor_delete_user_a_rows(
    server: Any, lifters: tuple[str, str]
) -> None:
    a, b = lifters
    rows = one_row_per_table(a)
    with as_user(server, a):
        for table, row in rows.items():
            upsert(server, table, [row])
    before = {table: stored(server, table, row) for table, row in rows.items()}

    for table, row in rows.items():
        where, params = key_of(table, row)
        with as_user(server, b):
            assert select_rows(server, table) == [], table
            changed = server.execute(
                f"UPDATE public.{table} SET deleted = true, hlc = %s WHERE {where}",
                [hlc(T0 + 10_000), *params],
            )
            assert changed.rowcount == 0, table
            removed = server.execute(f"DELETE FROM public.{table} WHERE {where}", params)
            assert removed.rowcount == 0, table

    assert {table: stored(server, table, row) for table, row in rows.items()} == before
    with as_user(server, a):
        assert all(len(select_rows(server, table)) == 1 for table in USER_TABLES)


def test_a_delete_removes_nothing_even_for_the_owner(server: Any, lifters: tuple[str, str]) -> None:
    a, _ = lifters
    workout = workout_row(a)
    with as_user(server, a):
        upsert(server, "workouts", [workout])
        assert server.execute("DELETE FROM public.workouts").rowcount == 0
        assert len(select_rows(server, "workouts")) == 1


def test_user_b_cannot_upsert_onto_user_a_rows(server: Any, lifters: tuple[str, str]) -> None:
    a, b = lifters
    workout = workout_row(a, name="A's workout")
    profile = one_row_per_table(a)["profiles"]
    with as_user(server, a):
        upsert(server, "workouts", [workout])
        upsert(server, "profiles", [profile])
    before = stored(server, "workouts", workout)

    hijack = {**workout, "user_id": a, "name": "B was here", "hlc": hlc(T0 + 10_000)}
    for table, row in (("workouts", hijack), ("profiles", {**profile, "display_name": "B"})):
        with pytest.raises(errors.InsufficientPrivilege), as_user(server, b):
            upsert(server, table, [row])

    # The same id under B's own user_id is a different row: ids are unique per lifter.
    with as_user(server, b):
        upsert(server, "workouts", [{**hijack, "user_id": b}])
        (own,) = select_rows(server, "workouts")
    assert (own["user_id"], own["id"], own["name"]) == (b, workout["id"], "B was here")
    assert stored(server, "workouts", workout) == before
    assert stored(server, "profiles", profile)["display_name"] == "Lifter"


@pytest.mark.parametrize("table", ["exercise_sets", "workout_exercises"])
def test_user_b_cannot_attach_rows_to_user_a_workout(
    server: Any, lifters: tuple[str, str], table: str
) -> None:
    a, b = lifters
    a_rows = one_row_per_table(a)
    with as_user(server, a):
        upsert(server, "workouts", [a_rows["workouts"]])
    attached = {**a_rows[table], "user_id": b}
    for user_id in (b, a):
        with pytest.raises(errors.InsufficientPrivilege), as_user(server, b):
            upsert(server, table, [{**attached, "user_id": user_id}])
    assert server.execute(f"SELECT count(*) FROM public.{table}").fetchone() == (0,)
    assert stored(server, "workouts", a_rows["workouts"])["total_sets"] == 0


def test_a_set_can_name_a_built_in_or_its_own_lifter_custom_exercise_only(
    server: Any, lifters: tuple[str, str]
) -> None:
    a, b = lifters
    a_exercise = custom_exercise_row(a)
    b_exercise = custom_exercise_row(b, name="Yoke Walk")
    b_workout = workout_row(b)
    with as_user(server, a):
        upsert(server, "exercises", [a_exercise])
    with as_user(server, b):
        upsert(server, "exercises", [b_exercise])
        upsert(server, "workouts", [b_workout])
        upsert(
            server,
            "exercise_sets",
            [
                set_row(b, b_workout["id"], exercise_id=BENCH),
                set_row(b, b_workout["id"], exercise_id=b_exercise["id"], set_number=2),
            ],
        )
    for foreign in (a_exercise["id"], "00000000-0000-4000-8000-000000000000"):
        refused = pytest.raises(errors.ForeignKeyViolation, match="neither built in nor yours")
        with refused, as_user(server, b):
            upsert(server, "exercise_sets", [set_row(b, b_workout["id"], exercise_id=foreign)])
    assert stored(server, "workouts", b_workout)["total_sets"] == 2


def test_an_older_edit_is_ignored_and_a_newer_one_wins(
    server: Any, lifters: tuple[str, str]
) -> None:
    a, _ = lifters
    workout = workout_row(a, name="Original", hlc=hlc(T0, 5), device_id=DEVICE_A)
    with as_user(server, a):
        upsert(server, "workouts", [workout])
        stale = upsert(server, "workouts", [{**workout, "name": "Stale", "hlc": hlc(T0, 4)}])
    kept = stored(server, "workouts", workout)
    assert (stale, kept["name"], kept["hlc"]) == (0, "Original", hlc(T0, 5))

    with as_user(server, a):
        upsert(server, "workouts", [{**workout, "name": "Newer", "hlc": hlc(T0 + 1, 0)}])
    newer = stored(server, "workouts", workout)
    assert newer["name"] == "Newer"
    assert newer["server_version"] > kept["server_version"]


def test_equal_clocks_are_settled_by_the_higher_device_id(
    server: Any, lifters: tuple[str, str]
) -> None:
    a, _ = lifters
    stamp = hlc(T0, 7)
    workout = workout_row(a, name="From B", hlc=stamp, device_id=DEVICE_B)
    with as_user(server, a):
        upsert(server, "workouts", [workout])
        upsert(server, "workouts", [{**workout, "name": "From A", "device_id": DEVICE_A}])
    assert stored(server, "workouts", workout)["name"] == "From B"

    lower_first = workout_row(a, name="From A", hlc=stamp, device_id=DEVICE_A)
    with as_user(server, a):
        upsert(server, "workouts", [lower_first])
        upsert(server, "workouts", [{**lower_first, "name": "From B", "device_id": DEVICE_B}])
    assert stored(server, "workouts", lower_first)["name"] == "From B"


def test_resending_the_same_row_is_accepted_and_takes_a_new_version(
    server: Any, lifters: tuple[str, str]
) -> None:
    a, _ = lifters
    workout = workout_row(a)
    with as_user(server, a):
        upsert(server, "workouts", [workout])
    first = stored(server, "workouts", workout)["server_version"]
    with as_user(server, a):
        assert upsert(server, "workouts", [workout]) == 1
    assert stored(server, "workouts", workout)["server_version"] > first


def test_a_tombstone_is_kept_and_pulled(server: Any, lifters: tuple[str, str]) -> None:
    a, _ = lifters
    workout = workout_row(a)
    with as_user(server, a):
        upsert(server, "workouts", [workout])
    checkpoint = stored(server, "workouts", workout)["server_version"]
    with as_user(server, a):
        upsert(server, "workouts", [{**workout, "deleted": True, "hlc": hlc(T0 + 60_000)}])
        pulled = select_rows(
            server, "workouts", "server_version > %s ORDER BY server_version", [checkpoint]
        )
    assert [(r["id"], r["deleted"]) for r in pulled] == [(workout["id"], True)]


def test_server_versions_follow_commit_order_per_lifter(
    supabase_db: str, server: Any, lifters: tuple[str, str]
) -> None:
    a, b = lifters
    first, second, other = workout_row(a), workout_row(a), workout_row(b)
    with (
        psycopg.connect(supabase_db, autocommit=True) as one,
        psycopg.connect(supabase_db, autocommit=True) as two,
    ):
        done = threading.Event()

        def write_second() -> None:
            with as_user(two, a):
                upsert(two, "workouts", [second])
            done.set()

        with as_user(one, a):
            upsert(one, "workouts", [first])  # takes A's counter, holds it until commit
            writer = threading.Thread(target=write_second)
            writer.start()
            # B's counter is B's own: B's write is not held up by A's open transaction.
            with as_user(server, b):
                upsert(server, "workouts", [other])
            time.sleep(0.3)
            assert not done.is_set()  # A's second write waits for A's first to commit
        writer.join(timeout=10)
        assert done.is_set()

    versions = [stored(server, "workouts", w)["server_version"] for w in (first, second)]
    assert versions[0] < versions[1]
    with as_user(server, a):
        seen = [r["server_version"] for r in select_rows(server, "workouts", "true ORDER BY 1")]
    assert sorted(seen) == versions


def test_every_write_of_a_lifter_takes_a_higher_version_across_tables(
    server: Any, lifters: tuple[str, str]
) -> None:
    a, _ = lifters
    versions = []
    with as_user(server, a):
        for table, row in one_row_per_table(a).items():
            upsert(server, table, [row])
            versions.append(stored(server, table, row)["server_version"])
    assert versions == sorted(versions)
    assert len(set(versions)) == len(versions)


def test_the_built_in_catalogue_is_readable_and_read_only(
    server: Any, lifters: tuple[str, str]
) -> None:
    a, _ = lifters
    catalogue = load_catalogue(catalogue_bytes())
    with as_user(server, a):
        rows = select_rows(server, "builtin_exercises")
        bench = select_rows(server, "builtin_exercises", "id = %s", [BENCH])
    assert len(rows) == len(catalogue)
    assert bench[0]["name"] == "Barbell Bench Press"
    assert bench[0]["primary_muscles"] == ["chest"]
    for statement in (
        "UPDATE public.builtin_exercises SET name = 'Mine' WHERE id = %s",
        "DELETE FROM public.builtin_exercises WHERE id = %s",
        "INSERT INTO public.builtin_exercises SELECT gen_random_uuid(), slug || '-copy', name, "
        "aliases, category, subcategory, equipment, primary_muscles, secondary_muscles, "
        "movement_pattern, plane_of_motion, difficulty, beginner_friendly, progression_type, "
        "description, instructions, tips, common_mistakes "
        "FROM public.builtin_exercises WHERE id = %s",
    ):
        with pytest.raises(errors.InsufficientPrivilege), as_user(server, a):
            server.execute(statement, [BENCH])
    after = server.execute(
        "SELECT count(*), max(name) FILTER (WHERE id = %s) FROM builtin_exercises", [BENCH]
    )
    assert after.fetchone() == (len(catalogue), "Barbell Bench Press")


def test_the_version_counter_is_out_of_reach(server: Any, lifters: tuple[str, str]) -> None:
    a, _ = lifters
    for statement in (
        "SELECT * FROM public.sync_version",
        "UPDATE public.sync_version SET v = 0",
    ):
        with pytest.raises(errors.InsufficientPrivilege), as_user(server, a):
            server.execute(statement)


def test_server_info_answers_signed_in_lifters_only(server: Any, lifters: tuple[str, str]) -> None:
    a, _ = lifters
    with as_user(server, a):
        (info,) = server.execute("SELECT public.halterofit_server_info()").fetchone()
    assert info["schema_version"] == SERVER_SCHEMA_VERSION
    now = datetime.fromisoformat(info["now"])
    assert abs(now - datetime.now(UTC)) < timedelta(minutes=1)
    with pytest.raises(errors.InsufficientPrivilege), as_role(server, "anon"):
        server.execute("SELECT public.halterofit_server_info()")


def test_internal_functions_are_not_callable_through_the_api(
    server: Any, lifters: tuple[str, str]
) -> None:
    a, b = lifters
    workout = workout_row(b)
    with as_user(server, b):
        upsert(server, "workouts", [workout])
    with pytest.raises(errors.InsufficientPrivilege), as_user(server, a):
        server.execute("SELECT * FROM public.halterofit_workout_totals(%s, %s)", [b, workout["id"]])
