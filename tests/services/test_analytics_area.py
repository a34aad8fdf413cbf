"""The app's Analytics area reads: one window's numbers, the RPE heatmap cells, the e1RM line
with its PR days, and an exercise's records, against figures worked out by hand.

Brzycki: a set of 5 estimates 1.125 times its load. Dates are UTC; 2 Feb 2026 is a Monday.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from halterofit_tui.domain.catalogue import exercise_id
from halterofit_tui.domain.errors import NotFound
from halterofit_tui.services.analytics import (
    RpeDay,
    analytics_view,
    reader_for,
    records_for,
    weeks_since,
)
from halterofit_tui.services.library import get_exercise
from halterofit_tui.services.profile import set_setting
from halterofit_tui.services.workouts import delete, finish_workout, log_sets
from halterofit_tui.store import analytics_queries as queries

MONDAY = datetime(2026, 2, 2, 17, 0, tzinfo=UTC)
NOW = datetime(2026, 2, 18, 20, 0, tzinfo=UTC)  # the Wednesday of the third week
SQUAT = exercise_id("barbell-back-squat")


@pytest.fixture
def trained(db):  # type: ignore[no-untyped-def]
    """Squat on four days (new bests on 5 and 17 Feb), bench once, one deleted set."""
    set_setting(db, "timezone", "UTC")
    days = [
        (MONDAY, [("squat", "100x5@8 100x5@9 60x5@6")]),
        (MONDAY + timedelta(days=3), [("squat", "105x5@8.5"), ("bench press", "80x5@7")]),
        (MONDAY + timedelta(days=7), [("squat", "102.5x5@9.5")]),
        (MONDAY + timedelta(days=15), [("squat", "110x5@9")]),
    ]
    for moment, exercises in days:
        for offset, (name, notation) in enumerate(exercises):
            logged = log_sets(db, name, now=moment + timedelta(minutes=offset), notation=notation)
            if notation.endswith("60x5@6"):
                delete(db, logged.sets[-1].id)  # a mistake: it must count nowhere
        finish_workout(db, now=moment + timedelta(hours=1))
    return db


def test_four_weeks_by_hand(trained) -> None:  # type: ignore[no-untyped-def]
    view = analytics_view(trained, None, 4, now=NOW)

    # This week from Monday 16 Feb and the three before: 26 Jan to Wed 18 Feb, 24 days.
    assert (view.window.start, view.window.end, view.weeks) == (
        date(2026, 1, 26),
        date(2026, 2, 18),
        4,
    )
    h = view.headline
    assert (h.sessions, h.sets, h.hard_sets) == (4, 6, 6)  # bench at RPE 7 is hard too
    assert h.sessions_per_week == pytest.approx(4 / (24 / 7))
    assert h.volume_kg == pytest.approx(1000 + 525 + 400 + 512.5 + 550)
    assert h.avg_rpe == pytest.approx((8 + 9 + 8.5 + 7 + 9.5 + 9) / 6)
    # Under 28 days of history: no workload ratio yet.
    assert h.fatigue.ratio is None
    # 7-day blocks ending 18 Feb, oldest first: 0, 1, 2, 1 sessions; the usual week is 1.
    assert h.consistency is not None and h.consistency.score == 75
    assert view.volume_weeks == (
        (date(2026, 1, 26), 0.0),
        (date(2026, 2, 2), 1925.0),
        (date(2026, 2, 9), 512.5),
        (date(2026, 2, 16), 550.0),
    )
    assert view.rpe_days == (
        RpeDay(date(2026, 2, 2), 0, 8.5, 2),
        RpeDay(date(2026, 2, 2), 3, 7.75, 2),
        RpeDay(date(2026, 2, 9), 0, 9.5, 1),
        RpeDay(date(2026, 2, 16), 1, 9.0, 1),
    )
    muscles = [(m.totals.muscle, m.totals.hard_sets, m.totals.volume_kg) for m in view.muscles]
    assert muscles == [
        ("glutes", 5, 2587.5),
        ("quadriceps", 5, 2587.5),
        ("abs", 2.5, 1293.75),
        ("adductors", 2.5, 1293.75),
        ("hamstrings", 2.5, 1293.75),
        ("lower_back", 2.5, 1293.75),
        ("chest", 1, 400),
        ("front_delts", 0.5, 200),
        ("triceps", 0.5, 200),
    ]
    assert view.muscles[0].hard_sets_per_week == pytest.approx(5 / (24 / 7))
    # No exercise asked for: the one with most sessions and an e1RM in the window.
    exercise = view.exercise
    assert exercise is not None
    assert (exercise.exercise_id, exercise.name) == (SQUAT, "Barbell Back Squat")
    assert exercise.points == (
        (date(2026, 2, 2), 112.5),
        (date(2026, 2, 5), 118.125),
        (date(2026, 2, 9), 115.3125),
        (date(2026, 2, 17), 123.75),
    )
    assert exercise.pr_days == (date(2026, 2, 5), date(2026, 2, 17))


def test_a_short_window_keeps_earlier_bests_in_mind(trained) -> None:  # type: ignore[no-untyped-def]
    view = analytics_view(trained, SQUAT, 1, now=NOW)

    assert (view.window.start, view.window.end) == (date(2026, 2, 16), date(2026, 2, 18))
    assert view.exercise is not None
    assert view.exercise.points == ((date(2026, 2, 17), 123.75),)
    # A new best against every earlier day, although they lie outside the window.
    assert view.exercise.pr_days == (date(2026, 2, 17),)
    assert view.volume_weeks == ((date(2026, 2, 16), 550.0),)


def test_all_history_starts_with_the_first_training_week(trained) -> None:  # type: ignore[no-untyped-def]
    view = analytics_view(trained, None, None, now=NOW)
    assert (view.weeks, view.window.start) == (3, date(2026, 2, 2))
    assert view.headline.sessions == 4


def test_the_exercise_asked_for_even_without_sets_in_the_window(trained) -> None:  # type: ignore[no-untyped-def]
    deadlift = get_exercise(trained, "deadlift")
    view = analytics_view(trained, deadlift.id, 4, now=NOW)
    assert view.exercise is not None
    assert (view.exercise.name, view.exercise.points, view.exercise.pr_days) == (
        deadlift.name,
        (),
        (),
    )


def test_a_quiet_window_falls_back_to_the_most_trained_lift(trained) -> None:  # type: ignore[no-untyped-def]
    later = NOW + timedelta(weeks=20)
    view = analytics_view(trained, "no-such-exercise", 4, now=later)
    assert view.headline.sessions == 0
    assert view.exercise is not None and view.exercise.exercise_id == SQUAT
    assert view.exercise.points == ()


def test_before_any_training(db) -> None:  # type: ignore[no-untyped-def]
    view = analytics_view(db, None, 4, now=NOW)
    assert (view.trained, view.exercise, view.muscles, view.rpe_days) == (False, None, (), ())
    assert (view.headline.sessions, view.headline.volume_kg) == (0, 0)
    assert view.headline.consistency is None
    assert [volume for _, volume in view.volume_weeks] == [0.0, 0.0, 0.0, 0.0]
    assert analytics_view(db, None, None, now=NOW).weeks == 1


def test_records_for(trained) -> None:  # type: ignore[no-untyped-def]
    records = records_for(trained, SQUAT)
    assert records.name == "Barbell Back Squat"
    assert records.best_e1rm is not None
    assert (records.best_e1rm.value_kg, records.best_e1rm.date) == (123.75, date(2026, 2, 17))
    assert [(e.date, e.value_kg) for e in records.events if e.kind == "e1rm"] == [
        (date(2026, 2, 5), 118.125),
        (date(2026, 2, 17), 123.75),
    ]
    with pytest.raises(NotFound):
        records_for(trained, "no-such-exercise")


def test_pr_days_agree_with_the_pr_history(trained) -> None:  # type: ignore[no-untyped-def]
    """The chart's markers (daily summary) and the records' PR events (the sets) agree."""
    with reader_for(trained) as reader:
        window = analytics_view(trained, SQUAT, 4, now=NOW).window
        days = queries.e1rm_pr_days(reader.connection, SQUAT, window)
        events = queries.pr_events(reader.connection, SQUAT)
    assert days == [e.date for e in events if e.kind == "e1rm"]


@pytest.mark.parametrize(
    ("first", "today", "weeks"),
    [
        (None, date(2026, 2, 18), 1),
        (date(2026, 2, 18), date(2026, 2, 18), 1),
        (date(2026, 2, 16), date(2026, 2, 22), 1),  # Monday to Sunday: one week
        (date(2026, 2, 15), date(2026, 2, 16), 2),  # Sunday, then Monday: two
        (date(2025, 2, 17), date(2026, 2, 16), 53),
    ],
)
def test_weeks_since(first: date | None, today: date, weeks: int) -> None:
    assert weeks_since(first, today) == weeks
