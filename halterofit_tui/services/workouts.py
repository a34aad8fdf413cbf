"""Workout use-cases: start, log, edit, undo, delete, finish, history.

Everything the user typed is validated before the first write, and each command is one
transaction: a rejected command leaves the database exactly as it was.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session, col, func, select

from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.domain.metrics import SetFacts, workout_totals
from halterofit_tui.domain.notation import (
    SetSpec,
    parse_set_type,
    parse_sets,
    validate_reps,
    validate_rpe,
    validate_weight_kg,
)
from halterofit_tui.domain.readiness import Readiness, readiness_score
from halterofit_tui.domain.records import (
    Exercise,
    LoggedSet,
    PersonalRecord,
    Profile,
    Workout,
    WorkoutDetail,
    WorkoutSummary,
)
from halterofit_tui.domain.strength import (
    MAX_E1RM_REPS,
    E1rmFormula,
    estimate_1rm,
    parse_formula,
    relative_intensity,
    volume_load,
)
from halterofit_tui.domain.units import Unit, from_kg, parse_unit, to_kg
from halterofit_tui.services.analytics import refresh_performance_metrics
from halterofit_tui.services.anomalies import (
    AnomalyPolicy,
    ImplausibleSet,
    SetFlag,
    judge_set,
    judge_specs,
    reasons_json,
)
from halterofit_tui.services.library import list_exercises, resolve_in
from halterofit_tui.services.plateaus import refresh_plateaus_in
from halterofit_tui.services.profile import day_start, local_timezone, local_today
from halterofit_tui.store.engine import Database
from halterofit_tui.store.repositories import (
    RowT,
    active_workout_row,
    best_e1rm_before,
    counts_for_records,
    exercises_by_id,
    live_sets,
    one_by_prefix,
    primary_muscles,
    profile_record,
    profile_row,
    set_record,
    workout_details,
    workout_exercise_rows,
    workout_record,
)
from halterofit_tui.store.tables import ExerciseRow, ExerciseSetRow, WorkoutExerciseRow, WorkoutRow

if TYPE_CHECKING:
    from halterofit_tui.services.plans import WorkoutPlan

MAX_NAME = 100
MAX_NOTES = 2000
MAX_REST_S = 3600
_TEMPO = re.compile(r"^[0-9xX]{1,2}([-/:]?[0-9xX]{1,2}){3}$")


@dataclass(frozen=True)
class SetDetails:
    """Everything about a set besides weight, reps and RPE (shared by every set of a command)."""

    set_type: str = "working"
    tempo: str | None = None
    rest_seconds: int | None = None
    notes: str = ""
    technique_rating: int | None = None

    def validated(self) -> SetDetails:
        tempo = self.tempo.strip() if self.tempo else None
        if tempo and not _TEMPO.match(tempo):
            raise InvalidInput(f"tempo '{tempo}' is not a tempo: four phases like 3-1-1-0 or 31X0")
        if self.rest_seconds is not None and not 0 <= self.rest_seconds <= MAX_REST_S:
            raise InvalidInput(f"rest must be between 0 and {MAX_REST_S} seconds")
        if self.technique_rating is not None and not 1 <= self.technique_rating <= 5:
            raise InvalidInput("technique rating must be between 1 and 5")
        if len(self.notes) > MAX_NOTES:
            raise InvalidInput(f"notes are limited to {MAX_NOTES} characters")
        return SetDetails(
            parse_set_type(self.set_type),
            tempo,
            self.rest_seconds,
            self.notes.strip(),
            self.technique_rating,
        )


@dataclass(frozen=True)
class LogResult:
    workout: Workout
    sets: tuple[LoggedSet, ...]
    started_workout: bool
    unit: Unit  # the profile's unit, for showing the result
    flags: tuple[SetFlag, ...] = ()  # sets logged although they looked implausible


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def default_workout_name(profile: Profile, now: datetime) -> str:
    hour = now.astimezone(local_timezone(profile)).hour
    if 5 <= hour < 12:
        part = "Morning"
    elif 12 <= hour < 17:
        part = "Afternoon"
    elif 17 <= hour < 22:
        part = "Evening"
    else:
        part = "Night"
    return f"{part} Workout"


def _clean_name(name: str | None) -> str | None:
    if name is None:
        return None
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise InvalidInput(f"a workout name needs 1 to {MAX_NAME} characters")
    return name


def _profile(session: Session) -> Profile:
    row = profile_row(session)
    assert row is not None, "open_store() creates the profile"
    return profile_record(row)


def _new_workout(
    db: Database,
    session: Session,
    profile: Profile,
    name: str | None,
    now: datetime,
    *,
    readiness: Readiness | None = None,
) -> WorkoutRow:
    answers = readiness or Readiness()
    row = WorkoutRow(
        name=name or default_workout_name(profile, now),
        date=local_today(profile, now),
        started_at=now,
        status="in_progress",
        sleep_quality=answers.sleep_quality,
        sleep_hours=answers.sleep_hours,
        stress=answers.stress,
        motivation=answers.motivation,
        energy=answers.energy,
        soreness=answers.soreness,
        readiness_score=readiness_score(answers),
    )
    db.stamp(session, row, created=True)
    return row


def start_workout(
    db: Database,
    name: str | None = None,
    now: datetime | None = None,
    readiness: Readiness | None = None,
    *,
    plan: WorkoutPlan | None = None,
) -> Workout:
    """Start a workout, optionally with the readiness check-in answers and a plan (a template
    or a programme session: services/plans.py)."""
    name = _clean_name(name)
    if readiness is not None:
        readiness.validated()
    moment = _now(now)
    with db.session() as session:
        active = active_workout_row(session)
        if active is not None:
            raise InvalidInput(
                f"workout '{active.name}' ({active.id[:8]}) is already in progress; "
                "finish it with `halterofit finish` first"
            )
        profile = _profile(session)
        row = _new_workout(db, session, profile, name, moment, readiness=readiness)
        if plan is not None:
            # Plans (and the programme engine) are only loaded by workouts that have one: `log`
            # starts most workouts and pays for every import.
            from halterofit_tui.services.plans import attach_plan_in

            attach_plan_in(db, session, row, plan)
        return workout_record(row)


def _derive(row: ExerciseSetRow, formula: E1rmFormula, reference_e1rm: float | None) -> None:
    """Volume, e1RM and relative intensity follow from weight, reps and RPE."""
    row.volume_load = volume_load(row.weight_kg, row.reps)
    row.estimated_1rm = (
        None if row.is_bodyweight else estimate_1rm(row.weight_kg, row.reps, formula, row.rpe)
    )
    row.relative_intensity = (
        None if row.is_bodyweight else relative_intensity(row.weight_kg, reference_e1rm)
    )


def refresh_totals(
    session: Session, workout: WorkoutRow, sets: Sequence[ExerciseSetRow] | None = None
) -> None:
    """Recompute the workout's roll-ups from its live sets (pass them if already loaded)."""
    if sets is None:
        sets = live_sets(session, [workout.id])
    muscles = primary_muscles(session, {s.exercise_id for s in sets})
    totals = workout_totals(
        (
            SetFacts(
                weight_kg=s.weight_kg,
                reps=s.reps,
                rpe=s.rpe,
                set_type=s.set_type,
                primary_muscles=muscles[s.exercise_id],
                relative_intensity=s.relative_intensity,
            )
            for s in sets
        ),
        workout.started_at,
        workout.ended_at,
    )
    workout.total_volume_kg = totals.total_volume_kg
    workout.total_sets = totals.total_sets
    workout.total_reps = totals.total_reps
    workout.avg_rpe = totals.avg_rpe
    workout.max_rpe = totals.max_rpe
    workout.duration_s = totals.duration_s
    workout.muscle_groups = list(totals.muscle_groups)
    workout.intensity = totals.intensity
    refresh_performance_metrics(session, {workout.date})


