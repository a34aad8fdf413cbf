"""The workout session end to end, by keyboard only, against a temp store."""

from __future__ import annotations

import json
from datetime import timedelta

from textual.widgets import DataTable, Input, OptionList

from halterofit_tui.services.context import open_store
from halterofit_tui.services.workouts import active_workout, history
from halterofit_tui.tui.screens.history import HistoryScreen
from halterofit_tui.tui.screens.workout import WorkoutScreen
from halterofit_tui.tui.widgets.rpe_selector import RpeSelector
from halterofit_tui.tui.widgets.set_logger import SetLogger
from tests.tui.conftest import FIXED_NOW, settle


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for character in text:
        await pilot.press(character)


async def start_with_two_exercises(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)
    await pilot.press("n")  # start: readiness check-in first
    await settle(pilot)
    await pilot.press("escape")  # skip the check-in, the picker opens
    await settle(pilot)
    await type_text(pilot, "squat")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("escape", "a")  # leave the set fields, then add
    await settle(pilot)
    await type_text(pilot, "bench press")
    await pilot.press("enter")
    await settle(pilot)


async def log_set(pilot, weight: str, reps: str, rpe_presses: list[str]) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    logger = app.screen.query_one(SetLogger)
    weight_input = logger.query_one("#weight", Input)
    weight_input.focus()
    weight_input.value = ""
    await type_text(pilot, weight)
    await pilot.press("tab")
    logger.query_one("#reps", Input).value = ""
    await type_text(pilot, reps)
    await pilot.press("tab")  # RPE selector
    await pilot.press("backspace", *rpe_presses)
    await pilot.press("enter")
    await settle(pilot)


async def test_a_whole_workout_by_keyboard(make_app, home, cli) -> None:  # type: ignore[no-untyped-def]
    clock = {"now": FIXED_NOW}
    app = make_app()
    app.clock = lambda: clock["now"]
    async with app.run_test(size=(80, 24)) as pilot:
        await start_with_two_exercises(pilot)
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        assert [e.name for e in screen.detail.exercises] == [
            "Barbell Back Squat",
            "Barbell Bench Press",
        ]
        # bench is selected (last added): three sets with RPE 8, 8.5, 9
        await log_set(pilot, "100", "5", ["8"])
        await log_set(pilot, "100", "5", ["8", "full_stop"])
        await log_set(pilot, "100", "4", ["9"])
        table = screen.query_one("#sets-table", DataTable)
        assert table.row_count == 3
        assert app.rest_timer is not None
        assert app.rest_timer.remaining_s(clock["now"]) == 180
        clock["now"] = FIXED_NOW + timedelta(seconds=45)
        await pilot.pause(1.1)
        assert "Rest 2:15" in str(screen.query_one("#rest-label").render())

        # edit the first set: 5 reps were really 6
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("e")
        await settle(pilot)
        reps = app.screen.query_one("#set-reps", Input)
        reps.focus()
        reps.value = ""
        await type_text(pilot, "6")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert table.get_row_at(0)[2] == "6"

        # delete the second set (cursor on it, d, confirm with y)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert table.row_count == 2

        # finish: confirm, then the summary
        await pilot.press("escape", "f")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        summary = str(app.screen.query_one("#summary-text").render())
        assert "Sets       2" in summary
        assert "1000 kg" in summary
        await pilot.press("enter")
        await settle(pilot)

        # it is in History at once
        await pilot.press("y")
        await settle(pilot)
        history_screen = app.screen
        assert isinstance(history_screen, HistoryScreen)
        listed = [str(o.prompt) for o in history_screen.query_one(OptionList).options]
        assert any("Evening Workout" in text and "1,000 kg" in text for text in listed), listed

    (exported,) = json.loads(cli("history", "--json").stdout)
    assert exported["totals"]["sets"] == 2
    assert exported["totals"]["volume_kg"] == 1000.0
    assert exported["totals"]["avg_rpe"] == 8.5

    db = open_store()
    (done,) = history(db)
    assert done.workout.status == "completed"
    assert (done.workout.total_sets, done.workout.total_volume_kg) == (2, 1000.0)
    assert done.workout.avg_rpe == 8.5
    assert [(s.reps, s.rpe) for s in done.sets] == [(6, 8.0), (4, 9.0)]
    assert active_workout(db) is None
    db.dispose()


async def test_invalid_entries_are_refused_inline(make_app, home) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_with_two_exercises(pilot)
        logger = app.screen.query_one(SetLogger)
        error = logger.query_one("#logger-error")
        for weight, reps, rpe_keys, message in (
            ("1OO", "5", [], "weight must be a number"),
            ("100", "0", [], "reps"),
        ):
            await log_set(pilot, weight, reps, rpe_keys)
            assert message in str(error.render())
        notation = logger.query_one("#notation", Input)
        notation.value = "100x5@11"
        notation.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "RPE" in str(error.render())
        assert logger.query_one(RpeSelector).value is None
    db = open_store()
    detail = active_workout(db)
    assert detail is not None and detail.sets == ()
    db.dispose()


