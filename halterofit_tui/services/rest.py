"""The rest timer, kept in the store so every screen (and the next start of the app) sees it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from halterofit_tui.domain import rest
from halterofit_tui.domain.rest import RestTimer
from halterofit_tui.services.profile import get_profile
from halterofit_tui.store.engine import Database
from halterofit_tui.store.tables import ExerciseRow

REST_META_KEY = "rest_timer"


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _save(db: Database, timer: RestTimer | None) -> RestTimer | None:
    with db.session() as session:
        if timer is None:
            db.set_meta(session, REST_META_KEY, "")
        else:
            db.set_meta(
                session,
                REST_META_KEY,
                json.dumps(
                    {
                        "ends_at": timer.ends_at.isoformat(),
                        "total_s": timer.total_s,
                        "label": timer.label,
                        "paused_remaining_s": timer.paused_remaining_s,
                    }
                ),
            )
    return timer


def current_rest(db: Database) -> RestTimer | None:
    with db.session() as session:
        raw = db.meta(session, REST_META_KEY)
    if not raw:
        return None
    data = json.loads(raw)
    return RestTimer(
        ends_at=datetime.fromisoformat(data["ends_at"]),
        total_s=int(data["total_s"]),
        label=str(data.get("label", "")),
        paused_remaining_s=data.get("paused_remaining_s"),
    )


def rest_seconds_for(db: Database, exercise_id: str) -> int:
    """The exercise's own rest, else the profile's default for compound or isolation lifts."""
    profile = get_profile(db)
    with db.session() as session:
        exercise = session.get(ExerciseRow, exercise_id)
    if exercise is not None and exercise.rest_seconds is not None:
        return exercise.rest_seconds
    if exercise is not None and exercise.subcategory == "isolation":
        return profile.rest_isolation_s
    return profile.rest_compound_s


def start_rest_after(
    db: Database, exercise_id: str, label: str, now: datetime | None = None
) -> RestTimer:
    timer = rest.start(rest_seconds_for(db, exercise_id), _now(now), label)
    _save(db, timer)
    return timer


def adjust_rest(db: Database, delta_s: int, now: datetime | None = None) -> RestTimer | None:
    timer = current_rest(db)
    return _save(db, timer.adjusted(delta_s, _now(now))) if timer else None


def toggle_rest(db: Database, now: datetime | None = None) -> RestTimer | None:
    timer = current_rest(db)
    return _save(db, timer.toggled(_now(now))) if timer else None


def skip_rest(db: Database) -> None:
    _save(db, None)
