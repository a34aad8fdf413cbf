"""Set notation: every accepted form, every rejected one, set types and validators."""

from __future__ import annotations

import pytest

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.notation import (
    ACCEPTED_FORMS,
    MAX_REPS,
    MAX_WEIGHT_KG,
    SET_TYPES,
    SetSpec,
    parse_set_type,
    parse_sets,
    validate_reps,
    validate_rpe,
    validate_weight_kg,
)


def test_constants() -> None:
    assert SET_TYPES == ("warmup", "working", "drop", "cluster", "rest_pause", "failure", "amrap")
    assert MAX_WEIGHT_KG == 1000.0
    assert MAX_REPS == 1000
    assert ACCEPTED_FORMS == (
        "accepted forms: 100x5, 100x5@8, 100x5@8.5, 100x5x3 (3 sets), 225lbx5, "
        "102.5kg x 3 @9, bw x 12, bw+20x8"
    )


# --- set types -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *[(name, name) for name in SET_TYPES],
        ("WORKING", "working"),
        (" amrap ", "amrap"),
        ("w", "warmup"),
        ("warm-up", "warmup"),
        ("warm up", "warmup"),
        ("Warm Up", "warmup"),
        ("d", "drop"),
        ("dropset", "drop"),
        ("f", "failure"),
        ("rp", "rest_pause"),
        ("rest-pause", "rest_pause"),
        ("rest pause", "rest_pause"),
        ("normal", "working"),
    ],
)
def test_parse_set_type(text: str, expected: str) -> None:
    assert parse_set_type(text) == expected


@pytest.mark.parametrize("text", ["", "x", "superset", "warm"])
def test_parse_set_type_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        parse_set_type(text)
    message = str(excinfo.value)
    assert f"'{text}'" in message
    assert "warmup, working, drop, cluster, rest_pause, failure, amrap" in message


# --- validators ------------------------------------------------------------------------------


@pytest.mark.parametrize("kg", [0, 0.0, 0.5, 102.5, 1000, 1000.0])
def test_validate_weight_accepts(kg: float) -> None:
    assert validate_weight_kg(kg) == kg