def _slot(
    db: Database, session: Session, workout_id: str, exercise_id: str
) -> tuple[WorkoutExerciseRow, bool]:
    """The exercise's place in the workout, added at the end if it has none. (row, created)"""
    slots = workout_exercise_rows(session, [workout_id])
    for slot in slots:
        if slot.exercise_id == exercise_id:
            return slot, False
    slot = WorkoutExerciseRow(
        workout_id=workout_id,
        exercise_id=exercise_id,
        position=max((s.position for s in slots), default=0) + 1,
    )
    db.stamp(session, slot, created=True)
    return slot, True


def log_sets(
    db: Database,
    exercise: str,
    specs: Sequence[SetSpec] = (),
    details: SetDetails = SetDetails(),
    now: datetime | None = None,
    *,
    notation: str | Sequence[str] | None = None,
    unit: Unit | None = None,
    rpe: float | None = None,
    anomalies: AnomalyPolicy = "refuse",
) -> LogResult:
    """Log sets of one exercise into the active workout, starting one if none is active.

    Sets come parsed (`specs`) or as set notation ("100x5@8 100x5@8.5"), whose unitless
    weights are in `unit` (the profile's by default) and whose RPE defaults to `rpe`. A set
    that looks implausible for this lifter raises ImplausibleSet (nothing written) unless
    `anomalies` says to log it flagged ("flag") or flagged and confirmed ("confirm").
    """
    details = details.validated()
    moment = _now(now)
    with db.session() as session:
        profile = _profile(session)
        if notation is not None:
            specs = parse_sets(notation, unit or parse_unit(profile.unit), rpe)
        if not specs:
            raise InvalidInput("give at least one set, e.g. 100x5@8")
        exercise_row = resolve_in(session, exercise)
        workout, started = _active_or_start(db, session, moment)
        formula = parse_formula(profile.e1rm_formula)
        flagged = judge_specs(session, exercise_row.id, workout.date, specs, formula)
        if flagged and anomalies == "refuse":
            raise ImplausibleSet(exercise_row.name, flagged)
        reasons = {f.spec: f.reasons for f in flagged}
        flags: list[SetFlag] = []
        reference = best_e1rm_before(session, exercise_row.id, day_start(profile, workout.date))
        slot, _ = _slot(db, session, workout.id, exercise_row.id)
        existing = live_sets(session, [workout.id])
        mine = [s.set_number for s in existing if s.exercise_id == exercise_row.id]
        order, number = slot.position, max(mine, default=0) + 1
        rows: list[ExerciseSetRow] = []
        for spec in specs:
            for _ in range(spec.count):
                row = ExerciseSetRow(
                    workout_id=workout.id,
                    exercise_id=exercise_row.id,
                    exercise_order=order,
                    set_number=number,
                    set_type=details.set_type,
                    weight_kg=spec.weight_kg,
                    entered_unit=spec.unit,
                    is_bodyweight=spec.bodyweight,
                    reps=spec.reps,
                    rpe=spec.rpe,
                    tempo=details.tempo,
                    rest_seconds=details.rest_seconds,
                    notes=details.notes,
                    technique_rating=details.technique_rating,
                    logged_at=moment + timedelta(microseconds=len(rows)),
                )
                if spec in reasons:
                    row.anomaly = reasons_json(reasons[spec])
                    row.anomaly_confirmed = anomalies == "confirm"
                    flags.append(SetFlag(row.id, reasons[spec], row.anomaly_confirmed))
                _derive(row, formula, reference)
                db.stamp(session, row, created=True)
                rows.append(row)
                number += 1
        refresh_totals(session, workout, [*existing, *rows])
        db.stamp(session, workout)
        return LogResult(
            workout_record(workout),
            tuple(set_record(r, exercise_row.name) for r in rows),
            started,
            parse_unit(profile.unit),
            tuple(flags),
        )


