"""Implausible sets: judged when logged, confirmed or fixed by the lifter.

A set is judged against the lifter's record on the exercise before the workout's day
(domain/anomalies.py has the rules, docs/METRICS.md the reasoning). `log_sets` asks what to do
with one (`AnomalyPolicy`): refuse the command (ImplausibleSet, nothing written), log it flagged
and unconfirmed, or log it flagged and confirmed (the lifter has seen the reason and said yes).
A flagged, unconfirmed set counts in volume but in no record, best e1RM or plateau until
`confirm_anomaly`; fixing it with an edit judges it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlmodel import Session, col, select

from halterofit_tui.domain.anomalies import Anomaly, ExercisePast, NewSet, find_anomalies
from halterofit_tui.domain.errors import HalterofitError, InvalidInput, NotFound
from halterofit_tui.domain.notation import SetSpec
from halterofit_tui.domain.strength import E1rmFormula, parse_formula
from halterofit_tui.domain.units import Unit, format_weight, parse_unit
from halterofit_tui.services.analytics import refresh_performance_metrics
from halterofit_tui.services.library import resolve_in
from halterofit_tui.services.plateaus import refresh_plateaus_in
from halterofit_tui.services.profile import local_today
from halterofit_tui.store.analytics_queries import session_connection
from halterofit_tui.store.engine import Database
from halterofit_tui.store.lift_history import past_record
from halterofit_tui.store.repositories import (
    active_workout_row,
    one_by_prefix,
    profile_record,
    profile_row,
)
from halterofit_tui.store.tables import ExerciseRow, ExerciseSetRow, WorkoutRow

# "refuse": raise ImplausibleSet; "flag": log it awaiting confirmation; "confirm": log it
# confirmed.
AnomalyPolicy = Literal["refuse", "flag", "confirm"]


@dataclass(frozen=True)
class FlaggedSpec:
    """A set (or `spec.count` identical sets) of a command and why it looks implausible."""

    spec: SetSpec
    reasons: tuple[Anomaly, ...]

    @property
    def text(self) -> str:
        """'1000 kg x 5 looks like a typo (1000 kg is 10x last session's 100 kg; e1RM ...)'"""
        reasons = "; ".join(r.message for r in self.reasons)
        return f"{spec_text(self.spec)} looks like a typo ({reasons})"


@dataclass(frozen=True)
class SetFlag:
    """A set logged although it looked implausible."""

    set_id: str
    reasons: tuple[Anomaly, ...]
    confirmed: bool


class ImplausibleSet(HalterofitError):
    """A set looks like a typo for this lifter; nothing was written. Log it anyway with the
    `flag` or `confirm` policy."""

    exit_code = 2

    def __init__(self, exercise_name: str, flagged: Sequence[FlaggedSpec]) -> None:
        self.exercise_name = exercise_name
        self.flagged = tuple(flagged)
        super().__init__(f"{exercise_name} {', '.join(f.text for f in self.flagged)}")


def spec_text(spec: SetSpec) -> str:
    """'1000 kg x 5', 'bw+20 kg x 8', '225 lb x 5 (x3)' as typed."""
    load = format_weight(spec.weight_kg, spec.unit)
    if spec.bodyweight:
        load = "bw" if spec.weight == 0 else f"bw+{load}"
    repeat = f" (x{spec.count})" if spec.count > 1 else ""
    return f"{load} x {spec.reps}{repeat}"


def exercise_past(session: Session, exercise_id: str, day: date) -> ExercisePast:
    past = past_record(session_connection(session), exercise_id, day)
    return ExercisePast(past.sessions, past.last_top_kg, past.best_e1rm_kg, past.most_reps)


def judge_set(session: Session, row: ExerciseSetRow, day: date, formula: E1rmFormula) -> None:
    """Judge a logged set again after an edit: one that now looks fine loses its flag, one that
    looks implausible is flagged (still confirmed if the lifter had confirmed it)."""
    past = exercise_past(session, row.exercise_id, day)
    new = NewSet(row.weight_kg, row.reps, row.is_bodyweight, row.rpe, parse_unit(row.entered_unit))
    reasons = find_anomalies(new, past, formula)
    row.anomaly_confirmed = bool(reasons) and row.anomaly is not None and row.anomaly_confirmed
    row.anomaly = reasons_json(reasons) if reasons else None


