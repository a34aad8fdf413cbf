"""Anomalies: typos are flagged with the numbers behind them; real training is left alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from halterofit_tui.domain.anomalies import Anomaly, ExercisePast, NewSet, find_anomalies
from halterofit_tui.domain.demo import generate_history
from halterofit_tui.domain.strength import estimate_1rm
from halterofit_tui.domain.units import to_kg

# Five earlier bench sessions; the last topped at 100 kg x 5 (Brzycki 112.5 kg, the best).
BENCH = ExercisePast(sessions=5, last_top_kg=100.0, best_e1rm_kg=112.5, most_reps=8)


def codes(anomalies: tuple[Anomaly, ...]) -> list[str]:
    return [a.code for a in anomalies]


def test_an_ordinary_set_is_fine() -> None:
    assert find_anomalies(NewSet(102.5, 5), BENCH) == ()


def test_one_thousand_typed_for_one_hundred() -> None:
    weight, e1rm = find_anomalies(NewSet(1000.0, 5), BENCH)
    assert weight == Anomaly("weight_jump", "1000 kg is 10x last session's 100 kg", 10.0, 5.0)
    # 1000 x 36 / 32 = 1125 kg, 900 % over 112.5.
    assert e1rm.code == "e1rm_jump"
    assert e1rm.message == "e1RM 1125 kg is 900% over your best 112.5 kg"
    assert e1rm.value == pytest.approx(10.0)


def test_five_times_the_last_top_is_the_weight_threshold() -> None:
    past = ExercisePast(sessions=1, last_top_kg=100.0)  # too new for e1RM judgements
    assert codes(find_anomalies(NewSet(500.0, 5), past)) == ["weight_jump"]
    assert find_anomalies(NewSet(497.5, 5), past) == ()


def test_light_dumbbells_need_a_twenty_kilo_jump() -> None:
    # 4 kg to 20 kg is 5x but only 16 kg more: a plausible dumbbell, not a typo.
    past = ExercisePast(sessions=1, last_top_kg=4.0)
    assert find_anomalies(NewSet(20.0, 10), past) == ()
    assert codes(find_anomalies(NewSet(40.0, 10), past)) == ["weight_jump"]


def test_an_e1rm_thirty_percent_over_the_best() -> None:
    past = ExercisePast(sessions=3, last_top_kg=100.0, best_e1rm_kg=100.0)
    (anomaly,) = find_anomalies(NewSet(130.0, 1), past)
    assert anomaly == Anomaly("e1rm_jump", "e1RM 130 kg is 30% over your best 100 kg", 1.3, 1.25)
    # Exactly 25 % over is still believable.
    assert find_anomalies(NewSet(125.0, 1), past) == ()


def test_the_e1rm_rule_waits_for_three_sessions() -> None:
    past = ExercisePast(sessions=2, last_top_kg=100.0, best_e1rm_kg=100.0)
    assert find_anomalies(NewSet(130.0, 1), past) == ()


def test_the_e1rm_rule_uses_the_configured_formula() -> None:
    # 98 x 12 over a 112.5 best: Brzycki 98 x 36 / 25 = 141.1 kg (+25.4 %), Epley
    # 98 x (1 + 12/30) = 137.2 kg (+22 %).
    assert codes(find_anomalies(NewSet(98.0, 12), BENCH, "brzycki")) == ["e1rm_jump"]
    assert find_anomalies(NewSet(98.0, 12), BENCH, "epley") == ()


def test_a_light_isolation_step_is_not_an_e1rm_jump() -> None:
    # 8 kg to 11 kg lateral raises: +37.5 % of e1RM, but only 3 kg of it.
    past = ExercisePast(sessions=10, last_top_kg=8.0, best_e1rm_kg=8.0)
    assert find_anomalies(NewSet(11.0, 1), past) == ()


def test_a_first_set_ever_is_never_an_anomaly() -> None:
    assert find_anomalies(NewSet(1000.0, 50), ExercisePast(sessions=0)) == ()


def test_pounds_typed_as_kilograms() -> None:
    # 225 typed in a kg log: 2.25x the last top (not a weight jump), but e1RM 253.125 kg.
    (anomaly,) = find_anomalies(NewSet(225.0, 5), BENCH)
    assert anomaly.code == "e1rm_jump"
    assert anomaly.message == "e1RM 253.13 kg is 125% over your best 112.5 kg"


def test_a_lifter_in_pounds_reads_pounds() -> None:
    past = ExercisePast(sessions=4, last_top_kg=to_kg(225, "lb"), best_e1rm_kg=to_kg(250, "lb"))
    assert find_anomalies(NewSet(to_kg(230, "lb"), 5, unit="lb"), past) == ()
    weight, e1rm = find_anomalies(NewSet(to_kg(2250, "lb"), 5, unit="lb"), past)
    assert weight.message == "2250 lb is 10x last session's 225 lb"
    # 2250 x 36 / 32 = 2531.25 lb, 912.5 % over 250.
    assert e1rm.message == "e1RM 2531.25 lb is 913% over your best 250 lb"


def test_reps_absurd_for_the_load() -> None:
    past = ExercisePast(sessions=6, last_top_kg=100.0, best_e1rm_kg=120.0, most_reps=12)
    # 100 kg is 83 % of 120: Brzycki allows 37 - 36 x 100/120 = 7 reps; 3x that is 21.
    (anomaly,) = find_anomalies(NewSet(100.0, 55), past)
    assert anomaly.code == "reps_for_load"
    assert anomaly.message == (
        "55 reps at 100 kg (83% of your best e1RM): about 7 would be a max, "
        "and your most in one set is 12"
    )
    assert (anomaly.value, anomaly.threshold) == (55, pytest.approx(21.0))
    assert find_anomalies(NewSet(100.0, 21), past) == ()
    # Under half the best e1RM, long sets are normal: not judged.
    assert find_anomalies(NewSet(55.0, 60), past) == ()


def test_a_high_rep_lifter_keeps_their_high_reps() -> None:
    # Curls only ever done for 15-17 reps: an e1RM from a rare low-rep set says 4 reps at
    # 8 kg, but 16 is what this lifter always does; 34 (twice 17) is not.
    past = ExercisePast(sessions=20, last_top_kg=8.0, best_e1rm_kg=8.6, most_reps=17)
    assert find_anomalies(NewSet(8.0, 16), past) == ()
    assert codes(find_anomalies(NewSet(8.0, 34), past)) == ["reps_for_load"]


BODYWEIGHT_PAST = ExercisePast(sessions=8, last_top_kg=10.0, best_e1rm_kg=None, most_reps=12)


def test_bodyweight_sets() -> None:
    assert find_anomalies(NewSet(0.0, 12, is_bodyweight=True), BODYWEIGHT_PAST) == ()
    # Added load 15 kg after 10: fine; 100 kg (a typo for 10): 10x.
    assert find_anomalies(NewSet(15.0, 8, is_bodyweight=True), BODYWEIGHT_PAST) == ()
    (weight,) = find_anomalies(NewSet(100.0, 8, is_bodyweight=True), BODYWEIGHT_PAST)
    assert weight.message == "100 kg is 10x last session's 10 kg"
    # Reps are all there is to judge without a load: 36 is 3x the 12 ever done; 30 is not.
    (reps,) = find_anomalies(NewSet(0.0, 36, is_bodyweight=True), BODYWEIGHT_PAST)
    assert reps == Anomaly("reps_jump", "36 reps is 3x your most in one set (12)", 3.0, 3.0)
    assert find_anomalies(NewSet(0.0, 30, is_bodyweight=True), BODYWEIGHT_PAST) == ()


def test_bodyweight_sets_are_not_judged_by_an_e1rm() -> None:
    past = ExercisePast(sessions=8, last_top_kg=10.0, best_e1rm_kg=10.0, most_reps=12)
    assert find_anomalies(NewSet(20.0, 8, is_bodyweight=True), past) == ()


# --- a realistic history -----------------------------------------------------------------------

BODYWEIGHT_SLUGS = frozenset(("pull-up", "chin-up", "dips", "hanging-leg-raise"))


@dataclass
class Record:
    sessions: int = 0
    last_top: float | None = None
    best: float | None = None
    most_reps: int | None = None


def test_a_realistic_history_raises_no_alarm_and_every_tenfold_typo_is_caught() -> None:
    # Typos are tried on non-warm-up sets: a warm-up typed x10 (20 kg -> 200 after a 100 kg
    # top) stays under 5x, and in the first three sessions no e1RM rule backs it up.
    history = generate_history(20_000, seed=11, end=date(2025, 6, 1))
    records: dict[str, Record] = {}
    flagged = typos = caught = 0
    for workout in history.workouts:
        today: dict[str, tuple[float, float | None, int]] = {}
        for s in workout.sets:
            r = records.get(s.exercise_slug, Record())
            past = ExercisePast(r.sessions, r.last_top, r.best, r.most_reps)
            bodyweight = s.exercise_slug in BODYWEIGHT_SLUGS
            flagged += bool(find_anomalies(NewSet(s.weight_kg, s.reps, bodyweight, s.rpe), past))
            if not bodyweight and r.sessions and s.set_type != "warmup":
                typos += 1
                caught += bool(find_anomalies(NewSet(s.weight_kg * 10, s.reps), past))
            if s.set_type != "warmup":
                top, best, reps = today.get(s.exercise_slug, (0.0, None, 0))
                e1rm = None if bodyweight else estimate_1rm(s.weight_kg, s.reps)
                if e1rm is not None:
                    best = max(best or 0.0, e1rm)
                today[s.exercise_slug] = (max(top, s.weight_kg), best, max(reps, s.reps))
        for slug, (top, best, reps) in today.items():
            r = records.setdefault(slug, Record())
            r.sessions += 1
            r.last_top = top
            if best is not None:
                r.best = max(r.best or 0.0, best)
            r.most_reps = max(r.most_reps or 0, reps)
    assert flagged == 0
    assert typos > 10_000
    assert caught == typos
