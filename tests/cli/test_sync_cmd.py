"""`halterofit sync`, `sync status` and `doctor` against the test gateway."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import pytest

from halterofit_tui.config import Paths
from halterofit_tui.services import account
from halterofit_tui.services.remote_config import RemoteConfig
from halterofit_tui.services.server_schema import SERVER_SCHEMA_VERSION
from halterofit_tui.services.supabase_rest import RetryPolicy
from tests.services.sync_devices import PASSWORD, MemoryKeyring

if TYPE_CHECKING:
    from tests.sync_backend.gateway import Gateway

EMAIL = "lifter@example.com"


@pytest.fixture
def signed_in(home: Path, supabase: Gateway, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The home signed in to the gateway; no waiting between retries. Yields the user id."""
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    monkeypatch.setattr(RetryPolicy, "backoff", lambda _policy, _failures: 0.0)
    user_id = supabase.create_user(EMAIL, PASSWORD)
    account.login(Paths(home, home), RemoteConfig(supabase.url, supabase.anon_key), EMAIL, PASSWORD)
    yield user_id
    keyring.set_keyring(previous)


def test_sync_says_what_moved(cli, signed_in: str) -> None:  # type: ignore[no-untyped-def]
    assert cli("log", "bench press", "100x5", "100x5").exit_code == 0
    first = cli("sync")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == (
        "Pushed 5 rows (profiles 1, workouts 1, workout_exercises 1, exercise_sets 2), "
        "pulled 0, quarantined 0.\n"
    )
    again = cli("sync", "--json")
    assert again.exit_code == 0
    nothing = dict.fromkeys(
        (
            "profiles",
            "exercises",
            "exercise_preferences",
            "workouts",
            "workout_exercises",
            "exercise_sets",
            "body_metrics",
            "plateaus",
            "templates",
            "program_enrollments",
        ),
        0,
    )
    assert json.loads(again.stdout) == {
        "status": "ok",
        "offline_reason": None,
        "pushed": nothing,
        "pushed_total": 0,
        "pulled": nothing,
        "pulled_total": 0,
        "quarantined": [],
        "held_back": 0,
    }


def test_sync_status_lists_pending_and_refused_rows(  # type: ignore[no-untyped-def]
    cli, home: Path, signed_in: str
) -> None:
    never = cli("sync", "status")
    assert never.stdout.splitlines()[0] == "Last sync: never."
    assert cli("log", "bench press", "100x5").exit_code == 0
    pending = json.loads(cli("sync", "status", "--json").stdout)
    assert pending["pending_total"] == 4
    assert {k: v for k, v in pending["pending"].items() if v} == {
        "profiles": 1,
        "workouts": 1,
        "workout_exercises": 1,
        "exercise_sets": 1,
    }
    with sqlite3.connect(home / "halterofit.db") as connection:
        # Not a day: the server refuses the workout, and holds back its slot and set.
        connection.execute("UPDATE workouts SET date = '2026-02-30'")
    connection.close()
    refused = cli("sync")
    assert refused.exit_code == 0
    lines = refused.stdout.splitlines()
    assert lines[0] == "Pushed 1 row (profiles 1), pulled 0, quarantined 1."
    assert lines[2].startswith("  workouts ")
    assert lines[2].endswith("(HTTP 400, 22008)")
    assert lines[3] == "2 rows wait for a refused parent (`halterofit sync status`)."

    status = cli("sync", "status")
    text = status.stdout.splitlines()
    assert text[0].startswith("Last sync: ") and text[0].endswith("(just now).")
    assert text[1:4] == [
        "Pending: nothing to push.",
        "Held back: 2 rows waiting for a refused parent row.",
        "Quarantined: 1 row refused by the server:",
    ]
    shown = json.loads(cli("sync", "status", "--json").stdout)
    (row,) = shown["quarantined"]
    assert (row["table"], row["http_status"], row["code"], row["local_rev"]) == (
        "workouts",
        400,
        "22008",
        2,
    )
    assert {k: v for k, v in shown["held_back"].items() if v} == {
        "workout_exercises": 1,
        "exercise_sets": 1,
    }


def test_sync_offline_keeps_rows_and_fails_in_one_line(  # type: ignore[no-untyped-def]
    cli, signed_in: str, supabase: Gateway
) -> None:
    assert cli("log", "bench press", "100x5").exit_code == 0
    supabase.refuse_connections()
    result = cli("sync")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("halterofit: offline: cannot reach the Supabase server 127.0.0.1:")
    assert line.endswith("everything not pushed stays queued for the next sync")
    assert json.loads(cli("sync", "status", "--json").stdout)["pending_total"] == 4
    supabase.accept_connections()
    assert cli("sync").stdout.startswith("Pushed 4 rows")


def test_sync_asks_to_sign_in_again_when_the_session_is_gone(  # type: ignore[no-untyped-def]
    cli, signed_in: str, supabase: Gateway
) -> None:
    supabase.revoke_sessions(signed_in)
    supabase.expire_access_tokens()
    result = cli("sync")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("sign in again: halterofit login")
    assert result.stdout == ""


def test_sync_without_a_project_says_how_to_set_one(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("sync")
    assert result.exit_code == 1
    assert "halterofit login --url URL --anon-key KEY" in result.stderr


def test_doctor_checks_everything_sync_needs(cli, signed_in: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("doctor")
    assert result.exit_code == 0, result.stdout
    statuses = [line.split()[:2] for line in result.stdout.splitlines()]
    assert statuses == [
        ["ok", "keyring"],
        ["ok", "database"],
        ["ok", "project"],
        ["ok", "server"],
        ["ok", "session"],
        ["ok", "schema"],
        ["ok", "clock"],
    ]
    report = json.loads(cli("doctor", "--json").stdout)
    assert report["ok"] is True
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["schema"]["value"] == SERVER_SCHEMA_VERSION
    assert abs(checks["clock"]["value"]) < 2  # the gateway runs on this machine's clock
    assert checks["session"]["detail"] == f"signed in as {EMAIL}"


def test_doctor_fails_when_the_server_is_down(  # type: ignore[no-untyped-def]
    cli, signed_in: str, supabase: Gateway
) -> None:

    supabase.refuse_connections()
    result = cli("doctor", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert [(c["name"], c["status"]) for c in report["checks"]] == [
        ("keyring", "ok"),
        ("database", "ok"),
        ("project", "ok"),
        ("server", "fail"),
    ]


def test_doctor_fails_without_a_session(cli, home: Path, supabase: Gateway) -> None:  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        from halterofit_tui.services.remote_config import save_remote_config

        save_remote_config(Paths(home, home), RemoteConfig(supabase.url, supabase.anon_key))
        result = cli("doctor")
    finally:
        keyring.set_keyring(previous)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[4].startswith("fail  session ")
    assert "halterofit login" in lines[4]
    assert lines[5].split()[:2] == ["ok", "clock"]  # from the server's Date header
