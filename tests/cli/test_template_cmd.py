"""`halterofit template`: create, show, list, edit, save, start and delete, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import database_dump


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return result


def test_create_show_and_list(cli) -> None:  # type: ignore[no-untyped-def]
    ok(cli("log", "bench press", "100x5", "100x5", "95x5"))
    ok(cli("finish"))

    created = ok(
        cli(
            "template",
            "create",
            "Push",
            "--lift",
            "bench press: 3x5 @8 rest 3:00",
            "--lift",
            "ohp: 3x8-12 40",
        )
    ).stdout
    assert created.splitlines() == [
        f"Created template 'Push' [{created.split('[')[1][:8]}]:",
        "  Barbell Bench Press: 3x5 @8 rest 180",
        "  Overhead Press: 3x8-12 40kg",
    ]

    shown = ok(cli("template", "show", "push")).stdout.splitlines()
    assert shown[1:] == [
        "  Barbell Bench Press: 3x5 @8 rest 180",
        "    next time: 100 kg ×2, 95 kg",
        "  Overhead Press: 3x8-12 40kg",
        "    next time: 40 kg ×3",
    ]
    data = json.loads(ok(cli("template", "show", "push", "--json")).stdout)
    bench = data["exercises"][0]
    assert (bench["exercise"], bench["spec"], bench["planned_weights_kg"]) == (
        "Barbell Bench Press",
        "3x5 @8 rest 180",
        [100.0, 100.0, 95.0],
    )
    assert bench["sets"][0] == {
        "reps_min": 5,
        "reps_max": 5,
        "amrap": False,
        "weight_kg": None,
        "rpe": 8.0,
        "percent_1rm": None,
        "rest_s": 180,
    }
    listed = ok(cli("template", "list")).stdout
    assert listed.endswith("2 exercises, 6 sets: Barbell Bench Press, Overhead Press\n")


def test_a_bad_lift_spec_is_one_line_and_writes_nothing(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    before = database_dump(home)
    result = cli("template", "create", "Push", "--lift", "bench press 3x5")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "halterofit: cannot read 'bench press 3x5': start with the exercise and a colon"
    )
    assert result.stderr.count("\n") == 1
    assert database_dump(home) == before


def test_edit_rename_and_delete(cli) -> None:  # type: ignore[no-untyped-def]
    ok(cli("template", "create", "Push", "--lift", "bench: 3x5", "--lift", "dips: 3x10"))

    edited = ok(
        cli(
            "template",
            "edit",
            "push",
            "--lift",
            "bench: 5x5 @75%",
            "--remove",
            "dips",
            "--rename",
            "Push A",
            "--json",
        )
    ).stdout
    data = json.loads(edited)
    assert (data["name"], [e["spec"] for e in data["exercises"]]) == ("Push A", ["5x5 @75%"])
    assert ok(cli("template", "delete", "push a")).stdout == "Deleted template 'Push A'.\n"
    missing = cli("template", "show", "push a")
    assert missing.exit_code == 3
    assert missing.stderr.startswith("halterofit: no template 'push a'")


def test_save_the_last_workout_then_start_it(cli) -> None:  # type: ignore[no-untyped-def]
    ok(cli("log", "squat", "140x5@8", "140x5@8.5"))
    ok(cli("log", "squat", "60x10", "--type", "warmup"))
    ok(cli("finish"))

    saved = ok(cli("template", "save", "--name", "Legs")).stdout.splitlines()
    assert saved[1:] == ["  Barbell Back Squat: 1x5 140kg @8, 1x5 140kg @8.5"]

    started = ok(cli("template", "start", "legs", "--json")).stdout
    workout = json.loads(started)
    assert (workout["name"], workout["status"]) == ("Legs", "in_progress")
    assert [(s["set_number"], s["weight_kg"], s["rpe"]) for s in workout["plan"]["sets"]] == [
        (1, 140.0, 8.0),
        (2, 140.0, 8.5),
    ]
    again = cli("template", "start", "legs")
    assert again.exit_code == 2
    assert "already in progress" in again.stderr
