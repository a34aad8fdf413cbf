"""Importing other loggers' histories into the store: totals, idempotence, strictness, recovery."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from halterofit_tui.config import DATABASE_NAME
from halterofit_tui.domain.errors import HalterofitError, InvalidInput, NotFound
from halterofit_tui.domain.imports.model import UnitNeeded
from halterofit_tui.services import importing
from halterofit_tui.services.importing import import_history, parse_mappings
from halterofit_tui.services.profile import set_setting
from halterofit_tui.services.workouts import history
from tests.conftest import database_dump
from tests.real_exports import (
    Figures,
    fitnotes_figures,
    hevy_figures,
    real_export,
    strong_figures,
)

FIXTURES = Path(__file__).parents[1] / "domain" / "import_fixtures"


def stored_figures(home: Path) -> tuple[int, int, int, float, float]:
    """(workouts, sets, reps, volume from sets, volume from workout roll-ups) of live rows."""
    with sqlite3.connect(home / DATABASE_NAME) as connection:
        workouts, rolled_up = connection.execute(
            "SELECT count(*), coalesce(sum(total_volume_kg), 0) FROM workouts WHERE NOT deleted"
        ).fetchone()
        sets, reps, volume = connection.execute(
            "SELECT count(*), coalesce(sum(reps), 0), coalesce(sum(weight_kg * reps), 0) "
            "FROM exercise_sets WHERE NOT deleted"
        ).fetchone()
    return workouts, sets, reps, volume, rolled_up


def assert_stored(home: Path, expected: Figures) -> None:
    workouts, sets, reps, volume, rolled_up = stored_figures(home)
    assert (workouts, sets, reps) == (expected.workouts, expected.sets, expected.reps)
    assert volume == pytest.approx(expected.volume_kg, rel=1e-9)
    # Roll-ups are rounded to the gram per workout.
    assert rolled_up == pytest.approx(expected.volume_kg, abs=expected.workouts * 0.001)


@pytest.mark.parametrize(
    ("name", "unit", "figures"),
    [
        ("strong-lbs.csv", "lb", strong_figures),
        ("hevy-kg.csv", None, hevy_figures),
        ("fitnotes-kg.csv", None, fitnotes_figures),
    ],
)
def test_real_exports_import_with_the_figures_of_the_raw_file(
    db: Any, home: Path, name: str, unit: Any, figures: Any
) -> None:
    path = real_export(name)
    expected = figures(path)

    report = import_history(db, path.read_bytes(), unit=unit)

    assert report.problems == ()
    assert (report.workouts_added, report.sets_added) == (expected.workouts, expected.sets)
    assert_stored(home, expected)


def test_importing_the_same_file_again_adds_nothing(db: Any, home: Path) -> None:
    path = real_export("hevy-kg.csv")
    first = import_history(db, path.read_bytes())
    before = database_dump(home)

    again = import_history(db, path.read_bytes())

    assert (again.workouts_added, again.sets_added) == (0, 0)
    assert again.workouts_present == first.workouts_added
    assert again.exercises_created == 0
    assert database_dump(home) == before


def test_a_dry_run_maps_every_name_and_writes_nothing(db: Any, home: Path) -> None:
    path = real_export("strong-lbs.csv")
    before = database_dump(home)

    report = import_history(db, path.read_bytes(), unit="lb", dry_run=True)

    assert database_dump(home) == before
    assert report.backup is None
    by_name = {m.source_name: m for m in report.mappings}
    assert by_name["Bench Press (Barbell)"].exercise_name == "Barbell Bench Press"
    assert by_name["Squat (Barbell)"].exercise_name == "Barbell Back Squat"
    assert by_name["Practice Squat"].how == "new"
    assert sum(m.sets for m in report.mappings) == report.sets_added
    assert report.exercises_created == sum(1 for m in report.mappings if m.how == "new") > 0


def test_strong_needs_the_unit_the_file_does_not_state(db: Any, home: Path) -> None:
    before = database_dump(home)
    with pytest.raises(UnitNeeded, match=r"does not say whether weights are in kg or lb$"):
        import_history(db, (FIXTURES / "strong-12col.csv").read_bytes())
    assert database_dump(home) == before


def test_pounds_read_back_exactly_and_times_land_in_the_lifters_zone(db: Any) -> None:
    set_setting(db, "timezone", "Europe/Paris")
    set_setting(db, "unit", "lb")

    import_history(db, (FIXTURES / "hevy-lbs-crlf-bom.csv").read_bytes())

    push = next(d for d in history(db, limit=10) if d.workout.name == "Push 💪")
    # 26 Jul 2025, 07:06 in Paris (summer time, UTC+2).
    assert push.workout.started_at == datetime(2025, 7, 26, 5, 6, tzinfo=UTC)
    assert push.workout.notes == "Great session 🔥\nsecond line"
    bench = [s for s in push.sets if s.exercise_name == "Barbell Bench Press"]
    assert [(round(s.weight_kg / 0.45359237, 9), s.reps, s.set_type) for s in bench] == [
        (95, 10, "warmup"),
        (185, 5, "working"),
        (185, 3, "failure"),
    ]
    assert {s.entered_unit for s in bench} == {"lb"}
    dips = [s for s in push.sets if s.exercise_name == "Parallel Bar Dip"]
    assert [(s.is_bodyweight, s.weight_kg, s.reps) for s in dips] == [(True, 0, 12), (True, 0, 8)]
    slot_notes = {e.name: e for e in push.exercises}
    assert set(slot_notes) == {"Barbell Bench Press", "Parallel Bar Dip", "Dumbbell Lateral Raise"}


def test_supersets_and_exercise_notes_are_kept_on_the_exercise(db: Any, home: Path) -> None:
    import_history(db, (FIXTURES / "hevy-lbs-crlf-bom.csv").read_bytes())

    with sqlite3.connect(home / DATABASE_NAME) as connection:
        notes = dict(
            connection.execute(
                "SELECT e.name, s.notes FROM workout_exercises s "
                "JOIN exercises e ON e.id = s.exercise_id"
            ).fetchall()
        )
    assert notes["Barbell Bench Press"] == "Superset A\nelbows in\nslow down 🐢"
    assert notes["Parallel Bar Dip"] == "Superset A"
    assert notes["Dumbbell Lateral Raise"] == ""


def test_strict_writes_nothing_when_a_row_is_bad(db: Any, home: Path) -> None:
    data = (FIXTURES / "strong-malformed.csv").read_bytes()
    before = database_dump(home)

    with pytest.raises(
        InvalidInput, match=r"^10 bad rows, nothing imported \(strict\); first: line 4:"
    ):
        import_history(db, data, unit="kg", strict=True)
    assert database_dump(home) == before

    report = import_history(db, data, unit="kg")
    assert report.problems
    assert report.sets_added > 0
    assert stored_figures(home)[1] == report.sets_added


def test_an_interrupted_import_leaves_a_prefix_that_a_rerun_completes(
    db: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = real_export("hevy-kg.csv")
    expected = hevy_figures(path)
    monkeypatch.setattr(importing, "WORKOUTS_PER_TRANSACTION", 10)

    def power_cut(done: int, total: int) -> None:
        if done >= 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_history(db, path.read_bytes(), progress=power_cut)

    workouts, sets, *_ = stored_figures(home)
    assert workouts == 20
    full = import_history(db, path.read_bytes(), dry_run=True)
    assert full.workouts_present == 20
    # Every stored workout is whole: its sets are all there.
    with sqlite3.connect(home / DATABASE_NAME) as connection:
        rolled = connection.execute(
            "SELECT sum(total_sets) FROM workouts WHERE NOT deleted"
        ).fetchone()[0]
    assert rolled == sets

    rerun = import_history(db, path.read_bytes())
    assert rerun.workouts_added == expected.workouts - 20
    assert_stored(home, expected)


def test_explicit_mappings_win_over_matching(db: Any) -> None:
    report = import_history(
        db,
        (FIXTURES / "hevy-lbs-crlf-bom.csv").read_bytes(),
        mappings=parse_mappings(["chest dip=Ring Dip"]),
        dry_run=True,
    )
    dip = next(m for m in report.mappings if m.source_name == "Chest Dip")
    assert (dip.exercise_name, dip.how) == ("Ring Dip", "mapped")


@pytest.mark.parametrize("pair", ["no equals sign", "=Bench", "Bench="])
def test_malformed_mappings_are_refused(pair: str) -> None:
    with pytest.raises(InvalidInput, match="--map"):
        parse_mappings([pair])


def test_a_mapping_to_an_unknown_exercise_is_refused(db: Any, home: Path) -> None:
    before = database_dump(home)
    with pytest.raises(NotFound, match="no exercise named 'Bench Pres'"):
        import_history(
            db,
            (FIXTURES / "hevy-lbs-crlf-bom.csv").read_bytes(),
            mappings=parse_mappings(["Chest Dip=Bench Pres"]),
        )
    assert database_dump(home) == before


def test_new_custom_exercises_are_made_once_and_guessed_sensibly(db: Any, home: Path) -> None:
    path = real_export("fitnotes-kg.csv")
    import_history(db, path.read_bytes())

    with sqlite3.connect(home / DATABASE_NAME) as connection:
        rows = connection.execute(
            "SELECT name, primary_muscles, category FROM exercises WHERE is_custom"
        ).fetchall()
    names = [name for name, _, _ in rows]
    assert len(names) == len(set(names))
    customs = {name: (muscles, category) for name, muscles, category in rows}
    assert customs["Frontier Forearms (Kittie)"] == ('["forearms"]', "strength")


def test_a_backup_is_taken_before_the_first_write_only(db: Any) -> None:
    taken: list[str] = []

    def backup() -> Path:
        taken.append("yes")
        return Path("/backups/copy.db")

    data = (FIXTURES / "hevy-lbs-crlf-bom.csv").read_bytes()
    import_history(db, data, dry_run=True, backup=backup)
    assert taken == []
    report = import_history(db, data, backup=backup)
    assert (taken, report.backup) == (["yes"], Path("/backups/copy.db"))
    import_history(db, data, backup=backup)  # nothing new to write: no copy needed
    assert taken == ["yes"]


MANGLES = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=2000),
        st.integers(min_value=0, max_value=6),
        st.sampled_from(["", ";", ",", '"', "\ufeff", "\r\n", "\n", "x", "-1", "1e9", "32 Foo"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(sorted(p.name for p in FIXTURES.glob("*.csv"))),
    mangles=MANGLES,
)
def test_mangled_files_under_strict_import_all_or_nothing(
    db: Any, home: Path, name: str, mangles: list[tuple[int, int, str]]
) -> None:
    data = (FIXTURES / name).read_bytes()
    for position, cut, insert in mangles:
        at = position % (len(data) + 1)
        data = data[:at] + insert.encode() + data[at + cut :]
    before = stored_figures(home)
    dump = database_dump(home)
    try:
        report = import_history(db, data, unit="kg", strict=True)
    except HalterofitError:
        assert database_dump(home) == dump
        return
    assert report.problems == ()
    after = stored_figures(home)
    assert after[0] - before[0] == report.workouts_added
    assert after[1] - before[1] == report.sets_added


def summary_rows(home: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / DATABASE_NAME) as connection:
        return connection.execute(
            "SELECT period, period_start, exercise_id, sets, reps, volume_kg "
            "FROM performance_metrics ORDER BY period, period_start, exercise_id"
        ).fetchall()


def test_the_analytics_summary_is_current_after_each_imported_chunk(
    db: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from halterofit_tui.services.analytics import rebuild_performance_metrics

    monkeypatch.setattr(importing, "WORKOUTS_PER_TRANSACTION", 7)
    import_history(db, real_export("hevy-kg.csv").read_bytes())
    incremental = summary_rows(home)

    with db.session() as session:
        rebuild_performance_metrics(session)
    assert incremental
    assert summary_rows(home) == incremental
    assert sum(row[3] for row in incremental if row[0] == "day") == stored_figures(home)[1]
