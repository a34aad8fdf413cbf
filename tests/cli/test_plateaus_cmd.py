"""`halterofit plateaus`: the stalled lifts, and the lifter's ack, dismiss and resolve."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from halterofit_tui.store.engine import Database
from tests.services.test_plateaus_service import log_stall

# The plateau tests' history, ending today: the command judges as of the real today.
TODAY = datetime.now(UTC).date()
FIRST_DAY = TODAY - timedelta(weeks=15)
LAST_BEST_DAY = FIRST_DAY + timedelta(weeks=9)


@pytest.fixture
def stalled(db: Database) -> Database:
    log_stall(db, FIRST_DAY)
    return db


def only_plateau(cli, *args: str) -> dict:  # type: ignore[no-untyped-def]
    result = cli("plateaus", *args, "--json")
    assert result.exit_code == 0, result.stderr
    (plateau,) = json.loads(result.stdout)
    return plateau  # type: ignore[no-any-return]


def iso(day: date) -> str:
    return day.isoformat()


@pytest.mark.usefixtures("stalled")
def test_the_active_plateau_as_json(cli) -> None:  # type: ignore[no-untyped-def]
    plateau = only_plateau(cli)

    assert {k: plateau[k] for k in ("exercise", "status", "resolution", "metric")} == {
        "exercise": "Barbell Bench Press",
        "status": "active",
        "resolution": None,
        "metric": "e1rm",
    }
    assert (plateau["start"], plateau["end"], plateau["as_of"]) == (
        iso(LAST_BEST_DAY + timedelta(days=1)),
        None,
        iso(TODAY),
    )
    assert (plateau["duration_days"], plateau["confidence"]) == (42, 0.909)
    assert plateau["last_pr"] == {"date": iso(LAST_BEST_DAY), "e1rm_kg": 118.0}
    assert (plateau["current_avg_kg"], plateau["trend_kg_per_week"]) == (109.0, -0.114)
    assert plateau["causes"] == [
        {
            "code": "low_volume",
            "text": "chest: 1 hard sets a week, fewer than 10",
            "value": 1.0,
            "threshold": 10.0,
        },
        {
            "code": "stale_rep_range",
            "text": "1 reps in every session for 15 weeks, 12 or more",
            "value": 15.0,
            "threshold": 12.0,
        },
    ]
    assert [(p["code"], p["causes"]) for p in plateau["protocols"]] == [
        ("add_sets", ["low_volume"]),
        ("change_rep_range", ["stale_rep_range"]),
    ]
    assert plateau["protocols"][1]["rationale"].endswith(
        "Here: 1 reps in every session for 15 weeks, 12 or more."
    )
    assert (plateau["acknowledged"], plateau["feedback"]) == (False, "")


@pytest.mark.usefixtures("stalled")
def test_the_active_plateau_as_text(cli) -> None:  # type: ignore[no-untyped-def]
    plateau_id = only_plateau(cli)["id"]

    lines = cli("plateaus").stdout.splitlines()

    assert lines[:5] == [
        f"Barbell Bench Press  [{plateau_id[:8]}]  since {LAST_BEST_DAY + timedelta(days=1)} · "
        "6 weeks · confidence 0.91 · new",
        f"  last PR e1RM 118 kg on {LAST_BEST_DAY} · now averaging 109 kg · trend -0.11 kg/week "
        f"(as of {TODAY})",
        "  Probable causes:",
        "    - chest: 1 hard sets a week, fewer than 10",
        "    - 1 reps in every session for 15 weeks, 12 or more",
    ]
    assert lines[5:7] == [
        "  Try:",
        "    - Add 2-4 hard sets a week for the lagging muscles, building towards 10-20.",
    ]
    assert lines[7].startswith("      Why: Strength and muscle gains grow with weekly hard sets")


@pytest.mark.usefixtures("stalled")
def test_ack_marks_it_seen(cli) -> None:  # type: ignore[no-untyped-def]
    plateau_id = only_plateau(cli)["id"]

    result = cli("plateaus", "ack", plateau_id[:4])

    assert result.stdout == (
        f"Acknowledged the plateau of Barbell Bench Press since "
        f"{LAST_BEST_DAY + timedelta(days=1)} [{plateau_id[:8]}].\n"
    )
    assert only_plateau(cli)["acknowledged"] is True


@pytest.mark.usefixtures("stalled")
def test_dismiss_keeps_the_feedback_and_hides_it(cli) -> None:  # type: ignore[no-untyped-def]
    plateau_id = only_plateau(cli)["id"]

    result = cli("plateaus", "dismiss", plateau_id[:8], "--feedback", "deload week, on purpose")

    assert result.exit_code == 0, result.stderr
    assert cli("plateaus").stdout == "No active plateaus: every lift is moving.\n"
    dismissed = only_plateau(cli, "--all")
    assert (dismissed["id"], dismissed["status"], dismissed["feedback"]) == (
        plateau_id,
        "false_positive",
        "deload week, on purpose",
    )
    assert (
        cli("plateaus", "--all")
        .stdout.splitlines()[0]
        .endswith("dismissed as not a plateau: deload week, on purpose")
    )


@pytest.mark.usefixtures("stalled")
def test_resolve_ends_it(cli) -> None:  # type: ignore[no-untyped-def]
    plateau_id = only_plateau(cli)["id"]

    cli("plateaus", "resolve", plateau_id)

    assert json.loads(cli("plateaus", "--json").stdout) == []
    resolved = only_plateau(cli, "--all")
    assert (resolved["status"], resolved["resolution"], resolved["end"]) == (
        "resolved",
        "user",
        iso(TODAY),
    )


@pytest.mark.usefixtures("stalled")
def test_ids_by_prefix_of_four_or_more(cli) -> None:  # type: ignore[no-untyped-def]
    short = cli("plateaus", "ack", "abc")
    unknown = cli("plateaus", "dismiss", "ffffffff")

    assert (short.exit_code, short.stderr) == (
        2,
        "halterofit: id 'abc' is too short: give at least 4 characters\n",
    )
    assert (unknown.exit_code, unknown.stderr) == (3, "halterofit: no plateau with id ffffffff\n")


def test_a_new_home_has_no_plateaus(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("plateaus").stdout == "No active plateaus: every lift is moving.\n"
    assert cli("plateaus", "--all", "--json").stdout == "[]\n"
