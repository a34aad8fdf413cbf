"""Plate loading with limited inventories, and warm-up ramps in kg and lb."""

from __future__ import annotations

import pytest

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.plates import (
    DEFAULT_BAR_KG,
    DEFAULT_BAR_LB,
    DEFAULT_PLATES_KG,
    DEFAULT_PLATES_LB,
    PlateLoad,
    WarmupSet,
    load_plates,
    nearest_loadable,
    smallest_increment,
    warmup_ramp,
)

KG = DEFAULT_PLATES_KG
LB = DEFAULT_PLATES_LB


def test_defaults() -> None:
    assert DEFAULT_BAR_KG == 20.0
    assert DEFAULT_PLATES_KG == {25: 8, 20: 2, 15: 2, 10: 2, 5: 2, 2.5: 2, 1.25: 2}
    assert DEFAULT_BAR_LB == 45.0
    assert DEFAULT_PLATES_LB == {45: 8, 35: 2, 25: 2, 10: 2, 5: 2, 2.5: 2}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (20, PlateLoad(20.0, (), True)),
        (60, PlateLoad(60.0, (20.0,), True)),
        (100, PlateLoad(100.0, (25.0, 15.0), True)),
        (102.5, PlateLoad(102.5, (25.0, 15.0, 1.25), True)),
        (140, PlateLoad(140.0, (25.0, 25.0, 10.0), True)),
        (101, PlateLoad(100.0, (25.0, 15.0), False)),  # 100 is 1 away, 102.5 is 1.5
        (101.25, PlateLoad(100.0, (25.0, 15.0), False)),  # tie between 100 and 102.5: lighter
        (102, PlateLoad(102.5, (25.0, 15.0, 1.25), False)),
        # Heaviest possible: 20 + 2 * (4*25 + 20 + 15 + 10 + 5 + 2.5 + 1.25) = 327.5
        (400, PlateLoad(327.5, (25.0, 25.0, 25.0, 25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25), False)),
        (10, PlateLoad(20.0, (), False)),
        (0, PlateLoad(20.0, (), False)),
    ],
)
def test_load_plates_default_kg(target: float, expected: PlateLoad) -> None:
    assert load_plates(target, 20, KG) == expected


def test_greedy_would_fail() -> None:
    # Per side 20 kg from one 15 and two 10s: greedy takes the 15, then nothing fits (15 -> 50).
    assert load_plates(60, 20, {15: 2, 10: 4}) == PlateLoad(60.0, (10.0, 10.0), True)


def test_greedy_would_fail_three_pairs() -> None:
    # 25 per side from one 20, 15 and 10: greedy takes the 20, then nothing fits (-> 60);
    # 15 + 10 makes it exactly.
    assert load_plates(70, 20, {20: 2, 15: 2, 10: 2}) == PlateLoad(70.0, (15.0, 10.0), True)


def test_odd_plate_counts_use_pairs_only() -> None:
    # Three 25s give one per side; the odd one stays on the rack.
    assert load_plates(120, 20, {25: 3}) == PlateLoad(70.0, (25.0,), False)
    # A single plate cannot be loaded at all.
    assert load_plates(60, 20, {20: 1}) == PlateLoad(20.0, (), False)


def test_prefers_fewer_plates_for_equal_totals() -> None:
    # 20 per side as one 20 rather than two 10s.
    assert load_plates(60, 20, {20: 2, 10: 4}) == PlateLoad(60.0, (20.0,), True)


def test_empty_inventory_and_no_bar() -> None:
    assert load_plates(60, 20, {}) == PlateLoad(20.0, (), False)
    assert load_plates(10, 0, {5: 2}) == PlateLoad(10.0, (5.0,), True)


def test_load_plates_lb() -> None:
    assert load_plates(225, 45, LB) == PlateLoad(225.0, (45.0, 45.0), True)
    assert load_plates(315, 45, LB) == PlateLoad(315.0, (45.0, 45.0, 45.0), True)
    # 180 = 45 + 2 * 67.5 and 67.5 needs 35 + 25 + 5 + 2.5 (no 22.5 to add to a 45).
    assert load_plates(180, 45, LB) == PlateLoad(180.0, (35.0, 25.0, 5.0, 2.5), True)
    # 90: per side 22.5 is impossible; 17.5 (80 total) or 25 (95 total): 95 is nearer.
    assert load_plates(90, 45, LB) == PlateLoad(95.0, (25.0,), False)


def test_fractional_plates_sum_cleanly() -> None:
    assert load_plates(20.6, 20, {0.1: 6}) == PlateLoad(20.6, (0.1, 0.1, 0.1), True)


