"""What to lift next: the next set from the plan, the sets already done and today's readiness.

Everything is in the lifter's unit (the kit's): callers convert from the stored kilograms.

How the next set is found (first rule that applies):
1. RPE: a target RPE is known and a set with an RPE was logged today. Its weight, reps and RPE
   give an e1RM through the RTS chart (e1RM = weight / chart(reps, RPE)); the next weight is
   e1RM x chart(target reps, target RPE), rounded to what the bar and plates can make.
2. Plan: the planned set gives its weight.
3. Double progression (a planned rep range lo-hi): if every working set of the last session
   reached hi at one weight, that weight plus the smallest loadable step, aiming for lo; else
   the same weight as that set last session, aiming for its reps + 1 (at most hi).
4. RPE from the last session: a planned RPE and a set with an RPE last session (rule 1's maths).
5. Repeat: today's last set, else the same set of the last session.

The target comes from the planned set (reps, RPE); without a plan, the reps of the last set and
the RPE the lifter opened today's session with, so a set that drifted to a higher RPE is followed
by a lighter one. A low readiness check-in then takes load off (and, on a poor day, the last
planned set), except when the weight came from today's sets: their RPE already says how the day
is going, and taking off again would count the same fatigue twice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal, TypeAlias

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.plates import (
    HEAVY_WORKING_REPS,
    WARMUP_STEPS,
    PlateLoad,
    WarmupSet,
    load_plates,
    nearest_loadable,
    smallest_increment,
    warmup_ramp,
)
from halterofit_tui.domain.programs import Loading, PlateKit
from halterofit_tui.domain.strength import rpe_percentage
from halterofit_tui.domain.units import Unit, format_number

Basis: TypeAlias = Literal["rpe", "plan", "double_progression", "repeat"]


@dataclass(frozen=True)
class ReadinessRule:
    """Below `below` (0-100 check-in score): multiply the load by `load_factor`, and drop the
    last planned working set when `drop_set`."""

    below: float
    load_factor: float
    drop_set: bool


# The score scales every answer to 0 (worst) .. 1 (best), so 50 is a middling day: answering 3
# everywhere with 7 h of sleep gives 57.5 and changes nothing. Under 50 more answers lean bad
# than good: 5 % off, about 1.5 RPE points at 5 reps on the RTS chart, keeps the set's effort
# where it was planned. Under 40 (all 2s with 6 h of sleep give 35) the day is poor: 10 % off and
# one set fewer, so the session still happens but costs less recovery. Strictest rule first.
READINESS_RULES: Final = (
    ReadinessRule(below=40.0, load_factor=0.90, drop_set=True),
    ReadinessRule(below=50.0, load_factor=0.95, drop_set=False),
)

_EPSILON: Final = 1e-9


@dataclass(frozen=True)
class DoneSet:
    """A working set already lifted: weight (added load for bodyweight), reps and RPE."""

    weight: float
    reps: int
    rpe: float | None = None


@dataclass(frozen=True)
class PlannedTarget:
    """The next planned set of the exercise. `working_index` is its 1-based place among the
    exercise's planned working sets, `working_count` how many there are."""

    reps_min: int
    reps_max: int
    weight: float | None = None
    rpe: float | None = None
    amrap: bool = False
    warmup: bool = False
    set_number: int = 1
    working_index: int = 1
    working_count: int = 1


@dataclass(frozen=True)
class SuggestionInput:
    """Everything the next set depends on; `today` and `previous` hold working sets in order."""

    kit: PlateKit
    loading: Loading = "barbell"
    bodyweight: bool = False
    today: tuple[DoneSet, ...] = ()
    previous: tuple[DoneSet, ...] = ()
    planned: PlannedTarget | None = None
    readiness: float | None = None


@dataclass(frozen=True)
class ReadinessAdjustment:
    score: float
    rule: ReadinessRule
    before: float  # the weight before the adjustment
    after: float


