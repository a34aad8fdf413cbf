"""What the Home screen shows: the workout in progress, this week, recent workouts and PRs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import col, select

from halterofit_tui.domain.records import PersonalRecord, Workout, WorkoutDetail
from halterofit_tui.services.profile import get_profile, local_today
from halterofit_tui.services.workouts import personal_records
from halterofit_tui.store.engine import Database
from halterofit_tui.store.repositories import active_workout_row, workout_details, workout_record
from halterofit_tui.store.tables import WorkoutRow

RECENT_WORKOUTS = 5
PR_LOOKBACK_WORKOUTS = 5


@dataclass(frozen=True)
class Overview:
    active: WorkoutDetail | None
    recent: tuple[Workout, ...]
    week_start: date
    week_sessions: int
    week_volume_kg: float
    recent_prs: tuple[tuple[date, PersonalRecord], ...]


def home_overview(db: Database, now: datetime | None = None) -> Overview:
    today = local_today(get_profile(db), (now or datetime.now(UTC)))
    week_start = today - timedelta(days=today.weekday())
    with db.session() as session:
        active = active_workout_row(session)
        completed = list(
            session.exec(
                select(WorkoutRow)
                .where(WorkoutRow.deleted == False, WorkoutRow.status == "completed")  # noqa: E712
                .order_by(col(WorkoutRow.date).desc(), col(WorkoutRow.started_at).desc())
                .limit(max(RECENT_WORKOUTS, PR_LOOKBACK_WORKOUTS))
            ).all()
        )
        this_week = list(
            session.exec(
                select(WorkoutRow).where(
                    WorkoutRow.deleted == False,  # noqa: E712
                    col(WorkoutRow.date) >= week_start,
                )
            ).all()
        )
        prs = [
            (workout.date, record)
            for workout in completed[:PR_LOOKBACK_WORKOUTS]
            for record in personal_records(session, workout)
        ]
        return Overview(
            active=workout_details(session, [active])[0] if active else None,
            recent=tuple(workout_record(w) for w in completed[:RECENT_WORKOUTS]),
            week_start=week_start,
            week_sessions=len(this_week),
            week_volume_kg=round(sum(w.total_volume_kg for w in this_week), 3),
            recent_prs=tuple(prs),
        )
