"""The set logger asks before logging a set that looks like a typo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from halterofit_tui.config import DATABASE_NAME
from halterofit_tui.tui.screens.confirm import ConfirmScreen
from halterofit_tui.tui.screens.workout import WorkoutScreen
from halterofit_tui.tui.widgets.set_logger import SetLogger
from tests.tui.conftest import settle
from tests.tui.test_workout import log_set, type_text


def stored_sets(home: Path) -> list[tuple[float, bool, bool]]:
    """(weight, flagged, confirmed) of every live set of today's workout."""
    connection = sqlite3.connect(home / DATABASE_NAME)
    try:
        rows = connection.execute(
            "SELECT s.weight_kg, s.anomaly IS NOT NULL, s.anomaly_confirmed"
            " FROM exercise_sets s JOIN workouts w ON w.id = s.workout_id"
            " WHERE s.deleted = 0 AND w.status = 'in_progress'"
        ).fetchall()
    finally:
        connection.close()
    return [(weight, bool(flagged), bool(confirmed)) for weight, flagged, confirmed in rows]


async def type_a_typo(pilot) -> WorkoutScreen:  # type: ignore[no-untyped-def]
    """Start a workout, pick the bench (last done at 82.5 kg) and log 825 x 5."""
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    await pilot.press("escape")  # no readiness check-in; the picker opens
    await settle(pilot)
    await type_text(pilot, "bench press")
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WorkoutScreen)
    await log_set(pilot, "825", "5", [])
    return screen


@pytest.mark.usefixtures("seeded_home")
async def test_no_leaves_the_logger_as_it_was(make_app, home: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        workout = await type_a_typo(pilot)

        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert question.question == "825 kg is 10x last session's 82.5 kg — log anyway?"
        assert question.detail == (
            "Barbell Bench Press 825 kg x 5 looks like a typo (825 kg is 10x last session's "
            "82.5 kg)"
        )
        await pilot.press("n")
        await settle(pilot)

        assert app.screen is workout
        logger = workout.query_one(SetLogger)
        assert logger.query_one("#weight", Input).value == "825"
        assert logger.query_one("#reps", Input).value == "5"
        assert workout.query_one("#sets-table", DataTable).row_count == 0
        assert stored_sets(home) == []


@pytest.mark.usefixtures("seeded_home")
async def test_yes_logs_it_confirmed(make_app, home: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        workout = await type_a_typo(pilot)
        assert isinstance(app.screen, ConfirmScreen)

        await pilot.press("y")
        await settle(pilot)

        assert app.screen is workout
        table = workout.query_one("#sets-table", DataTable)
        assert table.row_count == 1
        assert table.get_row_at(0)[1] == "825 kg"
        assert stored_sets(home) == [(825.0, True, True)]
