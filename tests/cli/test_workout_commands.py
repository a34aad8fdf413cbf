"""The workout commands, end to end through typer's CliRunner against a temp HALTEROFIT_HOME."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import database_dump

BENCH = "Barbell Bench Press"


def test_log_three_sets_and_finish_records_the_workout(cli) -> None:  # type: ignore[no-untyped-def]
    logged = cli("log", "bench press", "100x5@8", "100x5@8.5", "100x4@9")
    assert logged.exit_code == 0, logged.stderr
    assert "Started" in logged.stdout
    assert logged.stdout.count(f"Logged {BENCH}") == 3

    finished = cli("finish", "--json")
    assert finished.exit_code == 0, finished.stderr
    summary = json.loads(finished.stdout)
    assert summary["status"] == "completed"
    assert summary["totals"]["sets"] == 3
    assert summary["totals"]["reps"] == 14
    assert summary["totals"]["volume_kg"] == 1400.0
    assert summary["totals"]["avg_rpe"] == 8.5
    assert summary["totals"]["max_rpe"] == 9.0
    assert summary["prs"] == []

    history = json.loads(cli("history", "--json").stdout)
    assert len(history) == 1
    (exercise,) = history[0]["exercises"]
    assert exercise["name"] == BENCH
    sets = exercise["sets"]
    assert [s["set_number"] for s in sets] == [1, 2, 3]
    assert [s["rpe"] for s in sets] == [8.0, 8.5, 9.0]
    assert [s["volume_load"] for s in sets] == [500.0, 500.0, 400.0]
    # Brzycki: w * 36 / (37 - reps)
    assert [s["estimated_1rm"] for s in sets] == [112.5, 112.5, round(3600 / 33, 3)]


def test_finish_prints_a_human_summary(cli) -> None:  # type: ignore[no-untyped-def]
    cli("log", "squat", "140x5@8")
    out = cli("finish").stdout
    assert "Finished" in out
    assert "1 sets · 5 reps · volume 700 kg · average RPE 8" in out


def test_prs_are_reported_against_earlier_workouts(cli) -> None:  # type: ignore[no-untyped-def]
    cli("log", "deadlift", "180x5")
    cli("finish")
    cli("log", "deadlift", "185x5", "150x8")
    summary = json.loads(cli("finish", "--json").stdout)
    kinds = {(pr["kind"], pr["reps"]) for pr in summary["prs"]}
    assert ("e1rm", None) in kinds
    assert ("rep_max", 5) in kinds
    # 150 x 8 is lighter than the 180 x 5 done before: not a rep-max PR for 8 either way,
    # because nothing was ever done for 8 reps before (a first is a baseline).
    assert ("rep_max", 8) not in kinds


def test_log_accepts_unquoted_names_and_spaced_notation(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("log", "bench", "press", "102.5kg", "x", "3", "@9", "--json")
    assert result.exit_code == 0, result.stderr
    (logged,) = json.loads(result.stdout)["sets"]
    assert (logged["weight_kg"], logged["reps"], logged["rpe"]) == (102.5, 3, 9.0)


def test_log_repeated_sets_and_bodyweight(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("log", "pull up", "bw", "x", "12", "bw+20x8").exit_code == 0
    assert cli("log", "overhead press", "60x5x3").exit_code == 0
    detail = json.loads(cli("status", "--json").stdout)
    pull, press = detail["exercises"]
    assert [(s["is_bodyweight"], s["weight_kg"], s["reps"]) for s in pull["sets"]] == [
        (True, 0.0, 12),
        (True, 20.0, 8),
    ]
    assert [s["set_number"] for s in press["sets"]] == [1, 2, 3]
    assert detail["totals"]["volume_kg"] == 160.0 + 900.0


def test_lb_entries_are_stored_in_kg_and_read_back_in_lb(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("config", "set", "unit", "lb").exit_code == 0
    result = cli("log", "squat", "225x5", "--json")
    (logged,) = json.loads(result.stdout)["sets"]
    assert logged["weight_kg"] == pytest.approx(102.0582, abs=1e-4)
    assert logged["entered_unit"] == "lb"
    assert "225 lb x 5" in cli("status").stdout


def test_undo_removes_the_last_set(cli) -> None:  # type: ignore[no-untyped-def]
    cli("log", "bench press", "100x5", "100x5", "90x8")
    undone = cli("undo")
    assert undone.exit_code == 0
    assert "set 3" in undone.stdout
    totals = json.loads(cli("status", "--json").stdout)["totals"]
    assert (totals["sets"], totals["volume_kg"]) == (2, 1000.0)


def test_edit_and_delete_a_set(cli) -> None:  # type: ignore[no-untyped-def]
    sets = json.loads(cli("log", "bench press", "100x5", "100x5", "100x5", "--json").stdout)["sets"]
    edited = cli("edit", sets[0]["id"][:8], "105x4@9")
    assert edited.exit_code == 0, edited.stderr
    assert "105 kg x 4 @9" in edited.stdout
    assert cli("delete", sets[1]["id"]).exit_code == 0
    detail = json.loads(cli("status", "--json").stdout)
    remaining = detail["exercises"][0]["sets"]
    assert [(s["set_number"], s["weight_kg"], s["reps"]) for s in remaining] == [
        (1, 105.0, 4),
        (2, 100.0, 5),
    ]
    assert remaining[0]["estimated_1rm"] == round(105 * 36 / 33, 3)
    assert detail["totals"]["volume_kg"] == 920.0


def test_delete_workout_needs_confirmation_without_a_terminal(cli) -> None:  # type: ignore[no-untyped-def]
    workout_id = json.loads(cli("log", "squat", "100x5", "--json").stdout)["workout"]["id"]
    refused = cli("delete", workout_id)
    assert refused.exit_code != 0
    assert "--yes" in refused.stderr
    assert cli("delete", workout_id, "--yes").exit_code == 0
    assert json.loads(cli("history", "--json").stdout) == []


def test_history_filters_by_exercise_and_date(cli) -> None:  # type: ignore[no-untyped-def]
    cli("log", "squat", "100x5")
    cli("log", "bench press", "80x5")
    cli("finish")
    only_bench = json.loads(cli("history", "--exercise", "bench", "--json").stdout)
    assert [e["name"] for e in only_bench[0]["exercises"]] == [BENCH]
    assert json.loads(cli("history", "--since", "2999-01-01", "--json").stdout) == []
    shown = cli("show", only_bench[0]["id"][:8])
    assert "Barbell Back Squat" in shown.stdout and BENCH in shown.stdout


def test_start_refuses_a_second_workout(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("start", "Heavy day").exit_code == 0
    second = cli("start")
    assert second.exit_code == 2
    assert "Heavy day" in second.stderr


def test_finish_refuses_an_empty_workout(cli) -> None:  # type: ignore[no-untyped-def]
    cli("start")
    result = cli("finish")
    assert result.exit_code != 0
    assert "no sets" in result.stderr


BAD_INPUTS = [
    pytest.param(["log", "bench press", "-100x5"], "negative", id="negative-weight"),
    pytest.param(["log", "bench press", "1001x5"], "1000", id="absurd-weight"),
    pytest.param(["log", "bench press", "100x1001"], "1000", id="absurd-reps"),
    pytest.param(["log", "bench press", "100x0"], "reps", id="zero-reps"),
    pytest.param(["log", "bench press", "100x5@11"], "RPE", id="rpe-above-10"),
    pytest.param(["log", "bench press", "100x5@0.5"], "RPE", id="rpe-below-1"),
    pytest.param(["log", "bench press", "100x5@8.3"], "RPE", id="rpe-off-grid"),
    pytest.param(["log", "bench press", "100x5", "--rpe", "12"], "RPE", id="rpe-option"),
    pytest.param(["log", "bench prss", "100x5"], "did you mean", id="unknown-exercise"),
    pytest.param(["log", "bench press", "100x5x"], "accepted forms", id="malformed-spec"),
    pytest.param(["log", "bench press", "abc"], "no sets", id="no-spec"),
    pytest.param(["log", "bench press", "100x5", "--type", "heavy"], "set type", id="bad-type"),
    pytest.param(["log", "bench press", "100x5", "--tempo", "fast"], "tempo", id="bad-tempo"),
    pytest.param(["log", "bench press", "100x5", "--rest", "abc"], "integer", id="bad-rest"),
    pytest.param(["log", "bench press", "100x5", "--unit", "stone"], "unit", id="bad-unit"),
    pytest.param(["edit", "zzzzzzzz", "--reps", "5"], "no set", id="unknown-set"),
    pytest.param(["delete", "ab"], "too short", id="short-id"),
    pytest.param(["show", "00000000"], "no workout", id="unknown-workout"),
    pytest.param(["history", "--since", "yesterday"], "YYYY-MM-DD", id="bad-date"),
    pytest.param(["history", "--limit", "0"], "limit", id="bad-limit"),
    pytest.param(["config", "set", "unit", "stone"], "unit", id="bad-config-value"),
    pytest.param(["config", "set", "colour", "red"], "unknown setting", id="bad-config-key"),
    pytest.param(["config", "set", "bodyweight", "-80"], "bodyweight", id="bad-bodyweight"),
    pytest.param(["exercises", "show", "zzzz"], "unknown exercise", id="bad-exercise-show"),
    pytest.param(
        ["exercises", "add", "Bench Press", "--primary", "chest"], "already", id="dup-exercise"
    ),
    pytest.param(["exercises", "list", "--muscle", "wings"], "muscle", id="bad-muscle"),
    pytest.param(["demo", "--sets", "500000"], "200,000", id="demo-too-big"),
    pytest.param(["frobnicate"], "No such command", id="unknown-command"),
]


@pytest.mark.parametrize(("args", "fragment"), BAD_INPUTS)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    cli, home: Path, args: list[str], fragment: str
) -> None:  # type: ignore[no-untyped-def]
    cli("log", "squat", "100x5@8")
    before = database_dump(home)
    result = cli(*args)
    assert result.exit_code != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("halterofit: ")
    assert fragment.lower() in lines[0].lower()
    assert database_dump(home) == before


def test_exercise_rest_override_from_the_cli(cli) -> None:  # type: ignore[no-untyped-def]
    assert "rest 240 s" in cli("exercises", "rest", "squat", "240").stdout
    shown = json.loads(cli("exercises", "show", "squat", "--json").stdout)
    assert shown["rest_seconds"] == 240
    assert "the default" in cli("exercises", "rest", "squat", "default").stdout
    refused = cli("exercises", "rest", "squat", "soon")
    assert refused.exit_code == 2 and "whole seconds" in refused.stderr
