"""Strength maths: estimated one-rep max (e1RM), the RTS RPE chart, volume and intensity.

All weights are kilograms; these functions never round, callers round for display.
"""

from __future__ import annotations

import math
from typing import Final, Literal

from halterofit_tui.domain.errors import InvalidInput

E1rmFormula = Literal["brzycki", "epley", "lombardi", "mayhew", "oconner", "wathan", "rpe"]
E1RM_FORMULAS: Final = ("brzycki", "epley", "lombardi", "mayhew", "oconner", "wathan", "rpe")

# Rep-based formulas degrade quickly past a dozen reps; beyond that an estimate misleads.
MAX_E1RM_REPS: Final = 12

_FORMULA_ALIASES: Final[dict[str, E1rmFormula]] = {
    "brzycki": "brzycki",
    "epley": "epley",
    "lombardi": "lombardi",
    "mayhew": "mayhew",
    "oconner": "oconner",
    "oconnor": "oconner",
    "wathan": "wathan",
    "rpe": "rpe",
    "rts": "rpe",
}

MIN_CHART_RPE: Final = 6.0
MAX_CHART_RPE: Final = 10.0

# The RTS (Mike Tuchscherer) chart depends only on "effective reps" = reps + reps in reserve.
# Entry i is the fraction of 1RM for 1 + i/2 effective reps (1, 1.5, 2, ..., 16), which covers
# reps 1..12 at RPE 6..10. Past 12 effective reps the published chart continues the trend in
# steps of ~1.35 points per half rep; the corner cell (12 @ 6) is 57.2 in most transcriptions.
_RTS_BY_EFFECTIVE_REPS: Final = (
    1.000, 0.978, 0.955, 0.939, 0.922, 0.907, 0.892, 0.878, 0.863, 0.850,
    0.837, 0.824, 0.811, 0.799, 0.786, 0.774, 0.762, 0.751, 0.739, 0.723,
    0.707, 0.694, 0.680, 0.667, 0.653, 0.640, 0.626, 0.613, 0.599, 0.586,
    0.572,
)  # fmt: skip


def parse_formula(text: str) -> E1rmFormula:
    """Return the e1RM formula named by `text` (case-insensitive; "o'connor" is accepted)."""
    key = text.strip().lower().replace("'", "").replace("’", "").replace(" ", "")
    formula = _FORMULA_ALIASES.get(key)
    if formula is None:
        raise InvalidInput(
            f"unknown e1RM formula '{text.strip()}': use one of {', '.join(E1RM_FORMULAS)}"
        )
    return formula


def reps_in_reserve(rpe: float) -> float:
    """Reps left in the tank at `rpe` (RPE 8 = 2 in reserve)."""
    return 10 - rpe


def rpe_percentage(reps: int, rpe: float) -> float:
    """Fraction of 1RM that `reps` at `rpe` represents, from the RTS chart.

    Valid for reps 1..12 and RPE 6..10 in steps of 0.5; anything else raises InvalidInput.
    """
    if isinstance(reps, bool) or not isinstance(reps, int) or not 1 <= reps <= MAX_E1RM_REPS:
        raise InvalidInput(f"the RPE chart covers 1 to {MAX_E1RM_REPS} reps (got {reps})")
    if not (
        math.isfinite(rpe) and MIN_CHART_RPE <= rpe <= MAX_CHART_RPE and float(rpe * 2).is_integer()
    ):
        raise InvalidInput(f"the RPE chart covers RPE 6 to 10 in steps of 0.5 (got {rpe:g})")
    effective = reps + reps_in_reserve(rpe)
    # Exact: effective is a multiple of 0.5, so the index is a whole number.
    index = int((effective - 1) * 2)
    if index < len(_RTS_BY_EFFECTIVE_REPS):
        return _RTS_BY_EFFECTIVE_REPS[index]
    # Unreachable with the bounds above; kept so widening them extends the chart linearly.
    last_step = _RTS_BY_EFFECTIVE_REPS[-1] - _RTS_BY_EFFECTIVE_REPS[-2]
    return _RTS_BY_EFFECTIVE_REPS[-1] + last_step * (index - len(_RTS_BY_EFFECTIVE_REPS) + 1)


def _brzycki(weight_kg: float, reps: int) -> float:
    return weight_kg * 36 / (37 - reps)


def estimate_1rm(
    weight_kg: float,
    reps: int,
    formula: E1rmFormula = "brzycki",
    rpe: float | None = None,
) -> float | None:
    """Estimated one-rep max for `reps` at `weight_kg`, or None when no estimate makes sense.

    None when the weight is not positive or reps are outside 1..MAX_E1RM_REPS. A single is its
    own 1RM for every rep-based formula. Brzycki is the default (the seed database's trigger uses
    it). "rpe" divides by the RTS chart fraction, so a single at RPE 8 estimates above the weight;
    it falls back to Brzycki when `rpe` is None, below 6, or reps + reps in reserve exceed 12 (the
    chart's reliable range). An RPE above 10 or off the 0.5 grid raises InvalidInput.
    """
    if not math.isfinite(weight_kg) or weight_kg <= 0 or not 1 <= reps <= MAX_E1RM_REPS:
        return None
    if formula == "rpe":
        if rpe is None or rpe < MIN_CHART_RPE or reps + reps_in_reserve(rpe) > MAX_E1RM_REPS:
            return _brzycki(weight_kg, reps)
        return weight_kg / rpe_percentage(reps, rpe)
    if reps == 1:
        return float(weight_kg)
    if formula == "brzycki":
        return _brzycki(weight_kg, reps)
    if formula == "epley":
        return weight_kg * (1 + reps / 30)
    if formula == "lombardi":
        return weight_kg * math.pow(reps, 0.10)
    if formula == "mayhew":
        return 100 * weight_kg / (52.2 + 41.9 * math.exp(-0.055 * reps))
    if formula == "oconner":
        return weight_kg * (1 + 0.025 * reps)
    if formula == "wathan":
        return 100 * weight_kg / (48.8 + 53.8 * math.exp(-0.075 * reps))
    raise InvalidInput(f"unknown e1RM formula '{formula}': use one of {', '.join(E1RM_FORMULAS)}")


def volume_load(weight_kg: float, reps: int) -> float:
    """Tonnage of one set: weight × reps.

    For bodyweight sets pass only the external (added) load: the lifter's bodyweight is not
    recorded per set, so counting it would invent numbers.
    """
    return weight_kg * reps


def relative_intensity(weight_kg: float, reference_e1rm: float | None) -> float | None:
    """`weight_kg` as a fraction of a reference e1RM; None without a usable reference."""
    if reference_e1rm is None or reference_e1rm <= 0 or weight_kg <= 0:
        return None
    return weight_kg / reference_e1rm
