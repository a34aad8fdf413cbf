"""Anomalies: a set that is implausible for this athlete on this exercise, most likely a typo.

Rules (docs/METRICS.md gives the reasoning); a first-ever set is never an anomaly:

- weight_jump: the weight is at least 5x the top weight of the last session and at least 20 kg
  more (an extra digit or a slipped decimal point makes 10x: 1000 typed for 100).
- e1rm_jump: with at least 3 earlier sessions, the set's e1RM is more than 25 % over the best
  e1RM of earlier days (also catches pounds typed as kilograms, 2.2x).
- reps_for_load: over 12 reps (where no e1RM is estimated) at 50 % or more of the best e1RM,
  more than 3x the reps Brzycki allows at that load, and at least twice the most reps ever done
  in one set of the exercise (100 x 55 typed for 100 x 5).
- reps_jump: a bodyweight set (no load to judge) with at least 3x and 10 more reps than the
  most ever done in one set of the exercise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from halterofit_tui.domain.strength import MAX_E1RM_REPS, E1rmFormula, estimate_1rm
from halterofit_tui.domain.units import Unit, format_number, format_weight

WEIGHT_JUMP_RATIO: Final = 5.0
WEIGHT_JUMP_MIN_KG: Final = 20.0
E1RM_JUMP_RATIO: Final = 1.25
# One dumbbell step is 25-50 % of a light isolation load; a typo on anything heavier adds more.
E1RM_JUMP_MIN_KG: Final = 10.0
MIN_SESSIONS: Final = 3  # earlier sessions before e1RM and rep judgements
MIN_LOAD_SHARE: Final = 0.5  # reps_for_load judges loads from this share of the best e1RM
REPS_FOR_LOAD_FACTOR: Final = 3.0
REPS_OVER_MOST_RATIO: Final = 2.0
REPS_JUMP_RATIO: Final = 3.0
REPS_JUMP_MIN_EXTRA: Final = 10


@dataclass(frozen=True, slots=True)
class NewSet:
    weight_kg: float  # the added load for bodyweight sets
    reps: int
    is_bodyweight: bool = False
    rpe: float | None = None
    unit: Unit = "kg"  # the unit it was typed in: messages speak it


@dataclass(frozen=True, slots=True)
class ExercisePast:
    """The athlete's record on the exercise before the day of the new set."""

    sessions: int  # earlier days with at least one non-warm-up set
    last_top_kg: float | None = None  # heaviest set of the latest of those days
    best_e1rm_kg: float | None = None  # best e1RM of their (confirmed) sets
    most_reps: int | None = None  # most reps in one of their sets


@dataclass(frozen=True, slots=True)
class Anomaly:
    code: str  # "weight_jump" | "e1rm_jump" | "reps_for_load" | "reps_jump"
    message: str
    value: float
    threshold: float


def find_anomalies(
    new: NewSet, past: ExercisePast, formula: E1rmFormula = "brzycki"
) -> tuple[Anomaly, ...]:
    """Why `new` looks implausible given `past`, in rule order; () when it looks fine."""
    if past.sessions < 1:
        return ()
    found: list[Anomaly] = []
    top = past.last_top_kg
    if (
        top is not None
        and top > 0
        and new.weight_kg >= WEIGHT_JUMP_RATIO * top
        and new.weight_kg - top >= WEIGHT_JUMP_MIN_KG
    ):
        ratio = new.weight_kg / top
        found.append(
            Anomaly(
                "weight_jump",
                f"{format_weight(new.weight_kg, new.unit)} is {format_number(ratio, 1)}x last "
                f"session's {format_weight(top, new.unit)}",
                ratio,
                WEIGHT_JUMP_RATIO,
            )
        )
    enough = past.sessions >= MIN_SESSIONS
    best = past.best_e1rm_kg
    if enough and best is not None and best > 0 and not new.is_bodyweight:
        e1rm = estimate_1rm(new.weight_kg, new.reps, formula, new.rpe)
        if e1rm is not None and e1rm > E1RM_JUMP_RATIO * best and e1rm - best >= E1RM_JUMP_MIN_KG:
            found.append(
                Anomaly(
                    "e1rm_jump",
                    f"e1RM {format_weight(e1rm, new.unit)} is "
                    f"{format_number((e1rm / best - 1) * 100, 0)}% over your best "
                    f"{format_weight(best, new.unit)}",
                    e1rm / best,
                    E1RM_JUMP_RATIO,
                )
            )
        share = new.weight_kg / best
        most = past.most_reps
        if new.reps > MAX_E1RM_REPS and share >= MIN_LOAD_SHARE:
            # Brzycki solved for reps: the most reps a lifter with this best does at this load.
            possible = max(1.0, 37.0 - 36.0 * share)
            limit = REPS_FOR_LOAD_FACTOR * possible
            # An e1RM from low-rep sets can undersell a lifter who always trains high reps;
            # their own longest set is the second witness.
            unheard = most is None or new.reps >= REPS_OVER_MOST_RATIO * most
            if new.reps > limit and unheard:
                record = "" if most is None else f", and your most in one set is {most}"
                found.append(
                    Anomaly(
                        "reps_for_load",
                        f"{new.reps} reps at {format_weight(new.weight_kg, new.unit)} "
                        f"({format_number(share * 100, 0)}% of your best e1RM): about "
                        f"{format_number(possible, 0)} would be a max{record}",
                        new.reps,
                        limit,
                    )
                )
    most = past.most_reps
    if (
        enough
        and new.is_bodyweight
        and most is not None
        and most > 0
        and new.reps >= REPS_JUMP_RATIO * most
        and new.reps - most >= REPS_JUMP_MIN_EXTRA
    ):
        found.append(
            Anomaly(
                "reps_jump",
                f"{new.reps} reps is {format_number(new.reps / most, 1)}x your most in one set "
                f"({most})",
                new.reps / most,
                REPS_JUMP_RATIO,
            )
        )
    return tuple(found)
