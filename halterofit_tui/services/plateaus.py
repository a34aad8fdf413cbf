"""Plateaus as the lifter sees them: detected, stored with causes and protocols, acknowledged,
dismissed or resolved.

The detector and the causes are domain/plateaus.py (docs/METRICS.md). Here each exercise's
series of training days comes from SQL (store/lift_history.py) and the athlete's context
(weekly hard sets of the muscles involved, fatigue index) from the analytics summary, and the
findings are kept in the `plateaus` table, one row per exercise and stall. A stall is known by
its start, the day after the last new best, so:

- the detector's current plateau (as of the lifter's today) is the one active row of the
  exercise, created or brought up to date;
- a later new best resolves a row (resolution "new_pr", ended on that day); a stall the
  detector no longer reports without a new best (the lift was dropped, or is climbing back) is
  resolved as "lapsed" on the last day it was reported, and comes back if it is reported again;
- a row whose last best no longer exists (sets edited or deleted) is removed;
- what the lifter says stands: a false positive (with their feedback) or a plateau they marked
  resolved is never changed or raised again for the same stall; a new stall is a new row.

Refreshes: the exercises of a finished workout (`finish_workout`), the exercise of a confirmed
anomaly, everything after an import, and everything once a day when plateaus are read. A
backfill replays the whole history day by day (`plateau_episodes`) and also stores the stalls
of the past; it runs after imports and before `list_plateaus(include_all=True)` the first time.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from sqlmodel import Session, col, select

from halterofit_tui.domain.analytics import ACUTE_DAYS, CHRONIC_DAYS, Window, acwr, muscle_totals
from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.plateaus import (
    Cause,
    ExerciseSession,
    Plateau,
    Protocol,
    TrainingContext,
    detect_plateau,
    improves,
    plateau_episodes,
    probable_causes,
    recommended_protocols,
)
from halterofit_tui.domain.units import Unit, parse_unit
from halterofit_tui.services.profile import local_today
from halterofit_tui.store import analytics_queries as queries
from halterofit_tui.store.engine import Database
from halterofit_tui.store.lift_history import training_days
from halterofit_tui.store.repositories import one_by_prefix, profile_record, profile_row
from halterofit_tui.store.tables import ExerciseRow, LocalMetaRow, PlateauRow, utc_now

ACTIVE: Final = "active"
RESOLVED: Final = "resolved"
FALSE_POSITIVE: Final = "false_positive"
STATUSES: Final = (ACTIVE, RESOLVED, FALSE_POSITIVE)
NEW_PR: Final = "new_pr"
LAPSED: Final = "lapsed"
BY_USER: Final = "user"
MAX_FEEDBACK: Final = 2000
# Device-local marks (local_meta): the day of the last refresh of every exercise, and whether
# the past has been backfilled.
REFRESHED_ON_KEY: Final = "plateaus_refreshed_on"
BACKFILLED_KEY: Final = "plateaus_backfilled"


@dataclass(frozen=True)
class PlateauReport:
    """A stored plateau, ready to show. Weights in kg."""

    id: str
    exercise_id: str
    exercise_name: str
    unit: Unit  # the lifter's, for showing the weights
    status: str  # "active", "resolved" or "false_positive"
    resolution: str | None  # resolved: "new_pr", "lapsed" or "user"
    start: date  # the day after the last new best
    end: date | None  # the day it stopped being active
    as_of: date  # the day the figures describe
    duration_days: int  # start .. as_of inclusive
    confidence: float  # 0..1
    last_pr_date: date
    last_pr_kg: float
    current_avg_kg: float  # mean session best e1RM over the 6 weeks to as_of
    trend_kg_per_week: float
    metric: str
    acknowledged: bool
    feedback: str
    causes: tuple[Cause, ...]
    protocols: tuple[Protocol, ...]
    detected_at: datetime

    @property
    def weeks(self) -> float:
        return self.duration_days / 7


# --- refreshing -------------------------------------------------------------------------------


def refresh_plateaus(
    db: Database,
    exercise_ids: Iterable[str] | None = None,
    *,
    backfill: bool = False,
    now: datetime | None = None,
) -> None:
    """Bring the stored plateaus of `exercise_ids` (default: every exercise) up to date with
    the history as of today; with `backfill`, store the stalls of the past too."""
    with db.session() as session:
        refresh_plateaus_in(db, session, exercise_ids, backfill=backfill, now=now)


def refresh_after_import(db: Database, exercise_ids: Iterable[str]) -> None:
    """Plateaus as of today for the imported exercises (see refresh_after_import_in)."""
    with db.session() as session:
        refresh_after_import_in(db, session, exercise_ids)


def refresh_after_import_in(db: Database, session: Session, exercise_ids: Iterable[str]) -> None:
    """Plateaus as of today for the imported exercises, in the caller's transaction. Replaying a
    whole imported history day by day for its past stalls takes seconds: that waits for the
    next `plateaus --all`."""
    refresh_plateaus_in(db, session, exercise_ids)
    stale = session.get(LocalMetaRow, BACKFILLED_KEY)
    if stale is not None:
        session.delete(stale)


def refresh_plateaus_in(
    db: Database,
    session: Session,
    exercise_ids: Iterable[str] | None = None,
    *,
    backfill: bool = False,
    now: datetime | None = None,
) -> None:
    """refresh_plateaus inside the caller's transaction."""
    row = profile_row(session)
    assert row is not None, "open_store() creates the profile"
    today = local_today(profile_record(row), now)
    wanted = None if exercise_ids is None else sorted(set(exercise_ids))
    connection = queries.session_connection(session)
    days = training_days(connection, wanted)
    query = select(PlateauRow).where(PlateauRow.deleted == False)  # noqa: E712
    if wanted is not None:
        query = query.where(col(PlateauRow.exercise_id).in_(wanted))
    stored: dict[str, list[PlateauRow]] = {}
    for plateau_row in session.exec(query.order_by(col(PlateauRow.created_at))):
        stored.setdefault(plateau_row.exercise_id, []).append(plateau_row)
    context = _ContextReader(connection)
    for exercise_id in sorted(set(days) | set(stored)):
        _refresh_exercise(
            db,
            session,
            exercise_id,
            days.get(exercise_id, []),
            stored.get(exercise_id, []),
            today=today,
            backfill=backfill,
            context=context,
        )
    if wanted is None:
        db.set_meta(session, REFRESHED_ON_KEY, today.isoformat())
        if backfill:
            db.set_meta(session, BACKFILLED_KEY, today.isoformat())


