"""The next-set suggestion, plate advice and warm-ups, against hand-computed values.

RTS chart fractions used below (effective reps = reps + 10 - RPE): 3 @9.5 = 3.5 → 0.907,
3 @9 = 4 → 0.892, 5 @9 = 6 → 0.837, 5 @8 = 7 → 0.811. The kg kit is the standard one: a 20 kg
bar, plates down to a pair of 1.25 kg (so barbell loads go in 2.5 kg steps), dumbbells in 2.5 kg.
"""

from __future__ import annotations

import pytest

from halterofit_tui.domain.plates import WarmupSet
from halterofit_tui.domain.programs import PlateKit
from halterofit_tui.domain.suggestions import (
    DoneSet,
    PlannedTarget,
    SuggestionInput,
    loading_for,
    plate_advice,
    readiness_rule,
    suggest_next_set,
    warmup_sets,
)

KG = PlateKit.standard("kg")
LB = PlateKit.standard("lb")


def planned(reps: int, reps_max: int | None = None, **fields) -> PlannedTarget:  # type: ignore[no-untyped-def]
    return PlannedTarget(reps_min=reps, reps_max=reps_max or reps, **fields)


def test_a_set_that_drifted_up_in_rpe_is_followed_by_a_lighter_one() -> None:
    # No plan: aim for the last set's reps at the RPE the session opened with (8).
    # e1RM = 100 / 0.837 = 119.47; 119.47 x 0.811 = 96.89 → 97.5 (2.5 kg steps).
    suggestion = suggest_next_set(
        SuggestionInput(kit=KG, today=(DoneSet(100, 5, 8), DoneSet(100, 5, 9)), readiness=30)
    )
    assert suggestion is not None
    assert (suggestion.weight, suggestion.reps, suggestion.rpe) == (97.5, 5, 8)
    assert suggestion.basis == "rpe"
    assert suggestion.reason == "last set 100 kg x 5 @9 → e1RM 119.5 kg; 5 @8 → 97.5 kg"
    # Today's RPE already says how the day goes: readiness does not take more off.
    assert suggestion.readiness is None
    assert suggestion.text == "97.5 kg x 5 @8"


def test_the_planned_rpe_sets_the_next_weight_from_the_last_set() -> None:
    # e1RM = 120 / 0.907 = 132.30; x 0.892 = 118.02 → 117.5 (nearer than 120).
    data = SuggestionInput(
        kit=KG,
        today=(DoneSet(120, 3, 9.5),),
        planned=planned(3, rpe=9.0, weight=120.0, set_number=2),
    )
    suggestion = suggest_next_set(data)
    assert suggestion is not None
    assert (suggestion.weight, suggestion.reps, suggestion.rpe) == (117.5, 3, 9)
    assert suggestion.reason == "last set 120 kg x 3 @9.5 → e1RM 132.3 kg; 3 @9 → 117.5 kg"


def test_a_planned_weight_is_suggested_as_planned() -> None:
    suggestion = suggest_next_set(
        SuggestionInput(kit=KG, planned=planned(5, weight=100.0, rpe=8.0, set_number=1))
    )
    assert suggestion is not None
    assert (suggestion.text, suggestion.basis) == ("100 kg x 5 @8", "plan")
    assert suggestion.reason == "planned set 1: 100 kg"


def test_amrap_sets_read_with_a_plus() -> None:
    suggestion = suggest_next_set(
        SuggestionInput(kit=KG, planned=planned(5, weight=100.0, amrap=True))
    )
    assert suggestion is not None and suggestion.text == "100 kg x 5+"


@pytest.mark.parametrize(
    ("score", "factor"),
    [(None, None), (80.0, None), (50.0, None), (49.9, 0.95), (40.0, 0.95), (39.9, 0.90), (0, 0.9)],
)
def test_readiness_thresholds(score: float | None, factor: float | None) -> None:
    rule = readiness_rule(score)
    assert (rule.load_factor if rule else None) == factor


