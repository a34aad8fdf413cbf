"""`halterofit log` asks before logging a set that looks like a typo; `halterofit anomalies`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from halterofit_tui.store.engine import Database
from tests.conftest import database_dump
from tests.services.test_anomalies_service import log_bench_history

TYPO_LINE = (
    "halterofit: Barbell Bench Press 1000 kg x 5 looks like a typo (1000 kg is 10x last "
    "session's 100 kg; e1RM 1125 kg is 900% over your best 112.5 kg); nothing logged (add --yes "
    "to log it anyway)"
)


def best_e1rm(cli) -> float:  # type: ignore[no-untyped-def]
    result = cli("prs", "bench", "press", "--json")
    assert result.exit_code == 0, result.stderr
    return float(json.loads(result.stdout)["best_e1rm"]["value_kg"])


@pytest.fixture
def bench_history(db: Database) -> None:
    log_bench_history(db)


@pytest.fixture
def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("halterofit_tui.cli.workout_cmd.stdin_is_terminal", lambda: True)


@pytest.mark.usefixtures("bench_history")
def test_without_a_terminal_or_yes_it_is_refused_in_one_line(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    before = database_dump(home)

    result = cli("log", "bench", "press", "1000x5")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [TYPO_LINE]
    assert database_dump(home) == before


@pytest.mark.usefixtures("bench_history")
def test_with_yes_it_is_logged_but_kept_out_of_records_until_confirmed(cli) -> None:  # type: ignore[no-untyped-def]
    logged = cli("log", "bench", "press", "1000x5", "--yes", "--json")
    assert logged.exit_code == 0, logged.stderr
    data = json.loads(logged.stdout)
    (logged_set,) = data["sets"]
    assert data["anomalies"] == [
        {
            "set_id": logged_set["id"],
            "confirmed": False,
            "reasons": [
                "1000 kg is 10x last session's 100 kg",
                "e1RM 1125 kg is 900% over your best 112.5 kg",
            ],
        }
    ]
    assert best_e1rm(cli) == 112.5

    listed = cli("anomalies", "--json")
    (flagged,) = json.loads(listed.stdout)
    assert (flagged["set_id"], flagged["weight_kg"], flagged["reps"]) == (
        logged_set["id"],
        1000.0,
        5,
    )
    assert [r["code"] for r in flagged["reasons"]] == ["weight_jump", "e1rm_jump"]
    text = cli("anomalies").stdout.splitlines()
    assert text[0].endswith(f"Barbell Bench Press set 1: 1000 kg x 5  [{logged_set['id'][:8]}]")
    assert text[1] == (
        "  1000 kg is 10x last session's 100 kg; e1RM 1125 kg is 900% over your best 112.5 kg"
    )

    confirmed = cli("anomalies", "confirm", logged_set["id"][:6])

    assert confirmed.exit_code == 0, confirmed.stderr
    assert confirmed.stdout == (
        "Confirmed Barbell Bench Press set 1: 1000 kg x 5; it counts for records now.\n"
    )
    assert json.loads(cli("anomalies", "--json").stdout) == []
    assert best_e1rm(cli) == 1125.0


@pytest.mark.usefixtures("bench_history")
def test_the_text_output_says_how_to_confirm(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("log", "bench", "press", "1000x5", "-y")

    lines = result.stdout.splitlines()
    set_id = lines[1].rsplit("[", 1)[1].rstrip("]")
    assert lines[2] == (
        f"  [{set_id}] flagged: 1000 kg is 10x last session's 100 kg; e1RM 1125 kg is 900% over "
        f"your best 112.5 kg; not in records until `halterofit anomalies confirm {set_id}`"
    )


@pytest.mark.usefixtures("bench_history", "at_a_terminal")
def test_at_a_terminal_no_logs_nothing(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    before = database_dump(home)

    result = cli("log", "bench", "press", "1000x5", input="n\n")

    assert result.exit_code == 1
    assert "Log anyway? [y/N]" in result.stderr
    assert database_dump(home) == before


@pytest.mark.usefixtures("bench_history", "at_a_terminal")
def test_at_a_terminal_yes_logs_it_confirmed(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("log", "bench", "press", "1000x5", input="y\n")

    assert result.exit_code == 0, result.stderr
    assert "Logged Barbell Bench Press set 1: 1000 kg x 5" in result.stdout
    assert json.loads(cli("anomalies", "--json").stdout) == []
    assert best_e1rm(cli) == 1125.0


@pytest.mark.usefixtures("bench_history")
def test_deleting_a_flagged_set_works_as_before(cli) -> None:  # type: ignore[no-untyped-def]
    logged = json.loads(cli("log", "bench", "press", "1000x5", "--yes", "--json").stdout)
    set_id = logged["sets"][0]["id"]

    deleted = cli("delete", set_id[:8])

    assert deleted.stdout == "Deleted Barbell Bench Press set 1.\n"
    assert cli("anomalies").stdout == "No flagged sets.\n"


@pytest.mark.usefixtures("bench_history")
def test_confirming_an_unknown_set_is_not_found(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("anomalies", "confirm", "ffffffff")
    assert (result.exit_code, result.stderr) == (3, "halterofit: no set with id ffffffff\n")
