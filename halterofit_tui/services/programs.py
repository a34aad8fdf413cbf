"""Training programmes: the built-ins and the lifter's own files, enrolling in one, the next
session with concrete weights, progress after each finished session, and adherence.

Programmes come from data/programs (built-in) and `<data dir>/programs/*.json` (the lifter's,
in the same format: docs/PROGRAMS.md); each is known by its file name without `.json`. An
enrollment keeps the programme document as it was started, so editing a file or a newer
built-in never changes a programme under way, and the engine's state (domain/programs.py).

Finishing a workout started from the next session (`start_next_session`) applies the
programme's rules to the sets logged, in the same transaction as the finish
(`record_program_session_in`, called by services/workouts.py).

Adherence: the weeks of a programme are 7-day blocks from the day it was started; each block
plans the sessions of the programme week it stands for (block 1 the first week, and so on,
round the cycle). A session is done when a workout started from the programme is finished on a
day of the block. The rate counts at most the planned sessions of each block, so extra
sessions one week do not make up for missed ones another.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from sqlmodel import Session

from halterofit_tui.config import Paths
from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.domain.plates import load_plates
from halterofit_tui.domain.program_loader import (
    InvalidProgram,
    builtin_program_names,
    parse_program,
    programs_dir,
    read_program_document,
)
from halterofit_tui.domain.programs import (
    DoubleRule,
    LinearRule,
    PerformedSet,
    PlannedSession,
    PlateKit,
    Program,
    ProgramState,
    Progression,
    RpeRule,
    Rule,
    SessionResult,
    SetSpec,
    Stage,
    StagesRule,
    TrainingMaxRule,
    WeekSpec,
    adjust_backoffs,
    apply_result,
    is_finished,
    start,
)
from halterofit_tui.domain.programs import next_session as plan_next_session
from halterofit_tui.domain.readiness import Readiness
from halterofit_tui.domain.records import Profile, Workout
from halterofit_tui.domain.units import Unit, format_number, format_weight, parse_unit, to_kg
from halterofit_tui.services.plans import (
    PlanProgram,
    PlanSet,
    SetDraft,
    WorkoutPlan,
    kit_of,
    loadable_kg,
    match_logged,
    number_sets,
    plan_of,
)
from halterofit_tui.services.profile import local_today
from halterofit_tui.services.workouts import MAX_NAME, start_workout
from halterofit_tui.store.engine import Database
from halterofit_tui.store.plan_queries import (
    active_enrollment_row,
    enrollment_rows,
    enrollment_workouts,
    exercise_rows,
    exercise_slugs,
)
from halterofit_tui.store.repositories import live_sets, profile_record, profile_row
from halterofit_tui.store.tables import ProgramEnrollmentRow, WorkoutRow

USER_PROGRAMS_FOLDER: Final = "programs"
ACTIVE, STOPPED, FINISHED = "active", "stopped", "finished"
ENROLLMENT_STATUSES: Final = (ACTIVE, STOPPED, FINISHED)
# What the lifter gives at the start, and the `program start` option that gives it.
START_OPTIONS: Final = {"weight": "--weight", "training_max": "--tm", "one_rep_max": "--1rm"}
_GIVEN_TEXT: Final = {
    "weight": "a working weight",
    "training_max": "a training max",
    "one_rep_max": "a one-rep max",
}
_NUMBER_TEXT: Final = {
    "linear": "working weight",
    "double": "working weight",
    "stages": "working weight",
    "training_max": "training max",
    "rpe": "estimated 1RM",
}


# --- the catalogue ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramEntry:
    """A programme as `program list` shows it. A user file that does not validate has its
    `problems` (each with the path to the bad field) and no name, level or schedule."""

    key: str
    name: str
    level: str | None
    description: str
    based_on: str | None
    sessions_per_week: int | None
    weeks: int | None
    cycles: int | None
    builtin: bool
    active: bool
    path: Path
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Loaded:
    entry: ProgramEntry
    document: object
    program: Program | None


def user_programs_dir(paths: Paths) -> Path:
    """Where the lifter's own programme files go."""
    return paths.data_dir / USER_PROGRAMS_FOLDER


