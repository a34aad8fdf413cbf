"""The analytics SQL on a migrated temporary SQLite holding a handful of sets.

Every expected figure is worked out by hand from the rows below (Brzycki e1RMs are stored with
the sets, as the services store them):

2026-02-02  a *planned* workout: bench 100x5 (never counts)
2026-03-02  W1 completed, readiness 80
            bench  warm-up 60x5, warm-up 120x1 (e1RM 120: warm-ups never count for e1RM),
                   100x5 @8, 100x5 (no RPE), 90x8 @6.5, and a *deleted* 150x1 @10
            pull-up (bodyweight) bw x 8 @9, bw+10 x 5 @7
2026-03-04  W2 completed, readiness 70
            bench  105x3 @9 (e1RM 111.18, 93.3 % of 112.5), 100 lb x 10 (45.359237 kg, 40.3 %)
2026-03-04  W3 *deleted*: bench 200x1 (never counts)
2026-04-02  W5 in progress, readiness 60: bench 110x2 @10 (e1RM 113.14, 97.8 %)
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from halterofit_tui.domain.analytics import LineSums, Window
from halterofit_tui.store import analytics_queries as q
from halterofit_tui.store.analytics_queries import PrEvent, RecordRow
from halterofit_tui.store.migrate import upgrade

LB = 0.45359237
BENCH, PULL_UP = "ex-bench", "ex-pull-up"
E1RM_100X5, E1RM_90X8 = 112.5, 90 * 36 / 29
E1RM_105X3, E1RM_110X2, E1RM_100LBX10 = 105 * 36 / 34, 110 * 36 / 35, 100 * LB * 36 / 27
SYNC = "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 'hlc', 'device'"
_ids = itertools.count(1)


def add_exercise(c: sqlite3.Connection, exercise_id: str, name: str, muscles: str) -> None:
    primary, secondary = muscles.split("|")
    c.execute(
        "INSERT INTO exercises (id, created_at, updated_at, hlc, device_id, slug, name, aliases,"
        " category, subcategory, equipment, primary_muscles, secondary_muscles, movement_pattern,"
        " plane_of_motion, difficulty, beginner_friendly, progression_type, description,"
        " instructions, tips, common_mistakes, is_custom, is_favourite) VALUES"
        f" (?, {SYNC}, NULL, ?, '[]', 'strength', 'compound', '[]', ?, ?, 'core', 'sagittal', 3,"
        " 0, 'weight', '', '[]', '[]', '[]', 1, 0)",
        (exercise_id, name, primary, secondary),
    )


def add_workout(
    c: sqlite3.Connection,
    workout_id: str,
    day: str,
    *,
    status: str = "completed",
    deleted: int = 0,
    readiness: float | None = None,
    sets: int = 1,
) -> None:
    c.execute(
        "INSERT INTO workouts (id, created_at, updated_at, hlc, device_id, deleted, name, notes,"
        " date, started_at, status, readiness_score, total_volume_kg, total_sets, total_reps,"
        f" muscle_groups) VALUES (?, {SYNC}, ?, 'Workout', '', ?, ?, ?, ?, 0, ?, 0, '[]')",
        (workout_id, deleted, day, f"{day} 17:00:00.000000", status, readiness, sets),
    )


def add_set(
    c: sqlite3.Connection,
    workout_id: str,
    exercise_id: str,
    weight: float,
    reps: int,
    rpe: float | None = None,
    *,
    kind: str = "working",
    e1rm: float | None = None,
    intensity: float | None = None,
    bodyweight: bool = False,
    deleted: int = 0,
) -> str:
    set_id = f"set-{next(_ids)}"
    c.execute(
        "INSERT INTO exercise_sets (id, created_at, updated_at, hlc, device_id, deleted,"
        " workout_id, exercise_id, exercise_order, set_number, set_type, weight_kg, entered_unit,"
        " is_bodyweight, reps, rpe, notes, volume_load, estimated_1rm, relative_intensity,"
        f" logged_at) VALUES (?, {SYNC}, ?, ?, ?, 1, 1, ?, ?, 'kg', ?, ?, ?, '', ?, ?, ?,"
        " '2026-01-01 00:00:00')",
        (
            set_id,
            deleted,
            workout_id,
            exercise_id,
            kind,
            weight,
            bodyweight,
            reps,
            rpe,
            weight * reps,
            e1rm,
            intensity,
        ),
    )
    return set_id


@pytest.fixture
def c(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    database = tmp_path / "analytics.db"
    upgrade(database)
    connection = sqlite3.connect(database)
    fill(connection)
    q.rebuild_metrics(connection)
    connection.commit()
    yield connection
    connection.close()


def fill(c: sqlite3.Connection) -> None:
    add_exercise(c, BENCH, "Bench", '["chest"]|["triceps"]')
    add_exercise(c, PULL_UP, "Pull-up", '["lats"]|["biceps"]')
    add_workout(c, "w0", "2026-02-02", status="planned")
    add_set(c, "w0", BENCH, 100, 5, 8, e1rm=E1RM_100X5)
    add_workout(c, "w1", "2026-03-02", readiness=80)
    add_set(c, "w1", BENCH, 60, 5, kind="warmup", e1rm=67.5)
    add_set(c, "w1", BENCH, 120, 1, kind="warmup", e1rm=120.0)
    add_set(c, "w1", BENCH, 100, 5, 8, e1rm=E1RM_100X5)
    add_set(c, "w1", BENCH, 100, 5, e1rm=E1RM_100X5)
    add_set(c, "w1", BENCH, 90, 8, 6.5, e1rm=E1RM_90X8)
    add_set(c, "w1", BENCH, 150, 1, 10, e1rm=150.0, deleted=1)
    add_set(c, "w1", PULL_UP, 0, 8, 9, bodyweight=True)
    add_set(c, "w1", PULL_UP, 10, 5, 7, bodyweight=True)
    add_workout(c, "w2", "2026-03-04", readiness=70)
    add_set(c, "w2", BENCH, 105, 3, 9, e1rm=E1RM_105X3, intensity=105 / 112.5)
    add_set(c, "w2", BENCH, 100 * LB, 10, e1rm=E1RM_100LBX10, intensity=100 * LB / 112.5)
    add_workout(c, "w3", "2026-03-04", deleted=1)
    add_set(c, "w3", BENCH, 200, 1, 10, e1rm=200.0)
    add_workout(c, "w5", "2026-04-02", status="in_progress", readiness=60)
    add_set(c, "w5", BENCH, 110, 2, 10, e1rm=E1RM_110X2, intensity=110 / 112.5)


def metric_rows(c: sqlite3.Connection) -> list[tuple[object, ...]]:
    return c.execute(
        "SELECT * FROM performance_metrics ORDER BY period, period_start, exercise_id"
    ).fetchall()


def row(c: sqlite3.Connection, period: str, start: str, exercise: str) -> dict[str, object]:
    cursor = c.execute(
        "SELECT * FROM performance_metrics"
        " WHERE period = ? AND period_start = ? AND exercise_id = ?",
        (period, start, exercise),
    )
    names = [d[0] for d in cursor.description]
    values = cursor.fetchone()
    assert values is not None, (period, start, exercise)
    return dict(zip(names, values, strict=True))


def test_a_day_row_counts_live_sets_of_started_workouts(c: sqlite3.Connection) -> None:
    bench = row(c, "day", "2026-03-02", BENCH)
    # 5 live sets: 2 warm-ups, 100x5 @8, 100x5, 90x8 @6.5; hard: @8 and the one without RPE.
    assert {k: bench[k] for k in ("sessions", "sets", "working_sets", "hard_sets", "reps")} == {
        "sessions": 1,
        "sets": 5,
        "working_sets": 3,
        "hard_sets": 2,
        "reps": 24,
    }
    assert bench["volume_kg"] == 300 + 120 + 500 + 500 + 720
    assert (bench["rpe_sets"], bench["rpe_sum"], bench["rpe_8"], bench["rpe_6_5"]) == (
        2,
        14.5,
        1,
        1,
    )
    assert bench["best_e1rm_kg"] == E1RM_100X5  # not the 120x1 warm-up, not the deleted 150x1
    assert bench["intensity_sets"] == 0  # a first session has nothing to compare with


def test_bodyweight_sets_count_their_added_load_and_have_no_e1rm(c: sqlite3.Connection) -> None:
    pull_up = row(c, "day", "2026-03-02", PULL_UP)
    assert (pull_up["sets"], pull_up["hard_sets"], pull_up["volume_kg"]) == (2, 2, 50.0)
    assert (pull_up["rpe_9"], pull_up["rpe_7"], pull_up["best_e1rm_kg"]) == (1, 1, None)


def test_lb_entries_count_in_kg_and_intensity_zones(c: sqlite3.Connection) -> None:
    bench = row(c, "day", "2026-03-04", BENCH)  # the deleted workout's 200x1 is not here
    assert bench["sets"] == 2
    assert bench["volume_kg"] == pytest.approx(315 + 453.59237)
    assert (bench["hard_sets"], bench["rpe_9"]) == (2, 1)
    assert (bench["intensity_sets"], bench["zone_90_up"], bench["zone_below_60"]) == (2, 1, 1)
    assert bench["intensity_sum"] == pytest.approx((105 + 45.359237) / 112.5)


def test_weeks_and_months_add_up_their_days(c: sqlite3.Connection) -> None:
    week = row(c, "week", "2026-03-02", BENCH)
    month = row(c, "month", "2026-03-01", BENCH)
    for summary in (week, month):
        assert (summary["sessions"], summary["sets"], summary["hard_sets"]) == (2, 7, 4)
        assert summary["volume_kg"] == pytest.approx(2140 + 768.59237)
        assert (summary["rpe_sets"], summary["rpe_sum"]) == (3, 23.5)
        assert summary["best_e1rm_kg"] == E1RM_100X5
    assert row(c, "week", "2026-03-30", BENCH)["best_e1rm_kg"] == E1RM_110X2
    # Planned and deleted workouts leave no rows at all.
    periods = {(r[0], r[1]) for r in metric_rows(c)}
    assert ("day", "2026-02-02") not in periods
    assert len([p for p in periods if p[0] == "day"]) == 3


def test_window_totals_over_whole_months(c: sqlite3.Connection) -> None:
    totals = q.window_totals(c, Window(date(2026, 3, 1), date(2026, 4, 30)))
    assert (totals.sets, totals.working_sets, totals.hard_sets, totals.reps) == (10, 8, 7, 52)
    assert totals.volume_kg == pytest.approx(2140 + 50 + 768.59237 + 220)
    assert (totals.rpe_sets, totals.rpe_sum) == (6, 49.5)
    # RPE 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10
    assert totals.rpe_counts == (0, 1, 1, 0, 1, 0, 2, 0, 1)
    # <60 %, 60-70, 70-80, 80-90, >=90 %
    assert totals.zone_counts == (1, 0, 0, 0, 2)
    assert totals.intensity_sets == 3


def test_window_totals_over_ragged_ends(c: sqlite3.Connection) -> None:
    # 3 to 31 March is no whole month: days 4 March (and the empty rest) plus 1-2 April.
    totals = q.window_totals(c, Window(date(2026, 3, 3), date(2026, 4, 2)))
    assert (totals.sets, totals.reps) == (3, 15)
    assert totals.volume_kg == pytest.approx(768.59237 + 220)
    empty = q.window_totals(c, Window(date(2026, 5, 1), date(2026, 5, 31)))
    assert (empty.sets, empty.volume_kg, empty.rpe_counts) == (0, 0.0, (0,) * 9)


def test_exercise_totals_most_sessions_first(c: sqlite3.Connection) -> None:
    bench, pull_up = q.exercise_totals(c, Window(date(2026, 3, 1), date(2026, 4, 30)))
    assert (bench.exercise_id, bench.sessions, bench.sets, bench.hard_sets) == (BENCH, 3, 8, 5)
    assert bench.best_e1rm_kg == E1RM_110X2
    assert (pull_up.exercise_id, pull_up.volume_kg, pull_up.best_e1rm_kg) == (PULL_UP, 50.0, None)


def test_sessions_by_week_blocks_end_on_the_last_day(c: sqlite3.Connection) -> None:
    # Blocks 2-8 March (W1, W2; W3 deleted) and 9-15 March.
    assert q.sessions_by_week(c, Window(date(2026, 3, 2), date(2026, 3, 15))) == [2, 0]
    # 9 days: the oldest block (1-2 March) is cut short.
    assert q.sessions_by_week(c, Window(date(2026, 3, 1), date(2026, 3, 9))) == [1, 1]


def test_first_training_day_ignores_planned_workouts(c: sqlite3.Connection) -> None:
    assert q.first_training_day(c) == date(2026, 3, 2)


def test_load_between(c: sqlite3.Connection) -> None:
    load = q.load_between(c, Window(date(2026, 3, 2), date(2026, 3, 4)))
    assert load == pytest.approx(2140 + 50 + 768.59237)


def test_readiness_points(c: sqlite3.Connection) -> None:
    sums, mean = q.readiness_in(c, Window(date(2026, 3, 2), date(2026, 4, 2)))
    # (day 0, 80), (day 2, 70), (day 31, 60)
    assert sums == LineSums(3, 33.0, 210.0, 4 + 961.0, 140 + 1860.0)
    assert mean == 70.0


def test_e1rm_points_and_line_sums(c: sqlite3.Connection) -> None:
    window = Window(date(2026, 3, 1), date(2026, 4, 30))
    assert q.e1rm_by_day(c, BENCH, window) == [
        (date(2026, 3, 2), E1RM_100X5),
        (date(2026, 3, 4), E1RM_105X3),
        (date(2026, 4, 2), E1RM_110X2),
    ]
    sums = q.e1rm_line_sums(c, window, [BENCH, PULL_UP])
    assert list(sums) == [BENCH]  # pull-ups have no e1RM
    ys = (E1RM_100X5, E1RM_105X3, E1RM_110X2)
    assert sums[BENCH] == LineSums(
        3,
        1 + 3 + 32,
        pytest.approx(sum(ys)),
        1 + 9 + 1024,
        pytest.approx(1 * ys[0] + 3 * ys[1] + 32 * ys[2]),
    )


def test_volume_by_week(c: sqlite3.Connection) -> None:
    assert q.volume_by_week(c, Window(date(2026, 3, 1), date(2026, 4, 5))) == {
        date(2026, 3, 2): pytest.approx(2140 + 50 + 768.59237),
        date(2026, 3, 30): 220.0,
    }


def test_best_e1rms(c: sqlite3.Connection) -> None:
    assert q.best_e1rms(c) == [(BENCH, "Bench", E1RM_110X2, date(2026, 4, 2))]


def test_records_of_an_exercise(c: sqlite3.Connection) -> None:
    rows = q.records(c, BENCH)
    rep_maxes = {r.reps: (r.value_kg, r.reps_done, r.date) for r in rows if r.kind == "rep_max"}
    march_2, march_4, april_2 = date(2026, 3, 2), date(2026, 3, 4), date(2026, 4, 2)
    # The heaviest load lifted for at least N reps, first day reached.
    assert rep_maxes == {
        1: (110, 2, april_2),
        2: (110, 2, april_2),
        3: (105, 3, march_4),
        4: (100, 5, march_2),
        5: (100, 5, march_2),
        6: (90, 8, march_2),
        7: (90, 8, march_2),
        8: (90, 8, march_2),
        9: (100 * LB, 10, march_4),
        10: (100 * LB, 10, march_4),
    }
    others = {r.kind: r for r in rows if r.kind != "rep_max"}
    assert others["e1rm"] == RecordRow("e1rm", None, E1RM_110X2, 110, 2, april_2, "w5")
    assert others["set_volume"] == RecordRow("set_volume", None, 720, 90, 8, march_2, "w1")
    # Working sets only: 500 + 500 + 720 (the warm-ups and the deleted single do not count).
    assert others["session_volume"] == RecordRow(
        "session_volume", None, 1720, None, None, march_2, "w1"
    )


def test_records_of_a_bodyweight_exercise(c: sqlite3.Connection) -> None:
    rows = q.records(c, PULL_UP)
    assert sorted(r.kind for r in rows) == ["session_volume", "set_volume"]
    assert (rows[0].value_kg, rows[1].value_kg) == (50, 50)


def test_pr_events(c: sqlite3.Connection) -> None:
    # W1 is the baseline. W2: 105x3 beats 100 kg for 3+ reps; its 10-rep set has nothing to
    # beat. W5: e1RM 113.14 beats 112.5, and 110x2 beats 105 kg for 2+ reps.
    assert q.pr_events(c, BENCH) == [
        PrEvent("w2", date(2026, 3, 4), "rep_max", 3, 105, 100),
        PrEvent("w5", date(2026, 4, 2), "e1rm", None, E1RM_110X2, E1RM_100X5),
        PrEvent("w5", date(2026, 4, 2), "rep_max", 2, 110, 105),
    ]
    assert q.pr_events(c, PULL_UP) == []


def test_refresh_matches_a_rebuild(c: sqlite3.Connection) -> None:
    c.execute("UPDATE exercise_sets SET deleted = 1 WHERE weight_kg = 90")
    add_workout(c, "w6", "2026-04-30")
    add_set(c, "w6", PULL_UP, 20, 5, 8, bodyweight=True)
    q.refresh_metrics(c, {date(2026, 3, 2), date(2026, 4, 30)})
    refreshed = metric_rows(c)
    q.rebuild_metrics(c)
    assert refreshed == metric_rows(c)
    assert row(c, "day", "2026-03-02", BENCH)["sets"] == 4
    assert row(c, "month", "2026-04-01", PULL_UP)["volume_kg"] == 100


def test_refresh_removes_a_day_that_lost_its_sets(c: sqlite3.Connection) -> None:
    c.execute("UPDATE workouts SET deleted = 1 WHERE id = 'w5'")
    q.refresh_metrics(c, {date(2026, 4, 2)})
    assert [r[:2] for r in metric_rows(c) if r[1] >= "2026-03-30"] == []


def test_the_migration_fills_the_table_as_a_rebuild_does(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    upgrade(database, "0004")
    connection = sqlite3.connect(database)
    fill(connection)
    connection.commit()
    connection.close()

    upgrade(database)

    connection = sqlite3.connect(database)
    migrated = metric_rows(connection)
    q.rebuild_metrics(connection)
    assert migrated == metric_rows(connection)
    # Bench: 3 days, 2 weeks, 2 months; pull-ups: 1 of each.
    assert len(migrated) == 3 + 2 + 2 + 1 + 1 + 1
    connection.close()


def test_exercise_details(c: sqlite3.Connection) -> None:
    assert q.exercise_muscles(c, [BENCH]) == {BENCH: (["chest"], ["triceps"])}
    assert q.exercise_names(c, [BENCH, PULL_UP]) == {BENCH: "Bench", PULL_UP: "Pull-up"}
    assert sorted(q.exercise_labels(c)) == [(BENCH, "Bench", []), (PULL_UP, "Pull-up", [])]
    assert q.profile_basics(c) == ("kg", None)  # no profile yet