def judge_specs(
    session: Session,
    exercise_id: str,
    day: date,
    specs: Sequence[SetSpec],
    formula: E1rmFormula,
) -> tuple[FlaggedSpec, ...]:
    """The specs that look implausible on `day`, each judged against the days before it."""
    past = exercise_past(session, exercise_id, day)
    flagged = []
    for spec in specs:
        new = NewSet(spec.weight_kg, spec.reps, spec.bodyweight, spec.rpe, spec.unit)
        reasons = find_anomalies(new, past, formula)
        if reasons:
            flagged.append(FlaggedSpec(spec, reasons))
    return tuple(flagged)


def reasons_json(reasons: Sequence[Anomaly]) -> list[dict[str, Any]]:
    """How reasons are stored on the set (ExerciseSetRow.anomaly)."""
    return [
        {"code": r.code, "message": r.message, "value": r.value, "threshold": r.threshold}
        for r in reasons
    ]


def _reasons(stored: list[dict[str, Any]] | None) -> tuple[Anomaly, ...]:
    return tuple(
        Anomaly(r["code"], r["message"], float(r["value"]), float(r["threshold"]))
        for r in stored or ()
    )


def check_sets(
    db: Database, exercise: str, specs: Sequence[SetSpec], now: datetime | None = None
) -> list[FlaggedSpec]:
    """What `log_sets` would find implausible in `specs`, without logging anything: judged for
    the workout in progress, or today when none is."""
    with db.session() as session:
        row = profile_row(session)
        assert row is not None, "open_store() creates the profile"
        profile = profile_record(row)
        exercise_row = resolve_in(session, exercise)
        workout = active_workout_row(session)
        day = workout.date if workout is not None else local_today(profile, now)
        formula = parse_formula(profile.e1rm_formula)
        return list(judge_specs(session, exercise_row.id, day, specs, formula))


# --- flagged sets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FlaggedSet:
    """A logged set that looked implausible."""

    set_id: str
    workout_id: str
    workout_date: date
    exercise_id: str
    exercise_name: str
    set_number: int
    set_type: str
    weight_kg: float
    entered_unit: Unit
    is_bodyweight: bool
    reps: int
    rpe: float | None
    logged_at: datetime
    reasons: tuple[Anomaly, ...]
    confirmed: bool


def _flagged(row: ExerciseSetRow, workout: WorkoutRow, exercise_name: str) -> FlaggedSet:
    return FlaggedSet(
        set_id=row.id,
        workout_id=row.workout_id,
        workout_date=workout.date,
        exercise_id=row.exercise_id,
        exercise_name=exercise_name,
        set_number=row.set_number,
        set_type=row.set_type,
        weight_kg=row.weight_kg,
        entered_unit=parse_unit(row.entered_unit),
        is_bodyweight=row.is_bodyweight,
        reps=row.reps,
        rpe=row.rpe,
        logged_at=row.logged_at,
        reasons=_reasons(row.anomaly),
        confirmed=row.anomaly_confirmed,
    )


def pending_anomalies(db: Database) -> list[FlaggedSet]:
    """Flagged sets awaiting confirmation, oldest first."""
    with db.session() as session:
        rows = session.exec(
            select(ExerciseSetRow, WorkoutRow, ExerciseRow.name)
            .join(WorkoutRow, col(WorkoutRow.id) == col(ExerciseSetRow.workout_id))
            .join(ExerciseRow, col(ExerciseRow.id) == col(ExerciseSetRow.exercise_id))
            .where(
                col(ExerciseSetRow.anomaly).is_not(None),
                col(ExerciseSetRow.anomaly_confirmed) == False,  # noqa: E712
                ExerciseSetRow.deleted == False,  # noqa: E712
                WorkoutRow.deleted == False,  # noqa: E712
            )
            .order_by(col(ExerciseSetRow.logged_at), col(ExerciseSetRow.set_number))
        ).all()
        return [_flagged(s, w, name) for s, w, name in rows]


def confirm_anomaly(db: Database, set_id: str) -> FlaggedSet:
    """The lifter says a flagged set is real: from now on it counts for records (and may end a
    plateau). Confirming a confirmed set changes nothing."""
    with db.session() as session:
        row = one_by_prefix(session, ExerciseSetRow, set_id, "set")
        workout = session.get(WorkoutRow, row.workout_id)
        exercise = session.get(ExerciseRow, row.exercise_id)
        if workout is None or workout.deleted or exercise is None:
            raise NotFound(f"no set with id {set_id}")
        if row.anomaly is None:
            raise InvalidInput(f"set {row.id[:8]} was not flagged: nothing to confirm")
        if not row.anomaly_confirmed:
            row.anomaly_confirmed = True
            db.stamp(session, row)
            refresh_performance_metrics(session, {workout.date})
            refresh_plateaus_in(db, session, [row.exercise_id])
        return _flagged(row, workout, exercise.name)
