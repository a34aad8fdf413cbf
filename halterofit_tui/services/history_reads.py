"""`halterofit history` on the read-only path: the same workouts as services.workouts.history,
without importing SQLAlchemy (about 480 ms of a ~600 ms command on a small machine)."""

from __future__ import annotations

from datetime import date

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.records import WorkoutDetail
from halterofit_tui.domain.units import Unit, parse_unit
from halterofit_tui.services.analytics import open_analytics_reader, resolve_exercise
from halterofit_tui.store.history_queries import profile_unit, recent_workouts


def read_history(
    *, limit: int = 20, since: date | None = None, exercise: str | None = None
) -> tuple[list[WorkoutDetail], Unit]:
    """Workouts newest first with their sets (see services.workouts.history), and the unit."""
    if limit < 1:
        raise InvalidInput("limit must be at least 1")
    with open_analytics_reader() as reader:
        exercise_id = resolve_exercise(reader, exercise)[0] if exercise is not None else None
        details = recent_workouts(reader, limit=limit, since=since, exercise_id=exercise_id)
        return details, parse_unit(profile_unit(reader))