def active_workout(db: Database) -> WorkoutDetail | None:
    with db.session() as session:
        row = active_workout_row(session)
        return workout_details(session, [row])[0] if row is not None else None


def _best_before(
    session: Session, exercise_id: str, workout: WorkoutRow
) -> tuple[float | None, dict[int, float]]:
    """Best e1RM and best load per rep count from earlier workouts (warm-ups excluded)."""
    earlier = (
        select(
            ExerciseSetRow.reps,
            func.max(ExerciseSetRow.weight_kg),
            func.max(ExerciseSetRow.estimated_1rm),
        )
        .join(WorkoutRow, col(WorkoutRow.id) == col(ExerciseSetRow.workout_id))
        .where(
            ExerciseSetRow.exercise_id == exercise_id,
            ExerciseSetRow.deleted == False,  # noqa: E712
            ExerciseSetRow.set_type != "warmup",
            ExerciseSetRow.is_bodyweight == False,  # noqa: E712
            WorkoutRow.deleted == False,  # noqa: E712
            WorkoutRow.id != workout.id,
            col(WorkoutRow.started_at) < workout.started_at,
            counts_for_records(),
        )
        .group_by(col(ExerciseSetRow.reps))
    )
    best_e1rm: float | None = None
    best_at_reps: dict[int, float] = {}
    for reps, weight, e1rm in session.exec(earlier).all():
        if e1rm is not None:
            best_e1rm = max(best_e1rm or 0.0, e1rm)
        best_at_reps[reps] = weight
    # Lifting a load for more reps also sets the bar for fewer reps.
    running = 0.0
    for reps in sorted(best_at_reps, reverse=True):
        running = max(running, best_at_reps[reps])
        best_at_reps[reps] = running
    return best_e1rm, best_at_reps


