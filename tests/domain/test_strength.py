"""Strength maths against hand-computed values."""

from __future__ import annotations

import typing

import pytest

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.strength import (
    E1RM_FORMULAS,
    MAX_E1RM_REPS,
    E1rmFormula,
    estimate_1rm,
    parse_formula,
    relative_intensity,
    reps_in_reserve,
    rpe_percentage,
    volume_load,
)


def test_constants() -> None:
    assert E1RM_FORMULAS == ("brzycki", "epley", "lombardi", "mayhew", "oconner", "wathan", "rpe")
    assert typing.get_args(E1rmFormula) == E1RM_FORMULAS
    assert MAX_E1RM_REPS == 12


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        *[(name, name) for name in E1RM_FORMULAS],
        ("Brzycki", "brzycki"),
        (" EPLEY ", "epley"),
        ("O'Conner", "oconner"),
        ("oconnor", "oconner"),
        ("RPE", "rpe"),
    ],
)
def test_parse_formula(text: str, formula: E1rmFormula) -> None:
    assert parse_formula(text) == formula


@pytest.mark.parametrize("text", ["", "lander", "bryzcki"])
def test_parse_formula_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        parse_formula(text)
    assert str(excinfo.value) == (
        f"unknown e1RM formula '{text}': "
        "use one of brzycki, epley, lombardi, mayhew, oconner, wathan, rpe"
    )


# Hand computations (100 kg):
#   Brzycki  100*36/(37-5) = 3600/32 = 112.5;  3600/33 = 109.0909...;  3600/25 = 144
#   Epley    100*(1+5/30) = 116.666...;         100*(1+12/30) = 140
#   Lombardi 100*5**0.1 = 117.4619...;          100*12**0.1 = 128.2089...
#   Mayhew   10000/(52.2+41.9*e^-0.275) = 119.0107...; r=12: 10000/(52.2+41.9*e^-0.66) = 135.3985
#   O'Conner 100*(1+0.025*5) = 112.5;           100*(1+0.3) = 130
#   Wathan   10000/(48.8+53.8*e^-0.375) = 116.5825...; r=12: 10000/(48.8+53.8*e^-0.9) = 141.4959
@pytest.mark.parametrize(
    ("formula", "reps", "expected"),
    [
        ("brzycki", 5, 112.5),
        ("brzycki", 4, 109.0909),
        ("brzycki", 12, 144.0),
        ("epley", 5, 116.6667),
        ("epley", 12, 140.0),
        ("lombardi", 5, 117.4619),
        ("lombardi", 12, 128.2089),
        ("mayhew", 5, 119.0107),
        ("mayhew", 12, 135.3985),
        ("oconner", 5, 112.5),
        ("oconner", 12, 130.0),
        ("wathan", 5, 116.5825),
        ("wathan", 12, 141.4959),
    ],
)
def test_estimate_1rm_formulas(formula: E1rmFormula, reps: int, expected: float) -> None:
    result = estimate_1rm(100, reps, formula)
    assert result is not None
    assert round(result, 4) == expected


def test_brzycki_is_default_and_exact() -> None:
    assert estimate_1rm(100, 5) == 112.5
    assert estimate_1rm(140, 3) == 140 * 36 / 34


@pytest.mark.parametrize("formula", E1RM_FORMULAS)
def test_single_is_its_own_max(formula: E1rmFormula) -> None:
    assert estimate_1rm(142.5, 1, formula) == 142.5


@pytest.mark.parametrize("formula", E1RM_FORMULAS)
@pytest.mark.parametrize(("weight", "reps"), [(100, 13), (100, 0), (100, -1), (0, 5), (-10, 5)])
def test_no_estimate(formula: E1rmFormula, weight: float, reps: int) -> None:
    assert estimate_1rm(weight, reps, formula) is None


@pytest.mark.parametrize(
    ("weight", "reps", "rpe", "expected"),
    [
        (100, 5, 8, 123.3046),  # 5 + 2 RIR = 7 effective reps -> 0.811
        (100, 1, 8, 108.4599),  # a single at RPE 8 -> 0.922
        (100, 1, 10, 100.0),
        (100, 3, 10, 108.4599),  # 0.922
        (100, 5, 9.5, 117.6471),  # 0.850
        (100, 8, 6, 147.0588),  # 12 effective reps -> 0.680, last chart value used
        (140, 4, 7.5, 169.9029),  # 4 + 2.5 RIR = 6.5 effective reps -> 0.824
    ],
)
def test_estimate_1rm_rpe(weight: float, reps: int, rpe: float, expected: float) -> None:
    result = estimate_1rm(weight, reps, "rpe", rpe)
    assert result is not None
    assert round(result, 4) == expected