PLATEAU_NAMESPACE: Final = uuid.UUID("5d0f3c52-8f3e-4d8e-9a4c-2b7e61a0c9d4")


def plateau_id(exercise_id: str, start: date) -> str:
    """The same on every device, so two devices that detect one stall sync one row."""
    return str(uuid.uuid5(PLATEAU_NAMESPACE, f"{exercise_id}/{start.isoformat()}"))


def _user_owned(row: PlateauRow) -> bool:
    """The lifter's verdict, which no refresh overrides."""
    return row.status == FALSE_POSITIVE or row.resolution == BY_USER


def _refresh_exercise(
    db: Database,
    session: Session,
    exercise_id: str,
    sessions: list[ExerciseSession],
    rows: list[PlateauRow],
    *,
    today: date,
    backfill: bool,
    context: _ContextReader,
) -> None:
    bests: list[date] = []  # the days of new bests, in order
    best_kg = 0.0
    for s in sessions:
        if not bests or improves(s.best_e1rm_kg, best_kg):
            bests.append(s.day)
            best_kg = s.best_e1rm_kg
    best_days = set(bests)
    current = detect_plateau(exercise_id, sessions, today)
    reported: dict[date, Plateau] = {}
    if backfill:
        for episode in plateau_episodes(exercise_id, sessions, until=today):
            reported[episode.first.start] = episode.last
    if current is not None:
        reported[current.start] = current
    by_start: dict[date, PlateauRow] = {}
    for row in rows:
        if row.start_date in by_start:
            # Two devices stored the same stall: keep the first row.
            _remove(db, session, row)
        else:
            by_start[row.start_date] = row
    created = {start for start in reported if start not in by_start}
    revived: set[date] = set()
    for start in created:
        figures = _figures(exercise_id, reported[start], sessions, context)
        row_id = plateau_id(exercise_id, start)
        tombstone = session.get(PlateauRow, row_id)
        if tombstone is None:
            by_start[start] = PlateauRow(
                id=row_id, exercise_id=exercise_id, detected_at=utc_now(), **figures
            )
            continue
        # The same stall came back (its sets were edited back): the removed row returns.
        for name, value in figures.items():
            setattr(tombstone, name, value)
        tombstone.deleted, tombstone.acknowledged, tombstone.feedback = False, False, ""
        tombstone.detected_at = utc_now()
        by_start[start] = tombstone
        revived.add(start)
    for start, row in by_start.items():
        if _user_owned(row):
            continue
        if start - timedelta(days=1) not in best_days:
            _remove(db, session, row)  # its last best is gone: sets were edited or deleted
            continue
        before = None if start in created else _state(row)
        plateau = reported.get(start)
        if before is not None and plateau is not None and plateau.as_of != row.as_of:
            for name, value in _figures(exercise_id, plateau, sessions, context).items():
                setattr(row, name, value)
        later = next((day for day in bests if day >= start), None)
        if later is not None:
            row.status, row.resolution, row.end_date = RESOLVED, NEW_PR, later
        elif current is not None and current.start == start:
            row.status, row.resolution, row.end_date = ACTIVE, None, None
        else:
            row.status, row.resolution, row.end_date = RESOLVED, LAPSED, row.as_of
        if before is None:
            db.stamp(session, row, created=start not in revived)
        elif _state(row) != before:
            db.stamp(session, row)


