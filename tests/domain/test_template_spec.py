"""The template lift spec: every accepted form, every refusal, and writing sets back."""

from __future__ import annotations

import pytest

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.template_spec import (
    SPEC_FORM,
    LiftTargets,
    TargetSet,
    describe_sets,
    parse_lift,
    parse_sets_spec,
)


def test_sets_reps_range_rpe_and_rest() -> None:
    lift = parse_lift("bench press: 3x8-12 @8 rest 120", "kg")
    assert lift == LiftTargets("bench press", (TargetSet(8, 12, rpe=8.0, rest_s=120),) * 3)


def test_a_percentage_of_1rm() -> None:
    assert parse_sets_spec("5x5 @75%", "kg") == (TargetSet(5, 5, percent_1rm=75.0),) * 5


def test_groups_follow_each_other() -> None:
    top, *backoff = parse_sets_spec("1x5 @8, 3x5 @72% rest 2:30", "kg")
    assert top == TargetSet(5, 5, rpe=8.0)
    assert backoff == [TargetSet(5, 5, percent_1rm=72.0, rest_s=150)] * 3


def test_amrap_marks_the_last_set_of_its_group() -> None:
    assert parse_sets_spec("3x5+", "kg") == (
        TargetSet(5, 5),
        TargetSet(5, 5),
        TargetSet(5, 5, amrap=True),
    )


@pytest.mark.parametrize(
    ("text", "unit", "weight_kg"),
    [
        ("1x5 100", "kg", 100.0),
        ("1x5 100kg", "lb", 100.0),
        ("1x5 225 lb", "kg", 102.05828325),  # 225 x 0.45359237
        ("1x5 225", "lb", 102.05828325),
        ("1x5 102.5 kgs", "kg", 102.5),
    ],
)
def test_a_weight_is_in_the_lifters_unit_unless_it_says(
    text: str, unit: str, weight_kg: float
) -> None:
    (target,) = parse_sets_spec(text, unit)  # type: ignore[arg-type]
    assert target.weight_kg == pytest.approx(weight_kg, abs=1e-9)


@pytest.mark.parametrize(
    ("rest", "seconds"), [("90", 90), ("90s", 90), ("2m", 120), ("3min", 180), ("1:05", 65)]
)
def test_rest_forms(rest: str, seconds: int) -> None:
    assert parse_sets_spec(f"1x5 rest {rest}", "kg")[0].rest_s == seconds


def test_spaces_and_the_times_sign_are_allowed() -> None:
    assert parse_sets_spec(" 2 × 10 - 15  @ 7.5 ", "kg") == (TargetSet(10, 15, rpe=7.5),) * 2
    assert parse_sets_spec("1X3 140 @ 90 %", "kg") == (
        TargetSet(3, 3, weight_kg=140.0, percent_1rm=90.0),
    )


def test_the_exercise_name_keeps_its_words_and_loses_extra_spaces() -> None:
    assert parse_lift("  Bench   Press (Barbell) :1x5", "kg").exercise == "Bench Press (Barbell)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bench 3x5", f"cannot read 'bench 3x5': start with the exercise and a colon; {SPEC_FORM}"),
        (": 3x5", f"cannot read ': 3x5': start with the exercise and a colon; {SPEC_FORM}"),
        ("bench:", f"bench: no sets given: {SPEC_FORM}"),
        ("bench: 3x5,", f"bench: no sets given: {SPEC_FORM}"),
        ("bench: five", f"bench: cannot read 'five': {SPEC_FORM}"),
        ("bench: 0x5", "bench: cannot read '0x5': sets must be from 1 to 20 (got 0)"),
        ("bench: 3x0", "bench: cannot read '3x0': reps must be from 1 to 100 (got 0)"),
        ("bench: 3x101", "bench: cannot read '3x101': reps must be from 1 to 100 (got 101)"),
        ("bench: 3x12-8", "bench: cannot read '3x12-8': a rep range goes up: 12-8 is not one"),
        (
            "bench: 3x8-12+",
            "bench: cannot read '3x8-12+': an AMRAP set (+) needs a fixed rep count, not a range",
        ),
        (
            "bench: 3x5 @8.3",
            "bench: cannot read '3x5 @8.3': RPE must be between 1 and 10 in steps of 0.5 (got 8.3)",
        ),
        (
            "bench: 3x5 @120%",
            "bench: cannot read '3x5 @120%': a percentage of 1RM must be above 0 and at most "
            "100 (got 120)",
        ),
        (
            "bench: 3x5 @8 @75%",
            "bench: cannot read '3x5 @8 @75%': give one target: an RPE (@8) or a percentage (@75%)",
        ),
        ("bench: 3x5 100 90", "bench: cannot read '3x5 100 90': give one weight"),
        (
            "bench: 3x5 1200",
            "bench: cannot read '3x5 1200': a weight must be above 0 and at most 1000 kg "
            "(got 1200)",
        ),
        ("bench: 3x5 rest", "bench: cannot read '3x5 rest': give one rest, e.g. 'rest 120'"),
        (
            "bench: 3x5 rest 1:75",
            "bench: cannot read '3x5 rest 1:75': '1:75' has more than 59 seconds",
        ),
        (
            "bench: 3x5 rest 2h",
            "bench: cannot read '3x5 rest 2h': rest is seconds, minutes or minutes:seconds "
            "(got '2h')",
        ),
        (
            "bench: 3x5 rest 61m",
            "bench: cannot read '3x5 rest 61m': rest must be at most 3600 seconds (got 3660)",
        ),
        ("bench: 3x5 heavy", f"bench: cannot read '3x5 heavy': unexpected 'heavy'; {SPEC_FORM}"),
        ("bench: 15x2, 10x2", "bench: at most 20 sets per exercise (got 25)"),
    ],
)
def test_refusals_name_the_part_and_the_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_lift(text, "kg")
    assert str(caught.value) == message


def test_describe_folds_identical_neighbours_and_reads_back() -> None:
    text = "1x5 @8, 3x5 140kg @72% rest 150, 2x8-12, 3x5+ 100kg"
    sets = parse_sets_spec(text, "kg")
    assert describe_sets(sets, "kg") == text
    assert parse_sets_spec(describe_sets(sets, "kg"), "kg") == sets


def test_describe_shows_weights_in_the_lifters_unit() -> None:
    sets = (TargetSet(5, 5, weight_kg=102.05828325), TargetSet(5, 5, weight_kg=102.05828325))
    assert describe_sets(sets, "lb") == "2x5 225lb"
    assert describe_sets(sets, "kg") == "2x5 102.06kg"


def test_sets_that_differ_are_separate_groups() -> None:
    sets = (TargetSet(5, 5, weight_kg=100.0), TargetSet(5, 5, weight_kg=95.0), TargetSet(5, 5))
    assert describe_sets(sets, "kg") == "1x5 100kg, 1x5 95kg, 1x5"