@pytest.mark.parametrize(
    ("reps", "rpe"),
    [
        (5, None),  # no RPE
        (5, 5.5),  # below the chart
        (9, 6),  # 9 + 4 RIR = 13 effective reps > 12
        (11, 8),  # 11 + 2 = 13
        (12, 9.5),  # 12.5
    ],
)
def test_estimate_1rm_rpe_falls_back_to_brzycki(reps: int, rpe: float | None) -> None:
    assert estimate_1rm(100, reps, "rpe", rpe) == 100 * 36 / (37 - reps)


def test_estimate_1rm_rpe_rejects_off_grid_rpe() -> None:
    with pytest.raises(InvalidInput):
        estimate_1rm(100, 5, "rpe", 8.3)
    with pytest.raises(InvalidInput):
        estimate_1rm(100, 1, "rpe", 10.5)


def test_other_formulas_ignore_rpe() -> None:
    assert estimate_1rm(100, 5, "brzycki", 8) == 112.5


RTS_CHART = {
    # reps:  RPE 10, 9.5,   9,     8.5,   8,     7.5,   7,     6.5,   6
    1: (1.000, 0.978, 0.955, 0.939, 0.922, 0.907, 0.892, 0.878, 0.863),
    2: (0.955, 0.939, 0.922, 0.907, 0.892, 0.878, 0.863, 0.850, 0.837),
    3: (0.922, 0.907, 0.892, 0.878, 0.863, 0.850, 0.837, 0.824, 0.811),
    4: (0.892, 0.878, 0.863, 0.850, 0.837, 0.824, 0.811, 0.799, 0.786),
    5: (0.863, 0.850, 0.837, 0.824, 0.811, 0.799, 0.786, 0.774, 0.762),
    6: (0.837, 0.824, 0.811, 0.799, 0.786, 0.774, 0.762, 0.751, 0.739),
    7: (0.811, 0.799, 0.786, 0.774, 0.762, 0.751, 0.739, 0.723, 0.707),
    8: (0.786, 0.774, 0.762, 0.751, 0.739, 0.723, 0.707, 0.694, 0.680),
    9: (0.762, 0.751, 0.739, 0.723, 0.707, 0.694, 0.680, 0.667, 0.653),
    10: (0.739, 0.723, 0.707, 0.694, 0.680, 0.667, 0.653, 0.640, 0.626),
    11: (0.707, 0.694, 0.680, 0.667, 0.653, 0.640, 0.626, 0.613, 0.599),
    12: (0.680, 0.667, 0.653, 0.640, 0.626, 0.613, 0.599, 0.586, 0.572),
}
CHART_RPES = (10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5, 6)


@pytest.mark.parametrize("reps", sorted(RTS_CHART))
def test_rpe_percentage_full_chart(reps: int) -> None:
    assert tuple(rpe_percentage(reps, rpe) for rpe in CHART_RPES) == RTS_CHART[reps]


@pytest.mark.parametrize(
    ("reps", "rpe"),
    [(0, 8), (13, 8), (-1, 10), (5, 5.5), (5, 1), (5, 10.5), (5, 8.3), (5, float("nan"))],
)
def test_rpe_percentage_rejects(reps: int, rpe: float) -> None:
    with pytest.raises(InvalidInput):
        rpe_percentage(reps, rpe)


def test_rpe_percentage_messages() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        rpe_percentage(13, 8)
    assert str(excinfo.value) == "the RPE chart covers 1 to 12 reps (got 13)"
    with pytest.raises(InvalidInput) as excinfo:
        rpe_percentage(5, 5.5)
    assert str(excinfo.value) == "the RPE chart covers RPE 6 to 10 in steps of 0.5 (got 5.5)"


@pytest.mark.parametrize(("rpe", "rir"), [(10, 0), (9.5, 0.5), (8, 2), (6, 4), (1, 9)])
def test_reps_in_reserve(rpe: float, rir: float) -> None:
    assert reps_in_reserve(rpe) == rir


def test_volume_load() -> None:
    assert volume_load(100, 5) == 500
    assert volume_load(102.5, 3) == 307.5
    assert volume_load(0, 12) == 0  # plain bodyweight set: no external load
    assert volume_load(20, 8) == 160  # bw+20: only the added 20 kg counts


@pytest.mark.parametrize(
    ("weight", "reference", "expected"),
    [
        (100, 125, 0.8),
        (90, 120, 0.75),
        (150, 125, 1.2),
        (100, None, None),
        (100, 0, None),
        (100, -5, None),
        (0, 125, None),
        (-10, 125, None),
    ],
)
def test_relative_intensity(weight: float, reference: float | None, expected: float | None) -> None:
    assert relative_intensity(weight, reference) == expected
