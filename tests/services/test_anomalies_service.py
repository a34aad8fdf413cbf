"""Implausible sets: refused, or logged flagged and kept out of records until confirmed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.notation import parse_sets
from halterofit_tui.services.analytics import best_e1rm_table, exercise_records, reader_for
from halterofit_tui.services.anomalies import (
    ImplausibleSet,
    check_sets,
    confirm_anomaly,
    pending_anomalies,
)
from halterofit_tui.services.library import exercise_stats
from halterofit_tui.services.profile import set_setting
from halterofit_tui.services.workouts import (
    SetChanges,
    delete,
    edit_set,
    finish_workout,
    log_sets,
)
from halterofit_tui.store.engine import Database
from tests.conftest import database_dump

FIRST_DAY = date(2025, 3, 3)
TODAY = FIRST_DAY + timedelta(weeks=3)


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def log_bench_history(db: Database) -> None:
    """Three weekly bench sessions, each topping at 100 kg x 5 (Brzycki e1RM 112.5 kg)."""
    set_setting(db, "timezone", "UTC")
    for week in range(3):
        day = FIRST_DAY + timedelta(weeks=week)
        log_sets(db, "bench press", notation=["80x5", "100x5", "100x5"], now=noon(day))
        finish_workout(db, now=noon(day) + timedelta(minutes=40))


@pytest.fixture
def bench_history(db: Database) -> Database:
    log_bench_history(db)
    return db


def best_e1rms(db: Database) -> tuple[float | None, float]:
    """The bench's best e1RM from its records (sets) and from the e1RM table (the summary)."""
    with reader_for(db) as reader:
        best = exercise_records(reader, "bench press").best_e1rm
        _, table = best_e1rm_table(reader)
    in_table = {row.name: row.e1rm_kg for row in table}["Barbell Bench Press"]
    return (best.value_kg if best else None), in_table


def test_one_thousand_typed_for_one_hundred_is_refused(bench_history: Database, home: Path) -> None:
    before = database_dump(home)

    with pytest.raises(ImplausibleSet) as refused:
        log_sets(bench_history, "bench press", notation="1000x5", now=noon(TODAY))

    assert refused.value.exit_code == 2
    (flagged,) = refused.value.flagged
    assert [(r.code, r.value) for r in flagged.reasons] == [
        ("weight_jump", 10.0),
        ("e1rm_jump", pytest.approx(10.0)),
    ]
    assert str(refused.value) == (
        "Barbell Bench Press 1000 kg x 5 looks like a typo (1000 kg is 10x last session's "
        "100 kg; e1RM 1125 kg is 900% over your best 112.5 kg)"
    )
    assert database_dump(home) == before


def test_plausible_sets_are_not_flagged(bench_history: Database) -> None:
    result = log_sets(bench_history, "bench press", notation="102.5x5", now=noon(TODAY))
    assert result.flags == ()
    assert pending_anomalies(bench_history) == []


def test_check_sets_judges_without_logging(bench_history: Database, home: Path) -> None:
    before = database_dump(home)
    (flagged,) = check_sets(bench_history, "bench press", parse_sets("100x5 1000x5", "kg"))
    assert (flagged.spec.weight, [r.code for r in flagged.reasons]) == (
        1000.0,
        ["weight_jump", "e1rm_jump"],
    )
    assert database_dump(home) == before


def test_a_flagged_set_counts_in_no_record_until_confirmed(bench_history: Database) -> None:
    db = bench_history
    result = log_sets(db, "bench press", notation="1000x5", now=noon(TODAY), anomalies="flag")
    (flag,) = result.flags
    (logged,) = result.sets
    assert (flag.set_id, flag.confirmed) == (logged.id, False)

    (pending,) = pending_anomalies(db)
    assert (pending.set_id, pending.weight_kg, pending.reps, pending.confirmed) == (
        logged.id,
        1000.0,
        5,
        False,
    )
    # The next set's intensity is judged against the real best, 112.5 kg, not 1125 kg.
    after = log_sets(db, "bench press", notation="90x5", now=noon(TODAY) + timedelta(minutes=3))
    assert after.sets[0].relative_intensity == pytest.approx(90 / 112.5)
    assert finish_workout(db, now=noon(TODAY) + timedelta(minutes=30)).prs == ()
    assert best_e1rms(db) == (112.5, 112.5)
    stats = exercise_stats(db, logged.exercise_id)
    assert stats.best_e1rm_kg == 112.5
    assert {r.reps: r.weight_kg for r in stats.rep_maxes} == {5: 100.0}

    confirmed = confirm_anomaly(db, logged.id[:8])

    assert confirmed.confirmed
    assert pending_anomalies(db) == []
    assert best_e1rms(db) == (1125.0, 1125.0)
    stats = exercise_stats(db, logged.exercise_id)
    assert {r.reps: r.weight_kg for r in stats.rep_maxes} == {5: 1000.0}


def test_logged_confirmed_counts_at_once(bench_history: Database) -> None:
    db = bench_history
    result = log_sets(db, "bench press", notation="1000x5", now=noon(TODAY), anomalies="confirm")

    assert [f.confirmed for f in result.flags] == [True]
    assert pending_anomalies(db) == []
    summary = finish_workout(db, now=noon(TODAY) + timedelta(minutes=30))
    assert [(pr.kind, pr.value_kg, pr.previous_kg) for pr in summary.prs] == [
        ("e1rm", 1125.0, 112.5),
        ("rep_max", 1000.0, 100.0),
    ]


def test_fixing_the_typo_clears_the_flag(bench_history: Database) -> None:
    db = bench_history
    result = log_sets(db, "bench press", notation="1000x5", now=noon(TODAY), anomalies="flag")

    fixed = edit_set(db, result.sets[0].id, SetChanges(weight=100.0, unit="kg"))

    assert fixed.weight_kg == 100.0
    assert pending_anomalies(db) == []


def test_editing_a_set_into_a_typo_flags_it(bench_history: Database) -> None:
    db = bench_history
    result = log_sets(db, "bench press", notation="100x5", now=noon(TODAY))

    edit_set(db, result.sets[0].id, SetChanges(weight=1000.0, unit="kg"))

    (pending,) = pending_anomalies(db)
    assert (pending.set_id, pending.reasons[0].code) == (result.sets[0].id, "weight_jump")


def test_deleting_a_flagged_set_removes_it_from_the_list(bench_history: Database) -> None:
    db = bench_history
    result = log_sets(db, "bench press", notation="1000x5", now=noon(TODAY), anomalies="flag")

    delete(db, result.sets[0].id)

    assert pending_anomalies(db) == []


def test_only_flagged_sets_can_be_confirmed(bench_history: Database) -> None:
    result = log_sets(bench_history, "bench press", notation="100x5", now=noon(TODAY))
    with pytest.raises(InvalidInput, match="was not flagged"):
        confirm_anomaly(bench_history, result.sets[0].id)