def test_a_middling_readiness_takes_five_percent_off() -> None:
    data = SuggestionInput(kit=KG, planned=planned(5, weight=100.0), readiness=45)
    suggestion = suggest_next_set(data)
    assert suggestion is not None
    assert suggestion.weight == 95.0  # 100 x 0.95
    assert suggestion.skip is False
    assert suggestion.reasons == (
        "planned set 1: 100 kg",
        "readiness 45 (under 50): 5 % lighter: 100 kg → 95 kg",
    )
    assert suggestion.readiness is not None and suggestion.readiness.before == 100.0


def test_a_poor_readiness_takes_ten_percent_and_the_last_planned_set_off() -> None:
    last = planned(5, weight=100.0, set_number=3, working_index=3, working_count=3)
    suggestion = suggest_next_set(SuggestionInput(kit=KG, planned=last, readiness=35))
    assert suggestion is not None
    assert (suggestion.weight, suggestion.skip) == (90.0, True)
    assert suggestion.reasons[-1] == (
        "readiness 35 (under 40): 10 % lighter: 100 kg → 90 kg; leave out this last planned set"
    )
    second = planned(5, weight=100.0, set_number=2, working_index=2, working_count=3)
    suggestion = suggest_next_set(SuggestionInput(kit=KG, planned=second, readiness=35))
    assert suggestion is not None and (suggestion.weight, suggestion.skip) == (90.0, False)


def test_readiness_always_takes_at_least_one_loadable_step_off() -> None:
    # 22.5 x 0.95 = 21.375 rounds back to 22.5, so one 2.5 kg step comes off instead.
    light = SuggestionInput(kit=KG, planned=planned(5, weight=22.5), readiness=45)
    suggestion = suggest_next_set(light)
    assert suggestion is not None and suggestion.weight == 20.0
    # The empty bar cannot get lighter: said, not hidden.
    bar = SuggestionInput(kit=KG, planned=planned(5, weight=20.0), readiness=45)
    suggestion = suggest_next_set(bar)
    assert suggestion is not None and suggestion.weight == 20.0
    assert suggestion.reasons[-1] == "readiness 45 (under 50): already the lightest load, 20 kg"


def test_double_progression_adds_a_step_once_every_set_reached_the_top() -> None:
    previous = (DoneSet(60, 12), DoneSet(60, 12), DoneSet(60, 12))
    suggestion = suggest_next_set(
        SuggestionInput(kit=KG, previous=previous, planned=planned(8, 12, set_number=1))
    )
    assert suggestion is not None
    assert (suggestion.weight, suggestion.reps, suggestion.basis) == (62.5, 8, "double_progression")
    assert suggestion.reason == (
        "last session every set reached 12 at 60 kg → 62.5 kg, aim for 8 (range 8-12)"
    )
    # Pounds: the smallest pair of plates is 2 x 2.5 lb.
    pounds = (DoneSet(135, 10), DoneSet(135, 10))
    suggestion = suggest_next_set(SuggestionInput(kit=LB, previous=pounds, planned=planned(6, 10)))
    assert suggestion is not None and (suggestion.weight, suggestion.reps) == (140.0, 6)


def test_double_progression_keeps_the_weight_and_adds_a_rep_until_then() -> None:
    previous = (DoneSet(60, 12), DoneSet(60, 10), DoneSet(60, 9))
    # Second set today: compared with last session's second set (10 reps) → aim for 11.
    data = SuggestionInput(
        kit=KG, today=(DoneSet(60, 12),), previous=previous, planned=planned(8, 12, set_number=2)
    )
    suggestion = suggest_next_set(data)
    assert suggestion is not None
    assert (suggestion.weight, suggestion.reps) == (60.0, 11)
    assert suggestion.reason == (
        "last session set 2: 60 kg x 10 → same weight, aim for 11 (range 8-12)"
    )
    # Sets at different weights never count as "every set at the top".
    mixed = (DoneSet(60, 12), DoneSet(62.5, 12))
    suggestion = suggest_next_set(SuggestionInput(kit=KG, previous=mixed, planned=planned(8, 12)))
    assert suggestion is not None and (suggestion.weight, suggestion.reps) == (60.0, 12)


