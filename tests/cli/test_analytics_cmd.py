"""stats, prs and chart through typer's CliRunner (no terminal: charts fall back to 80x24)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

BENCH = "Barbell Bench Press"


@pytest.fixture
def trained(cli):  # type: ignore[no-untyped-def]
    """Today: a finished bench workout, then squats in progress."""
    assert cli("log", "bench", "press", "100x5@8", "100x5").exit_code == 0
    assert cli("finish").exit_code == 0
    assert cli("log", "squat", "140x5@9").exit_code == 0
    return cli


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return str(result.stdout)


def refused(result, code: int, message: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"halterofit: {message}")
    assert "Traceback" not in result.stdout + result.stderr


def test_stats_json(trained) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(ok(trained("stats", "--json")))
    today = date.today()
    assert data["period"] == "month"
    assert (data["from"], data["to"], data["days"]) == (
        (today - timedelta(days=27)).isoformat(),
        today.isoformat(),
        28,
    )
    assert (data["sessions"], data["sessions_per_week"]) == (2, 0.5)
    assert (data["sets"], data["working_sets"], data["hard_sets"], data["reps"]) == (3, 3, 3, 15)
    assert (data["volume_kg"], data["avg_rpe"], data["avg_intensity"]) == (1700.0, 8.5, None)
    assert data["rpe_distribution"] == {
        "6": 0, "6.5": 0, "7": 0, "7.5": 0, "8": 1, "8.5": 0, "9": 1, "9.5": 0, "10": 0
    }  # fmt: skip
    assert data["intensity_zones"] == {"<60%": 0, "60-70%": 0, "70-80%": 0, "80-90%": 0, ">=90%": 0}
    # Two sessions in the last of the four weeks; the usual week is 0, so the target is 1.
    assert data["consistency"] == {"score": 25.0, "usual_sessions_per_week": 1.0, "weeks": 4}
    assert data["fatigue"] == {
        "acwr": None,
        "zone": None,
        "acute_kg": 1700.0,
        "chronic_weekly_kg": 425.0,
    }
    assert data["readiness"] == {"check_ins": 0, "average": None, "trend_per_week": None}
    assert [(lift["exercise"], lift["best_e1rm_kg"]) for lift in data["lifts"]] == [
        (BENCH, 112.5),
        ("Barbell Back Squat", 157.5),
    ]
    assert set(data["lifts"][0]) == {
        "exercise_id",
        "exercise",
        "sessions",
        "best_e1rm_kg",
        "progression_pct_per_month",
        "trend_days",
    }
    chest = next(m for m in data["muscles"] if m["muscle"] == "chest")
    assert chest == {
        "muscle": "chest",
        "volume_kg": 1000.0,
        "hard_sets": 2.0,
        "hard_sets_per_week": 0.5,
    }


def test_stats_text(trained) -> None:  # type: ignore[no-untyped-def]
    out = ok(trained("stats", "--period", "week"))
    assert out.startswith("Last 7 days (")
    assert "Sessions     2 (2 per week) · consistency 25/100" in out
    assert "Volume       1,700 kg · 3 sets (3 working, 3 hard) · 15 reps" in out
    assert "Barbell Back Squat" in out


def test_stats_of_an_empty_log(cli) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    out = ok(cli("stats", "--period", "all"))
    assert out == f"All training ({today} to {today})\n  No workouts in this period.\n"


def test_bad_period_is_one_line(cli) -> None:  # type: ignore[no-untyped-def]
    refused(cli("stats", "--period", "fortnight"), 2, "unknown period 'fortnight'")


def test_prs_of_an_exercise(trained) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(ok(trained("prs", "bench", "press", "--json")))
    assert set(data) == {
        "exercise_id",
        "exercise",
        "rep_maxes",
        "best_e1rm",
        "best_set_volume",
        "best_session_volume",
        "history",
    }
    assert data["exercise"] == BENCH
    assert [(r["reps"], r["weight_kg"], r["reps_done"]) for r in data["rep_maxes"]] == [
        (n, 100.0, 5) for n in range(1, 6)
    ]
    assert data["best_e1rm"]["value_kg"] == 112.5
    assert (data["best_e1rm"]["weight_kg"], data["best_e1rm"]["reps"]) == (100.0, 5)
    assert data["best_session_volume"]["value_kg"] == 1000.0
    assert data["history"] == []  # a first session is a baseline, not a PR
    text = ok(trained("prs", "bench press"))
    assert text.startswith(f"{BENCH}: personal records")
    assert "e1RM     112.5 kg" in text


def test_prs_history_lists_the_workouts_that_beat_records(trained) -> None:  # type: ignore[no-untyped-def]
    trained("finish")
    trained("log", "bench", "press", "105x5")
    data = json.loads(ok(trained("prs", "bench", "press", "--json")))
    kinds = [(e["kind"], e["reps"], e["value_kg"], e["previous_kg"]) for e in data["history"]]
    assert kinds == [
        ("e1rm", None, 118.125, 112.5),
        ("rep_max", 5, 105.0, 100.0),
        ("set_volume", None, 525.0, 500.0),
    ]
    assert "105 kg x 5" in ok(trained("prs", "bench", "press"))


def test_every_best_e1rm(trained) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(ok(trained("prs", "--json")))
    assert [(row["exercise"], row["best_e1rm_kg"]) for row in data] == [
        ("Barbell Back Squat", 157.5),
        (BENCH, 112.5),
    ]
    assert data[0]["date"] == date.today().isoformat()
    assert "Barbell Back Squat" in ok(trained("prs"))


def test_unknown_exercise_is_one_line(cli) -> None:  # type: ignore[no-untyped-def]
    refused(cli("prs", "benchh"), 3, "unknown exercise 'benchh'")
    refused(cli("chart", "e1rm", "benchh"), 3, "unknown exercise 'benchh'")


@pytest.mark.parametrize(
    ("argv", "texts"),
    [
        (
            ["e1rm", "bench", "press"],
            [f"{BENCH}: best e1RM per training day, the last 12 weeks", "e1RM (kg)"],
        ),
        (["volume", "--weeks", "4"], ["Weekly volume, the last 4 weeks", "volume (1000 kg)"]),
        (["muscles"], ["Hard sets per week by muscle, the last 12 weeks", "chest", "quadriceps"]),
        (["rpe", "--weeks", "1"], ["Sets by RPE, this week", "RPE", "sets"]),
    ],
)
def test_charts_draw_without_a_terminal(trained, argv: list[str], texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    out = ok(trained("chart", *argv))
    for text in texts:
        assert text in out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80  # the 80x24 fallback
    assert "\x1b[" not in out  # no colour codes when the output is not a terminal
    assert any(line.strip().startswith("└") for line in lines)  # the x axis is drawn


def test_chart_json(trained) -> None:  # type: ignore[no-untyped-def]
    today = date.today().isoformat()
    e1rm = json.loads(ok(trained("chart", "e1rm", "bench", "press", "--json")))
    assert e1rm["points"] == [{"date": today, "e1rm_kg": 112.5, "pr": False}]
    assert (e1rm["chart"], e1rm["exercise"], e1rm["to"]) == ("e1rm", BENCH, today)
    volume = json.loads(ok(trained("chart", "volume", "--weeks", "2", "--json")))
    assert [week["volume_kg"] for week in volume["weeks"]] == [0.0, 1700.0]
    muscles = json.loads(ok(trained("chart", "muscles", "--json")))
    assert {"muscle", "volume_kg", "hard_sets", "hard_sets_per_week"} == set(muscles["muscles"][0])
    rpe = json.loads(ok(trained("chart", "rpe", "--json")))
    assert (rpe["rpe_distribution"]["8"], rpe["rpe_distribution"]["9"]) == (1, 1)


def test_charts_with_nothing_to_draw(cli) -> None:  # type: ignore[no-untyped-def]
    assert (
        ok(cli("chart", "e1rm", "bench", "press")) == f"No e1RM for {BENCH} in the last 12 weeks.\n"
    )
    assert ok(cli("chart", "volume", "--weeks", "1")) == "No sets in this week.\n"
    assert ok(cli("chart", "rpe")) == "No sets with an RPE in the last 12 weeks.\n"


@pytest.mark.parametrize("weeks", ["0", "-3", "6000"])
def test_bad_weeks_are_one_line(cli, weeks: str) -> None:  # type: ignore[no-untyped-def]
    refused(cli("chart", "volume", "--weeks", weeks), 2, "weeks must be between 1 and 5200")


def test_reading_commands_skip_sqlalchemy(trained, home: Path) -> None:  # type: ignore[no-untyped-def]
    probe = (
        "import sys\n"
        "from halterofit_tui.cli.main import app\n"
        "try:\n"
        "    app(prog_name='halterofit')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'plotext') if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    for argv, loaded in (
        (["stats", "--json"], "[]"),
        (["chart", "rpe"], "['plotext']"),
        (["history", "--json", "--limit", "20"], "[]"),
        (["history", "--exercise", "bench press"], "[]"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", probe, *argv],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "HALTEROFIT_HOME": str(home)},
        )
        assert done.stderr.strip().splitlines()[-1] == loaded, done.stderr