def _previous_at(best_at_reps: dict[int, float], reps: int) -> float | None:
    candidates = [w for r, w in best_at_reps.items() if r >= reps]
    return max(candidates) if candidates else None


def personal_records(session: Session, workout: WorkoutRow) -> list[PersonalRecord]:
    """Records this workout beat. A first session of an exercise sets a baseline, not a PR;
    implausible sets count once the lifter confirms them."""
    records: list[PersonalRecord] = []
    sets = [
        s
        for s in live_sets(session, [workout.id])
        if s.set_type != "warmup"
        and not s.is_bodyweight
        and s.weight_kg > 0
        and (s.anomaly is None or s.anomaly_confirmed)
    ]
    names = {e.id: e.name for e in exercises_by_id(session, {s.exercise_id for s in sets}).values()}
    by_exercise: dict[str, list[ExerciseSetRow]] = defaultdict(list)
    for s in sets:
        by_exercise[s.exercise_id].append(s)
    for exercise_id, mine in by_exercise.items():
        best_e1rm, best_at_reps = _best_before(session, exercise_id, workout)
        top = max(mine, key=lambda s: s.estimated_1rm or 0.0)
        if best_e1rm is not None and top.estimated_1rm and top.estimated_1rm > best_e1rm + 1e-6:
            records.append(
                PersonalRecord(
                    names[exercise_id], "e1rm", None, top.estimated_1rm, best_e1rm, top.id
                )
            )
        heaviest: dict[int, ExerciseSetRow] = {}
        for s in mine:
            # Timed and distance sets log 0 reps: they hold no rep max.
            if 1 <= s.reps <= MAX_E1RM_REPS and s.weight_kg > getattr(
                heaviest.get(s.reps), "weight_kg", 0
            ):
                heaviest[s.reps] = s
        for reps, s in sorted(heaviest.items()):
            previous = _previous_at(best_at_reps, reps)
            if previous is not None and s.weight_kg > previous + 1e-6:
                records.append(
                    PersonalRecord(names[exercise_id], "rep_max", reps, s.weight_kg, previous, s.id)
                )
    return records


def finish_workout(
    db: Database, notes: str | None = None, now: datetime | None = None
) -> WorkoutSummary:
    if notes is not None and len(notes) > MAX_NOTES:
        raise InvalidInput(f"notes are limited to {MAX_NOTES} characters")
    moment = _now(now)
    with db.session() as session:
        workout = active_workout_row(session)
        if workout is None:
            raise NotFound("no workout in progress; start one with `halterofit start` or `log`")
        if not live_sets(session, [workout.id]):
            raise InvalidInput(
                f"workout '{workout.name}' has no sets yet: log one, or discard the workout "
                f"with `halterofit delete {workout.id[:8]}`"
            )
        workout.ended_at = max(moment, workout.started_at or moment)
        workout.status = "completed"
        if notes is not None and notes.strip():
            workout.notes = notes.strip()
        refresh_totals(session, workout)
        db.stamp(session, workout)
        if workout.enrollment_id is not None:
            # Imported here: programs starts workouts through this module.
            from halterofit_tui.services.programs import record_program_session_in

            record_program_session_in(db, session, workout)
        prs = personal_records(session, workout)
        exercise_ids = {s.exercise_id for s in live_sets(session, [workout.id])}
        refresh_plateaus_in(db, session, exercise_ids, now=moment)
        return WorkoutSummary(workout_record(workout), tuple(prs))