def _entry(
    key: str, path: Path, builtin: bool, program: Program | None, problems: Sequence[str]
) -> ProgramEntry:
    if program is None:
        return ProgramEntry(
            key=key,
            name=key,
            level=None,
            description="",
            based_on=None,
            sessions_per_week=None,
            weeks=None,
            cycles=None,
            builtin=builtin,
            active=False,
            path=path,
            problems=tuple(problems),
        )
    return ProgramEntry(
        key=key,
        name=program.name,
        level=program.level,
        description=program.description,
        based_on=program.based_on,
        sessions_per_week=max(len(week.sessions) for week in program.weeks),
        weeks=len(program.weeks),
        cycles=program.cycles,
        builtin=builtin,
        active=False,
        path=path,
    )


def _load_file(key: str, path: Path, builtin: bool, slugs: Mapping[str, str]) -> _Loaded:
    try:
        document = read_program_document(path)
    except (InvalidInput, NotFound) as error:
        return _Loaded(_entry(key, path, builtin, None, [str(error)]), None, None)
    try:
        program = parse_program(document, slugs)
    except InvalidProgram as error:
        return _Loaded(_entry(key, path, builtin, None, error.problems), document, None)
    return _Loaded(_entry(key, path, builtin, program, ()), document, program)


def _catalogue(paths: Paths, slugs: Mapping[str, str]) -> list[_Loaded]:
    """Built-ins first, then the lifter's files, each by key."""
    builtins = builtin_program_names()
    loaded = [_load_file(name, programs_dir() / f"{name}.json", True, slugs) for name in builtins]
    folder = user_programs_dir(paths)
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        if path.stem in builtins:
            problem = f"a built-in programme is called '{path.stem}': rename {path.name}"
            loaded.append(_Loaded(_entry(path.stem, path, False, None, [problem]), None, None))
        else:
            loaded.append(_load_file(path.stem, path, False, slugs))
    return loaded


def _with_active(loaded: _Loaded, active: ProgramEnrollmentRow | None) -> ProgramEntry:
    is_active = active is not None and active.program_key == loaded.entry.key
    return dataclasses.replace(loaded.entry, active=is_active)


def _find(catalogue: Sequence[_Loaded], name: str) -> _Loaded:
    wanted = " ".join(name.split()).casefold()
    for loaded in catalogue:
        if loaded.entry.key.casefold() == wanted or (
            loaded.program is not None and loaded.program.name.casefold() == wanted
        ):
            return loaded
    keys = ", ".join(loaded.entry.key for loaded in catalogue)
    raise NotFound(f"no programme '{name.strip()}': choose one of {keys}")


def _valid(loaded: _Loaded) -> Program:
    if loaded.program is None:
        problems = "; ".join(loaded.entry.problems)
        raise InvalidInput(f"{loaded.entry.path.name} is not a valid programme: {problems}")
    return loaded.program


def list_programs(db: Database) -> list[ProgramEntry]:
    """Every programme: built-ins, then the lifter's files (invalid ones with their problems)."""
    with db.session() as session:
        slugs = exercise_slugs(session)
        active = active_enrollment_row(session)
    return [_with_active(loaded, active) for loaded in _catalogue(db.paths, slugs)]


# --- describing a programme -------------------------------------------------------------------


@dataclass(frozen=True)
class StartNeed:
    """A number `program start` takes for one progression: `option KEY=VALUE`."""

    key: str
    exercise_id: str
    exercise_name: str
    given: str  # "weight", "training_max" or "one_rep_max"
    option: str  # "--weight", "--tm" or "--1rm"
    start_percent: float  # the progression starts at this percentage of the value given
    optional: bool  # without it, the first weight logged is the start


@dataclass(frozen=True)
class ProgressionInfo:
    key: str
    exercise_id: str
    exercise_name: str
    rule: Rule
    rule_type: str  # "linear", "double", "stages", "training_max" or "rpe"
    rule_text: str
    loading: str


@dataclass(frozen=True)
class LiftInfo:
    exercise_id: str
    exercise_name: str
    progression: str | None
    scheme: str  # "3x5", "1x5 @65% TM, 1x5 @75% TM, 1x5+ @85% TM", "3x8-12 @RPE 8"
    sets: tuple[SetSpec, ...]  # empty when a stages progression sets them
    rest_s: int | None
    note: str | None


@dataclass(frozen=True)
class SessionInfo:
    name: str
    lifts: tuple[LiftInfo, ...]


@dataclass(frozen=True)
class WeekInfo:
    """Programme weeks first_week..last_week (1-based), all alike."""

    first_week: int
    last_week: int
    deload: bool
    sessions: tuple[SessionInfo, ...]