def test_nearest_loadable() -> None:
    assert nearest_loadable(101, 20, KG) == 100.0
    assert nearest_loadable(103, 20, KG) == 102.5
    assert nearest_loadable(5, 20, KG) == 20.0
    assert nearest_loadable(92, 45, LB) == 95.0


@pytest.mark.parametrize(
    ("inventory", "increment"),
    [
        (KG, 2.5),
        (LB, 5.0),
        ({25: 2, 0.5: 1, 1.25: 4}, 2.5),  # a single 0.5 cannot be loaded on both sides
        ({20: 2}, 40.0),
    ],
)
def test_smallest_increment(inventory: dict[float, int], increment: float) -> None:
    assert smallest_increment(inventory) == increment


@pytest.mark.parametrize("inventory", [{}, {20: 1}, {20: 0, 10: 1}])
def test_smallest_increment_needs_pairs(inventory: dict[float, int]) -> None:
    with pytest.raises(InvalidInput, match="no plates owned in pairs"):
        smallest_increment(inventory)


@pytest.mark.parametrize(
    ("bar", "inventory", "target", "message"),
    [
        (-20, KG, 60, "bar weight must be 0 or more (got -20)"),
        (20, {0: 2}, 60, "plate weights must be positive (got 0)"),
        (20, {-5: 2}, 60, "plate weights must be positive (got -5)"),
        (20, {5: -2}, 60, "plate counts must be whole numbers >= 0 (got -2)"),
        (20, KG, float("nan"), "target weight must be a number (got nan)"),
    ],
)
def test_load_plates_rejects(
    bar: float, inventory: dict[float, int], target: float, message: str
) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        load_plates(target, bar, inventory)
    assert str(excinfo.value) == message


# --- warm-up ramps ---------------------------------------------------------------------------


def test_warmup_kg_five_reps() -> None:
    assert warmup_ramp(100, 20, KG) == [
        WarmupSet(20.0, 10),
        WarmupSet(40.0, 5),
        WarmupSet(60.0, 3),
        WarmupSet(80.0, 2),
    ]


def test_warmup_kg_heavy_triple() -> None:
    # 40 % = 56 -> 55 (57.5 is further); 60 % = 84 -> 85; 80 % = 112 -> 112.5, as a single.
    assert warmup_ramp(140, 20, KG, working_reps=3) == [
        WarmupSet(20.0, 10),
        WarmupSet(55.0, 5),
        WarmupSet(85.0, 3),
        WarmupSet(112.5, 1),
    ]


def test_warmup_lb() -> None:
    # 40 % = 90 -> 95; 60 % = 135; 80 % = 180.
    assert warmup_ramp(225, 45, LB) == [
        WarmupSet(45.0, 10),
        WarmupSet(95.0, 5),
        WarmupSet(135.0, 3),
        WarmupSet(180.0, 2),
    ]


def test_warmup_lb_heavy_single() -> None:
    # 40 % = 126 -> 125; 60 % = 189 -> 190; 80 % = 252 -> 250 (255 is 3 away).
    assert warmup_ramp(315, 45, LB, working_reps=1) == [
        WarmupSet(45.0, 10),
        WarmupSet(125.0, 5),
        WarmupSet(190.0, 3),
        WarmupSet(250.0, 1),
    ]


def test_warmup_light_working_weight_drops_duplicates() -> None:
    # 40 % = 12 and 60 % = 18 both round to the bar and are dropped; 80 % = 24 -> 25.
    assert warmup_ramp(30, 20, KG) == [WarmupSet(20.0, 10), WarmupSet(25.0, 2)]
    # 40 % = 18 -> bar (dropped), 60 % = 27 -> 27.5, 80 % = 36 -> 35.
    assert warmup_ramp(45, 20, KG) == [
        WarmupSet(20.0, 10),
        WarmupSet(27.5, 3),
        WarmupSet(35.0, 2),
    ]


def test_warmup_never_reaches_working_weight() -> None:
    # With only 20s, 80 % of 60 (48) rounds to 60 itself and is dropped.
    assert warmup_ramp(60, 20, {20: 2}) == [WarmupSet(20.0, 10)]


@pytest.mark.parametrize("working", [20, 15, 0])
def test_warmup_empty_at_or_below_bar(working: float) -> None:
    assert warmup_ramp(working, 20, KG) == []


@pytest.mark.parametrize(("working", "reps"), [(62.5, 8), (182.5, 2), (250, 5), (97.5, 1)])
def test_warmup_invariants(working: float, reps: int) -> None:
    ramp = warmup_ramp(working, 20, KG, working_reps=reps)
    weights = [s.weight for s in ramp]
    assert weights[0] == 20.0
    assert weights == sorted(set(weights))
    assert all(w < working for w in weights)
    assert all(load_plates(w, 20, KG).exact for w in weights)