def _last_logged_set(session: Session) -> ExerciseSetRow | None:
    return session.exec(
        select(ExerciseSetRow)
        .join(WorkoutRow, col(WorkoutRow.id) == col(ExerciseSetRow.workout_id))
        .where(ExerciseSetRow.deleted == False, WorkoutRow.deleted == False)  # noqa: E712
        .order_by(col(ExerciseSetRow.logged_at).desc(), col(ExerciseSetRow.set_number).desc())
    ).first()


def _tombstone_set(db: Database, session: Session, row: ExerciseSetRow) -> None:
    """Delete a set and close the gap in its exercise's set numbers."""
    row.deleted = True
    db.stamp(session, row)
    later = [
        s
        for s in live_sets(session, [row.workout_id])
        if s.exercise_id == row.exercise_id and s.set_number > row.set_number and s.id != row.id
    ]
    for s in later:
        s.set_number -= 1
        db.stamp(session, s)
    workout = session.get(WorkoutRow, row.workout_id)
    assert workout is not None
    session.flush()
    refresh_totals(session, workout)
    db.stamp(session, workout)


def restore_set(db: Database, set_id: str) -> LoggedSet:
    """Bring back a deleted set at its old place (undo of a delete)."""
    with db.session() as session:
        row = session.get(ExerciseSetRow, set_id)
        workout = session.get(WorkoutRow, row.workout_id) if row is not None else None
        if row is None or workout is None or workout.deleted:
            raise NotFound("that set can no longer be restored")
        if row.deleted:
            for s in live_sets(session, [row.workout_id]):
                if s.exercise_id == row.exercise_id and s.set_number >= row.set_number:
                    s.set_number += 1
                    db.stamp(session, s)
            row.deleted = False
            db.stamp(session, row)
            session.flush()
            refresh_totals(session, workout)
            db.stamp(session, workout)
        return set_record(row, _exercise_name(session, row.exercise_id))


def changes_restoring(logged: LoggedSet) -> SetChanges:
    """The edit that puts a set back as it is now (undo of an edit)."""
    return SetChanges(
        weight=from_kg(logged.weight_kg, parse_unit(logged.entered_unit)),
        unit=parse_unit(logged.entered_unit),
        reps=logged.reps,
        rpe=logged.rpe,
        clear_rpe=logged.rpe is None,
        set_type=logged.set_type,
        tempo=logged.tempo or "",
        rest_seconds=logged.rest_seconds,
        notes=logged.notes,
        technique_rating=logged.technique_rating,
    )


def _exercise_name(session: Session, exercise_id: str) -> str:
    exercise = session.get(ExerciseRow, exercise_id)
    return exercise.name if exercise else "?"


def undo_last_set(db: Database) -> LoggedSet:
    """Remove the most recently logged set, wherever it is."""
    with db.session() as session:
        row = _last_logged_set(session)
        if row is None:
            raise NotFound("there is no logged set to undo")
        removed = set_record(row, _exercise_name(session, row.exercise_id))
        _tombstone_set(db, session, row)
        return removed


@dataclass(frozen=True)
class SetChanges:
    """An edit: only the fields given change. Weight is in `unit` (the profile's by default)."""

    weight: float | None = None
    unit: Unit | None = None
    reps: int | None = None
    rpe: float | None = None
    clear_rpe: bool = False
    set_type: str | None = None
    tempo: str | None = None
    rest_seconds: int | None = None
    notes: str | None = None
    technique_rating: int | None = None


def edit_set(db: Database, set_id: str, changes: SetChanges) -> LoggedSet:
    reps = validate_reps(changes.reps) if changes.reps is not None else None
    rpe = validate_rpe(changes.rpe) if changes.rpe is not None else None
    details = SetDetails(
        set_type=changes.set_type or "working",
        tempo=changes.tempo,
        rest_seconds=changes.rest_seconds,
        notes=changes.notes or "",
        technique_rating=changes.technique_rating,
    ).validated()
    with db.session() as session:
        row = one_by_prefix(session, ExerciseSetRow, set_id, "set")
        profile = _profile(session)
        if changes.weight is not None:
            unit = changes.unit or parse_unit(profile.unit)
            row.weight_kg = validate_weight_kg(to_kg(changes.weight, unit))
            row.entered_unit = unit
        if reps is not None:
            row.reps = reps
        if rpe is not None or changes.clear_rpe:
            row.rpe = rpe
        if changes.set_type is not None:
            row.set_type = details.set_type
        if changes.tempo is not None:
            row.tempo = details.tempo
        if changes.rest_seconds is not None:
            row.rest_seconds = details.rest_seconds
        if changes.notes is not None:
            row.notes = details.notes
        if changes.technique_rating is not None:
            row.technique_rating = details.technique_rating
        workout = session.get(WorkoutRow, row.workout_id)
        assert workout is not None
        reference = best_e1rm_before(session, row.exercise_id, day_start(profile, workout.date))
        formula = parse_formula(profile.e1rm_formula)
        _derive(row, formula, reference)
        if changes.weight is not None or reps is not None or rpe is not None or changes.clear_rpe:
            judge_set(session, row, workout.date, formula)
        db.stamp(session, row)
        session.flush()
        refresh_totals(session, workout)
        db.stamp(session, workout)
        return set_record(row, _exercise_name(session, row.exercise_id))