def _state(row: PlateauRow) -> tuple[Any, ...]:
    """What a refresh may change: a row is stamped (for sync) only when this changed."""
    return (row.as_of, row.status, row.resolution, row.end_date, row.causes, row.protocols)


def _remove(db: Database, session: Session, row: PlateauRow) -> None:
    row.deleted = True
    db.stamp(session, row)


def _figures(
    exercise_id: str,
    plateau: Plateau,
    sessions: Sequence[ExerciseSession],
    context: _ContextReader,
) -> dict[str, Any]:
    """A row's columns describing `plateau`, with its probable causes and protocols."""
    causes = probable_causes(plateau, sessions, context.of(exercise_id, plateau))
    protocols = recommended_protocols(causes)
    return {
        "metric": plateau.metric,
        "start_date": plateau.start,
        "as_of": plateau.as_of,
        "duration_days": plateau.duration_days,
        "confidence": plateau.confidence,
        "last_pr_date": plateau.last_pr_date,
        "last_pr_kg": plateau.last_pr_kg,
        "current_avg_kg": plateau.current_avg_kg,
        "trend_kg_per_week": plateau.trend_kg_per_week,
        "causes": [dataclasses.asdict(c) for c in causes],
        "protocols": [{**dataclasses.asdict(p), "causes": list(p.causes)} for p in protocols],
    }


