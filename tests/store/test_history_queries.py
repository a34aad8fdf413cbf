"""The read-only history path gives exactly the records the ORM path gives, on the same store."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from halterofit_tui.services.demo import fill_demo
from halterofit_tui.services.workouts import delete, history, log_sets
from halterofit_tui.store.history_queries import recent_workouts
from halterofit_tui.store.reader import connect_reader
from tests.services.test_exporting import fill_varied_home


@pytest.fixture
def varied(db: Any) -> Any:
    fill_varied_home(db)  # lb sets, bodyweight, timed, deleted set and workout, in progress
    return db


def both(db: Any, **options: Any) -> tuple[Any, Any]:
    exercise = options.pop("exercise", None)
    orm = history(db, exercise=exercise, **options)
    exercise_id = orm[0].sets[0].exercise_id if exercise and orm else None
    with connect_reader(db.paths.database) as reader:
        raw = recent_workouts(
            reader,
            limit=options.get("limit", 20),
            since=options.get("since"),
            exercise_id=exercise_id,
        )
    return orm, raw


@pytest.mark.parametrize(
    "options",
    [
        {"limit": 20},
        {"limit": 1},
        {"limit": 20, "exercise": "bench press"},
        {"limit": 20, "since": date(2026, 3, 4)},
    ],
)
def test_varied_history_reads_the_same_both_ways(varied: Any, options: dict[str, Any]) -> None:
    orm, raw = both(varied, **dict(options))
    assert orm
    assert raw == orm


def test_a_generated_history_reads_the_same_both_ways(db: Any) -> None:
    fill_demo(db, 3000, seed=7)
    first = history(db, limit=1)[0].sets[0]
    log_sets(db, first.exercise_name, notation="bw+10x8")
    delete(db, history(db, limit=3)[2].workout.id)
    for options in ({"limit": 100}, {"limit": 20, "exercise": first.exercise_name}):
        orm, raw = both(db, **dict(options))
        assert len(orm) == options["limit"]  # of 137 workouts, 42 with that exercise
        assert raw == orm
