"""The demo history: valid sets, a human-looking calendar, a trustworthy plateau ground truth."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, timedelta
from itertools import pairwise

import pytest

from halterofit_tui.domain.demo import (
    DEMO_EXERCISE_SLUGS,
    LOAD_STEP_KG,
    MAIN_LIFTS,
    MAX_DEMO_SETS,
    DemoHistory,
    generate_history,
)
from halterofit_tui.store.catalogue import catalogue_bytes, load_catalogue

END = date(2025, 6, 1)

# The exercises the built-in library ships (the generator may use only these).
# The real library: every exercise the demo uses must exist in it.
LIBRARY_SLUGS = frozenset(entry["slug"] for entry in load_catalogue(catalogue_bytes()))
BODYWEIGHT = ("pull-up", "chin-up", "dips", "hanging-leg-raise")
SET_TYPES = {"warmup", "working", "amrap", "drop", "failure"}
WINDOW = timedelta(weeks=6)


@pytest.fixture(scope="module")
def history() -> DemoHistory:
    return generate_history(20_000, seed=7, end=END)


@pytest.fixture(scope="module")
def control() -> DemoHistory:
    return generate_history(20_000, seed=7, end=END, plateaus=False)


def brzycki(weight: float, reps: int) -> float:
    return weight * 36 / (37 - reps)


def session_bests(history: DemoHistory, slug: str) -> list[tuple[date, float]]:
    """Best non-warm-up e1RM of `slug` in each workout that trains it, by workout date."""
    bests = []
    for workout in history.workouts:
        e1rms = [
            brzycki(s.weight_kg, s.reps)
            for s in workout.sets
            if s.exercise_slug == slug and s.set_type != "warmup"
        ]
        if e1rms:
            bests.append((workout.started_at.date(), max(e1rms)))
    return bests


def total_sets(history: DemoHistory) -> int:
    return sum(len(w.sets) for w in history.workouts)


# --- arguments and determinism -----------------------------------------------------------------


def test_same_arguments_give_the_same_history() -> None:
    assert generate_history(3_000, seed=3, end=END) == generate_history(3_000, seed=3, end=END)


def test_different_seeds_give_different_histories() -> None:
    first = generate_history(3_000, seed=1, end=END)
    second = generate_history(3_000, seed=2, end=END)
    assert first.workouts != second.workouts


@pytest.mark.parametrize("target", [10, 1_000, 20_000])
def test_set_count_is_within_two_percent(target: int) -> None:
    history = generate_history(target, end=END)
    if target < 100:
        assert total_sets(history) == target
    assert abs(total_sets(history) - target) <= target * 0.02


@pytest.mark.parametrize("target", [0, -5, MAX_DEMO_SETS + 1])
def test_out_of_range_target_is_refused(target: int) -> None:
    with pytest.raises(ValueError):
        generate_history(target, end=END)


def test_history_ends_on_the_end_date(history: DemoHistory) -> None:
    assert history.workouts[-1].started_at.date() == END
    assert generate_history(50).workouts[-1].started_at.date() == date.today()


def test_plateau_free_control_keeps_the_same_calendar(
    history: DemoHistory, control: DemoHistory
) -> None:
    assert control.plateaus == ()
    assert [(w.name, w.started_at, len(w.sets)) for w in control.workouts] == [
        (w.name, w.started_at, len(w.sets)) for w in history.workouts
    ]


# --- every set and workout is valid ------------------------------------------------------------


def test_exercises_come_from_the_library() -> None:
    assert set(DEMO_EXERCISE_SLUGS) <= LIBRARY_SLUGS
    assert set(MAIN_LIFTS) <= set(DEMO_EXERCISE_SLUGS)
    assert not {"plank", "farmers-walk"} & set(DEMO_EXERCISE_SLUGS)


def test_every_set_is_valid(history: DemoHistory) -> None:
    used = set()
    for workout in history.workouts:
        assert workout.sets
        order, slug, number = 0, "", 0
        seen_in_workout = set()
        for s in workout.sets:
            used.add(s.exercise_slug)
            if s.exercise_slug != slug or s.exercise_order != order:
                # A new exercise: the next position, numbered from 1, never seen before.
                assert s.exercise_order == order + 1
                assert s.exercise_slug not in seen_in_workout
                seen_in_workout.add(s.exercise_slug)
                order, slug, number = s.exercise_order, s.exercise_slug, 0
            assert s.set_number == number + 1
            number = s.set_number
            assert s.set_type in SET_TYPES
            assert s.reps >= 1
            assert s.weight_kg >= 0
            steps = s.weight_kg / LOAD_STEP_KG[s.exercise_slug]
            assert abs(steps - round(steps)) < 1e-9, s
            if s.exercise_slug not in BODYWEIGHT:
                assert s.weight_kg > 0
            assert s.rpe is None or (6 <= s.rpe <= 10 and (s.rpe * 2).is_integer())
            if s.set_type == "warmup":
                assert s.rpe is None
    assert used <= set(DEMO_EXERCISE_SLUGS)


def test_warmups_ramp_up_to_the_working_sets(history: DemoHistory) -> None:
    for workout in history.workouts[:-1]:  # the last workout may stop mid-exercise
        by_exercise = defaultdict(list)
        for s in workout.sets:
            by_exercise[(s.exercise_order, s.exercise_slug)].append(s)
        for (order, slug), sets in by_exercise.items():
            warmups = [s.weight_kg for s in sets if s.set_type == "warmup"]
            work = [s for s in sets if s.set_type != "warmup"]
            assert work
            if not warmups:
                continue
            assert warmups == sorted(warmups)
            assert warmups[-1] <= max(s.weight_kg for s in work)
            if order == 1 and len(warmups) >= 2 and slug != "conventional-deadlift":
                assert warmups[0] == 20.0  # the empty bar


def test_workouts_are_chronological_and_do_not_overlap(history: DemoHistory) -> None:
    workouts = history.workouts
    for workout in workouts:
        assert workout.started_at.tzinfo is UTC
        assert workout.ended_at > workout.started_at
        minutes = (workout.ended_at - workout.started_at).total_seconds() / 60
        assert 2 * len(workout.sets) <= minutes <= 3 * len(workout.sets) + 10
    for earlier, later in pairwise(workouts):
        assert earlier.ended_at <= later.started_at
        assert earlier.started_at.date() < later.started_at.date()


def test_sessions_look_human(history: DemoHistory) -> None:
    workouts = history.workouts
    days = (workouts[-1].started_at - workouts[0].started_at).days
    per_week = len(workouts) / (days / 7)
    assert 3.3 <= per_week <= 5
    sizes = [len(w.sets) for w in workouts[:-1]]
    assert 18 <= sum(sizes) / len(sizes) <= 28
    # Central European local time: mostly evenings, some mornings, rarely Sundays.
    local_hours = Counter((w.started_at + timedelta(hours=1)).hour for w in workouts)
    evenings = sum(n for hour, n in local_hours.items() if 16 <= hour <= 21)
    mornings = sum(n for hour, n in local_hours.items() if 5 <= hour <= 8)
    assert evenings > 0.45 * len(workouts)
    assert mornings > len(workouts) / 20
    sundays = sum(w.started_at.weekday() == 6 for w in workouts)
    assert sundays < len(workouts) / 20
    names = {w.name for w in workouts}
    assert {"Full Body A", "Upper A", "Lower B", "Push A", "Legs A"} <= names


def test_check_ins_and_notes(history: DemoHistory) -> None:
    workouts = history.workouts
    skipped = sum(w.sleep_quality is None for w in workouts) / len(workouts)
    assert 0.3 <= skipped <= 0.5
    for w in workouts:
        scores = (w.sleep_quality, w.stress, w.motivation, w.energy, w.soreness)
        if w.sleep_quality is None:
            assert all(v is None for v in (*scores, w.sleep_hours))
            continue
        assert all(v is not None and 1 <= v <= 5 for v in scores)
        assert w.sleep_hours is not None
        assert 4 <= w.sleep_hours <= 10
    with_notes = sum(bool(w.notes) for w in workouts) / len(workouts)
    assert 0.05 <= with_notes <= 0.4


def test_about_a_fifth_of_working_sets_lack_an_rpe(history: DemoHistory) -> None:
    work = [s for w in history.workouts for s in w.sets if s.set_type != "warmup"]
    missing = sum(s.rpe is None for s in work) / len(work)
    assert 0.15 <= missing <= 0.25


def test_occasional_amrap_failure_and_drop_sets(history: DemoHistory) -> None:
    kinds = Counter(s.set_type for w in history.workouts for s in w.sets)
    working = kinds["working"]
    for kind in ("amrap", "failure", "drop"):
        assert 0 < kinds[kind] < working * 0.05
    # Drop sets follow the last set of an accessory, never a main lift.
    for w in history.workouts:
        for s in w.sets:
            if s.set_type == "drop":
                assert s.exercise_slug not in MAIN_LIFTS


# --- training structure ------------------------------------------------------------------------


def test_deload_weeks_are_lighter_and_easier(history: DemoHistory) -> None:
    sizes = defaultdict(list)
    deload_rpes = []
    for w in history.workouts[:-1]:
        sizes[w.name].append(len(w.sets))
        if w.name.startswith("Deload - "):
            deload_rpes += [s.rpe for s in w.sets if s.set_type == "working" and s.rpe]
    deloads = [name for name in sizes if name.startswith("Deload - ")]
    assert len(deloads) >= 4
    assert sum(len(sizes[name]) for name in deloads) >= 30
    for name in deloads:
        normal = sizes[name.removeprefix("Deload - ")]
        ratio = (sum(sizes[name]) / len(sizes[name])) / (sum(normal) / len(normal))
        assert 0.45 <= ratio <= 0.8, name
    assert sum(deload_rpes) / len(deload_rpes) <= 7.5


def test_deloads_come_every_four_to_eight_weeks(history: DemoHistory) -> None:
    first = history.workouts[0].started_at.date()
    monday = first - timedelta(days=first.weekday())
    weeks = sorted(
        {
            (w.started_at.date() - monday).days // 7
            for w in history.workouts[:-1]  # the last workout is moved onto the end date
            if w.name.startswith("Deload - ")
        }
    )
    spacing = [b - a for a, b in pairwise(weeks)]
    assert min(spacing) >= 4
    assert sorted(spacing)[len(spacing) // 2] <= 8  # a break sometimes replaces a deload


def test_breaks_of_a_week_or_more_several_times_a_year(history: DemoHistory) -> None:
    workouts = history.workouts
    gaps = [(b.started_at.date() - a.started_at.date()).days for a, b in pairwise(workouts)]
    years = (workouts[-1].started_at - workouts[0].started_at).days / 365
    breaks = [g for g in gaps if g >= 7]
    assert len(breaks) >= 2 * years
    assert max(gaps) <= 4 * 7 + 6


def test_strength_dips_after_a_break(history: DemoHistory) -> None:
    settled = history.workouts[0].started_at.date() + timedelta(days=91)
    ratios = []
    for slug in MAIN_LIFTS:
        bests = session_bests(history, slug)
        for i, ((before, _), (after, e1rm)) in enumerate(pairwise(bests)):
            if (after - before).days >= 14 and before > settled:
                recent = max(e for d, e in bests[: i + 1] if d > before - timedelta(weeks=4))
                ratios.append(e1rm / recent)
    assert len(ratios) >= 5
    assert sum(ratios) / len(ratios) < 0.97


def test_progress_has_diminishing_returns(control: DemoHistory) -> None:
    start = control.workouts[0].started_at.date()
    for slug in MAIN_LIFTS:
        bests = session_bests(control, slug)

        def best_until(days: int, bests: list[tuple[date, float]] = bests) -> float:
            return max(e for d, e in bests if d <= start + timedelta(days=days))

        first_year = best_until(365) / bests[0][1]
        fourth_year = best_until(4 * 365) / best_until(3 * 365)
        assert first_year > 1.4, slug
        assert 1.0 < fourth_year < 1.15, slug


def test_bodyweight_exercises_get_weighted_later(history: DemoHistory) -> None:
    loads = defaultdict(list)
    for w in history.workouts:
        for s in w.sets:
            if s.exercise_slug in BODYWEIGHT:
                loads[s.exercise_slug].append(s.weight_kg)
    assert loads["chin-up"][0] == 0.0  # a beginner's chin-ups are bodyweight only
    assert max(loads["chin-up"] + loads["pull-up"]) > 0.0
    assert max(loads["dips"]) > 0.0


def test_bodyweight_log(history: DemoHistory) -> None:
    log = history.bodyweights
    first = history.workouts[0].started_at.date()
    last = history.workouts[-1].started_at.date()
    assert [d for d, _ in log] == sorted(d for d, _ in log)
    assert first - timedelta(days=7) <= log[0][0] and log[-1][0] <= last
    weeks = (last - first).days / 7
    assert 0.75 * weeks <= len(log) <= weeks + 1
    weights = [kg for _, kg in log]
    assert all(50 <= kg <= 120 for kg in weights)
    assert max(weights) - min(weights) >= 3  # seasons and years show
    assert all(abs(b - a) <= 3.5 for a, b in pairwise(weights))


# --- plateau ground truth ----------------------------------------------------------------------


def test_planted_plateaus_are_flat_then_progress_resumes(history: DemoHistory) -> None:
    assert len(history.plateaus) >= 3
    last_day = history.workouts[-1].started_at.date()
    for plateau in history.plateaus:
        assert plateau.exercise_slug in MAIN_LIFTS
        assert timedelta(weeks=6) <= plateau.end - plateau.start + timedelta(days=1)
        assert plateau.end - plateau.start <= timedelta(weeks=12)
        bests = session_bests(history, plateau.exercise_slug)
        before = max(e for d, e in bests if d < plateau.start)
        inside = [e for d, e in bests if plateau.start <= d <= plateau.end]
        assert inside
        assert max(inside) <= before * 1.01
        if plateau.end < last_day:
            resumed = [e for d, e in bests if plateau.end < d <= plateau.end + timedelta(weeks=8)]
            assert max(resumed) > max(before, *inside)


def test_plateau_starts_the_day_after_the_last_new_best(history: DemoHistory) -> None:
    for plateau in history.plateaus:
        bests = session_bests(history, plateau.exercise_slug)
        before = [e for d, e in bests if d < plateau.start]
        last = [e for d, e in bests if d == plateau.start - timedelta(days=1)]
        assert last and last[0] == max(before)


def main_lift_news_bests(history: DemoHistory, slug: str) -> list[date]:
    days, best = [], 0.0
    for day, e1rm in session_bests(history, slug):
        if e1rm > best:
            days.append(day)
            best = e1rm
    return days


def test_main_lifts_rise_in_every_six_week_window_without_plateaus(control: DemoHistory) -> None:
    first = control.workouts[0].started_at.date() + timedelta(days=91)
    last = control.workouts[-1].started_at.date()
    for slug in MAIN_LIFTS:
        bests = session_bests(control, slug)
        previous = None
        start = first
        while start + WINDOW <= last + timedelta(days=1):
            window = [e for d, e in bests if start <= d < start + WINDOW]
            if previous is not None:
                assert max(window) > previous, (slug, start)
            previous = max(window)
            start += WINDOW


def test_any_six_weeks_outside_planted_plateaus_hold_a_new_best(
    history: DemoHistory, control: DemoHistory
) -> None:
    for h in (history, control):
        first = h.workouts[0].started_at.date() + timedelta(days=91)
        for slug in MAIN_LIFTS:
            stalls = [(p.start, p.end) for p in h.plateaus if p.exercise_slug == slug]
            days = [d for d in main_lift_news_bests(h, slug) if d >= first]
            for a, b in pairwise(days):
                in_plateau = any(
                    start <= b and a < end + timedelta(days=2) for start, end in stalls
                )
                if not in_plateau:
                    assert (b - a).days <= 42, (slug, a, b)