def test_double_progression_on_added_bodyweight_load_starts_from_zero() -> None:
    previous = (DoneSet(0, 12), DoneSet(0, 12))
    data = SuggestionInput(
        kit=KG, loading="steps", bodyweight=True, previous=previous, planned=planned(8, 12)
    )
    suggestion = suggest_next_set(data)
    assert suggestion is not None and suggestion.text == "bw+2.5 kg x 8"


def test_a_planned_rpe_without_a_weight_uses_the_last_session() -> None:
    # 100 / 0.837 x 0.811 = 96.89 → 97.5; readiness 45: 97.5 x 0.95 = 92.63 → 92.5.
    data = SuggestionInput(
        kit=KG,
        previous=(DoneSet(95, 5, 8), DoneSet(100, 5, 9)),
        planned=planned(5, rpe=8.0),
        readiness=45,
    )
    suggestion = suggest_next_set(data)
    assert suggestion is not None
    assert suggestion.weight == 92.5
    assert suggestion.reasons == (
        "last session 100 kg x 5 @9 → e1RM 119.5 kg; 5 @8 → 97.5 kg",
        "readiness 45 (under 50): 5 % lighter: 97.5 kg → 92.5 kg",
    )


def test_without_a_plan_the_last_session_is_repeated() -> None:
    data = SuggestionInput(kit=KG, previous=(DoneSet(105, 5, 8), DoneSet(105, 5, 8.5)))
    suggestion = suggest_next_set(data)
    assert suggestion is not None
    assert (suggestion.text, suggestion.reason) == ("105 kg x 5 @8", "as set 1 last session")


def test_an_rpe_off_the_chart_repeats_the_last_set() -> None:
    suggestion = suggest_next_set(SuggestionInput(kit=KG, today=(DoneSet(60, 5, 5),)))
    assert suggestion is not None
    assert (suggestion.weight, suggestion.reason) == (60.0, "same as the last set")


def test_nothing_to_go_on_gives_no_suggestion() -> None:
    assert suggest_next_set(SuggestionInput(kit=KG)) is None
    # A plan with neither a weight nor any earlier set cannot name a weight either.
    assert suggest_next_set(SuggestionInput(kit=KG, planned=planned(5, rpe=8.0))) is None


def test_a_planned_warmup_is_suggested_as_planned_whatever_the_readiness() -> None:
    warmup = planned(5, weight=60.0, warmup=True, set_number=1)
    suggestion = suggest_next_set(SuggestionInput(kit=KG, planned=warmup, readiness=20))
    assert suggestion is not None
    assert (suggestion.text, suggestion.readiness) == ("60 kg x 5", None)
    assert suggestion.reason == "planned warm-up, set 1: 60 kg"


def test_loading_follows_the_equipment() -> None:
    assert loading_for(("barbell", "bench")) == "barbell"
    assert loading_for(("dumbbell", "bench")) == "steps"


def test_plate_advice_per_side_and_what_is_missing() -> None:
    exact = plate_advice(102.5, KG)
    assert (exact.load.per_side, exact.missing) == ((25.0, 15.0, 1.25), None)
    assert plate_advice(101, KG).missing == (
        "not loadable exactly with your plates: nearest 100 kg (-1 kg)"
    )
    # At most 20 + 2 x (4 x 25 + 20 + 15 + 10 + 5 + 2.5 + 1.25) = 327.5; (400 - 327.5) / 2.
    assert plate_advice(400, KG).missing == (
        "your plates make at most 327.5 kg: 36.25 kg more per side needed"
    )
    assert plate_advice(10, KG).missing == "lighter than the empty bar (20 kg)"


def test_warmups_ramp_to_the_working_weight() -> None:
    assert warmup_sets(100, "barbell", KG, 5) == [
        WarmupSet(20, 10),
        WarmupSet(40, 5),
        WarmupSet(60, 3),
        WarmupSet(80, 2),
    ]
    # Dumbbells: 12, 18 and 24 kg in 2.5 kg steps, no empty bar; a triple gets a single last.
    assert warmup_sets(30, "steps", KG, 3) == [
        WarmupSet(12.5, 5),
        WarmupSet(17.5, 3),
        WarmupSet(25, 1),
    ]
    assert warmup_sets(30, "steps", KG)[-1] == WarmupSet(25, 2)
