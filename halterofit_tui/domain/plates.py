"""Plate calculator and warm-up ramp.

Unit-agnostic: bar, plates and targets just have to share one unit (kg or lb); callers convert.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from halterofit_tui.domain.errors import InvalidInput

DEFAULT_BAR_KG: Final = 20.0
# Plate weight -> plates owned in total; each side of the bar gets count // 2.
DEFAULT_PLATES_KG: Final[dict[float, int]] = {
    25: 8,
    20: 2,
    15: 2,
    10: 2,
    5: 2,
    2.5: 2,
    1.25: 2,
}
DEFAULT_BAR_LB: Final = 45.0
DEFAULT_PLATES_LB: Final[dict[float, int]] = {45: 8, 35: 2, 25: 2, 10: 2, 5: 2, 2.5: 2}

# Sums are compared as integers in millionths so 1.25 + 2.5 style sums dedupe exactly.
_SCALE: Final = 1_000_000
_DECIMALS: Final = 6
_EPSILON: Final = 1e-9

WARMUP_BAR_REPS: Final = 10
# (fraction of the working weight, reps) for the loaded warm-ups, lightest first.
WARMUP_STEPS: Final = ((0.4, 5), (0.6, 3), (0.8, 2))
# At 3 reps or fewer the working set is heavy: keep the last warm-up to a single.
HEAVY_WORKING_REPS: Final = 3


@dataclass(frozen=True)
class PlateLoad:
    """A loadable bar: the `total` weight and the plates on each side, heaviest first."""

    total: float
    per_side: tuple[float, ...]
    exact: bool


@dataclass(frozen=True)
class WarmupSet:
    """One warm-up set."""

    weight: float
    reps: int


def _check_inventory(inventory: Mapping[float, int]) -> list[tuple[float, int]]:
    """Validated (plate, pairs) for plates owned at least in pairs, heaviest first."""
    pairs: list[tuple[float, int]] = []
    for plate, count in inventory.items():
        if not math.isfinite(plate) or plate <= 0:
            raise InvalidInput(f"plate weights must be positive (got {plate:g})")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidInput(f"plate counts must be whole numbers >= 0 (got {count!r})")
        if count >= 2:
            pairs.append((float(plate), count // 2))
    return sorted(pairs, reverse=True)


def _check_bar(bar: float) -> None:
    if not math.isfinite(bar) or bar < 0:
        raise InvalidInput(f"bar weight must be 0 or more (got {bar:g})")


def _fewer_or_heavier(candidate: tuple[float, ...], current: tuple[float, ...]) -> bool:
    """Among equal sums prefer fewer plates, then heavier plates (less to load)."""
    return (len(candidate), tuple(-p for p in candidate)) < (
        len(current),
        tuple(-p for p in current),
    )


def _side_loads(pairs: list[tuple[float, int]]) -> dict[int, tuple[float, ...]]:
    """Every reachable per-side sum (scaled) with its preferred plates, heaviest first.

    A bounded subset-sum over the distinct sums: exact where greedy is not (with limited plates
    greedy can miss a load), and small because home inventories are small.
    """
    reachable: dict[int, tuple[float, ...]] = {0: ()}
    for plate, available in pairs:
        step = round(plate * _SCALE)
        extended = dict(reachable)
        for subtotal, combo in reachable.items():
            for n in range(1, available + 1):
                key = subtotal + n * step
                candidate = combo + (plate,) * n
                current = extended.get(key)
                if current is None or _fewer_or_heavier(candidate, current):
                    extended[key] = candidate
        reachable = extended
    return reachable


def load_plates(target: float, bar: float, inventory: Mapping[float, int]) -> PlateLoad:
    """The loadable total nearest to `target` (ties go to the lighter) with the owned plates.

    A target at or below the bar gives the bare bar (exact only when equal); a target above
    what the plates allow gives the heaviest load possible.
    """
    if not math.isfinite(target):
        raise InvalidInput(f"target weight must be a number (got {target})")
    _check_bar(bar)
    pairs = _check_inventory(inventory)
    if target <= bar:
        return PlateLoad(total=float(bar), per_side=(), exact=abs(target - bar) <= _EPSILON)
    best: tuple[float, float, tuple[float, ...]] | None = None
    for combo in _side_loads(pairs).values():
        total = round(bar + 2 * math.fsum(combo), _DECIMALS)
        # Rounded distance so float noise cannot break a genuine tie.
        rank = (round(abs(total - target), _DECIMALS), total, combo)
        if best is None or rank[:2] < best[:2]:
            best = rank
    assert best is not None  # the empty combo is always reachable
    distance, total, combo = best
    return PlateLoad(total=total, per_side=combo, exact=distance <= _EPSILON)


def nearest_loadable(target: float, bar: float, inventory: Mapping[float, int]) -> float:
    """The total of `load_plates`: the nearest weight these plates can make."""
    return load_plates(target, bar, inventory).total


def smallest_increment(inventory: Mapping[float, int]) -> float:
    """The smallest jump these plates allow: a pair of the lightest plate owned in pairs."""
    pairs = _check_inventory(inventory)
    if not pairs:
        raise InvalidInput("no plates owned in pairs: add at least two of one plate")
    return 2 * pairs[-1][0]


def warmup_ramp(
    working_weight: float,
    bar: float,
    inventory: Mapping[float, int],
    working_reps: int = 5,
) -> list[WarmupSet]:
    """A warm-up ramp up to `working_weight`.

    Scheme: the empty bar for 10, then about 40 % x 5, 60 % x 3 and 80 % x 2 of the working
    weight (80 % x 1 when the working set is 3 reps or fewer, to save energy for it). Each
    weight is the nearest loadable one; any that is not strictly heavier than the previous set
    or not strictly lighter than the working weight is dropped, so light working weights get
    shorter ramps. Empty when the working weight is not above the bar.
    """
    _check_bar(bar)
    if not math.isfinite(working_weight) or working_weight <= bar:
        return []
    heavy = working_reps <= HEAVY_WORKING_REPS
    ramp = [WarmupSet(weight=float(bar), reps=WARMUP_BAR_REPS)]
    for step, (fraction, reps) in enumerate(WARMUP_STEPS, start=1):
        weight = nearest_loadable(fraction * working_weight, bar, inventory)
        if ramp[-1].weight < weight < working_weight:
            top_step = step == len(WARMUP_STEPS)
            ramp.append(WarmupSet(weight=weight, reps=1 if heavy and top_step else reps))
    return ramp
