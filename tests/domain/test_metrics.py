"""Workout roll-ups against hand-computed totals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from halterofit_tui.domain.metrics import SetFacts, WorkoutTotals, workout_totals

START = datetime(2024, 5, 1, 18, 0, 0, tzinfo=UTC)


def test_empty_workout() -> None:
    assert workout_totals([]) == WorkoutTotals(
        total_volume_kg=0.0,
        total_sets=0,
        total_reps=0,
        avg_rpe=None,
        max_rpe=None,
        duration_s=None,
        muscle_groups=(),
        intensity=None,
    )


def test_single_set() -> None:
    facts = SetFacts(100, 5, 8, "working", ("quads", "glutes"), 0.8)
    assert workout_totals([facts]) == WorkoutTotals(
        total_volume_kg=500.0,
        total_sets=1,
        total_reps=5,
        avg_rpe=8.0,
        max_rpe=8.0,
        duration_s=None,
        muscle_groups=("glutes", "quads"),
        intensity=0.8,
    )


def test_full_workout() -> None:
    sets = [
        SetFacts(20, 10, None, "warmup", ("quads",), 0.16),
        SetFacts(60, 5, None, "warmup", ("quads",), 0.48),
        SetFacts(102.5, 5, 8, "working", ("quads", "glutes"), 0.82),
        SetFacts(102.5, 5, 8.5, "working", ("quads", "glutes"), 0.82),
        SetFacts(102.5, 4, 9.5, "working", ("quads", "glutes"), 0.82),
        SetFacts(60, 10, 9, "drop", ("hamstrings",), 0.5),
        SetFacts(40, 12, None, "amrap", ("chest",), None),
    ]
    totals = workout_totals(sets, START, START + timedelta(minutes=62, seconds=30.9))
    # volume: 200 + 300 + 512.5 + 512.5 + 410 + 600 + 480 = 3015
    # avg RPE: (8 + 8.5 + 9.5 + 9) / 4 = 8.75; intensity: (0.82*3 + 0.5) / 4 = 0.74
    assert totals == WorkoutTotals(
        total_volume_kg=3015.0,
        total_sets=7,
        total_reps=51,
        avg_rpe=8.75,
        max_rpe=9.5,
        duration_s=3750,
        muscle_groups=("chest", "glutes", "hamstrings", "quads"),
        intensity=0.74,
    )


def test_no_rpe_at_all() -> None:
    totals = workout_totals([SetFacts(100, 5, None, "working"), SetFacts(100, 5, None, "working")])
    assert totals.avg_rpe is None
    assert totals.max_rpe is None
    assert totals.total_volume_kg == 1000.0


def test_avg_rpe_rounded_to_two_decimals() -> None:
    sets = [SetFacts(100, 5, rpe, "working") for rpe in (7, 8, 8)]
    # 23 / 3 = 7.666...
    assert workout_totals(sets).avg_rpe == 7.67


def test_bodyweight_sets_count_only_added_load() -> None:
    sets = [
        SetFacts(0, 12, None, "working", ("lats",)),  # bw x 12
        SetFacts(20, 8, 9, "working", ("lats", "biceps")),  # bw+20 x 8
    ]
    totals = workout_totals(sets)
    assert totals.total_volume_kg == 160.0
    assert totals.total_reps == 20
    assert totals.muscle_groups == ("biceps", "lats")


def test_volume_rounded_to_three_decimals() -> None:
    # 225 lb = 102.05828325 kg; x 5 = 510.29141625 -> 510.291
    totals = workout_totals([SetFacts(225 * 0.45359237, 5, None, "working")])
    assert totals.total_volume_kg == 510.291


def test_intensity_ignores_warmups_and_missing_values() -> None:
    sets = [
        SetFacts(40, 5, None, "warmup", (), 0.3),
        SetFacts(100, 3, None, "working", (), 0.85),
        SetFacts(100, 3, None, "working", (), None),
        SetFacts(95, 3, None, "working", (), 0.80751),
    ]
    # (0.85 + 0.80751) / 2 = 0.828755 -> 0.8288
    assert workout_totals(sets).intensity == 0.8288


def test_intensity_none_with_only_warmups() -> None:
    assert workout_totals([SetFacts(40, 5, None, "warmup", (), 0.3)]).intensity is None


def test_duration() -> None:
    one = [SetFacts(100, 5, None, "working")]
    assert workout_totals(one, START, START).duration_s == 0
    assert workout_totals(one, START, START + timedelta(seconds=59.999)).duration_s == 59
    assert workout_totals(one, START, START + timedelta(hours=1)).duration_s == 3600
    assert workout_totals(one, START, START - timedelta(seconds=1)).duration_s is None
    assert workout_totals(one, START, None).duration_s is None
    assert workout_totals(one, None, START).duration_s is None


def test_accepts_any_iterable_once() -> None:
    generator = (SetFacts(100, reps, None, "working") for reps in (5, 4, 3))
    totals = workout_totals(generator)
    assert (totals.total_sets, totals.total_reps, totals.total_volume_kg) == (3, 12, 1200.0)