async def test_resume_after_quitting_mid_workout(make_app, home) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_with_two_exercises(pilot)
        await log_set(pilot, "60", "8", ["7"])
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, WorkoutScreen)
        assert screen.detail is not None
        assert [e.name for e in screen.detail.exercises][-1] == "Barbell Bench Press"
        assert screen.query_one("#sets-table", DataTable).row_count == 1
        # the logger is prefilled from the set already logged
        logger = screen.query_one(SetLogger)
        assert logger.query_one("#weight", Input).value == "60"
        assert logger.query_one("#reps", Input).value == "8"


async def test_units_in_lb_store_kg_and_show_lb(make_app, home) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.profile import set_setting

    db = open_store()
    set_setting(db, "unit", "lb")
    db.dispose()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_with_two_exercises(pilot)
        await log_set(pilot, "225", "5", [])
        table = app.screen.query_one("#sets-table", DataTable)
        assert table.get_row_at(0)[1] == "225 lb"
    db = open_store()
    detail = active_workout(db)
    assert detail is not None
    assert round(detail.sets[0].weight_kg, 3) == 102.058
    db.dispose()


def test_history_json_shows_the_tui_workout(cli, home) -> None:  # type: ignore[no-untyped-def]
    # the CLI reads what the app wrote: same store, same totals
    from halterofit_tui.domain.notation import parse_sets
    from halterofit_tui.services.workouts import finish_workout, log_sets

    db = open_store()
    log_sets(db, "bench press", parse_sets("100x5@8 100x4@9", "kg"), now=FIXED_NOW)
    finish_workout(db, now=FIXED_NOW + timedelta(minutes=30))
    db.dispose()
    (workout,) = json.loads(cli("history", "--json").stdout)
    assert workout["totals"]["volume_kg"] == 900.0


async def test_logger_keys_step_weight_and_reps_and_set_rpe(make_app, home) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_with_two_exercises(pilot)
        logger = app.screen.query_one(SetLogger)
        weight = logger.query_one("#weight", Input)
        weight.focus()
        weight.value = "100"
        await pilot.press("up", "up", "down")
        assert weight.value == "102.5"  # smallest pair of plates: 2 x 1.25 kg
        reps = logger.query_one("#reps", Input)
        reps.focus()
        reps.value = "5"
        await pilot.press("down", "down")
        assert reps.value == "3"
        rpe = logger.query_one(RpeSelector)
        rpe.focus()
        await pilot.press("right")
        assert rpe.value == 6.0  # stepping starts where working sets live
        await pilot.press("8", "full_stop")
        assert rpe.value == 8.5
        assert "8.5 — 1-2 left" in str(rpe.render())
        await pilot.press("left", "left", "left")
        assert rpe.value == 7.0
        await pilot.press("backspace")
        assert rpe.value is None


async def test_tempo_technique_and_notes_are_logged(make_app, home) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_with_two_exercises(pilot)
        logger = app.screen.query_one(SetLogger)
        logger.query_one("#technique", Input).value = "6"
        await log_set(pilot, "60", "8", ["7"])
        assert "technique rating must be 1 to 5" in str(logger.query_one("#logger-error").render())
        logger.query_one("#technique", Input).value = "4"
        logger.query_one("#tempo", Input).value = "3-1-1-0"
        logger.query_one("#set-notes", Input).value = "paused at the chest"
        await log_set(pilot, "60", "8", ["7"])
    db = open_store()
    detail = active_workout(db)
    assert detail is not None
    (logged,) = detail.sets
    assert (logged.tempo, logged.technique_rating, logged.notes) == (
        "3-1-1-0",
        4,
        "paused at the chest",
    )
    db.dispose()


def test_rpe_meanings() -> None:
    from halterofit_tui.tui.widgets.rpe_selector import rpe_meaning

    assert rpe_meaning(None) == "— (no RPE)"
    assert rpe_meaning(10.0) == "10 — max"
    assert rpe_meaning(8.0) == "8 — 2 left"
    assert rpe_meaning(9.5) == "9.5 — 0-1 left"
    assert rpe_meaning(6.5) == "6.5 — 3-4 left"


async def test_undo_reverses_deletes_edits_and_logs_in_order(make_app, home) -> None:  # type: ignore[no-untyped-def]
    def stored() -> list[tuple[int, float, int]]:
        db = open_store()
        detail = active_workout(db)
        db.dispose()
        assert detail is not None
        return [(s.set_number, s.weight_kg, s.reps) for s in detail.sets]

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_with_two_exercises(pilot)
        await log_set(pilot, "100", "5", [])
        await log_set(pilot, "90", "8", [])
        table = app.screen.query_one("#sets-table", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert stored() == [(1, 90.0, 8)]
        await pilot.press("u")  # the delete comes back, at its place
        await settle(pilot)
        assert stored() == [(1, 100.0, 5), (2, 90.0, 8)]

        table.focus()
        table.move_cursor(row=1)
        await pilot.press("e")
        await settle(pilot)
        reps = app.screen.query_one("#set-reps", Input)
        reps.value = "10"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored() == [(1, 100.0, 5), (2, 90.0, 10)]
        await pilot.press("u")  # the edit is reversed
        await settle(pilot)
        assert stored() == [(1, 100.0, 5), (2, 90.0, 8)]
        await pilot.press("u")  # then the second log
        await settle(pilot)
        assert stored() == [(1, 100.0, 5)]