@dataclass(frozen=True)
class Suggestion:
    weight: float
    reps: int
    rpe: float | None
    unit: Unit
    basis: Basis
    reasons: tuple[str, ...]
    bodyweight: bool = False
    amrap: bool = False
    readiness: ReadinessAdjustment | None = None
    skip: bool = False  # a poor readiness day: this last planned set may be left out

    @property
    def text(self) -> str:
        """'97.5 kg x 5 @8', 'bw+10 kg x 8', '100 kg x 5+'."""
        reps = f"{self.reps}+" if self.amrap else str(self.reps)
        rpe = f" @{format_number(self.rpe, 1)}" if self.rpe is not None else ""
        return f"{load_text(self.weight, self.unit, self.bodyweight)} x {reps}{rpe}"

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def load_text(weight: float, unit: Unit, bodyweight: bool = False) -> str:
    """'100 kg', 'bw', 'bw+10 kg'."""
    shown = f"{format_number(weight)} {unit}"
    if bodyweight:
        return "bw" if weight <= _EPSILON else f"bw+{shown}"
    return shown


def load_step(loading: Loading, kit: PlateKit) -> float:
    """The smallest jump: a pair of the lightest plates, or the dumbbell/machine step."""
    if loading == "barbell":
        try:
            return smallest_increment(kit.plates)
        except InvalidInput:
            return kit.step
    return kit.step


def round_load(
    weight: float, loading: Loading, kit: PlateKit, *, bodyweight: bool = False
) -> float:
    """The nearest weight the kit can make (ties to the lighter). Added load on bodyweight
    exercises goes in steps from zero; other steps never round down to nothing."""
    if loading == "barbell" and not bodyweight:
        return nearest_loadable(weight, kit.bar, kit.plates)
    steps = math.floor(weight / kit.step + 0.5 - _EPSILON)
    return round(max(0 if bodyweight else 1, steps) * kit.step, 6)


def chart_fraction(reps: int, rpe: float | None) -> float | None:
    """The RTS chart's fraction of 1RM, or None outside it (RPE below 6, over 12 reps...)."""
    if rpe is None:
        return None
    try:
        return rpe_percentage(reps, rpe)
    except InvalidInput:
        return None


def weight_for_rpe(
    done: DoneSet, reps: int, rpe: float, *, loading: Loading, kit: PlateKit, where: str
) -> tuple[float, str] | None:
    """(weight for `reps` @ `rpe`, reason) from the e1RM `done` shows on the RTS chart; None
    when either is off the chart."""
    done_fraction = chart_fraction(done.reps, done.rpe)
    target_fraction = chart_fraction(reps, rpe)
    if done_fraction is None or target_fraction is None or done.weight <= 0:
        return None
    e1rm = done.weight / done_fraction
    weight = round_load(e1rm * target_fraction, loading, kit)
    assert done.rpe is not None
    unit = kit.unit
    reason = (
        f"{where} {load_text(done.weight, unit)} x {done.reps} @{format_number(done.rpe, 1)}"
        f" → e1RM {format_number(e1rm, 1)} {unit}; {reps} @{format_number(rpe, 1)}"
        f" → {load_text(weight, unit)}"
    )
    return weight, reason


def double_progression(
    previous: Sequence[DoneSet],
    reps_min: int,
    reps_max: int,
    index: int,
    *,
    loading: Loading,
    kit: PlateKit,
    bodyweight: bool = False,
) -> tuple[float, int, str] | None:
    """(weight, reps to aim for, reason) for the working set at 0-based `index`, from the last
    session's working sets; None without a last session."""
    if not previous:
        return None
    unit = kit.unit
    span = f"range {reps_min}-{reps_max}"
    first = previous[0].weight
    same_weight = all(abs(s.weight - first) <= _EPSILON for s in previous)
    if same_weight and all(s.reps >= reps_max for s in previous):
        step = load_step(loading, kit)
        heavier = round_load(first + step, loading, kit, bodyweight=bodyweight)
        if heavier <= first + _EPSILON:
            heavier = round_load(first + 2 * step, loading, kit, bodyweight=bodyweight)
        reason = (
            f"last session every set reached {reps_max} at {load_text(first, unit, bodyweight)}"
            f" → {load_text(heavier, unit, bodyweight)}, aim for {reps_min} ({span})"
        )
        return heavier, reps_min, reason
    reference = previous[min(index, len(previous) - 1)]
    reps = min(reps_max, max(reps_min, reference.reps + 1))
    reason = (
        f"last session set {min(index, len(previous) - 1) + 1}: "
        f"{load_text(reference.weight, unit, bodyweight)} x {reference.reps}"
        f" → same weight, aim for {reps} ({span})"
    )
    return reference.weight, reps, reason