@pytest.mark.parametrize(
    ("kg", "shown"),
    [(-0.5, "-0.5"), (1000.5, "1000.5"), (float("inf"), "inf"), (float("nan"), "nan")],
)
def test_validate_weight_rejects(kg: float, shown: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_weight_kg(kg)
    assert str(excinfo.value) == f"weight must be between 0 and 1000 kg (got {shown} kg)"


@pytest.mark.parametrize("reps", [1, 5, 1000])
def test_validate_reps_accepts(reps: int) -> None:
    assert validate_reps(reps) == reps


@pytest.mark.parametrize("reps", [0, -1, 1001])
def test_validate_reps_rejects(reps: int) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_reps(reps)
    assert str(excinfo.value) == f"reps must be a whole number between 1 and 1000 (got {reps})"


@pytest.mark.parametrize("rpe", [1, 1.5, 6, 8, 8.5, 9.5, 10])
def test_validate_rpe_accepts(rpe: float) -> None:
    assert validate_rpe(rpe) == rpe


@pytest.mark.parametrize(
    ("rpe", "shown"),
    [(8.3, "8.3"), (0.5, "0.5"), (0, "0"), (10.5, "10.5"), (11, "11"), (float("nan"), "nan")],
)
def test_validate_rpe_rejects(rpe: float, shown: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_rpe(rpe)
    assert str(excinfo.value) == f"RPE must be between 1 and 10 in steps of 0.5 (got {shown})"


# --- parse_sets: accepted forms --------------------------------------------------------------


def kg(weight: float, reps: int, rpe: float | None = None, count: int = 1) -> SetSpec:
    return SetSpec(weight=weight, unit="kg", reps=reps, rpe=rpe, count=count)


def lb(weight: float, reps: int, rpe: float | None = None, count: int = 1) -> SetSpec:
    return SetSpec(weight=weight, unit="lb", reps=reps, rpe=rpe, count=count)


def bw(added: float, reps: int, rpe: float | None = None, count: int = 1) -> SetSpec:
    return SetSpec(weight=added, unit="kg", reps=reps, rpe=rpe, count=count, bodyweight=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100x5", [kg(100, 5)]),
        ("100x5@8", [kg(100, 5, 8)]),
        ("100x5@8.5", [kg(100, 5, 8.5)]),
        ("100x5x3", [kg(100, 5, count=3)]),
        ("100x5x3@9", [kg(100, 5, 9, count=3)]),
        ("225lbx5", [lb(225, 5)]),
        ("225lbsx5", [lb(225, 5)]),
        ("225LB x 5", [lb(225, 5)]),
        ("102.5kg x 3 @9", [kg(102.5, 3, 9)]),
        ("102.5 kg x 3 @ 9", [kg(102.5, 3, 9)]),
        ("102.5KGS×3", [kg(102.5, 3)]),
        ("100X5", [kg(100, 5)]),
        ("100×5", [kg(100, 5)]),
        ("100 × 5 × 2", [kg(100, 5, count=2)]),
        ("bw x 12", [bw(0, 12)]),
        ("BW×12", [bw(0, 12)]),
        ("bw+20x8", [bw(20, 8)]),
        ("bw + 20 x 8", [bw(20, 8)]),
        ("bw+20kg x 8 x 3 @ 9.5", [bw(20, 8, 9.5, count=3)]),
        ("5x100", [kg(5, 100)]),  # read as written, never swapped
        ("0x5", [kg(0, 5)]),
        ("1000x1", [kg(1000, 1)]),
        ("100x1000", [kg(100, 1000)]),
        ("100x5x20", [kg(100, 5, count=20)]),
        ("100x5@1", [kg(100, 5, 1)]),
        ("100x5@10", [kg(100, 5, 10)]),
        ("100x5 110x3 120x1@9", [kg(100, 5), kg(110, 3), kg(120, 1, 9)]),
        ("100x5,110x3", [kg(100, 5), kg(110, 3)]),
        ("100x5, 110x3 ,  120x1", [kg(100, 5), kg(110, 3), kg(120, 1)]),
        ("  100x5  ", [kg(100, 5)]),
        ("100x5,5x3", [kg(100, 5), kg(5, 3)]),
    ],
)
def test_parse_sets_accepts(text: str, expected: list[SetSpec]) -> None:
    assert parse_sets(text, "kg") == expected


def test_parse_sets_argv_tokens() -> None:
    assert parse_sets(["102.5", "kg", "x", "3", "@", "9", "110x2"], "kg") == [
        kg(102.5, 3, 9),
        kg(110, 2),
    ]
    assert parse_sets(["bw", "+", "20", "x", "8"], "lb") == [
        SetSpec(weight=20, unit="lb", reps=8, bodyweight=True)
    ]


def test_default_unit_applies_only_without_unit() -> None:
    assert parse_sets("225x5 100kgx3 bw+10x5", "lb") == [
        lb(225, 5),
        kg(100, 3),
        SetSpec(weight=10, unit="lb", reps=5, bodyweight=True),
    ]


def test_default_rpe_applies_only_without_at() -> None:
    assert parse_sets("100x5 100x5@9.5", "kg", default_rpe=8) == [kg(100, 5, 8), kg(100, 5, 9.5)]


def test_default_rpe_is_validated() -> None:
    with pytest.raises(InvalidInput, match=r"RPE must be between 1 and 10 in steps of 0\.5"):
        parse_sets("100x5", "kg", default_rpe=8.3)


def test_weight_kg() -> None:
    assert parse_sets("225lbx5", "kg")[0].weight_kg == 102.05828325
    assert parse_sets("102.5x3", "lb")[0].weight_kg == 102.5 * 0.45359237
    assert parse_sets("bw x 12", "kg")[0].weight_kg == 0.0
    assert parse_sets("bw+20x8", "kg")[0].weight_kg == 20.0


# --- parse_sets: rejected forms --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "token", "reason"),
    [
        ("100x5x3x2", "100x5x3x2", "expected WEIGHTxREPS[xSETS][@RPE]"),
        ("x5", "x5", "missing weight before 'x'"),
        ("100x", "100x", "missing reps after 'x'"),
        ("100x5@", "100x5@", "missing RPE after '@'"),
        ("@8", "@8", "RPE needs a set before it"),
        ("100kgkg x5", "100kgkg x5", "expected WEIGHTxREPS[xSETS][@RPE]"),
        ("abc", "abc", "expected WEIGHTxREPS[xSETS][@RPE]"),
        ("100", "100", "expected WEIGHTxREPS[xSETS][@RPE]"),
        ("-100x5", "-100x5", "negative numbers are not allowed"),
        ("100x-5", "100x-5", "negative numbers are not allowed"),
        ("bw-20x8", "bw-20x8", "negative numbers are not allowed"),
        ("100x5@-8", "100x5@-8", "negative numbers are not allowed"),
        ("100x0", "100x0", "reps must be a whole number between 1 and 1000 (got 0)"),
        ("100x1001", "100x1001", "reps must be a whole number between 1 and 1000 (got 1001)"),
        ("100x5.5", "100x5.5", "expected WEIGHTxREPS[xSETS][@RPE]"),
        ("100x5@11", "100x5@11", "RPE must be between 1 and 10 in steps of 0.5 (got 11)"),
        ("100x5@8.3", "100x5@8.3", "RPE must be between 1 and 10 in steps of 0.5 (got 8.3)"),
        ("100x5@0", "100x5@0", "RPE must be between 1 and 10 in steps of 0.5 (got 0)"),
        ("100x5x0", "100x5x0", "number of sets must be between 1 and 20"),
        ("100x5x21", "100x5x21", "number of sets must be between 1 and 20"),
        ("1000.5x1", "1000.5x1", "weight must be between 0 and 1000 kg (got 1000.5 kg)"),
        ("2300lbx5", "2300lbx5", "weight must be between 0 and 2204.62 lb (got 2300 lb)"),
        ("102,5x3", "102,5x3", "use '.' for decimals (102.5, not 102,5)"),
        ("102,5 x 3", "102,5", "use '.' for decimals (102.5, not 102,5)"),
        ("100x5,5", "100x5,5", "use '.' for decimals (102.5, not 102,5)"),
        ("100x5 abc", "abc", "expected WEIGHTxREPS[xSETS][@RPE]"),
        ("100x5 8", "8", "expected WEIGHTxREPS[xSETS][@RPE]"),
        ("100x5 kg", "100x5 kg", "expected WEIGHTxREPS[xSETS][@RPE]"),
        ("100x5 110x3@11", "110x3@11", "RPE must be between 1 and 10 in steps of 0.5 (got 11)"),
        ("100st x5", "100st x5", "expected WEIGHTxREPS[xSETS][@RPE]"),
        ("bwx", "bwx", "missing reps after 'x'"),
        ("1e3x5", "1e3x5", "expected WEIGHTxREPS[xSETS][@RPE]"),
    ],
)
def test_parse_sets_rejects(text: str, token: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        parse_sets(text, "kg")
    assert str(excinfo.value) == f"invalid set '{token}': {reason}; {ACCEPTED_FORMS}"


@pytest.mark.parametrize("text", ["", "   ", ",", " , ,", []])
def test_parse_sets_rejects_empty(text: str | list[str]) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        parse_sets(text, "kg")
    assert str(excinfo.value) == f"no sets given; {ACCEPTED_FORMS}"
