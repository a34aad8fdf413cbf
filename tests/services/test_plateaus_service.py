"""Plateaus as stored rows: raised by a stall, resolved by a new best, dismissed for good."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from halterofit_tui.config import DATABASE_NAME
from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.services.importing import import_history
from halterofit_tui.services.plateaus import (
    acknowledge_plateau,
    active_plateaus,
    dismiss_plateau,
    list_plateaus,
    plateau_id,
    refresh_plateaus,
    resolve_plateau,
)
from halterofit_tui.services.profile import set_setting
from halterofit_tui.services.workouts import (
    SetChanges,
    delete,
    edit_set,
    finish_workout,
    history,
    log_sets,
    restore_set,
)
from halterofit_tui.store.engine import Database

FIRST_DAY = date(2025, 3, 3)
# docs/METRICS.md's worked example, as singles (a single's Brzycki e1RM is its weight):
# 10 weekly sessions from 100 to 118 kg, then 6 weekly sessions around 109 kg.
CLIMB = [100, 102, 104, 106, 108, 110, 112, 114, 116, 118]
STALL = [110, 108, 109, 110, 108, 109]
LAST_BEST_DAY = FIRST_DAY + timedelta(weeks=9)
STALL_DAY = FIRST_DAY + timedelta(weeks=15)  # 42 days after the last best


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def train(db: Database, day: date, notation: str, exercise: str = "bench press") -> None:
    """One finished workout on `day` (the store's time zone is UTC)."""
    log_sets(db, exercise, notation=notation, now=noon(day))
    finish_workout(db, now=noon(day) + timedelta(minutes=45))


def log_stall(db: Database, first_day: date = FIRST_DAY, stall: list[int] = STALL) -> None:
    set_setting(db, "timezone", "UTC")
    for week, kg in enumerate(CLIMB + stall):
        train(db, first_day + timedelta(weeks=week), f"{kg}x1")


def test_a_clear_stall_is_one_active_plateau_with_its_causes(db: Database) -> None:
    log_stall(db)

    (plateau,) = active_plateaus(db, now=noon(STALL_DAY))

    assert plateau.exercise_name == "Barbell Bench Press"
    assert (plateau.status, plateau.resolution) == ("active", None)
    assert plateau.start == LAST_BEST_DAY + timedelta(days=1)
    assert (plateau.as_of, plateau.duration_days, plateau.weeks) == (STALL_DAY, 42, 6.0)
    assert (plateau.last_pr_date, plateau.last_pr_kg) == (LAST_BEST_DAY, 118.0)
    assert plateau.current_avg_kg == pytest.approx(109.0)
    # The docs' figures: slope -2/17.5 kg/week; usual gain 2 kg/week over 9 gaps of 7 days,
    # so trend score ~1 and length score (9 + 1) / (9 + 2).
    assert plateau.trend_kg_per_week == pytest.approx(-2 / 17.5)
    assert plateau.confidence == pytest.approx(10 / 11, abs=1e-3)
    # Over the 6 stall weeks: one hard set of chest a week (the lift's only primary muscle);
    # every session a single since the first day, 15 weeks.
    assert [(c.code, c.value, c.threshold) for c in plateau.causes] == [
        ("low_volume", 1.0, 10.0),
        ("stale_rep_range", 15.0, 12.0),
    ]
    assert plateau.causes[0].text == "chest: 1 hard sets a week, fewer than 10"
    assert [p.code for p in plateau.protocols] == ["add_sets", "change_rep_range"]
    assert plateau.protocols[0].rationale.endswith(
        "Here: chest: 1 hard sets a week, fewer than 10."
    )


def test_a_new_best_resolves_it(db: Database) -> None:
    log_stall(db)
    (plateau,) = active_plateaus(db, now=noon(STALL_DAY))
    pr_day = STALL_DAY + timedelta(weeks=1)

    train(db, pr_day, "120x1")

    assert active_plateaus(db, now=noon(pr_day)) == []
    (resolved,) = list_plateaus(db, include_all=True, now=noon(pr_day))
    assert resolved.id == plateau.id
    assert (resolved.status, resolved.resolution, resolved.end) == ("resolved", "new_pr", pr_day)


def test_a_best_that_was_a_typo_reopens_the_same_plateau(db: Database) -> None:
    log_stall(db)
    (plateau,) = active_plateaus(db, now=noon(STALL_DAY))
    pr_day = STALL_DAY + timedelta(weeks=1)
    train(db, pr_day, "120x1")
    (pr_set,) = history(db, limit=1)[0].sets

    edit_set(db, pr_set.id, SetChanges(weight=109, unit="kg"))
    refresh_plateaus(db, now=noon(pr_day))

    (again,) = active_plateaus(db, now=noon(pr_day))
    assert (again.id, again.status, again.end, again.duration_days) == (
        plateau.id,
        "active",
        None,
        49,
    )


def test_dismissed_keeps_the_feedback_and_is_not_raised_again(db: Database) -> None:
    log_stall(db)
    (plateau,) = active_plateaus(db, now=noon(STALL_DAY))

    dismissed = dismiss_plateau(db, plateau.id[:6], "  a planned light block  ")
    next_week = STALL_DAY + timedelta(weeks=1)
    train(db, next_week, "110x1")

    assert dismissed.status == "false_positive"
    assert active_plateaus(db, now=noon(next_week)) == []
    (kept,) = list_plateaus(db, include_all=True, now=noon(next_week))
    assert (kept.id, kept.status, kept.feedback) == (
        plateau.id,
        "false_positive",
        "a planned light block",
    )
    assert kept.as_of == STALL_DAY  # left as the lifter judged it


def test_resolved_by_the_lifter_is_not_raised_again(db: Database) -> None:
    log_stall(db)
    (plateau,) = active_plateaus(db, now=noon(STALL_DAY))

    resolved = resolve_plateau(db, plateau.id, now=noon(STALL_DAY))
    next_week = STALL_DAY + timedelta(weeks=1)
    train(db, next_week, "110x1")

    assert (resolved.status, resolved.resolution, resolved.end) == ("resolved", "user", STALL_DAY)
    assert active_plateaus(db, now=noon(next_week)) == []


def test_acknowledged_stays_active(db: Database) -> None:
    log_stall(db)
    (plateau,) = active_plateaus(db, now=noon(STALL_DAY))

    acknowledge_plateau(db, plateau.id)

    (seen,) = active_plateaus(db, now=noon(STALL_DAY))
    assert (seen.id, seen.status, seen.acknowledged) == (plateau.id, "active", True)


def test_a_stall_whose_last_best_was_deleted_becomes_the_earlier_one(db: Database) -> None:
    log_stall(db)
    (plateau,) = active_plateaus(db, now=noon(STALL_DAY))
    best_workout = next(d for d in history(db, limit=30) if d.workout.date == LAST_BEST_DAY)

    delete(db, best_workout.workout.id)
    refresh_plateaus(db, now=noon(STALL_DAY))

    # Without the 118, the last best is the 116 a week earlier: a stall of 49 days.
    (now_on,) = list_plateaus(db, include_all=True, now=noon(STALL_DAY))
    assert now_on.id != plateau.id
    assert (now_on.last_pr_kg, now_on.start, now_on.duration_days) == (
        116.0,
        LAST_BEST_DAY - timedelta(days=6),
        49,
    )


def test_a_stall_that_comes_back_keeps_its_id_so_two_devices_sync_one_row(db: Database) -> None:
    log_stall(db)
    (plateau,) = active_plateaus(db, now=noon(STALL_DAY))
    assert plateau.id == plateau_id(plateau.exercise_id, plateau.start)
    best_workout = next(d for d in history(db, limit=30) if d.workout.date == LAST_BEST_DAY)
    (best_set,) = best_workout.sets

    delete(db, best_set.id)
    refresh_plateaus(db, now=noon(STALL_DAY))
    restore_set(db, best_set.id)
    refresh_plateaus(db, now=noon(STALL_DAY))

    (again,) = active_plateaus(db, now=noon(STALL_DAY))
    assert (again.id, again.start, again.last_pr_kg) == (plateau.id, plateau.start, 118.0)


def test_the_past_is_backfilled_when_all_plateaus_are_asked_for(db: Database) -> None:
    # Five flat sessions end 35 days after the last best (no finish ever saw 42 days), then
    # nothing for two weeks and a new best: only a day-by-day replay finds that stall.
    log_stall(db, stall=STALL[:5])
    pr_day = STALL_DAY + timedelta(weeks=1)
    train(db, pr_day, "120x1")

    assert active_plateaus(db, now=noon(pr_day)) == []
    (past,) = list_plateaus(db, include_all=True, now=noon(pr_day))

    assert (past.status, past.resolution) == ("resolved", "new_pr")
    assert (past.start, past.end, past.last_pr_kg) == (
        LAST_BEST_DAY + timedelta(days=1),
        pr_day,
        118.0,
    )
    # As last reported: the day before the new best, 111 - 63 = 48 days after the last one.
    assert (past.as_of, past.duration_days) == (pr_day - timedelta(days=1), 48)


def test_a_steady_progression_has_no_plateau(db: Database) -> None:
    set_setting(db, "timezone", "UTC")
    for week in range(20):
        train(db, FIRST_DAY + timedelta(weeks=week), f"{100 + week}x1")

    last = FIRST_DAY + timedelta(weeks=19)
    assert list_plateaus(db, include_all=True, now=noon(last)) == []


def test_ids_are_taken_by_prefix(db: Database) -> None:
    log_stall(db)
    active_plateaus(db, now=noon(STALL_DAY))

    with pytest.raises(InvalidInput, match="at least 4"):
        acknowledge_plateau(db, "abc")
    with pytest.raises(NotFound, match="no plateau with id ffffffff"):
        dismiss_plateau(db, "ffffffff")


def test_an_import_stores_the_plateaus_of_the_history_it_brings(db: Database, home: Path) -> None:
    # The stall history as a Strong export ending today (an import judges as of today).
    set_setting(db, "timezone", "UTC")
    first_day = datetime.now(UTC).date() - timedelta(weeks=15)
    rows = ["Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"]
    rows[0] += "Workout Notes"
    for week, kg in enumerate(CLIMB + STALL):
        day = first_day + timedelta(weeks=week)
        rows.append(f'{day} 12:00:00,"Push","Bench Press (Barbell)",1,{kg},1,0,0,"",""')

    import_history(db, "\n".join(rows).encode(), source_format="strong", unit="kg")

    with sqlite3.connect(home / DATABASE_NAME) as connection:
        stored = connection.execute(
            "SELECT status, start_date, last_pr_kg FROM plateaus WHERE deleted = 0"
        ).fetchall()
    start = first_day + timedelta(weeks=9, days=1)
    assert stored == [("active", start.isoformat(), 118.0)]


def test_past_stalls_of_an_import_appear_at_the_next_full_listing(db: Database) -> None:
    set_setting(db, "timezone", "UTC")
    assert list_plateaus(db, include_all=True) == []  # this home's past is now backfilled
    # A stall that a later best ended, long ago: only a day-by-day replay finds it.
    first_day = datetime.now(UTC).date() - timedelta(weeks=40)
    rows = ["Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"]
    rows[0] += "Workout Notes"
    for week, kg in enumerate([*CLIMB, *STALL, 130.0]):
        day = first_day + timedelta(weeks=week)
        rows.append(f'{day} 12:00:00,"Push","Bench Press (Barbell)",1,{kg},1,0,0,"",""')

    import_history(db, "\n".join(rows).encode(), source_format="strong", unit="kg")

    assert active_plateaus(db) == []
    (past,) = list_plateaus(db, include_all=True)
    assert (past.status, past.resolution, past.last_pr_kg) == ("resolved", "new_pr", 118.0)