def readiness_rule(score: float | None) -> ReadinessRule | None:
    """The strictest rule whose threshold the score is under, or None (no check-in, fine day)."""
    if score is None:
        return None
    return next((rule for rule in READINESS_RULES if score < rule.below), None)


def _lighter(
    weight: float, factor: float, loading: Loading, kit: PlateKit, bodyweight: bool
) -> float:
    """`weight` x `factor`, loadable and lighter than `weight` when the kit allows it."""
    lighter = round_load(weight * factor, loading, kit, bodyweight=bodyweight)
    if lighter >= weight - _EPSILON:
        step = load_step(loading, kit)
        lighter = round_load(weight - step, loading, kit, bodyweight=bodyweight)
    return min(lighter, weight)


def _adjust_for_readiness(suggestion: Suggestion, data: SuggestionInput) -> Suggestion:
    rule = readiness_rule(data.readiness)
    if rule is None or data.readiness is None:
        return suggestion
    after = _lighter(suggestion.weight, rule.load_factor, data.loading, data.kit, data.bodyweight)
    off = round((1 - rule.load_factor) * 100)
    score = format_number(data.readiness, 1)
    unit = data.kit.unit
    if after < suggestion.weight - _EPSILON:
        change = (
            f"{off} % lighter: {load_text(suggestion.weight, unit, data.bodyweight)}"
            f" → {load_text(after, unit, data.bodyweight)}"
        )
    else:
        change = f"already the lightest load, {load_text(after, unit, data.bodyweight)}"
    planned = data.planned
    skip = (
        rule.drop_set
        and planned is not None
        and planned.working_count >= 2
        and planned.working_index >= planned.working_count
    )
    note = f"readiness {score} (under {format_number(rule.below)}): {change}"
    if skip:
        note += "; leave out this last planned set"
    return replace(
        suggestion,
        weight=after,
        reasons=(*suggestion.reasons, note),
        readiness=ReadinessAdjustment(data.readiness, rule, suggestion.weight, after),
        skip=skip,
    )


def _target(data: SuggestionInput) -> tuple[int, float | None] | None:
    """Reps and RPE to aim for: the plan's, else the last set's reps at today's opening RPE."""
    if data.planned is not None:
        return data.planned.reps_min, data.planned.rpe
    if data.today:
        opening = next((s.rpe for s in data.today if s.rpe is not None), None)
        return data.today[-1].reps, opening
    if data.previous:
        return data.previous[0].reps, data.previous[0].rpe
    return None


def _weight(
    data: SuggestionInput,
    reps: int,
    rpe: float | None,
    progression: tuple[float, int, str] | None,
) -> tuple[float, Basis, str, bool] | None:
    """(weight, basis, reason, whether today's sets gave it) by the module docstring's rules."""
    planned, kit, loading = data.planned, data.kit, data.loading
    index = len(data.today)
    if rpe is not None and data.today and not data.bodyweight:
        found = weight_for_rpe(
            data.today[-1], reps, rpe, loading=loading, kit=kit, where="last set"
        )
        if found is not None:
            return found[0], "rpe", found[1], True
    if planned is not None and planned.weight is not None:
        shown = load_text(planned.weight, kit.unit, data.bodyweight)
        return planned.weight, "plan", f"planned set {planned.set_number}: {shown}", False
    if progression is not None:
        return progression[0], "double_progression", progression[2], False
    if planned is not None and rpe is not None and not data.bodyweight:
        last_with_rpe = next((s for s in reversed(data.previous) if s.rpe is not None), None)
        if last_with_rpe is not None:
            found = weight_for_rpe(
                last_with_rpe, reps, rpe, loading=loading, kit=kit, where="last session"
            )
            if found is not None:
                return found[0], "rpe", found[1], False
    if data.today:
        return data.today[-1].weight, "repeat", "same as the last set", True
    if data.previous:
        place = min(index, len(data.previous) - 1)
        reason = f"as set {place + 1} last session"
        return data.previous[place].weight, "repeat", reason, False
    return None


