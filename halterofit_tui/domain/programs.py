"""Training programmes: the model and the progression engine.

A programme is weeks × sessions × lifts. A lift either follows a *progression* (a named track of
one exercise with one rule: linear, double, stages, training_max or rpe) or is done at a weight
the lifter chooses. The progression keeps one number: a working weight (linear, double, stages),
a training max (training_max) or an estimated 1RM (rpe).

All weights are kilograms, in documents and in state. Only generation converts to the lifter's
unit and rounds to what their bar and plates (or their dumbbell and machine steps) can make.
Everything here is pure and deterministic; `ProgramState.as_dict` is plain JSON. Programme
documents (JSON) become `Program`s, validated, in `domain.program_loader`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal, TypeAlias

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.plates import (
    DEFAULT_BAR_KG,
    DEFAULT_BAR_LB,
    DEFAULT_PLATES_KG,
    DEFAULT_PLATES_LB,
    nearest_loadable,
    smallest_increment,
)
from halterofit_tui.domain.strength import (
    MAX_CHART_RPE,
    MAX_E1RM_REPS,
    MIN_CHART_RPE,
    rpe_percentage,
)
from halterofit_tui.domain.units import Unit, from_kg, to_kg

FORMAT_VERSION: Final = 1

Level: TypeAlias = Literal["beginner", "intermediate", "advanced"]
# barbell: bar plus pairs of plates; steps: dumbbells, cable stacks and machines in fixed steps.
Loading: TypeAlias = Literal["barbell", "steps"]
# What the lifter gives when starting: a weight they can lift now, a training max, or a 1RM.
StartGiven: TypeAlias = Literal["weight", "training_max", "one_rep_max"]
# How a planned weight was found: a percentage of the progression's number, the RPE chart from
# the estimated 1RM, a percentage of today's top-set e1RM, or not at all (the lifter chooses).
Basis: TypeAlias = Literal["value", "rpe_chart", "backoff", "free"]

MAX_START_KG: Final = 1000.0
DEFAULT_DELOAD_PERCENT: Final = 10.0
# A logged weight this close under the planned one counts as the planned weight (unit rounding).
WEIGHT_TOLERANCE_KG: Final = 0.01
DEFAULT_STEP: Final[dict[str, float]] = {"kg": 2.5, "lb": 5.0}

_EPSILON: Final = 1e-9


# --- the programme model ------------------------------------------------------------------


@dataclass(frozen=True)
class LinearRule:
    """Add `increment_kg` after every successful session; repeat the weight after a failure and
    take `deload_percent` off after `deload_after_failures` failures in a row.

    With `amrap_reps_to_progress`, weight goes up only once an AMRAP set reaches that many reps
    (GZCLP's T3); below it, with every set's reps done, the weight is simply repeated.
    """

    increment_kg: float
    deload_after_failures: int | None = None
    deload_percent: float = DEFAULT_DELOAD_PERCENT
    amrap_reps_to_progress: int | None = None


@dataclass(frozen=True)
class DoubleRule:
    """Rep ranges: stay at a weight until every set reaches the top of its range, then add
    `increment_kg` and start again from the bottom. A set under the bottom of its range is a
    failure; `deload_after_failures` failures in a row take `deload_percent` off."""

    increment_kg: float
    deload_after_failures: int | None = None
    deload_percent: float = DEFAULT_DELOAD_PERCENT


@dataclass(frozen=True)
class Stage:
    sets: int
    reps: int
    amrap: bool = False


@dataclass(frozen=True)
class StagesRule:
    """Set-and-rep stages (GZCLP): success adds `increment_kg` and keeps the stage; a failure
    moves to the next stage at the same weight; failing the last stage restarts the first stage,
    either `deload_percent` lighter or at the last first-stage weight plus `restart_increment_kg`.
    """

    stages: tuple[Stage, ...]
    increment_kg: float
    deload_percent: float | None = None
    restart_increment_kg: float | None = None


@dataclass(frozen=True)
class TrainingMaxRule:
    """A training max that changes once per cycle (5/3/1): `increment_kg` more when every set of
    the cycle got its reps, `deload_percent` less when one fell short."""

    increment_kg: float
    deload_percent: float = DEFAULT_DELOAD_PERCENT


@dataclass(frozen=True)
class RpeRule:
    """Autoregulated: the number is an estimated 1RM, replaced after each session by the e1RM of
    the day's top set (RTS chart). Top sets aim at an RPE; back-off sets take a percentage of it.
    """


Rule: TypeAlias = LinearRule | DoubleRule | StagesRule | TrainingMaxRule | RpeRule
# Rules whose number is the weight on the bar: at most one lift per session may follow each.
WorkingWeightRule: TypeAlias = LinearRule | DoubleRule | StagesRule


@dataclass(frozen=True)
class Progression:
    """A named track: one exercise, how it is loaded, what the lifter gives at start, a rule."""

    key: str
    exercise: str
    rule: Rule
    loading: Loading = "barbell"
    given: StartGiven = "weight"
    # The progression's starting number is the given value times this percentage (TM = 90 %).
    start_percent: float = 100.0
    # Optional starts: the first session's weight is the lifter's choice and seeds the track.
    optional: bool = False


@dataclass(frozen=True)
class SetSpec:
    """One prescribed set as written: reps (or a range), and where its weight comes from."""

    reps: int
    reps_max: int | None = None
    amrap: bool = False
    percent: float | None = None
    rpe: float | None = None
    backoff_percent: float | None = None


@dataclass(frozen=True)
class LiftSpec:
    exercise: str
    progression: str | None
    # Empty when a stages progression decides the sets and reps.
    sets: tuple[SetSpec, ...]
    rest_s: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class SessionSpec:
    name: str
    lifts: tuple[LiftSpec, ...]


@dataclass(frozen=True)
class WeekSpec:
    sessions: tuple[SessionSpec, ...]
    # Deload weeks are done as written, and no progression rule looks at them.
    deload: bool = False


@dataclass(frozen=True)
class Program:
    name: str
    description: str
    level: Level
    progressions: dict[str, Progression]
    # Weeks as done, in order: a week written with "repeat": N appears N times.
    weeks: tuple[WeekSpec, ...]
    # Times through the weeks before the programme is complete; None repeats until stopped.
    cycles: int | None = None
    based_on: str | None = None

    @property
    def sessions_per_cycle(self) -> int:
        return sum(len(week.sessions) for week in self.weeks)


@dataclass(frozen=True)
class PlateKit:
    """What the lifter loads with, in their unit: bar, plates (weight -> count owned), and the
    step of dumbbells, cable stacks and machines."""

    unit: Unit
    bar: float
    plates: Mapping[float, int]
    step: float

    @classmethod
    def standard(cls, unit: Unit) -> PlateKit:
        if unit == "lb":
            return cls("lb", DEFAULT_BAR_LB, DEFAULT_PLATES_LB, DEFAULT_STEP["lb"])
        return cls("kg", DEFAULT_BAR_KG, DEFAULT_PLATES_KG, DEFAULT_STEP["kg"])

    @classmethod
    def from_kg(
        cls,
        unit: Unit,
        bar_kg: float,
        plates_kg: Mapping[float, int],
        step: float | None = None,
    ) -> PlateKit:
        """A kit from the profile's kilogram bar and plates (converted back to `unit`).

        The profile keeps a pound kit in kg at 6 decimals (45 lb = 20.411657 kg, which reads
        back as 45.000001 lb); 3 decimals in the unit recover the plate as printed.
        """
        plates = {round(from_kg(weight, unit), 3): count for weight, count in plates_kg.items()}
        chosen_step = DEFAULT_STEP[unit] if step is None else step
        if not math.isfinite(chosen_step) or chosen_step <= 0:
            raise InvalidInput(f"the dumbbell and machine step must be positive (got {step})")
        return cls(unit, round(from_kg(bar_kg, unit), 3), plates, chosen_step)


# --- state ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackState:
    """Where one progression stands: its number (kg; None until an optional start is seeded),
    failures in a row, the current stage, the last first-stage weight, and whether a set fell
    short during this cycle (training maxes)."""

    value_kg: float | None
    failures: int = 0
    stage: int = 0
    first_stage_kg: float | None = None
    missed: bool = False


@dataclass(frozen=True)
class ProgramState:
    """Position (0-based cycle, week and session), sessions done, and each progression's track."""

    cycle: int
    week: int
    session: int
    sessions_done: int
    tracks: dict[str, TrackState]

    def as_dict(self) -> dict[str, object]:
        return {
            "format": FORMAT_VERSION,
            "cycle": self.cycle,
            "week": self.week,
            "session": self.session,
            "sessions_done": self.sessions_done,
            "tracks": {
                key: {
                    "value_kg": track.value_kg,
                    "failures": track.failures,
                    "stage": track.stage,
                    "first_stage_kg": track.first_stage_kg,
                    "missed": track.missed,
                }
                for key, track in sorted(self.tracks.items())
            },
        }

    @classmethod
    def from_dict(cls, data: object, program: Program) -> ProgramState:
        """Read a saved state back, refusing one that does not fit `program`."""
        try:
            return _state_from_dict(data, program)
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidInput(f"the saved programme state is damaged ({error})") from None


# --- planned sessions and results -----------------------------------------------------------


@dataclass(frozen=True)
class PlannedSet:
    """A set to do: reps (the bottom of `reps_max`'s range when there is one), the weight in the
    kit's unit and in kg (None: the lifter chooses), and how the weight was found."""

    reps: int
    reps_max: int | None
    amrap: bool
    rpe: float | None
    basis: Basis
    percent: float | None
    weight: float | None
    weight_kg: float | None


@dataclass(frozen=True)
class PlannedLift:
    exercise: str
    progression: str | None
    sets: tuple[PlannedSet, ...]
    rest_s: int | None
    note: str | None


@dataclass(frozen=True)
class PlannedSession:
    """The next session with concrete weights; cycle, week and day are 1-based for display."""

    name: str
    cycle: int
    week: int
    day: int
    deload: bool
    unit: Unit
    lifts: tuple[PlannedLift, ...]


@dataclass(frozen=True)
class PerformedSet:
    reps: int
    weight_kg: float | None = None
    rpe: float | None = None

    def __post_init__(self) -> None:
        if isinstance(self.reps, bool) or not isinstance(self.reps, int) or self.reps < 0:
            raise InvalidInput(f"reps must be a whole number >= 0 (got {self.reps!r})")
        if self.weight_kg is not None and not (
            math.isfinite(self.weight_kg) and self.weight_kg >= 0
        ):
            raise InvalidInput(f"a weight must be 0 or more (got {self.weight_kg})")
        if self.rpe is not None and not (math.isfinite(self.rpe) and 1 <= self.rpe <= 10):
            raise InvalidInput(f"RPE must be from 1 to 10 (got {self.rpe})")


@dataclass(frozen=True)
class SessionResult:
    """What was done, one tuple of sets per planned lift in order (empty: the lift was skipped,
    which leaves its progression as it was)."""

    lifts: tuple[tuple[PerformedSet, ...], ...]


# --- generation -----------------------------------------------------------------------------


def uses_rpe_chart(spec: SetSpec, rule: Rule) -> bool:
    """A top set: an RPE target on an rpe progression, with no percentage to override it."""
    return (
        isinstance(rule, RpeRule)
        and spec.rpe is not None
        and spec.percent is None
        and spec.backoff_percent is None
    )


def _round_load(weight: float, loading: Loading, kit: PlateKit) -> float:
    """The nearest weight the kit can make (ties go to the lighter), in the kit's unit."""
    if loading == "barbell":
        return nearest_loadable(weight, kit.bar, kit.plates)
    steps = max(1, math.floor(weight / kit.step + 0.5 - _EPSILON))
    return round(steps * kit.step, 6)


def _loading_step(loading: Loading, kit: PlateKit) -> float:
    return smallest_increment(kit.plates) if loading == "barbell" else kit.step


def _increment_in_unit(increment_kg: float, loading: Loading, kit: PlateKit) -> float:
    """An increment made loadable in the lifter's unit: 2.5 kg is 5 lb, 5 kg is 10 lb."""
    raw = from_kg(increment_kg, kit.unit)
    if loading == "barbell":
        rounded = nearest_loadable(kit.bar + raw, kit.bar, kit.plates) - kit.bar
    else:
        rounded = math.floor(raw / kit.step + 0.5 - _EPSILON) * kit.step
    return rounded if rounded > _EPSILON else _loading_step(loading, kit)


def _heavier(current_kg: float, increment_kg: float, loading: Loading, kit: PlateKit) -> float:
    """The next working weight: current plus the increment, loadable, and never the same."""
    current = from_kg(current_kg, kit.unit)
    target = _round_load(current + _increment_in_unit(increment_kg, loading, kit), loading, kit)
    if target <= current + _EPSILON:
        target = _round_load(current + _loading_step(loading, kit), loading, kit)
    return to_kg(target, kit.unit)


def _lighter(current_kg: float, percent_off: float, loading: Loading, kit: PlateKit) -> float:
    current = from_kg(current_kg, kit.unit)
    return to_kg(_round_load(current * (1 - percent_off / 100), loading, kit), kit.unit)


def _loadable_kg(weight_kg: float, loading: Loading, kit: PlateKit) -> float:
    return to_kg(_round_load(from_kg(weight_kg, kit.unit), loading, kit), kit.unit)


def _set_specs(
    lift: LiftSpec, progression: Progression | None, track: TrackState | None
) -> tuple[SetSpec, ...]:
    if progression is not None and track is not None and isinstance(progression.rule, StagesRule):
        stage = progression.rule.stages[track.stage]
        last = stage.sets - 1
        return tuple(
            SetSpec(reps=stage.reps, amrap=stage.amrap and index == last)
            for index in range(stage.sets)
        )
    return lift.sets


def _plan_set(
    spec: SetSpec,
    progression: Progression | None,
    value_kg: float | None,
    kit: PlateKit,
) -> PlannedSet:
    basis: Basis = "free"
    percent: float | None = None
    weight: float | None = None
    if progression is not None and value_kg is not None:
        value = from_kg(value_kg, kit.unit)
        if spec.backoff_percent is not None:
            # Until the top set is logged, today's e1RM is best guessed by the running estimate.
            basis, percent = "backoff", spec.backoff_percent
            raw = value * percent / 100
        elif uses_rpe_chart(spec, progression.rule):
            assert spec.rpe is not None
            basis, raw = "rpe_chart", value * rpe_percentage(spec.reps, spec.rpe)
        else:
            basis, percent = "value", 100.0 if spec.percent is None else spec.percent
            raw = value * percent / 100
        weight = _round_load(raw, progression.loading, kit)
    return PlannedSet(
        reps=spec.reps,
        reps_max=spec.reps_max,
        amrap=spec.amrap,
        rpe=spec.rpe,
        basis=basis,
        percent=percent,
        weight=weight,
        weight_kg=None if weight is None else to_kg(weight, kit.unit),
    )


def _plan_lift(program: Program, state: ProgramState, lift: LiftSpec, kit: PlateKit) -> PlannedLift:
    progression = program.progressions[lift.progression] if lift.progression else None
    track = state.tracks[lift.progression] if lift.progression else None
    value_kg = None if track is None else track.value_kg
    return PlannedLift(
        exercise=lift.exercise,
        progression=lift.progression,
        sets=tuple(
            _plan_set(s, progression, value_kg, kit) for s in _set_specs(lift, progression, track)
        ),
        rest_s=lift.rest_s,
        note=lift.note,
    )


def is_finished(program: Program, state: ProgramState) -> bool:
    return program.cycles is not None and state.cycle >= program.cycles


def start(program: Program, values_kg: Mapping[str, float], kit: PlateKit) -> ProgramState:
    """The state at the first session, from the numbers the lifter gives (kg, per progression:
    a weight, training max or 1RM as each progression's `given` says). Working weights are
    rounded to what the kit can load."""
    unknown = sorted(set(values_kg) - set(program.progressions))
    if unknown:
        raise InvalidInput(
            f"'{program.name}' has no lift called {', '.join(unknown)}: its lifts are "
            f"{', '.join(sorted(program.progressions))}"
        )
    missing = [
        key for key, p in sorted(program.progressions.items())
        if not p.optional and key not in values_kg
    ]  # fmt: skip
    if missing:
        raise InvalidInput(f"'{program.name}' needs a starting value for {', '.join(missing)}")
    tracks: dict[str, TrackState] = {}
    for key, progression in program.progressions.items():
        given = values_kg.get(key)
        if given is None:
            tracks[key] = TrackState(value_kg=None)
            continue
        if not (math.isfinite(given) and 0 < given <= MAX_START_KG):
            raise InvalidInput(f"{key}: a starting value must be above 0 and at most 1000 kg")
        value = given * progression.start_percent / 100
        if isinstance(progression.rule, WorkingWeightRule):
            value = _loadable_kg(value, progression.loading, kit)
        first_stage = value if isinstance(progression.rule, StagesRule) else None
        tracks[key] = TrackState(value_kg=value, first_stage_kg=first_stage)
    return ProgramState(cycle=0, week=0, session=0, sessions_done=0, tracks=tracks)


def next_session(program: Program, state: ProgramState, kit: PlateKit) -> PlannedSession:
    """The session to do next, every weight rounded to the kit."""
    _check_state(program, state)
    if is_finished(program, state):
        raise InvalidInput(f"'{program.name}' is complete: all {program.cycles} cycles are done")
    week = program.weeks[state.week]
    spec = week.sessions[state.session]
    return PlannedSession(
        name=spec.name,
        cycle=state.cycle + 1,
        week=state.week + 1,
        day=state.session + 1,
        deload=week.deload,
        unit=kit.unit,
        lifts=tuple(_plan_lift(program, state, lift, kit) for lift in spec.lifts),
    )


def top_set_e1rm(weight_kg: float, reps: int, rpe: float) -> float | None:
    """The e1RM of a set at an RPE, from the RTS chart; None without reps or weight.

    Past the chart's edges the estimate stays on the safe (lower) side: more than 12 reps count
    as 12, an RPE under 6 counts as 6, and an RPE off the half-point grid is rounded to it.
    """
    if reps < 1 or weight_kg <= 0:
        return None
    chart_rpe = min(MAX_CHART_RPE, max(MIN_CHART_RPE, round(rpe * 2) / 2))
    return weight_kg / rpe_percentage(min(reps, MAX_E1RM_REPS), chart_rpe)


def _day_e1rm(planned: Sequence[PlannedSet], done: Sequence[PerformedSet]) -> float | None:
    """The best e1RM among the performed top sets (sets planned from the RPE chart)."""
    estimates = [
        top_set_e1rm(performed.weight_kg, performed.reps, performed.rpe or target.rpe or 10)
        for target, performed in zip(planned, done, strict=False)
        if target.basis == "rpe_chart" and performed.weight_kg is not None
    ]
    known = [e for e in estimates if e is not None]
    return max(known) if known else None


def adjust_backoffs(
    program: Program,
    session: PlannedSession,
    lift_index: int,
    top_sets: Sequence[PerformedSet],
    kit: PlateKit,
) -> PlannedSession:
    """The session with its back-off sets recomputed from the top set just logged.

    `lift_index` is the lift holding the top set(s); back-off sets of the same progression take
    their percentage of that day's e1RM instead of the running estimate.
    """
    top = session.lifts[lift_index]
    if top.progression is None:
        return session
    e1rm_kg = _day_e1rm(top.sets, top_sets)
    if e1rm_kg is None:
        return session
    progression = program.progressions[top.progression]
    day = from_kg(e1rm_kg, kit.unit)

    def adjusted(planned: PlannedSet) -> PlannedSet:
        if planned.basis != "backoff" or planned.percent is None:
            return planned
        weight = _round_load(day * planned.percent / 100, progression.loading, kit)
        return replace(planned, weight=weight, weight_kg=to_kg(weight, kit.unit))

    lifts = tuple(
        replace(lift, sets=tuple(adjusted(s) for s in lift.sets))
        if index >= lift_index and lift.progression == top.progression
        else lift
        for index, lift in enumerate(session.lifts)
    )
    return replace(session, lifts=lifts)


# --- applying results -----------------------------------------------------------------------


def _set_met(target: PlannedSet, performed: PerformedSet, reps_needed: int) -> bool:
    if performed.reps < reps_needed:
        return False
    if target.weight_kg is None:
        return True
    return (
        performed.weight_kg is not None
        and performed.weight_kg >= target.weight_kg - WEIGHT_TOLERANCE_KG
    )


def _all_met(planned: PlannedLift, done: Sequence[PerformedSet], *, top_of_range: bool) -> bool:
    """Every planned set done with its reps (or the top of its range) at its weight or more."""
    if len(done) < len(planned.sets):
        return False
    return all(
        _set_met(t, d, t.reps_max if top_of_range and t.reps_max is not None else t.reps)
        for t, d in zip(planned.sets, done, strict=False)
    )


def _base_weight(track: TrackState, done: Sequence[PerformedSet]) -> float | None:
    """The weight the rule works from: the track's, or (seeding) the heaviest weight logged."""
    if track.value_kg is not None:
        return track.value_kg
    logged = [s.weight_kg for s in done if s.weight_kg is not None and s.weight_kg > 0]
    return max(logged) if logged else None


def _after_failure(
    track: TrackState,
    base: float,
    rule: LinearRule | DoubleRule,
    loading: Loading,
    kit: PlateKit,
) -> TrackState:
    failures = track.failures + 1
    if rule.deload_after_failures is not None and failures >= rule.deload_after_failures:
        return replace(
            track, value_kg=_lighter(base, rule.deload_percent, loading, kit), failures=0
        )
    return replace(track, value_kg=base, failures=failures)


def _apply_linear(
    progression: Progression,
    rule: LinearRule,
    track: TrackState,
    planned: PlannedLift,
    done: Sequence[PerformedSet],
    *,
    kit: PlateKit,
) -> TrackState:
    base = _base_weight(track, done)
    if base is None:
        return track
    if not _all_met(planned, done, top_of_range=False):
        return _after_failure(track, base, rule, progression.loading, kit)
    if rule.amrap_reps_to_progress is not None:
        amrap_reps = [d.reps for t, d in zip(planned.sets, done, strict=False) if t.amrap]
        if max(amrap_reps, default=0) < rule.amrap_reps_to_progress:
            return replace(track, value_kg=base, failures=0)
    return replace(
        track, value_kg=_heavier(base, rule.increment_kg, progression.loading, kit), failures=0
    )


def _apply_double(
    progression: Progression,
    rule: DoubleRule,
    track: TrackState,
    planned: PlannedLift,
    done: Sequence[PerformedSet],
    *,
    kit: PlateKit,
) -> TrackState:
    base = _base_weight(track, done)
    if base is None:
        return track
    if _all_met(planned, done, top_of_range=True):
        heavier = _heavier(base, rule.increment_kg, progression.loading, kit)
        return replace(track, value_kg=heavier, failures=0)
    if not _all_met(planned, done, top_of_range=False):
        return _after_failure(track, base, rule, progression.loading, kit)
    return replace(track, value_kg=base, failures=0)


def _apply_stages(
    progression: Progression,
    rule: StagesRule,
    track: TrackState,
    planned: PlannedLift,
    done: Sequence[PerformedSet],
    *,
    kit: PlateKit,
) -> TrackState:
    base = _base_weight(track, done)
    if base is None:
        return track
    first_stage = base if track.stage == 0 else track.first_stage_kg
    if _all_met(planned, done, top_of_range=False):
        heavier = _heavier(base, rule.increment_kg, progression.loading, kit)
        return replace(track, value_kg=heavier, first_stage_kg=first_stage)
    if track.stage + 1 < len(rule.stages):
        return replace(track, value_kg=base, stage=track.stage + 1, first_stage_kg=first_stage)
    if rule.deload_percent is not None:
        restart = _lighter(base, rule.deload_percent, progression.loading, kit)
    else:
        assert rule.restart_increment_kg is not None
        restart = _heavier(
            first_stage if first_stage is not None else base,
            rule.restart_increment_kg,
            progression.loading,
            kit,
        )
    return replace(track, value_kg=restart, stage=0, first_stage_kg=restart)


def _apply_rpe(
    track: TrackState, lifts: Sequence[tuple[PlannedLift, Sequence[PerformedSet]]]
) -> TrackState:
    estimates = [_day_e1rm(planned.sets, done) for planned, done in lifts]
    known = [e for e in estimates if e is not None]
    return replace(track, value_kg=max(known)) if known else track


def _apply_progression(
    progression: Progression,
    track: TrackState,
    lifts: Sequence[tuple[PlannedLift, Sequence[PerformedSet]]],
    kit: PlateKit,
) -> TrackState:
    rule = progression.rule
    if isinstance(rule, TrainingMaxRule):
        short = any(not _all_met(planned, done, top_of_range=False) for planned, done in lifts)
        return replace(track, missed=track.missed or short)
    if isinstance(rule, RpeRule):
        return _apply_rpe(track, lifts)
    # Validation allows one lift per session on a weight-based progression.
    planned, done = lifts[0]
    if isinstance(rule, LinearRule):
        return _apply_linear(progression, rule, track, planned, done, kit=kit)
    if isinstance(rule, DoubleRule):
        return _apply_double(progression, rule, track, planned, done, kit=kit)
    return _apply_stages(progression, rule, track, planned, done, kit=kit)


def _end_cycle(
    program: Program, tracks: dict[str, TrackState], kit: PlateKit
) -> dict[str, TrackState]:
    """Training maxes move once a cycle: up by the increment, or down after a short set."""
    ended = dict(tracks)
    for key, progression in program.progressions.items():
        rule, track = progression.rule, tracks[key]
        if not isinstance(rule, TrainingMaxRule) or track.value_kg is None:
            continue
        if track.missed:
            value = track.value_kg * (1 - rule.deload_percent / 100)
        else:
            step = _increment_in_unit(rule.increment_kg, progression.loading, kit)
            value = track.value_kg + to_kg(step, kit.unit)
        ended[key] = replace(track, value_kg=value, missed=False)
    return ended


def apply_result(
    program: Program, state: ProgramState, result: SessionResult, kit: PlateKit
) -> ProgramState:
    """The state after the next session was done as `result` says: each progression's rule
    judges its lifts (skipped lifts change nothing; deload weeks are not judged), then the
    position moves on, and training maxes move at the end of each cycle."""
    session = next_session(program, state, kit)
    if len(result.lifts) != len(session.lifts):
        raise InvalidInput(
            f"the result has {len(result.lifts)} lifts but '{session.name}' has "
            f"{len(session.lifts)}"
        )
    tracks = dict(state.tracks)
    if not session.deload:
        for key, progression in program.progressions.items():
            lifts = [
                (planned, done)
                for planned, done in zip(session.lifts, result.lifts, strict=True)
                if planned.progression == key and done
            ]
            if lifts:
                tracks[key] = _apply_progression(progression, tracks[key], lifts, kit)
    cycle, week, day = state.cycle, state.week, state.session + 1
    if day >= len(program.weeks[week].sessions):
        day, week = 0, week + 1
    if week >= len(program.weeks):
        week, cycle = 0, cycle + 1
        tracks = _end_cycle(program, tracks, kit)
    return ProgramState(
        cycle=cycle, week=week, session=day, sessions_done=state.sessions_done + 1, tracks=tracks
    )


# --- state checks ---------------------------------------------------------------------------


def _check_state(program: Program, state: ProgramState) -> None:
    if set(state.tracks) != set(program.progressions):
        raise InvalidInput(f"this programme state does not belong to '{program.name}'")
    if not (0 <= state.week < len(program.weeks)) or not (
        0 <= state.session < len(program.weeks[state.week].sessions)
    ):
        raise InvalidInput(f"this programme state points past the end of '{program.name}'")
    for key, track in state.tracks.items():
        rule = program.progressions[key].rule
        if isinstance(rule, StagesRule) and not 0 <= track.stage < len(rule.stages):
            raise InvalidInput(f"{key}: stage {track.stage + 1} does not exist in '{program.name}'")


def _optional_float(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"not a whole number: {value!r}")
    return value


def _state_from_dict(data: object, program: Program) -> ProgramState:
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        raise ValueError("unknown format")
    raw_tracks = data["tracks"]
    if not isinstance(raw_tracks, dict):
        raise TypeError("tracks must be an object")
    tracks: dict[str, TrackState] = {}
    for key, raw in raw_tracks.items():
        if not isinstance(raw, dict) or not isinstance(raw["missed"], bool):
            raise TypeError(f"track {key} is not a track")
        tracks[key] = TrackState(
            value_kg=_optional_float(raw["value_kg"]),
            failures=_whole(raw["failures"]),
            stage=_whole(raw["stage"]),
            first_stage_kg=_optional_float(raw["first_stage_kg"]),
            missed=raw["missed"],
        )
    state = ProgramState(
        cycle=_whole(data["cycle"]),
        week=_whole(data["week"]),
        session=_whole(data["session"]),
        sessions_done=_whole(data["sessions_done"]),
        tracks=tracks,
    )
    _check_state(program, state)
    return state