@dataclass(frozen=True)
class ProgramDetail:
    entry: ProgramEntry
    unit: Unit
    progressions: tuple[ProgressionInfo, ...]
    weeks: tuple[WeekInfo, ...]
    needs: tuple[StartNeed, ...]


def rule_type(rule: Rule) -> str:
    """The rule's name in programme documents: linear, double, stages, training_max or rpe."""
    if isinstance(rule, LinearRule):
        return "linear"
    if isinstance(rule, DoubleRule):
        return "double"
    if isinstance(rule, StagesRule):
        return "stages"
    if isinstance(rule, TrainingMaxRule):
        return "training_max"
    return "rpe"


def _step_text(increment_kg: float, loading: str, kit: PlateKit) -> str:
    """An increment as the lifter will see it: rounded for their plates (2.5 kg is +5 lb)."""
    if loading == "barbell":
        bar_kg = to_kg(kit.bar, kit.unit)
        step_kg = loadable_kg(bar_kg + increment_kg, "barbell", kit) - bar_kg
    else:
        step_kg = loadable_kg(increment_kg, "steps", kit)
    return format_weight(step_kg if step_kg > 1e-9 else increment_kg, kit.unit)


def _stage_scheme(stage: Stage) -> str:
    return f"{stage.sets}x{stage.reps}{'+' if stage.amrap else ''}"


def _stage_text(rule: StagesRule) -> str:
    return " → ".join(_stage_scheme(stage) for stage in rule.stages)


def _rule_text(progression: Progression, kit: PlateKit) -> str:
    rule, loading = progression.rule, progression.loading
    deload = ""
    if isinstance(rule, LinearRule | DoubleRule) and rule.deload_after_failures is not None:
        deload = (
            f"; {rule.deload_after_failures} misses in a row: "
            f"-{format_number(rule.deload_percent)} %"
        )
    if isinstance(rule, LinearRule):
        gate = (
            f" once the AMRAP set reaches {rule.amrap_reps_to_progress} reps"
            if rule.amrap_reps_to_progress is not None
            else " after a session with every rep done"
        )
        step = _step_text(rule.increment_kg, loading, kit)
        return f"+{step}{gate}; a miss repeats the weight{deload}"
    if isinstance(rule, DoubleRule):
        step = _step_text(rule.increment_kg, loading, kit)
        return f"+{step} once every set reaches the top of its range{deload}"
    if isinstance(rule, StagesRule):
        if rule.deload_percent is not None:
            restart = f"{format_number(rule.deload_percent)} % lighter"
        else:
            assert rule.restart_increment_kg is not None
            restart = f"at its last weight +{_step_text(rule.restart_increment_kg, loading, kit)}"
        return (
            f"stages {_stage_text(rule)}: +{_step_text(rule.increment_kg, loading, kit)} after "
            f"each success; a miss moves to the next stage; after the last, back to the first "
            f"{restart}"
        )
    if isinstance(rule, TrainingMaxRule):
        return (
            f"+{_step_text(rule.increment_kg, loading, kit)} to the training max each cycle; "
            f"-{format_number(rule.deload_percent)} % after a cycle with a set short of its reps"
        )
    return "estimated 1RM from each session's top set at its RPE (RTS chart)"


def _set_text(spec: SetSpec, rule: Rule | None) -> str:
    reps = f"{spec.reps}-{spec.reps_max}" if spec.reps_max is not None else str(spec.reps)
    parts = [reps + ("+" if spec.amrap else "")]
    if spec.backoff_percent is not None:
        parts.append(f"@{format_number(spec.backoff_percent)}% of the top set")
    elif spec.percent is not None:
        of = {TrainingMaxRule: " TM", RpeRule: " e1RM"}.get(type(rule), "")
        parts.append(f"@{format_number(spec.percent)}%{of}")
    if spec.rpe is not None:
        parts.append(f"@RPE {format_number(spec.rpe, 1)}")
    return " ".join(parts)


def scheme_text(sets: Sequence[SetSpec], rule: Rule | None) -> str:
    """Sets as programmes write them, identical neighbours folded: '3x5', '1x5 @65% TM, 1x3'.
    A lift whose sets come from a stages progression shows its stages."""
    if not sets:
        return f"stages {_stage_text(rule)}" if isinstance(rule, StagesRule) else ""
    groups: list[tuple[str, int]] = []
    for spec in sets:
        text = _set_text(spec, rule)
        if groups and groups[-1][0] == text:
            groups[-1] = (text, groups[-1][1] + 1)
        else:
            groups.append((text, 1))
    return ", ".join(f"{count}x{text}" for text, count in groups)


