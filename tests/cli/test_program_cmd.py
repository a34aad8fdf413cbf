"""`halterofit program`: list, show, start, next (and --start), status, stop, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import database_dump

LINEAR = ["--weight", "squat=100", "--weight", "bench=60", "--weight", "row=50",
          "--weight", "press=40", "--weight", "deadlift=120"]  # fmt: skip


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return result


def test_list_marks_the_active_programme(cli) -> None:  # type: ignore[no-untyped-def]
    listed = ok(cli("program", "list")).stdout.splitlines()
    assert listed[2] == (
        "  linear-3x5           Linear 3x5 · beginner · 3 sessions a week · 2-week cycle · built-in"
    )
    ok(cli("program", "start", "linear-3x5", *LINEAR))

    assert ok(cli("program", "list")).stdout.splitlines()[2].startswith("* linear-3x5")
    entries = json.loads(ok(cli("program", "list", "--json")).stdout)
    linear = next(e for e in entries if e["key"] == "linear-3x5")
    assert linear == {
        "key": "linear-3x5",
        "name": "Linear 3x5",
        "level": "beginner",
        "description": linear["description"],
        "based_on": "StrongLifts and Starting Strength style novice linear progression",
        "sessions_per_week": 3,
        "weeks": 2,
        "cycles": None,
        "builtin": True,
        "active": True,
        "path": None,
        "problems": [],
    }


def test_show_says_how_to_start_and_what_each_week_holds(cli) -> None:  # type: ignore[no-untyped-def]
    shown = ok(cli("program", "show", "linear-3x5")).stdout.splitlines()
    assert (
        "Start: halterofit program start linear-3x5 --weight squat=N --weight bench=N "
        "--weight row=N --weight press=N --weight deadlift=N"
    ) in shown
    assert "  squat: your Barbell Back Squat working weight in kg" in shown
    assert shown[-4:] == [
        "  B:",
        "    Barbell Back Squat 3x5 · rest 180 s",
        "    Overhead Press 3x5 · rest 180 s",
        "    Conventional Deadlift 1x5 · rest 180 s",
    ]
    detail = json.loads(ok(cli("program", "show", "531", "--json")).stdout)
    assert detail["progressions"][0]["rule"] == {
        "type": "training_max",
        "increment_kg": 2.5,
        "deload_percent": 10.0,
    }
    assert detail["start"][0] == {
        "key": "press",
        "exercise": "Overhead Press",
        "given": "one_rep_max",
        "option": "--1rm",
        "start_percent": 90.0,
        "optional": False,
    }
    assert [w["first_week"] for w in detail["weeks"]] == [1, 2, 3, 4]


def test_an_invalid_programme_file_is_one_line_with_every_problem(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    (home / "programs").mkdir()
    (home / "programs" / "mine.json").write_text(
        json.dumps(
            {"format": 1, "name": "Mine", "level": "expert", "progressions": {}, "weeks": []}
        )
    )
    listed = ok(cli("program", "list")).stdout.splitlines()
    assert listed[-1] == (
        "  mine                 invalid (yours): level: must be one of beginner, intermediate, "
        'advanced (got "expert") (and 2 more)'
    )

    result = cli("program", "show", "mine")

    assert result.exit_code == 2
    assert result.stderr == (
        "halterofit: mine.json is not a valid programme: level: must be one of beginner, "
        'intermediate, advanced (got "expert"); progressions: must not be empty; weeks: must '
        "not be empty\n"
    )


def test_start_refusals_write_nothing(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    before = database_dump(home)
    missing = cli("program", "start", "linear-3x5", "--weight", "squat=100")
    assert missing.exit_code == 2
    assert missing.stderr == (
        "halterofit: 'Linear 3x5' needs a starting value (in kg) for each of its main lifts; "
        "missing: --weight bench=... --weight row=... --weight press=... --weight deadlift=...\n"
    )
    malformed = cli("program", "start", "linear-3x5", "--weight", "squat:100")
    assert malformed.stderr == (
        "halterofit: --weight takes KEY=VALUE with a positive number, like squat=140 "
        "(got 'squat:100')\n"
    )
    unknown = cli("program", "start", "texas-method")
    assert unknown.exit_code == 3
    assert database_dump(home) == before


def test_next_start_log_finish_and_the_weights_advance(cli) -> None:  # type: ignore[no-untyped-def]
    started = ok(cli("program", "start", "linear-3x5", *LINEAR)).stdout.splitlines()
    assert started[0] == "Started Linear 3x5."
    assert "  Barbell Back Squat (squat): working weight 100 kg" in started

    first = ok(cli("program", "next")).stdout.splitlines()
    assert first == [
        "Linear 3x5: A · cycle 1, week 1, day 1",
        "  Barbell Back Squat: 3x5 100 kg  (per side 25 + 15; rest 180 s)",
        "  Barbell Bench Press: 3x5 60 kg  (per side 20; rest 180 s)",
        "  Barbell Row: 3x5 50 kg  (per side 15; rest 120 s)",
    ]
    data = json.loads(ok(cli("program", "next", "--start", "--json")).stdout)
    assert data["workout"]["name"] == "A (Linear 3x5, week 1 day 1)"
    assert data["lifts"][0]["sets"][0] == {
        "reps": 5,
        "reps_max": None,
        "amrap": False,
        "rpe": None,
        "basis": "value",
        "percent": 100.0,
        "weight_kg": 100.0,
        "plates_per_side_kg": [25.0, 15.0],
    }
    ok(cli("log", "squat", "100x5x3"))
    ok(cli("log", "bench press", "60x5", "60x5", "60x5"))
    ok(cli("log", "barbell row", "50x5x3"))
    ok(cli("finish"))

    following = json.loads(ok(cli("program", "next", "--json")).stdout)
    assert (following["name"], following["day"]) == ("B", 2)
    assert [[s["weight_kg"] for s in lift["sets"]] for lift in following["lifts"]] == [
        [102.5] * 3,
        [40.0] * 3,
        [120.0],
    ]
    status = json.loads(ok(cli("program", "status", "--json")).stdout)
    assert {t["key"]: t["value_kg"] for t in status["tracks"]} == {
        "squat": 102.5,
        "bench": 62.5,
        "row": 52.5,
        "press": 40.0,
        "deadlift": 120.0,
    }
    assert (status["sessions_done"], status["adherence"]["done"]) == (1, 1)
    text = ok(cli("program", "status")).stdout.splitlines()
    assert text[1] == "Next: B · cycle 1, week 1 of 2, day 2 of 3 · 1 session done"
    assert text[-1] == "Adherence: this week 1/3 · overall 1/3 (33 %)"


def test_a_pound_lifter_starts_and_sees_pounds(cli) -> None:  # type: ignore[no-untyped-def]
    ok(cli("config", "set", "unit", "lb"))
    ok(cli("program", "start", "531", "--1rm", "squat=315", "--1rm", "bench=225",
           "--1rm", "press=135", "--1rm", "deadlift=405"))  # fmt: skip

    lines = ok(cli("program", "next")).stdout.splitlines()

    # Press TM 90 % of 135 = 121.5 lb; 65/75/85 % = 79, 91.1, 103.3 lb. The standard lb kit
    # has one pair each of 35, 25, 10, 5 and 2.5 lb: 90 lb (22.5 a side) cannot be loaded, so
    # 91.1 goes to 95 (25 a side); 80 is 10 + 5 + 2.5 a side, 105 is 25 + 5.
    assert lines[1] == (
        "  Overhead Press: 1x5 80 lb (65% of training max), 1x5 95 lb (75% of training max), "
        "1x5+ 105 lb (85% of training max)  (rest 180 s)"
    )


def test_stop_and_commands_without_a_programme(cli) -> None:  # type: ignore[no-untyped-def]
    absent = cli("program", "status")
    assert absent.exit_code == 3
    assert absent.stderr.startswith("halterofit: no programme in progress; start one with")
    ok(cli("program", "start", "linear-3x5", *LINEAR))
    again = cli("program", "start", "linear-3x5", *LINEAR)
    assert again.exit_code == 2
    assert "start with --replace" in again.stderr
    assert ok(cli("program", "stop")).stdout.startswith("Stopped Linear 3x5.\n")
    assert cli("program", "next").exit_code == 3