@dataclass(frozen=True)
class Deleted:
    kind: str  # "set" or "workout"
    id: str
    description: str


def delete(db: Database, some_id: str) -> Deleted:
    """Delete a set or a whole workout (with its sets) by id or unique id prefix."""
    with db.session() as session:
        workout_match = one_or_none(session, WorkoutRow, some_id)
        set_match = one_or_none(session, ExerciseSetRow, some_id)
        if workout_match and set_match:
            raise InvalidInput(f"id {some_id} matches a workout and a set; give more characters")
        if set_match is not None:
            name = _exercise_name(session, set_match.exercise_id)
            _tombstone_set(db, session, set_match)
            return Deleted("set", set_match.id, f"{name} set {set_match.set_number}")
        if workout_match is not None:
            for s in live_sets(session, [workout_match.id]):
                s.deleted = True
                db.stamp(session, s)
            for slot in workout_exercise_rows(session, [workout_match.id]):
                slot.deleted = True
                db.stamp(session, slot)
            workout_match.deleted = True
            db.stamp(session, workout_match)
            refresh_performance_metrics(session, {workout_match.date})
            return Deleted(
                "workout",
                workout_match.id,
                f"workout '{workout_match.name}' of {workout_match.date}",
            )
        raise NotFound(f"no workout or set with id {some_id}")


def one_or_none(session: Session, table: type[RowT], prefix: str) -> RowT | None:
    try:
        return one_by_prefix(session, table, prefix, table.__tablename__.rstrip("s"))
    except NotFound:
        return None


def _active_or_start(db: Database, session: Session, now: datetime) -> tuple[WorkoutRow, bool]:
    """The workout in progress, or a new one: (workout, whether it was just started)."""
    workout = active_workout_row(session)
    if workout is not None:
        return workout, False
    workout = _new_workout(db, session, _profile(session), None, now)
    session.flush()
    return workout, True


def add_exercise(db: Database, exercise: str, now: datetime | None = None) -> WorkoutDetail:
    """Put an exercise at the end of the active workout (starting one if needed)."""
    with db.session() as session:
        exercise_row = resolve_in(session, exercise)
        workout, _ = _active_or_start(db, session, _now(now))
        _, created = _slot(db, session, workout.id, exercise_row.id)
        if not created:
            raise InvalidInput(f"{exercise_row.name} is already in this workout")
        session.flush()
        return workout_details(session, [workout])[0]


def _slot_in_active(session: Session, slot_id: str) -> tuple[WorkoutRow, list[WorkoutExerciseRow]]:
    workout = active_workout_row(session)
    if workout is None:
        raise NotFound("no workout in progress")
    slots = workout_exercise_rows(session, [workout.id])
    if not any(s.id == slot_id for s in slots):
        raise NotFound("that exercise is not in the workout in progress")
    return workout, slots


def move_exercise(db: Database, slot_id: str, offset: int) -> WorkoutDetail:
    """Move an exercise up (offset -1) or down (+1) in the active workout."""
    with db.session() as session:
        workout, slots = _slot_in_active(session, slot_id)
        index = next(i for i, s in enumerate(slots) if s.id == slot_id)
        other = index + offset
        if 0 <= other < len(slots):
            first, second = slots[index], slots[other]
            first.position, second.position = second.position, first.position
            for slot in (first, second):
                db.stamp(session, slot)
                for s in live_sets(session, [workout.id]):
                    if s.exercise_id == slot.exercise_id and s.exercise_order != slot.position:
                        s.exercise_order = slot.position
                        db.stamp(session, s)
            session.flush()
        return workout_details(session, [workout])[0]