def _planned_warmup(planned: PlannedTarget, data: SuggestionInput) -> Suggestion | None:
    """A planned warm-up is done as planned: readiness and progression are for working sets."""
    if planned.weight is None:
        return None
    shown = load_text(planned.weight, data.kit.unit, data.bodyweight)
    return Suggestion(
        weight=planned.weight,
        reps=planned.reps_min,
        rpe=planned.rpe,
        unit=data.kit.unit,
        basis="plan",
        reasons=(f"planned warm-up, set {planned.set_number}: {shown}",),
        bodyweight=data.bodyweight,
    )


def loading_for(equipment: Sequence[str]) -> Loading:
    """Barbell lifts load a bar with plates; everything else moves in the kit's fixed steps."""
    return "barbell" if "barbell" in equipment else "steps"


def suggest_next_set(data: SuggestionInput) -> Suggestion | None:
    """The next working set with the reasons behind it (see the module docstring), or None when
    there is neither a planned weight nor a set to go on."""
    planned = data.planned
    if planned is not None and planned.warmup:
        return _planned_warmup(planned, data)
    target = _target(data)
    if target is None:
        return None
    reps, rpe = target
    progression: tuple[float, int, str] | None = None
    if planned is not None and planned.reps_max > planned.reps_min:
        progression = double_progression(
            data.previous,
            planned.reps_min,
            planned.reps_max,
            len(data.today),
            loading=data.loading,
            kit=data.kit,
            bodyweight=data.bodyweight,
        )
        if progression is not None:
            reps = progression[1]
    found = _weight(data, reps, rpe, progression)
    if found is None:
        return None
    weight, basis, reason, from_today = found
    suggestion = Suggestion(
        weight=weight,
        reps=reps,
        rpe=rpe,
        unit=data.kit.unit,
        basis=basis,
        reasons=(reason,),
        bodyweight=data.bodyweight,
        amrap=planned is not None and planned.amrap,
    )
    return suggestion if from_today else _adjust_for_readiness(suggestion, data)


# --- loading aids for the set logger: plates per side and warm-up sets ----------------------


@dataclass(frozen=True)
class PlateAdvice:
    """How to load `target` with the kit, and what is missing when it cannot be made."""

    target: float
    load: PlateLoad
    heaviest: float  # the most the kit can make
    missing: str | None


def plate_advice(target: float, kit: PlateKit) -> PlateAdvice:
    """Plates per side for `target`, and in words what stops it being loaded exactly."""
    load = load_plates(target, kit.bar, kit.plates)
    heaviest = round(kit.bar + 2 * math.fsum(w * (c // 2) for w, c in kit.plates.items()), 6)
    unit = kit.unit
    missing: str | None = None
    if load.exact:
        missing = None
    elif target < kit.bar:
        missing = f"lighter than the empty bar ({load_text(kit.bar, unit)})"
    elif target > heaviest + _EPSILON:
        per_side = (target - heaviest) / 2
        missing = (
            f"your plates make at most {load_text(heaviest, unit)}: "
            f"{load_text(per_side, unit)} more per side needed"
        )
    else:
        difference = load.total - target
        sign = "+" if difference > 0 else "-"
        missing = (
            f"not loadable exactly with your plates: nearest {load_text(load.total, unit)}"
            f" ({sign}{load_text(abs(difference), unit)})"
        )
    return PlateAdvice(target, load, heaviest, missing)


def warmup_sets(
    working_weight: float, loading: Loading, kit: PlateKit, working_reps: int | None = None
) -> list[WarmupSet]:
    """A ramp up to the first working set: the bar ramp of `domain.plates` for a barbell; for
    dumbbells and machines the same percentages in the kit's steps (no empty-bar set). Without
    `working_reps` the working set is taken as not heavy (more than 3 reps)."""
    heavy = working_reps is not None and working_reps <= HEAVY_WORKING_REPS
    if loading == "barbell":
        if working_reps is None:
            return warmup_ramp(working_weight, kit.bar, kit.plates)
        return warmup_ramp(working_weight, kit.bar, kit.plates, working_reps)
    ramp: list[WarmupSet] = []
    for step, (fraction, reps) in enumerate(WARMUP_STEPS, start=1):
        weight = round_load(fraction * working_weight, loading, kit)
        heavier_than_last = not ramp or weight > ramp[-1].weight + _EPSILON
        if heavier_than_last and weight < working_weight - _EPSILON:
            top_step = step == len(WARMUP_STEPS)
            ramp.append(WarmupSet(weight=weight, reps=1 if heavy and top_step else reps))
    return ramp