def _exercise_names(session: Session, slugs: Mapping[str, str]) -> dict[str, str]:
    """Slug -> exercise name."""
    rows = exercise_rows(session, slugs.values())
    return {slug: rows[exercise_id].name for slug, exercise_id in slugs.items()}


def _week_infos(
    weeks: Sequence[WeekSpec], program: Program, slugs: Mapping[str, str], names: Mapping[str, str]
) -> tuple[WeekInfo, ...]:
    infos: list[WeekInfo] = []
    for number, week in enumerate(weeks, start=1):
        if infos and weeks[number - 2] == week:
            last = infos[-1]
            infos[-1] = WeekInfo(last.first_week, number, last.deload, last.sessions)
            continue
        sessions = tuple(
            SessionInfo(
                spec.name,
                tuple(
                    LiftInfo(
                        exercise_id=slugs[lift.exercise],
                        exercise_name=names[lift.exercise],
                        progression=lift.progression,
                        scheme=scheme_text(
                            lift.sets,
                            program.progressions[lift.progression].rule
                            if lift.progression
                            else None,
                        ),
                        sets=lift.sets,
                        rest_s=lift.rest_s,
                        note=lift.note,
                    )
                    for lift in spec.lifts
                ),
            )
            for spec in week.sessions
        )
        infos.append(WeekInfo(number, number, week.deload, sessions))
    return tuple(infos)


def _profile(session: Session) -> Profile:
    row = profile_row(session)
    assert row is not None, "open_store() creates the profile"
    return profile_record(row)


def show_program(db: Database, name: str) -> ProgramDetail:
    """A programme's weeks, sessions and prescriptions, its progressions, and what starting it
    takes. Raises NotFound for an unknown name, InvalidInput (every problem) for a bad file."""
    with db.session() as session:
        slugs = exercise_slugs(session)
        names = _exercise_names(session, slugs)
        profile = _profile(session)
        active = active_enrollment_row(session)
    loaded = _find(_catalogue(db.paths, slugs), name)
    program = _valid(loaded)
    kit = kit_of(profile)
    progressions = tuple(
        ProgressionInfo(
            key=key,
            exercise_id=slugs[p.exercise],
            exercise_name=names[p.exercise],
            rule=p.rule,
            rule_type=rule_type(p.rule),
            rule_text=_rule_text(p, kit),
            loading=p.loading,
        )
        for key, p in program.progressions.items()
    )
    needs = tuple(
        StartNeed(
            key=key,
            exercise_id=slugs[p.exercise],
            exercise_name=names[p.exercise],
            given=p.given,
            option=START_OPTIONS[p.given],
            start_percent=p.start_percent,
            optional=p.optional,
        )
        for key, p in program.progressions.items()
    )
    return ProgramDetail(
        entry=_with_active(loaded, active),
        unit=kit.unit,
        progressions=progressions,
        weeks=_week_infos(program.weeks, program, slugs, names),
        needs=needs,
    )


# --- enrolling --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackStatus:
    """Where one progression stands: its number (kg; None until an optional start is seeded),
    misses in a row, its stage (1-based, stages rules only) and whether a set fell short this
    cycle (training maxes)."""

    key: str
    exercise_id: str
    exercise_name: str
    rule_type: str
    label: str  # "working weight", "training max" or "estimated 1RM"
    value_kg: float | None
    failures: int
    stage: int | None
    stage_scheme: str | None
    missed: bool


@dataclass(frozen=True)
class WeekAdherence:
    """One 7-day block of the schedule (see the module docstring)."""

    week: int  # 1-based
    start: date
    end: date
    planned: int
    done: int


@dataclass(frozen=True)
class Adherence:
    enrollment_id: str
    program_name: str
    planned: int
    done: int
    rate: float | None  # done (at most the planned of each block) / planned; None if none
    this_week: WeekAdherence | None  # None once the programme has ended
    by_week: tuple[WeekAdherence, ...]


@dataclass(frozen=True)
class ProgramStatus:
    enrollment_id: str
    program_key: str
    program_name: str
    status: str  # "active", "stopped" or "finished"
    started_on: date
    ended_on: date | None
    unit: Unit
    cycle: int  # 1-based, like week and day
    cycles: int | None  # None: repeats until stopped
    week: int
    weeks: int
    day: int
    sessions_in_week: int
    next_session: str | None  # the next session's name; None once finished
    sessions_done: int
    tracks: tuple[TrackStatus, ...]
    adherence: Adherence


