"""Analytics use-cases on a real store: every write keeps performance_metrics current, and the
period numbers, records and chart series match figures worked out by hand.

Brzycki: e1RM = w * 36 / (37 - reps), so a set of 5 estimates 1.125 times its load.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from halterofit_tui.domain.catalogue import exercise_id
from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.domain.readiness import Readiness
from halterofit_tui.services import analytics
from halterofit_tui.services.analytics import (
    context,
    e1rm_history,
    exercise_records,
    muscle_history,
    period_stats,
    reader_for,
    rebuild_performance_metrics,
    resolve_exercise,
    rpe_history,
    volume_history,
)
from halterofit_tui.services.library import get_exercise
from halterofit_tui.services.profile import get_profile, local_today, set_setting
from halterofit_tui.services.workouts import (
    SetChanges,
    add_exercise,
    delete,
    edit_set,
    finish_workout,
    log_sets,
    remove_exercise,
    restore_set,
    start_workout,
    undo_last_set,
)
from halterofit_tui.store.reader import Reader

LB = 0.45359237
MONDAY = datetime(2026, 2, 2, 17, 0, tzinfo=UTC)
BENCH = exercise_id("barbell-bench-press")
SQUAT = exercise_id("barbell-back-squat")


@pytest.fixture
def utc_db(db):  # type: ignore[no-untyped-def]
    set_setting(db, "timezone", "UTC")
    return db


@pytest.fixture
def reader(utc_db):  # type: ignore[no-untyped-def]
    with reader_for(utc_db) as opened:
        yield opened


def metric_rows(reader: Reader) -> list[tuple[object, ...]]:
    return reader.rows("SELECT * FROM performance_metrics ORDER BY 1, 2, 3")


def assert_current(db, reader: Reader) -> None:  # type: ignore[no-untyped-def]
    """The incrementally kept table equals a rebuild from scratch, and is not empty."""
    kept = metric_rows(reader)
    with db.session() as session:
        rebuild_performance_metrics(session)
    assert kept == metric_rows(reader)


def test_every_write_keeps_the_summary_current(utc_db, reader) -> None:  # type: ignore[no-untyped-def]
    db = utc_db
    first = log_sets(db, "bench press", now=MONDAY, notation="100x5@8 100x5 90x8")
    assert_current(db, reader)
    assert reader.one("SELECT sum(sets) FROM performance_metrics WHERE period = 'week'") == (3,)
    edit_set(db, first.sets[0].id, SetChanges(weight=110))
    assert_current(db, reader)
    undo_last_set(db)
    assert_current(db, reader)
    delete(db, first.sets[1].id)
    assert_current(db, reader)
    restore_set(db, first.sets[1].id)
    assert_current(db, reader)
    log_sets(db, "squat", now=MONDAY + timedelta(minutes=5), notation="140x5")
    slot = next(e for e in add_exercise(db, "ohp").exercises if e.exercise_id == SQUAT)
    remove_exercise(db, slot.id)
    assert_current(db, reader)
    finish_workout(db, now=MONDAY + timedelta(hours=1))
    assert_current(db, reader)
    assert reader.one("SELECT sets, volume_kg FROM performance_metrics WHERE period = 'day'") == (
        2,
        550 + 500,
    )
    delete(db, first.workout.id)
    assert metric_rows(reader) == []


def test_one_session_with_bodyweight_lb_and_undone_sets(utc_db, reader) -> None:  # type: ignore[no-untyped-def]
    db = utc_db
    log_sets(db, "bench press", now=MONDAY, notation="100x5@8 100x5 80x8@6")
    log_sets(db, "pull-up", now=MONDAY + timedelta(minutes=10), notation="bw x 8 bw+10x5@9")
    log_sets(db, "squat", now=MONDAY + timedelta(minutes=20), notation="225lbx5@8")
    log_sets(db, "squat", now=MONDAY + timedelta(minutes=25), notation="300x1@10")
    undo_last_set(db)  # a typo: it must leave no trace

    s = period_stats(reader, "week", now=MONDAY + timedelta(hours=2))

    assert (s.window.start, s.window.end) == (date(2026, 1, 27), date(2026, 2, 2))
    assert (s.sessions, s.sets, s.working_sets, s.reps) == (1, 6, 6, 36)
    # Hard: 100x5@8, 100x5 (no RPE), both pull-up sets, the squat; not 80x8@6.
    assert s.hard_sets == 5
    # 500 + 500 + 640 + 0 (plain bodyweight) + 10 * 5 + 225 lb * 5
    assert s.volume_kg == pytest.approx(1640 + 50 + 225 * LB * 5)
    assert s.avg_rpe == (8 + 6 + 9 + 8) / 4
    assert s.avg_intensity is None  # a first session has nothing earlier to compare with
    assert dict(s.rpe_distribution) == {
        6.0: 1, 6.5: 0, 7.0: 0, 7.5: 0, 8.0: 2, 8.5: 0, 9.0: 1, 9.5: 0, 10.0: 0
    }  # fmt: skip
    assert s.sessions_per_week == 1
    # One week trained out of the 4 the trend looks at; the usual week is 0, so the target is 1.
    assert s.consistency is not None and s.consistency.score == 25
    # Under 28 days of history: no workload ratio yet.
    assert (s.fatigue.ratio, s.fatigue.acute_kg) == (None, pytest.approx(s.volume_kg))
    assert [(lift.name, lift.best_e1rm_kg) for lift in s.lifts] == [
        ("Barbell Bench Press", 112.5),
        ("Barbell Back Squat", pytest.approx(225 * LB * 36 / 32)),
    ]
    assert all(lift.progression_pct_per_month is None for lift in s.lifts)  # one point each
    muscles = {m.totals.muscle: m for m in s.muscles}
    # Bench: chest primary; triceps secondary (0.5 of 3 sets' 1640 kg, 2 hard sets).
    assert muscles["chest"].totals.hard_sets == 2
    assert muscles["triceps"].totals.volume_kg == pytest.approx(820)
    assert muscles["lats"].totals.hard_sets == 2  # pull-ups: lats primary
    assert muscles["quadriceps"].hard_sets_per_week == 1


def weekly_bench(db) -> None:  # type: ignore[no-untyped-def]
    """Bench once a week for four weeks, 2.5 kg more each time, sleeping an hour less."""
    for week, hours in enumerate((8.0, 7.0, 6.0, 5.0)):
        moment = MONDAY + timedelta(weeks=week)
        start_workout(db, now=moment, readiness=Readiness(sleep_hours=hours))
        log_sets(db, "bench press", now=moment, notation=f"{100 + 2.5 * week}x5@8")
        finish_workout(db, now=moment + timedelta(hours=1))


def test_four_weeks_of_progress(utc_db, reader) -> None:  # type: ignore[no-untyped-def]
    weekly_bench(utc_db)

    s = period_stats(reader, "month", now=datetime(2026, 3, 1, 20, 0, tzinfo=UTC))

    assert (s.window.start, s.window.end) == (date(2026, 2, 2), date(2026, 3, 1))
    assert (s.sessions, s.sessions_per_week) == (4, 1)
    assert s.consistency is not None and s.consistency.score == 100
    # ACWR: last 7 days 107.5 * 5 = 537.5 kg over (500 + 512.5 + 525 + 537.5) / 4 = 518.75 kg.
    assert s.fatigue.ratio == pytest.approx(537.5 / 518.75)
    assert (s.fatigue.zone, s.fatigue.chronic_weekly_kg) == ("optimal", 518.75)
    # e1RM 112.5 + 2.8125 a week: 2.8125 / 7 kg a day over a mean of 116.71875 kg.
    (bench,) = s.lifts
    assert bench.progression_pct_per_month == pytest.approx(
        100 * (2.8125 / 7) * (365.25 / 12) / 116.71875
    )
    assert bench.trend_days == 4
    # Sleep 8, 7, 6, 5 hours: readiness 100, 87.5, 75, 62.5.
    assert (s.readiness.check_ins, s.readiness.average) == (4, 81.25)
    assert s.readiness.trend_per_week == pytest.approx(-12.5)
    # Each later session lifts ~91 % of the best e1RM before it (102.5 / 112.5 and so on).
    assert dict(s.intensity_zones) == {"<60%": 0, "60-70%": 0, "70-80%": 0, "80-90%": 0, ">=90%": 3}
    assert s.avg_intensity == pytest.approx((102.5 / 112.5 + 105 / 115.3125 + 107.5 / 118.125) / 3)


def test_stats_before_any_training(reader) -> None:  # type: ignore[no-untyped-def]
    s = period_stats(reader, "all", now=MONDAY)
    assert (s.sessions, s.sets, s.volume_kg, s.avg_rpe, s.muscles, s.lifts) == (
        0,
        0,
        0,
        None,
        (),
        (),
    )
    assert (s.consistency, s.fatigue.ratio, s.readiness.average) == (None, None, None)
    assert (s.window.start, s.window.end) == (date(2026, 2, 2), date(2026, 2, 2))


def test_bad_period(reader) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="unknown period"):
        period_stats(reader, "decade")


def test_records_and_the_prs_finish_reported(utc_db, reader) -> None:  # type: ignore[no-untyped-def]
    db = utc_db
    log_sets(db, "squat", now=MONDAY, notation="100x5 90x8")
    finish_workout(db, now=MONDAY + timedelta(hours=1))
    later = MONDAY + timedelta(days=3)
    log_sets(db, "squat", now=later, notation="105x5 60x5")
    summary = finish_workout(db, now=later + timedelta(hours=1))

    records = exercise_records(reader, "squat")

    reported = {(pr.kind, pr.reps, pr.value_kg, pr.previous_kg) for pr in summary.prs}
    found = {
        (e.kind, e.reps, e.value_kg, e.previous_kg)
        for e in records.events
        if e.kind in ("e1rm", "rep_max")
    }
    assert found == reported == {("e1rm", None, 118.125, 112.5), ("rep_max", 5, 105, 100)}
    assert [(r.reps, r.value_kg) for r in records.rep_maxes] == [
        (1, 105), (2, 105), (3, 105), (4, 105), (5, 105), (6, 90), (7, 90), (8, 90)
    ]  # fmt: skip
    assert records.best_session_volume is not None
    assert records.best_session_volume.value_kg == 500 + 720  # day one beats 525 + 300
    assert records.best_set_volume is not None
    assert (records.best_set_volume.value_kg, records.best_set_volume.date) == (720, MONDAY.date())
    assert records.name == "Barbell Back Squat"


def test_unknown_and_blank_exercises(reader) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound, match="unknown exercise 'benchh pres'; did you mean"):
        exercise_records(reader, "benchh pres")
    with pytest.raises(InvalidInput, match="give an exercise name"):
        exercise_records(reader, "  ")


@pytest.mark.parametrize(
    "name", ["bench press", "Bench Press (Barbell)", "OHP", "rdl", "pull up", BENCH]
)
def test_names_resolve_as_the_library_resolves_them(utc_db, reader, name: str) -> None:  # type: ignore[no-untyped-def]
    exercise = get_exercise(utc_db, name)
    assert resolve_exercise(reader, name) == (exercise.id, exercise.name)


def test_today_is_the_lifters_local_day(utc_db, reader) -> None:  # type: ignore[no-untyped-def]
    late = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    set_setting(utc_db, "timezone", "Pacific/Auckland")  # UTC+13 in March: already 2 March
    assert context(reader, late).today == local_today(get_profile(utc_db), late) == date(2026, 3, 2)


def test_chart_series(utc_db, reader) -> None:  # type: ignore[no-untyped-def]
    weekly_bench(utc_db)
    now = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)  # a Sunday: the week began 23 February

    e1rm = e1rm_history(reader, "bench press", 2, now=now)
    assert e1rm.points == ((date(2026, 2, 16), 118.125), (date(2026, 2, 23), 120.9375))
    assert e1rm.pr_days == (date(2026, 2, 16), date(2026, 2, 23))

    volume = volume_history(reader, 6, now=now)
    assert volume.weeks == (
        (date(2026, 1, 19), 0.0),
        (date(2026, 1, 26), 0.0),
        (date(2026, 2, 2), 500.0),
        (date(2026, 2, 9), 512.5),
        (date(2026, 2, 16), 525.0),
        (date(2026, 2, 23), 537.5),
    )

    muscles = muscle_history(reader, 4, now=now)
    chest = next(m for m in muscles.muscles if m.totals.muscle == "chest")
    assert (chest.totals.hard_sets, chest.hard_sets_per_week) == (4, 1)

    rpe = rpe_history(reader, 1, now=now)
    assert dict(rpe.buckets)[8.0] == 1

    with pytest.raises(InvalidInput, match="weeks must be between 1 and 5200"):
        volume_history(reader, 0)


def test_a_fresh_home_is_created_then_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HALTEROFIT_HOME", str(tmp_path / "new"))
    with analytics.open_analytics_reader() as fresh:
        assert period_stats(fresh, "week").sessions == 0
    assert (tmp_path / "new" / "halterofit.db").is_file()