class _ContextReader:
    """The athlete's training around a stall, from the performance_metrics summary."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self._muscles: dict[str, tuple[list[str], list[str]]] | None = None
        self._first_day = queries.first_training_day(connection)

    def muscles(self) -> dict[str, tuple[list[str], list[str]]]:
        if self._muscles is None:
            ids = [exercise_id for exercise_id, _, _ in queries.exercise_labels(self.connection)]
            self._muscles = queries.exercise_muscles(self.connection, ids)
        return self._muscles

    def of(self, exercise_id: str, plateau: Plateau) -> TrainingContext:
        """Hard sets a week of the exercise's primary muscles over the stall, and the fatigue
        index as of its last day."""
        stall = Window(plateau.start, plateau.as_of)
        muscles = self.muscles()
        per_muscle = {
            m.muscle: m.hard_sets / stall.weeks
            for m in muscle_totals(queries.exercise_totals(self.connection, stall), muscles)
        }
        primary = muscles.get(exercise_id, ([], []))[0]
        return TrainingContext(
            weekly_hard_sets=tuple((m, per_muscle.get(m, 0.0)) for m in primary),
            fatigue_index=self._fatigue(plateau.as_of),
        )

    def _fatigue(self, day: date) -> float | None:
        chronic_start = day - timedelta(days=CHRONIC_DAYS - 1)
        # A chronic window the lifter had not started in would inflate the ratio.
        if self._first_day is None or self._first_day > chronic_start:
            return None
        acute = queries.load_between(
            self.connection, Window(day - timedelta(days=ACUTE_DAYS - 1), day)
        )
        return acwr(acute, queries.load_between(self.connection, Window(chronic_start, day)))


# --- reading ----------------------------------------------------------------------------------


def _report(row: PlateauRow, exercise_name: str, unit: Unit) -> PlateauReport:
    return PlateauReport(
        id=row.id,
        exercise_id=row.exercise_id,
        exercise_name=exercise_name,
        unit=unit,
        status=row.status,
        resolution=row.resolution,
        start=row.start_date,
        end=row.end_date,
        as_of=row.as_of,
        duration_days=row.duration_days,
        confidence=row.confidence,
        last_pr_date=row.last_pr_date,
        last_pr_kg=row.last_pr_kg,
        current_avg_kg=row.current_avg_kg,
        trend_kg_per_week=row.trend_kg_per_week,
        metric=row.metric,
        acknowledged=row.acknowledged,
        feedback=row.feedback,
        causes=tuple(Cause(**c) for c in row.causes),
        protocols=tuple(
            Protocol(p["code"], p["text"], p["rationale"], tuple(p["causes"]))
            for p in row.protocols
        ),
        detected_at=row.detected_at,
    )


def _reports(session: Session, statuses: Sequence[str]) -> list[PlateauReport]:
    row = profile_row(session)
    unit = parse_unit(row.unit if row is not None else "kg")
    found = session.exec(
        select(PlateauRow, ExerciseRow.name)
        .join(ExerciseRow, col(ExerciseRow.id) == col(PlateauRow.exercise_id))
        .where(PlateauRow.deleted == False, col(PlateauRow.status).in_(statuses))  # noqa: E712
    ).all()
    reports = [_report(plateau, name, unit) for plateau, name in found]
    # Active first, the surest first; then the others, the latest stall first.
    return sorted(
        reports,
        key=lambda r: (
            STATUSES.index(r.status),
            -r.confidence if r.status == ACTIVE else 0.0,
            -r.start.toordinal(),
        ),
    )


def _refresh_if_stale(db: Database, *, backfill: bool, now: datetime | None) -> None:
    """Refresh every exercise once a day (a stall can begin on a day without training), and
    backfill the past once when asked to."""
    with db.session() as session:
        row = profile_row(session)
        assert row is not None, "open_store() creates the profile"
        today = local_today(profile_record(row), now).isoformat()
        needs_backfill = backfill and db.meta(session, BACKFILLED_KEY) is None
        if needs_backfill or db.meta(session, REFRESHED_ON_KEY) != today:
            refresh_plateaus_in(db, session, backfill=needs_backfill, now=now)


def active_plateaus(db: Database, now: datetime | None = None) -> list[PlateauReport]:
    """The plateaus the lifter is on, the surest first (refreshed first when the last full
    refresh was on another day)."""
    _refresh_if_stale(db, backfill=False, now=now)
    with db.session() as session:
        return _reports(session, (ACTIVE,))


def list_plateaus(
    db: Database, *, include_all: bool = False, now: datetime | None = None
) -> list[PlateauReport]:
    """Active plateaus; with `include_all`, past and dismissed ones too (the past is backfilled
    from the whole history the first time)."""
    _refresh_if_stale(db, backfill=include_all, now=now)
    with db.session() as session:
        return _reports(session, STATUSES if include_all else (ACTIVE,))


# --- the lifter's verdicts --------------------------------------------------------------------


def _update(
    db: Database, plateau_id: str, change: Callable[[PlateauRow, Session], None]
) -> PlateauReport:
    with db.session() as session:
        row = one_by_prefix(session, PlateauRow, plateau_id, "plateau")
        change(row, session)
        db.stamp(session, row)
        exercise = session.get(ExerciseRow, row.exercise_id)
        profile = profile_row(session)
        unit = parse_unit(profile.unit if profile is not None else "kg")
        return _report(row, exercise.name if exercise is not None else "?", unit)


def _today(session: Session, now: datetime | None) -> date:
    row = profile_row(session)
    assert row is not None, "open_store() creates the profile"
    return local_today(profile_record(row), now)


def acknowledge_plateau(db: Database, plateau_id: str) -> PlateauReport:
    """The lifter has seen it; it stays active until a new best or their verdict."""

    def acknowledge(row: PlateauRow, _: Session) -> None:
        row.acknowledged = True

    return _update(db, plateau_id, acknowledge)


def dismiss_plateau(
    db: Database, plateau_id: str, feedback: str = "", now: datetime | None = None
) -> PlateauReport:
    """Not a plateau, says the lifter (a false positive, with their feedback): it is never
    raised again for this stall."""
    feedback = feedback.strip()
    if len(feedback) > MAX_FEEDBACK:
        raise InvalidInput(f"feedback is limited to {MAX_FEEDBACK} characters")

    def dismiss(row: PlateauRow, session: Session) -> None:
        row.status, row.resolution = FALSE_POSITIVE, None
        row.end_date = row.end_date or _today(session, now)
        if feedback:
            row.feedback = feedback

    return _update(db, plateau_id, dismiss)


def resolve_plateau(db: Database, plateau_id: str, now: datetime | None = None) -> PlateauReport:
    """Over, says the lifter (a program change, a new goal): it is not raised again for this
    stall."""

    def resolve(row: PlateauRow, session: Session) -> None:
        row.status, row.resolution = RESOLVED, BY_USER
        row.end_date = row.end_date or _today(session, now)

    return _update(db, plateau_id, resolve)