def _enrolled_program(session: Session, row: ProgramEnrollmentRow) -> Program:
    try:
        return parse_program(row.program, exercise_slugs(session))
    except InvalidProgram as error:
        raise InvalidInput(
            f"the programme saved with '{row.program_name}' no longer reads: "
            f"{'; '.join(error.problems)}"
        ) from None


def _active(session: Session) -> ProgramEnrollmentRow:
    row = active_enrollment_row(session)
    if row is None:
        raise NotFound(
            "no programme in progress; start one with `halterofit program start NAME` "
            "(`halterofit program list` shows them)"
        )
    return row


def _block_weeks(row: ProgramEnrollmentRow, program: Program, today: date) -> list[WeekAdherence]:
    end = row.ended_on if row.status != ACTIVE and row.ended_on is not None else today
    blocks = max(0, (end - row.started_on).days) // 7 + 1
    per_cycle = len(program.weeks)
    weeks = []
    for index in range(blocks):
        finished = program.cycles is not None and index >= program.cycles * per_cycle
        planned = 0 if finished else len(program.weeks[index % per_cycle].sessions)
        first = row.started_on + timedelta(days=7 * index)
        weeks.append(WeekAdherence(index + 1, first, first + timedelta(days=6), planned, 0))
    return weeks


def _adherence_in(
    session: Session, row: ProgramEnrollmentRow, program: Program, today: date
) -> Adherence:
    weeks = _block_weeks(row, program, today)
    done = [0] * len(weeks)
    for workout in enrollment_workouts(session, row.id):
        index = min(len(weeks) - 1, max(0, (workout.date - row.started_on).days // 7))
        done[index] += 1
    by_week = tuple(
        WeekAdherence(w.week, w.start, w.end, w.planned, done[i]) for i, w in enumerate(weeks)
    )
    planned = sum(w.planned for w in by_week)
    kept = sum(min(w.done, w.planned) for w in by_week)
    return Adherence(
        enrollment_id=row.id,
        program_name=row.program_name,
        planned=planned,
        done=sum(done),
        rate=kept / planned if planned else None,
        this_week=by_week[-1] if row.status == ACTIVE else None,
        by_week=by_week,
    )


def _status_in(session: Session, row: ProgramEnrollmentRow, today: date) -> ProgramStatus:
    program = _enrolled_program(session, row)
    state = ProgramState.from_dict(row.state, program)
    slugs = exercise_slugs(session)
    names = _exercise_names(session, slugs)
    tracks = []
    for key, progression in program.progressions.items():
        track = state.tracks[key]
        rule = progression.rule
        tracks.append(
            TrackStatus(
                key=key,
                exercise_id=slugs[progression.exercise],
                exercise_name=names[progression.exercise],
                rule_type=rule_type(rule),
                label=_NUMBER_TEXT[rule_type(rule)],
                value_kg=track.value_kg,
                failures=track.failures,
                stage=track.stage + 1 if isinstance(rule, StagesRule) else None,
                stage_scheme=(
                    _stage_scheme(rule.stages[track.stage])
                    if isinstance(rule, StagesRule)
                    else None
                ),
                missed=track.missed,
            )
        )
    finished = is_finished(program, state)
    week = program.weeks[state.week]
    return ProgramStatus(
        enrollment_id=row.id,
        program_key=row.program_key,
        program_name=row.program_name,
        status=row.status,
        started_on=row.started_on,
        ended_on=row.ended_on,
        unit=parse_unit(_profile(session).unit),
        cycle=state.cycle + 1,
        cycles=program.cycles,
        week=state.week + 1,
        weeks=len(program.weeks),
        day=state.session + 1,
        sessions_in_week=len(week.sessions),
        next_session=None if finished else week.sessions[state.session].name,
        sessions_done=state.sessions_done,
        tracks=tuple(tracks),
        adherence=_adherence_in(session, row, program, today),
    )


def _start_values(
    program: Program, given: Mapping[str, Mapping[str, float]], unit: Unit
) -> dict[str, float]:
    """Values per progression key in kg, from {given kind: {key: value in `unit`}}."""
    by_key = {key.casefold(): key for key in program.progressions}
    values: dict[str, float] = {}
    for kind, typed in given.items():
        for raw_key, value in typed.items():
            key = by_key.get(raw_key.strip().casefold())
            if key is None:
                raise InvalidInput(
                    f"'{program.name}' has no lift called '{raw_key.strip()}': its lifts are "
                    f"{', '.join(program.progressions)}"
                )
            wanted = program.progressions[key].given
            if wanted != kind:
                raise InvalidInput(
                    f"{key}: '{program.name}' asks for {_GIVEN_TEXT[wanted]} "
                    f"({START_OPTIONS[wanted]} {key}=...), not {_GIVEN_TEXT[kind]}"
                )
            if key in values:
                raise InvalidInput(f"{key} is given twice")
            values[key] = to_kg(value, unit)
    missing = [
        f"{START_OPTIONS[p.given]} {key}=..."
        for key, p in program.progressions.items()
        if not p.optional and key not in values
    ]
    if missing:
        raise InvalidInput(
            f"'{program.name}' needs a starting value (in {unit}) for each of its main lifts; "
            f"missing: {' '.join(missing)}"
        )
    return values


def _document_dict(document: object) -> dict[str, Any]:
    # parse_program accepted it, so it is a JSON object.
    assert isinstance(document, dict)
    return document


def start_program(
    db: Database,
    name: str,
    *,
    weights: Mapping[str, float] | None = None,
    training_maxes: Mapping[str, float] | None = None,
    one_rep_maxes: Mapping[str, float] | None = None,
    unit: Unit | None = None,
    replace: bool = False,
    today: date | None = None,
) -> ProgramStatus:
    """Enrol in a programme. Values are per progression key, in `unit` (the profile's by
    default): the lifter's working weights, training maxes or one-rep maxes, as the programme's
    `show` says. Another active programme is refused unless `replace` (it is then stopped)."""
    given = {
        "weight": weights or {},
        "training_max": training_maxes or {},
        "one_rep_max": one_rep_maxes or {},
    }
    with db.session() as session:
        current = active_enrollment_row(session)
        if current is not None and not replace:
            raise InvalidInput(
                f"'{current.program_name}' is already in progress (since {current.started_on}); "
                "stop it with `halterofit program stop`, or start with --replace"
            )
        slugs = exercise_slugs(session)
        profile = _profile(session)
        loaded = _find(_catalogue(db.paths, slugs), name)
        program = _valid(loaded)
        kit = kit_of(profile)
        values = _start_values(program, given, unit or parse_unit(profile.unit))
        state = start(program, values, kit)
        day = today or local_today(profile)
        if current is not None:
            current.status, current.ended_on = STOPPED, day
            db.stamp(session, current)
        row = ProgramEnrollmentRow(
            program_key=loaded.entry.key,
            program_name=program.name,
            program=_document_dict(loaded.document),
            state=state.as_dict(),
            status=ACTIVE,
            started_on=day,
        )
        db.stamp(session, row, created=True)
        session.flush()
        return _status_in(session, row, day)


def program_status(db: Database, today: date | None = None) -> ProgramStatus:
    """The active programme: position, each progression's number, adherence."""
    with db.session() as session:
        row = _active(session)
        return _status_in(session, row, today or local_today(_profile(session)))


def stop_program(db: Database, today: date | None = None) -> ProgramStatus:
    """Stop the active programme (its history stays; a new one can start)."""
    with db.session() as session:
        row = _active(session)
        day = today or local_today(_profile(session))
        row.status, row.ended_on = STOPPED, day
        db.stamp(session, row)
        return _status_in(session, row, day)


def program_adherence(
    db: Database, enrollment_id: str | None = None, today: date | None = None
) -> Adherence:
    """Sessions planned and done, in total and per week, for an enrollment (by default the
    active one, else the most recently started)."""
    with db.session() as session:
        rows = enrollment_rows(session)
        if enrollment_id is not None:
            row = next((r for r in rows if r.id.startswith(enrollment_id.strip().lower())), None)
        else:
            row = active_enrollment_row(session) or (rows[0] if rows else None)
        if row is None:
            raise NotFound("no programme enrollment to measure; start one first")
        program = _enrolled_program(session, row)
        return _adherence_in(session, row, program, today or local_today(_profile(session)))


# --- the next session -------------------------------------------------------------------------


@dataclass(frozen=True)
class NextSet:
    """A set to do. `weight` is in the lifter's unit, rounded to their kit (None: they choose);
    `plates` are the plates on each side of the bar for barbell lifts, heaviest first."""

    reps: int
    reps_max: int | None
    amrap: bool
    rpe: float | None
    basis: str  # "value", "rpe_chart", "backoff" or "free" (domain.programs.Basis)
    percent: float | None
    weight: float | None
    weight_kg: float | None
    plates: tuple[float, ...] | None


@dataclass(frozen=True)
class NextLift:
    exercise_id: str
    exercise_name: str
    progression: str | None
    label: str | None  # what `percent` is of: "training max", "estimated 1RM", ...
    loading: str | None
    rest_s: int | None
    note: str | None
    sets: tuple[NextSet, ...]


@dataclass(frozen=True)
class NextSession:
    enrollment_id: str
    program_key: str
    program_name: str
    cycle: int  # 1-based, like week and day
    week: int
    day: int
    name: str
    deload: bool
    unit: Unit
    lifts: tuple[NextLift, ...]
    workout_name: str
    plan: WorkoutPlan


def _percent_of_1rm(percent: float | None, basis: str, rule: Rule | None) -> float | None:
    """Only a percentage of an estimated 1RM is a percentage of 1RM (not one of a training
    max or of today's top set)."""
    return percent if isinstance(rule, RpeRule) and basis == "value" else None


def _drafts(
    planned: PlannedSession, program: Program, slugs: Mapping[str, str]
) -> list[list[SetDraft]]:
    """The session's sets as plan drafts, one list per lift."""
    drafts = []
    for lift in planned.lifts:
        rule = program.progressions[lift.progression].rule if lift.progression else None
        drafts.append(
            [
                SetDraft(
                    exercise_id=slugs[lift.exercise],
                    reps_min=s.reps,
                    reps_max=s.reps_max if s.reps_max is not None else s.reps,
                    amrap=s.amrap,
                    weight_kg=s.weight_kg,
                    rpe=s.rpe,
                    # Only an estimated 1RM makes a percentage a percentage of 1RM.
                    percent_1rm=s.percent
                    if isinstance(rule, RpeRule) and s.basis == "value"
                    else None,
                    rest_s=lift.rest_s,
                    note=lift.note or "",
                )
                for s in lift.sets
            ]
        )
    return drafts


def _lift_sets(drafts: Sequence[Sequence[SetDraft]]) -> list[tuple[PlanSet, ...]]:
    """The numbered plan sets, split back per lift (numbering keeps the lifts' order)."""
    numbered = number_sets([d for lift in drafts for d in lift])
    split, start_at = [], 0
    for lift in drafts:
        split.append(numbered[start_at : start_at + len(lift)])
        start_at += len(lift)
    return split


def _workout_name(program: Program, planned: PlannedSession) -> str:
    name = f"{planned.name} ({program.name}, week {planned.week} day {planned.day})"
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"


def _next_in(session: Session, row: ProgramEnrollmentRow) -> NextSession:
    program = _enrolled_program(session, row)
    state = ProgramState.from_dict(row.state, program)
    kit = kit_of(_profile(session))
    planned = plan_next_session(program, state, kit)
    slugs = exercise_slugs(session)
    names = _exercise_names(session, slugs)
    drafts = _drafts(planned, program, slugs)
    plan = WorkoutPlan(
        source="program",
        name=planned.name,
        program=PlanProgram(row.id, planned.week, planned.day, planned.name),
        sets=tuple(s for lift in _lift_sets(drafts) for s in lift),
    )
    lifts = []
    for lift in planned.lifts:
        progression = program.progressions[lift.progression] if lift.progression else None
        barbell = progression is not None and progression.loading == "barbell"
        lifts.append(
            NextLift(
                exercise_id=slugs[lift.exercise],
                exercise_name=names[lift.exercise],
                progression=lift.progression,
                label=_NUMBER_TEXT[rule_type(progression.rule)] if progression else None,
                loading=progression.loading if progression else None,
                rest_s=lift.rest_s,
                note=lift.note,
                sets=tuple(
                    NextSet(
                        reps=s.reps,
                        reps_max=s.reps_max,
                        amrap=s.amrap,
                        rpe=s.rpe,
                        basis=s.basis,
                        percent=s.percent,
                        weight=s.weight,
                        weight_kg=s.weight_kg,
                        plates=load_plates(s.weight, kit.bar, kit.plates).per_side
                        if barbell and s.weight is not None
                        else None,
                    )
                    for s in lift.sets
                ),
            )
        )
    return NextSession(
        enrollment_id=row.id,
        program_key=row.program_key,
        program_name=row.program_name,
        cycle=planned.cycle,
        week=planned.week,
        day=planned.day,
        name=planned.name,
        deload=planned.deload,
        unit=planned.unit,
        lifts=tuple(lifts),
        workout_name=_workout_name(program, planned),
        plan=plan,
    )


def upcoming_session(db: Database) -> NextSession:
    """The active programme's next session, every weight rounded to the lifter's kit."""
    with db.session() as session:
        return _next_in(session, _active(session))


def start_next_session(
    db: Database, now: datetime | None = None, readiness: Readiness | None = None
) -> Workout:
    """Start a workout with the next session planned (its exercises in place, planned sets
    shown as planned until logged). Finishing it applies the programme's rules."""
    upcoming = upcoming_session(db)
    return start_workout(db, upcoming.workout_name, now, readiness, plan=upcoming.plan)


# --- after a finished session -----------------------------------------------------------------


def _performed(
    lift_sets: Sequence[tuple[PlanSet, ...]], workout: WorkoutRow, session: Session
) -> SessionResult:
    matched = match_logged(
        [s for lift in lift_sets for s in lift], live_sets(session, [workout.id])
    )
    lifts = []
    for planned in lift_sets:
        done = []
        for target in planned:
            logged = matched.get((target.exercise_id, target.set_number))
            if logged is None:
                break
            done.append(PerformedSet(reps=logged.reps, weight_kg=logged.weight_kg, rpe=logged.rpe))
        lifts.append(tuple(done))
    return SessionResult(tuple(lifts))


def _session_of(
    session: Session, workout: WorkoutRow
) -> tuple[ProgramEnrollmentRow, Program, ProgramState] | None:
    """The active enrollment, its programme and state, when the workout is the session it is
    at; None for a workout of a programme since stopped or of a session it has moved past."""
    plan = plan_of(workout)
    if plan is None or plan.program is None:
        return None
    row = session.get(ProgramEnrollmentRow, plan.program.enrollment_id)
    if row is None or row.deleted or row.status != ACTIVE:
        return None
    program = _enrolled_program(session, row)
    state = ProgramState.from_dict(row.state, program)
    if (state.week + 1, state.session + 1) != (plan.program.week, plan.program.session):
        return None
    return row, program, state


def backoff_weights_in(session: Session, workout: WorkoutRow) -> dict[tuple[str, int], float]:
    """(exercise id, set number) -> weight (kg) of each back-off set of the workout's programme
    session, taken from the day's top set once it is logged (RPE programmes), so the sets after
    it are planned from how it went rather than from the running estimate."""
    found = _session_of(session, workout)
    if found is None:
        return {}
    _, program, state = found
    if not any(isinstance(p.rule, RpeRule) for p in program.progressions.values()):
        return {}
    kit = kit_of(_profile(session))
    planned = plan_next_session(program, state, kit)
    lift_sets = _lift_sets(_drafts(planned, program, exercise_slugs(session)))
    done = _performed(lift_sets, workout, session)
    for index, lift in enumerate(planned.lifts):
        if done.lifts[index] and any(s.basis == "rpe_chart" for s in lift.sets):
            planned = adjust_backoffs(program, planned, index, done.lifts[index], kit)
    return {
        (target.exercise_id, target.set_number): s.weight_kg
        for lift, targets in zip(planned.lifts, lift_sets, strict=True)
        for s, target in zip(lift.sets, targets, strict=True)
        if s.basis == "backoff" and s.weight_kg is not None
    }


def record_program_session_in(
    db: Database, session: Session, workout: WorkoutRow
) -> ProgramState | None:
    """Apply the programme's rules to a finished workout started from its next session, in the
    caller's transaction; returns the new state. A workout of a programme since stopped, or of
    a session the programme has moved past, changes nothing (None)."""
    found = _session_of(session, workout)
    if found is None:
        return None
    row, program, state = found
    kit = kit_of(_profile(session))
    planned = plan_next_session(program, state, kit)
    lift_sets = _lift_sets(_drafts(planned, program, exercise_slugs(session)))
    new_state = apply_result(program, state, _performed(lift_sets, workout, session), kit)
    row.state = new_state.as_dict()
    if is_finished(program, new_state):
        row.status, row.ended_on = FINISHED, workout.date
    db.stamp(session, row)
    return new_state
