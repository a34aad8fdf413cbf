"""History pages: order, paging, whole-week totals across page breaks, the exercise filter."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.notation import parse_sets
from halterofit_tui.services.history import history_page, week_start
from halterofit_tui.services.library import get_exercise
from halterofit_tui.services.workouts import SetDetails, delete, finish_workout, log_sets
from halterofit_tui.store.tables import WorkoutRow

MONDAY = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


def session_on(db, at: datetime, *logs: tuple[str, str]) -> str:  # type: ignore[no-untyped-def]
    workout_id = ""
    for exercise, spec in logs:
        workout_id = log_sets(db, exercise, parse_sets(spec, "kg"), SetDetails(), now=at).workout.id
    finish_workout(db, now=at + timedelta(minutes=45))
    return workout_id


def test_week_start_is_the_monday() -> None:
    assert week_start(date(2026, 3, 2)) == date(2026, 3, 2)
    assert week_start(date(2026, 3, 8)) == date(2026, 3, 2)  # Sunday
    assert week_start(date(2026, 3, 1)) == date(2026, 2, 23)


def test_pages_are_newest_first_with_whole_week_totals(db) -> None:  # type: ignore[no-untyped-def]
    # Mon, Wed and Fri of one week, and the Friday before.
    days = [MONDAY - timedelta(days=3), MONDAY, MONDAY + timedelta(days=2), MONDAY + timedelta(4)]
    ids = [session_on(db, day, ("squat", "100x5")) for day in days]
    first = history_page(db, offset=0, limit=2)
    assert [e.workout.id for e in first.entries] == [ids[3], ids[2]]
    assert first.has_more
    # The week of 2 Mar has three sessions even though the page shows only two of them.
    week = first.weeks[date(2026, 3, 2)]
    assert (week.sessions, week.volume_kg) == (3, 1500.0)
    second = history_page(db, offset=2, limit=2)
    assert [e.workout.id for e in second.entries] == [ids[1], ids[0]]
    assert not second.has_more
    assert second.weeks[date(2026, 2, 23)].sessions == 1
    assert history_page(db, offset=4, limit=2).entries == ()


def test_deleted_workouts_are_gone(db) -> None:  # type: ignore[no-untyped-def]
    keep = session_on(db, MONDAY, ("squat", "100x5"))
    gone = session_on(db, MONDAY + timedelta(days=1), ("squat", "100x5"))
    delete(db, gone)
    page = history_page(db)
    assert [e.workout.id for e in page.entries] == [keep]
    assert page.weeks[date(2026, 3, 2)].sessions == 1


def test_exercise_filter_keeps_only_workouts_with_it_and_their_top_set(db) -> None:  # type: ignore[no-untyped-def]
    squat_day = session_on(db, MONDAY, ("squat", "100x5@8 110x3@9"), ("bench press", "80x5"))
    session_on(db, MONDAY + timedelta(days=1), ("deadlift", "140x5"))
    squat = get_exercise(db, "squat")
    page = history_page(db, exercise_id=squat.id)
    assert [e.workout.id for e in page.entries] == [squat_day]
    top = page.entries[0].top_set
    assert top is not None and (top.weight_kg, top.reps) == (110.0, 3)
    assert page.weeks[date(2026, 3, 2)].sessions == 1
    assert history_page(db).entries[0].top_set is None  # no filter, no top set


def test_a_deleted_set_no_longer_matches_the_filter(db) -> None:  # type: ignore[no-untyped-def]
    result = log_sets(db, "squat", parse_sets("100x5", "kg"), SetDetails(), now=MONDAY)
    log_sets(db, "bench press", parse_sets("80x5", "kg"), SetDetails(), now=MONDAY)
    finish_workout(db, now=MONDAY + timedelta(hours=1))
    delete(db, result.sets[0].id)
    assert history_page(db, exercise_id=get_exercise(db, "squat").id).entries == ()


@pytest.mark.parametrize(("offset", "limit"), [(-1, 10), (0, 0), (0, 501)])
def test_bad_pages_are_refused(db, offset: int, limit: int) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput):
        history_page(db, offset=offset, limit=limit)


def test_a_four_thousand_workout_history_pages_quickly(db) -> None:  # type: ignore[no-untyped-def]
    start = date(2015, 1, 1)
    with db.session() as session:
        for n in range(4000):
            day = start + timedelta(days=n)
            session.add(
                WorkoutRow(
                    name=f"Session {n}",
                    date=day,
                    started_at=datetime(day.year, day.month, day.day, 18, tzinfo=UTC),
                    status="completed",
                    total_volume_kg=1000.0,
                    total_sets=10,
                )
            )
    began = time.perf_counter()
    first = history_page(db)
    deep = history_page(db, offset=3950)
    elapsed = time.perf_counter() - began
    assert first.entries[0].workout.name == "Session 3999"
    assert len(first.entries) == 50 and first.has_more
    assert deep.entries[-1].workout.name == "Session 0" and not deep.has_more
    assert elapsed < 1.0, f"two pages took {elapsed:.2f} s"
