"""The library's additions: a lifter's numbers per exercise, favourites and editing custom ones.

Expected values are worked out by hand. Brzycki: e1RM = w * 36 / (37 - reps).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from halterofit_tui.domain.catalogue import exercise_id
from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.services.library import (
    MAX_RECENT_SESSIONS,
    ExerciseSession,
    RepMax,
    add_custom_exercise,
    browse_exercises,
    exercise_stats,
    get_exercise,
    list_exercises,
    set_favourite,
    update_custom_exercise,
)
from halterofit_tui.services.profile import set_setting
from halterofit_tui.services.workouts import (
    SetDetails,
    delete,
    finish_workout,
    log_sets,
    undo_last_set,
)
from tests.conftest import database_dump

DAY_ONE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
SQUAT = exercise_id("barbell-back-squat")
PULL_UP = exercise_id("pull-up")


def workout(db, day: int, *sets: tuple[str, str], warmup: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """A finished workout `day` days after DAY_ONE: (exercise, notation) pairs, in order."""
    start = DAY_ONE + timedelta(days=day)
    if warmup is not None:
        log_sets(db, "squat", details=SetDetails(set_type="warmup"), now=start, notation=warmup)
    for minute, (exercise, notation) in enumerate(sets, start=1):
        log_sets(db, exercise, now=start + timedelta(minutes=minute), notation=notation)
    finish_workout(db, now=start + timedelta(hours=1))


@pytest.fixture
def utc_db(db):  # type: ignore[no-untyped-def]
    set_setting(db, "timezone", "UTC")
    return db


def test_stats_summarise_each_session_newest_first(utc_db) -> None:  # type: ignore[no-untyped-def]
    db = utc_db
    # Day 0: the 60x5 warm-up is heavier than nothing but never counts; 100x5@7 beats
    # 100x5@8 as the top set (same load and reps, easier). Best e1RM 100*36/32 = 112.5.
    workout(db, 0, ("squat", "100x5@8 100x5@7 90x8"), warmup="60x5 140x1")
    # Day 2: 105x3 -> e1RM 105*36/34 = 111.18; a 150x1 logged and undone must vanish.
    log_sets(db, "squat", now=DAY_ONE + timedelta(days=2), notation="105x3@9")
    log_sets(db, "squat", now=DAY_ONE + timedelta(days=2, minutes=5), notation="150x1")
    undo_last_set(db)
    finish_workout(db, now=DAY_ONE + timedelta(days=2, hours=1))

    stats = exercise_stats(db, SQUAT)

    assert stats.sessions == (
        ExerciseSession(date(2026, 3, 4), 105.0, 3, 9.0, False, pytest.approx(111.1765, 1e-4), 1),
        ExerciseSession(date(2026, 3, 2), 100.0, 5, 7.0, False, 112.5, 3),
    )
    assert stats.best_e1rm_kg == 112.5
    assert stats.best_e1rm_date == date(2026, 3, 2)
    assert stats.total_sets == 4
    assert stats.rep_maxes == (
        RepMax(3, 105.0, date(2026, 3, 4)),
        RepMax(5, 100.0, date(2026, 3, 2)),
        RepMax(8, 90.0, date(2026, 3, 2)),
    )


def test_rep_maxes_keep_the_first_date_and_skip_long_sets_and_deleted_workouts(utc_db) -> None:  # type: ignore[no-untyped-def]
    db = utc_db
    workout(db, 0, ("squat", "100x5"))
    workout(db, 3, ("squat", "100x5 60x15"))  # ties the 5RM: the date stays day 0
    workout(db, 5, ("squat", "200x5"))
    delete(db, _workout_id_of_last_set(db))  # the whole 200 kg workout goes

    stats = exercise_stats(db, SQUAT)

    assert stats.rep_maxes == (RepMax(5, 100.0, date(2026, 3, 2)),)  # 15 reps is past 12
    assert [s.date for s in stats.sessions] == [date(2026, 3, 5), date(2026, 3, 2)]
    assert stats.total_sets == 3
    assert stats.best_e1rm_date == date(2026, 3, 2)


def _workout_id_of_last_set(db) -> str:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.workouts import history

    return history(db, limit=1)[0].workout.id


def test_stats_keep_the_latest_twelve_sessions(utc_db) -> None:  # type: ignore[no-untyped-def]
    db = utc_db
    for day in range(MAX_RECENT_SESSIONS + 2):
        workout(db, day, ("squat", f"{100 + day}x5"))

    stats = exercise_stats(db, SQUAT)

    assert len(stats.sessions) == MAX_RECENT_SESSIONS
    assert stats.sessions[0].weight_kg == 113.0
    assert stats.sessions[-1].weight_kg == 102.0
    assert stats.sessions[0].date == date(2026, 3, 15)
    assert stats.total_sets == MAX_RECENT_SESSIONS + 2


def test_bodyweight_sets_have_sessions_but_no_loaded_records(utc_db) -> None:  # type: ignore[no-untyped-def]
    db = utc_db
    workout(db, 0, ("pull up", "bw x 10, bw+10x5"))

    stats = exercise_stats(db, PULL_UP)

    assert stats.sessions == (ExerciseSession(date(2026, 3, 2), 10.0, 5, None, True, None, 2),)
    assert stats.rep_maxes == ()
    assert stats.best_e1rm_kg is None and stats.best_e1rm_date is None


def test_stats_of_an_unlogged_exercise_are_empty_and_unknown_ids_fail(db) -> None:  # type: ignore[no-untyped-def]
    stats = exercise_stats(db, SQUAT)
    assert (stats.sessions, stats.rep_maxes, stats.total_sets) == ((), (), 0)
    with pytest.raises(NotFound):
        exercise_stats(db, "no-such-id")


def test_favourites_persist_and_lead_the_unsearched_list(db) -> None:  # type: ignore[no-untyped-def]
    marked = set_favourite(db, SQUAT, True)
    assert marked.is_favourite
    assert get_exercise(db, "squat").is_favourite
    assert browse_exercises(db)[0].id == SQUAT
    names = [e.name.lower() for e in browse_exercises(db)[1:]]
    assert names == sorted(names)

    set_favourite(db, SQUAT, False)
    assert not get_exercise(db, "squat").is_favourite
    assert browse_exercises(db)[0].id != SQUAT


def test_browse_combines_search_and_filters(db) -> None:  # type: ignore[no-untyped-def]
    found = browse_exercises(db, "press", muscle="chest", equipment="dumbbell")
    allowed = {e.id for e in list_exercises(db, muscle="chest", equipment="dumbbell")}
    assert found and {e.id for e in found} <= allowed
    assert "Barbell Bench Press" not in [e.name for e in found]
    assert browse_exercises(db, "bench")[0].name == "Barbell Bench Press"
    assert browse_exercises(db, "zzzzqqq") == []


def test_custom_exercise_edits_keep_the_id_and_may_reuse_its_own_names(db) -> None:  # type: ignore[no-untyped-def]
    added = add_custom_exercise(db, "Zercher Carry", primary_muscles=["abs"], aliases=["Zerch"])

    same = update_custom_exercise(db, added.id, "zercher carry", primary_muscles=["abs"])
    assert same.id == added.id and same.name == "zercher carry" and same.aliases == ()

    edited = update_custom_exercise(
        db,
        added.id,
        "Zercher Walk",
        primary_muscles=["abs", "upper back"],
        secondary_muscles=["abs", "glutes"],
        equipment=["barbell"],
        aliases=["Zerch Walk"],
        category="strongman",
        movement_pattern="carry",
        difficulty=4,
    )
    assert edited.primary_muscles == ("abs", "upper_back")
    assert edited.secondary_muscles == ("glutes",)
    assert (edited.category, edited.movement_pattern, edited.difficulty) == (
        "strongman",
        "carry",
        4,
    )
    assert get_exercise(db, "zerch walk").id == added.id
    with pytest.raises(NotFound):
        get_exercise(db, "zercher carry")


@pytest.mark.parametrize(
    ("name", "fields", "message"),
    [
        ("Squat", {"primary_muscles": ["quadriceps"]}, "already names"),
        ("Thing", {"primary_muscles": ["abs"], "aliases": ["Bench"]}, "already names"),
        ("Thing", {"primary_muscles": []}, "primary muscle"),
        ("Thing", {"primary_muscles": ["abs"], "equipment": ["spoon"]}, "unknown equipment"),
        ("Thing", {"primary_muscles": ["abs"], "difficulty": 0}, "difficulty"),
    ],
)
def test_invalid_edits_change_nothing(  # type: ignore[no-untyped-def]
    db, home: Path, name: str, fields: dict[str, object], message: str
) -> None:
    added = add_custom_exercise(db, "Zercher Carry", primary_muscles=["abs"])
    before = database_dump(home)
    with pytest.raises(InvalidInput, match=message):
        update_custom_exercise(db, added.id, name, **fields)
    assert database_dump(home) == before


def test_built_in_exercises_cannot_be_edited(db, home: Path) -> None:  # type: ignore[no-untyped-def]
    before = database_dump(home)
    with pytest.raises(InvalidInput, match="built-in"):
        update_custom_exercise(db, SQUAT, "My Squat", primary_muscles=["quadriceps"])
    assert database_dump(home) == before