def remove_exercise(db: Database, slot_id: str) -> WorkoutDetail:
    """Take an exercise, with its sets, out of the active workout."""
    with db.session() as session:
        workout, slots = _slot_in_active(session, slot_id)
        slot = next(s for s in slots if s.id == slot_id)
        slot.deleted = True
        db.stamp(session, slot)
        for s in live_sets(session, [workout.id]):
            if s.exercise_id == slot.exercise_id:
                s.deleted = True
                db.stamp(session, s)
        session.flush()
        refresh_totals(session, workout)
        db.stamp(session, workout)
        return workout_details(session, [workout])[0]


def recent_exercise_ids(db: Database, limit: int = 15) -> list[str]:
    """Exercises by when they were last logged, most recent first."""
    with db.session() as session:
        rows = session.exec(
            select(ExerciseSetRow.exercise_id, func.max(ExerciseSetRow.logged_at).label("last"))
            .where(ExerciseSetRow.deleted == False)  # noqa: E712
            .group_by(col(ExerciseSetRow.exercise_id))
            .order_by(func.max(ExerciseSetRow.logged_at).desc())
            .limit(limit)
        ).all()
        return [row[0] for row in rows]


def exercise_choices(db: Database) -> list[Exercise]:
    """Every exercise for the picker: favourites, then recently used, then by name."""
    recent = {exercise_id: rank for rank, exercise_id in enumerate(recent_exercise_ids(db))}
    exercises = list_exercises(db)
    return sorted(
        exercises,
        key=lambda e: (not e.is_favourite, recent.get(e.id, len(recent)), e.name.lower()),
    )


def previous_session_sets(db: Database, exercise_id: str) -> tuple[LoggedSet, ...]:
    """The sets of the last earlier workout with this exercise (to prefill the logger)."""
    with db.session() as session:
        active = active_workout_row(session)
        query = (
            select(ExerciseSetRow.workout_id)
            .join(WorkoutRow, col(WorkoutRow.id) == col(ExerciseSetRow.workout_id))
            .where(
                ExerciseSetRow.exercise_id == exercise_id,
                ExerciseSetRow.deleted == False,  # noqa: E712
                WorkoutRow.deleted == False,  # noqa: E712
            )
            .order_by(col(ExerciseSetRow.logged_at).desc())
            .limit(1)
        )
        if active is not None:
            query = query.where(ExerciseSetRow.workout_id != active.id)
        workout_id = session.exec(query).first()
        if workout_id is None:
            return ()
        name = _exercise_name(session, exercise_id)
        return tuple(
            set_record(s, name)
            for s in live_sets(session, [workout_id])
            if s.exercise_id == exercise_id
        )


def history(
    db: Database,
    *,
    limit: int = 20,
    since: date | None = None,
    exercise: str | None = None,
) -> list[WorkoutDetail]:
    """Workouts newest first with their sets; with `exercise`, only workouts (and sets) of it."""
    if limit < 1:
        raise InvalidInput("limit must be at least 1")
    with db.session() as session:
        query = select(WorkoutRow).where(WorkoutRow.deleted == False)  # noqa: E712
        exercise_id: str | None = None
        if exercise is not None:
            exercise_id = resolve_in(session, exercise).id
            having = select(ExerciseSetRow.workout_id).where(
                ExerciseSetRow.exercise_id == exercise_id,
                ExerciseSetRow.deleted == False,  # noqa: E712
            )
            query = query.where(col(WorkoutRow.id).in_(having))
        if since is not None:
            query = query.where(col(WorkoutRow.date) >= since)
        query = query.order_by(
            col(WorkoutRow.date).desc(),
            col(WorkoutRow.started_at).desc(),
            col(WorkoutRow.id).desc(),
        )
        details = workout_details(session, list(session.exec(query.limit(limit)).all()))
    if exercise_id is None:
        return details
    return [
        WorkoutDetail(d.workout, tuple(s for s in d.sets if s.exercise_id == exercise_id))
        for d in details
    ]


def show_workout(db: Database, workout_id: str) -> WorkoutDetail:
    with db.session() as session:
        row = one_by_prefix(session, WorkoutRow, workout_id, "workout")
        return workout_details(session, [row])[0]
