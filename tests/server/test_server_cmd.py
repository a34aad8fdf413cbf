"""`halterofit server sql`, the shipped migrations and the generated catalogue seed."""

from __future__ import annotations

import json
import shutil
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from halterofit_tui.domain.catalogue import exercise_id
from halterofit_tui.services.server_schema import (
    SERVER_SCHEMA_VERSION,
    builtin_seed_sql,
    newest_seed,
    shipped_seed_sql,
    write_seed_migration,
)
from tests.sync_backend.postgres import (
    MIGRATIONS,
    PROJECT_ROOT,
    SHIM,
    apply_sql,
    create_database,
    migration_files,
)

EXPECTED_MIGRATIONS = [
    "20261201000001_schema.sql",
    "20261201000002_sync_triggers.sql",
    "20261201000003_row_level_security.sql",
    "20261201000004_builtin_exercises.sql",
]


def test_server_sql_prints_every_migration_in_order(cli: Any) -> None:
    result = cli("server", "sql")
    assert result.exit_code == 0, result.stderr
    headers = [
        line.removeprefix("-- ==== supabase/migrations/").removesuffix(" ====")
        for line in result.stdout.splitlines()
        if line.startswith("-- ==== ")
    ]
    assert headers == EXPECTED_MIGRATIONS
    for name in EXPECTED_MIGRATIONS:
        assert (MIGRATIONS / name).read_text(encoding="utf-8") in result.stdout
    assert result.stdout.startswith("-- Halterofit server schema 1: paste into the Supabase")


def test_the_printed_script_can_be_pasted_twice_into_an_empty_database(
    cli: Any, pg_admin_dsn: str, tmp_path: Path
) -> None:
    script = tmp_path / "schema.sql"
    script.write_text(cli("server", "sql").stdout, encoding="utf-8")
    dsn = create_database(pg_admin_dsn)
    apply_sql(dsn, SHIM, script, script)
    with psycopg.connect(dsn) as connection:
        found = connection.execute(
            "SELECT name FROM builtin_exercises WHERE id = %s",
            [exercise_id("barbell-back-squat")],
        ).fetchone()
    assert found == ("Barbell Back Squat",)


def test_server_sql_json_lists_the_migrations(cli: Any) -> None:
    result = cli("server", "sql", "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["schema_version"] == SERVER_SCHEMA_VERSION == 1
    assert [m["name"] for m in document["migrations"]] == EXPECTED_MIGRATIONS
    assert document["migrations"][0]["sql"] == migration_files()[0].read_text(encoding="utf-8")


def test_the_schema_version_is_the_one_the_server_reports() -> None:
    security = (MIGRATIONS / EXPECTED_MIGRATIONS[2]).read_text(encoding="utf-8")
    assert f"json_build_object('schema_version', {SERVER_SCHEMA_VERSION}, 'now', now())" in security


def test_the_committed_catalogue_seed_is_the_generated_one() -> None:
    seed = newest_seed(MIGRATIONS)
    assert seed is not None
    assert seed.read_text(encoding="utf-8") == shipped_seed_sql(), (
        "data/exercises.json changed: run `.venv/bin/python -m "
        "halterofit_tui.services.server_schema` and commit the new seed migration"
    )


def test_the_seed_quotes_text_and_json() -> None:
    raw = json.dumps(
        {
            "version": 9,
            "exercises": [
                {
                    "slug": "farmer-s-walk",
                    "name": "Farmer's Walk",
                    "aliases": ["Farmer's Carry"],
                    "category": "strongman",
                    "subcategory": "compound",
                    "equipment": ["dumbbell"],
                    "primary_muscles": ["forearms"],
                    "secondary_muscles": [],
                    "movement_pattern": "carry",
                    "plane_of_motion": "sagittal",
                    "difficulty": 2,
                    "beginner_friendly": True,
                    "progression_type": "distance",
                    "description": "Walk tall — don't lean.",
                    "instructions": [],
                    "tips": [],
                    "common_mistakes": [],
                }
            ],
        }
    ).encode()
    sql = builtin_seed_sql(raw)
    assert "version 9, 1 exercises" in sql
    assert (
        f"('{exercise_id('farmer-s-walk')}', 'farmer-s-walk', 'Farmer''s Walk', "
        "'[\"Farmer''s Carry\"]', 'strongman', 'compound', '[\"dumbbell\"]', '[\"forearms\"]', "
        "'[]', 'carry', 'sagittal', 2, true, 'distance', 'Walk tall — don''t lean.', '[]', "
        "'[]', '[]')"
    ) in sql


def test_a_changed_catalogue_gets_a_new_seed_migration(tmp_path: Path) -> None:
    shutil.copy(MIGRATIONS / EXPECTED_MIGRATIONS[3], tmp_path)
    assert write_seed_migration(tmp_path, datetime(2027, 1, 5, 9, 30, tzinfo=UTC)) is None

    (tmp_path / EXPECTED_MIGRATIONS[3]).write_text("-- an older catalogue\n", encoding="utf-8")
    written = write_seed_migration(tmp_path, datetime(2027, 1, 5, 9, 30, tzinfo=UTC))
    assert written == tmp_path / "20270105093000_builtin_exercises.sql"
    assert written.read_text(encoding="utf-8") == shipped_seed_sql()
    assert newest_seed(tmp_path) == written


def test_the_wheel_ships_the_migrations_where_the_command_reads_them() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert shipped["supabase/migrations"] == "halterofit_tui/supabase_migrations"


def test_an_installed_copy_reads_the_migrations_shipped_in_the_package(
    tmp_path: Path, monkeypatch: Any, cli: Any
) -> None:
    from halterofit_tui.services import server_schema

    shipped = tmp_path / "halterofit_tui" / "supabase_migrations"
    shipped.mkdir(parents=True)
    (shipped / "20990101000000_only.sql").write_text("SELECT 1;\n", encoding="utf-8")
    monkeypatch.setattr(server_schema, "_PACKAGE", tmp_path / "halterofit_tui")
    result = cli("server", "sql")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(
        "-- ==== supabase/migrations/20990101000000_only.sql ====\n\nSELECT 1;\n"
    )


def test_a_missing_schema_is_one_line_on_stderr(tmp_path: Path, monkeypatch: Any, cli: Any) -> None:
    from halterofit_tui.services import server_schema

    monkeypatch.setattr(server_schema, "_PACKAGE", tmp_path / "halterofit_tui")
    monkeypatch.setattr(server_schema, "_CHECKOUT_MIGRATIONS", tmp_path / "supabase" / "migrations")
    result = cli("server", "sql")
    assert result.exit_code == 1
    assert result.stderr == (
        "halterofit: the server schema (supabase/migrations) is missing from this install\n"
    )
