"""History: the week-grouped list, a workout's sets, editing and deleting, the exercise filter."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from halterofit_tui.tui.screens.confirm import ConfirmScreen
from halterofit_tui.tui.screens.history import HistoryScreen, WorkoutList
from halterofit_tui.tui.screens.set_editor import SetEditorScreen
from halterofit_tui.tui.screens.workout_detail import SetsTable, WorkoutDetailScreen
from tests.conftest import database_dump
from tests.tui.conftest import FIXED_NOW, settle

# The seeded workouts (see tests/tui/conftest.py): FIXED_NOW is Wed 4 Mar 2026.
NEWEST = date(2026, 3, 2)  # Mon: squat 105x5 x2, bench 82.5x5
MIDDLE = date(2026, 2, 26)  # Thu: deadlift 140x5, pull up bw x 10
OLDEST = date(2026, 2, 23)  # Mon: squat 100x5 x3, bench 80x5 x2


def stored_history() -> list:  # type: ignore[type-arg]
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.workouts import history

    db = open_store()
    try:
        return history(db, limit=50)
    finally:
        db.dispose()


def option_ids(screen: HistoryScreen) -> list[str | None]:
    return [option.id for option in screen.query_one(WorkoutList).options]


def option_texts(screen: HistoryScreen) -> list[str]:
    return [str(option.prompt) for option in screen.query_one(WorkoutList).options]


async def open_history(pilot: Pilot[None]) -> HistoryScreen:
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


async def open_newest(pilot: Pilot[None]) -> WorkoutDetailScreen:
    await open_history(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WorkoutDetailScreen)
    return screen


async def highlight_set(pilot: Pilot[None], exercise: str, number: int) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, WorkoutDetailScreen)
    table = screen.query_one(SetsTable)
    target = next(
        s.id for s in screen.sets.values() if s.exercise_name == exercise and s.set_number == number
    )
    table.move_cursor(row=table.get_row_index(target))
    await pilot.pause()


async def test_workouts_newest_first_grouped_by_week(seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        texts = option_texts(screen)
        ids = option_ids(screen)
        assert ids[0] == "week-2026-03-02"
        assert ids[2] == "week-2026-02-23"
        assert [i for i in ids if not str(i).startswith("week-")] == [
            w.workout.id for w in stored_history()
        ]
        # Week of 2 Mar: one session (squat 5250 + bench 412.5 = 1462.5 kg).
        assert texts[0] == "Week of 2 Mar 2026 — 1 session · 1,462.5 kg"
        assert texts[1].startswith("Mon 2 Mar ")
        assert "1,462.5 kg" in texts[1] and "55 min" in texts[1]
        # Week of 23 Feb: two sessions (1500 + 800 + 700 = 3000; deadlift 700 + bw 0).
        assert texts[2] == "Week of 23 Feb 2026 — 2 sessions · 3,000 kg"
        assert texts[3].startswith("Thu 26 Feb ")
        assert texts[4].startswith("Mon 23 Feb ")
        # The cursor starts on the newest workout, never on a week header.
        assert screen.highlighted_workout() is not None
        assert screen.highlighted_workout().date == NEWEST  # type: ignore[union-attr]
        await pilot.press("down")
        assert screen.highlighted_workout().date == MIDDLE  # type: ignore[union-attr]
        await pilot.press("down")
        assert screen.highlighted_workout().date == OLDEST  # type: ignore[union-attr]
        status = str(screen.query_one("#history-status", Static).render())
        assert "3 workouts" in status


async def test_opening_a_workout_shows_its_sets_and_totals(seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_newest(pilot)
        table = detail.query_one(SetsTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            ["Barbell Back Squat", "1", "105 kg", "5", "8", "working", "118.13 kg"],
            ["", "2", "105 kg", "5", "8.5", "working", "118.13 kg"],
            ["Barbell Bench Press", "1", "82.5 kg", "5", "8", "working", "92.81 kg"],
        ]
        title = str(detail.query_one("#detail-title", Static).render())
        assert title == "Mon 2 Mar 2026 18:30 · Evening Workout"
        totals = str(detail.query_one("#detail-totals", Static).render())
        assert totals == "Total: 3 sets · 15 reps · 1,462.5 kg · avg RPE 8.2 · 55 min"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


async def test_editing_reps_changes_the_totals(seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_newest(pilot)
        await highlight_set(pilot, "Barbell Back Squat", 1)
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, SetEditorScreen)
        reps = editor.query_one("#set-reps", Input)
        reps.focus()
        reps.value = ""
        await pilot.press("8", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkoutDetailScreen)
        totals = str(app.screen.query_one("#detail-totals", Static).render())
        assert "18 reps" in totals and "1,777.5 kg" in totals
    newest = stored_history()[0]
    assert newest.workout.total_reps == 18
    assert newest.workout.total_volume_kg == pytest.approx(1777.5)
    assert sorted(s.reps for s in newest.sets) == [5, 5, 8]


@pytest.mark.parametrize(
    ("field", "typed", "reason"),
    [
        ("#set-weight", "abc", "weight must be a number"),
        ("#set-reps", "0", "reps must be a whole number between 1 and 1000"),
        ("#set-rpe", "11", "RPE must be between 1 and 10"),
        ("#set-notation", "100x5@11", "RPE must be between 1 and 10"),
        ("#set-weight", "2000", "weight must be between 0 and 1000 kg"),
    ],
)
async def test_invalid_entries_are_refused_inline(  # type: ignore[no-untyped-def]
    seeded_home: Path, make_app, field: str, typed: str, reason: str
) -> None:
    before = database_dump(seeded_home)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_newest(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, SetEditorScreen)
        box = editor.query_one(field, Input)
        box.focus()
        box.value = ""
        await pilot.press(*typed, "enter")
        await settle(pilot)
        assert app.screen is editor  # still open: nothing was saved
        errors = str(editor.query_one("#set-errors", Static).render())
        assert reason in errors
        assert box.has_class("-invalid")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WorkoutDetailScreen)
    assert database_dump(seeded_home) == before


async def test_deleting_a_set_asks_first(seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_newest(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is detail
        assert len(stored_history()[0].sets) == 3
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is detail
        assert detail.query_one(SetsTable).row_count == 2
    assert len(stored_history()[0].sets) == 2


async def test_deleting_a_workout_needs_confirmation(seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("down")  # the Thursday workout
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert len(stored_history()) == 3
        assert len(screen.entries) == 3

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        dates = [w.workout.date for w in stored_history()]
        assert dates == [NEWEST, OLDEST]
        assert [e.workout.date for e in screen.entries] == [NEWEST, OLDEST]
        assert "Week of 23 Feb 2026 — 1 session · 2,300 kg" in option_texts(screen)
        assert screen.highlighted_workout() is not None


async def test_exercise_history_from_a_set_filters_the_list(seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("down", "enter")  # the Thursday workout: deadlift and pull-ups
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, WorkoutDetailScreen)
        await highlight_set(pilot, "Conventional Deadlift", 1)
        deadlift = detail.selected_set()
        assert deadlift is not None and deadlift.exercise_name == "Conventional Deadlift"
        await pilot.press("f")
        await settle(pilot)
        assert app.screen is screen
        assert [e.workout.date for e in screen.entries] == [MIDDLE]
        banner = screen.query_one("#history-filter", Static)
        assert banner.display and deadlift.exercise_name in str(banner.render())
        assert "140 kg x 5 @8" in option_texts(screen)[1]  # the best set column

        await pilot.press("c")
        await settle(pilot)
        assert [e.workout.date for e in screen.entries] == [NEWEST, MIDDLE, OLDEST]
        assert not banner.display


async def test_typed_exercise_filter_and_escape_clears(seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press(*"no such lift", "enter")
        await settle(pilot)
        # Unknown: the prompt comes back with the reason, the list is unchanged.
        error = str(app.screen.query_one("#filter-error", Static).render())
        assert "unknown exercise" in error
        prompt = app.screen.query_one("#filter-input", Input)
        prompt.value = ""
        await pilot.press(*"squat", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert [e.workout.date for e in screen.entries] == [NEWEST, OLDEST]
        assert all(e.top_set is not None for e in screen.entries)
        await pilot.press("escape")
        await settle(pilot)
        assert len(screen.entries) == 3
        assert screen.exercise is None


async def test_more_workouts_load_near_the_end(home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.profile import finish_onboarding, set_setting
    from halterofit_tui.services.workouts import finish_workout, log_sets

    db = open_store()
    set_setting(db, "timezone", "UTC")
    finish_onboarding(db, None)
    for day in range(70):
        start = FIXED_NOW - timedelta(days=70 - day)
        log_sets(db, "squat", now=start, notation="100x5")
        finish_workout(db, now=start + timedelta(minutes=30))
    db.dispose()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert len(screen.entries) == 50
        assert screen.has_more
        await pilot.press("end")
        await settle(pilot)
        assert len(screen.entries) == 70
        assert not screen.has_more
        dates = [e.workout.date for e in screen.entries]
        assert dates == sorted(dates, reverse=True)
        ids = option_ids(screen)
        assert len(ids) == len(set(ids))  # no week shown twice across the page break
        assert "70 workouts" in str(screen.query_one("#history-status", Static).render())


async def test_empty_history_says_how_to_start(home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert screen.entries == []
        status = str(screen.query_one("#history-status", Static).render())
        assert "No workouts yet" in status
        await pilot.press("enter", "d")  # nothing to open or delete: no crash, no dialog
        await settle(pilot)
        assert app.screen is screen


async def test_notation_fills_the_fields_and_saves(seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_newest(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, SetEditorScreen)
        editor.query_one("#set-notation", Input).focus()
        await pilot.press(*"110x3@9")
        await pilot.pause()
        fields = [editor.query_one(f"#set-{f}", Input).value for f in ("weight", "reps", "rpe")]
        assert fields == ["110", "3", "9"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkoutDetailScreen)
    squat = next(s for s in stored_history()[0].sets if s.set_number == 1 and s.weight_kg > 100)
    assert (squat.weight_kg, squat.reps, squat.rpe) == (110.0, 3, 9.0)


# --- the pure parts: the set form and the formatting ----------------------------------------


def a_set(**changes):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from halterofit_tui.domain.records import LoggedSet

    base = LoggedSet(
        id="s1", workout_id="w1", exercise_id="e1", exercise_name="Squat", exercise_order=1,
        set_number=1, set_type="working", weight_kg=102.05828325, entered_unit="lb",
        is_bodyweight=False, reps=5, rpe=8.0, tempo=None, rest_seconds=None,
        time_under_tension_s=None, notes="", technique_rating=None, volume_load=510.0,
        estimated_1rm=115.0, relative_intensity=None, logged_at=FIXED_NOW,
    )  # fmt: skip
    return replace(base, **changes)


def test_an_untouched_form_changes_nothing_even_in_pounds() -> None:
    from halterofit_tui.tui.screens.set_editor import form_of, read_form

    logged = a_set()  # 225 lb
    form = form_of(logged, "lb")
    assert (form.weight, form.reps, form.rpe) == ("225", "5", "8")
    assert read_form(form, logged, "lb") == (None, {})


def test_the_form_sends_only_what_changed() -> None:
    from dataclasses import replace

    from halterofit_tui.services.workouts import SetChanges
    from halterofit_tui.tui.screens.set_editor import form_of, read_form

    logged = a_set()
    form = replace(form_of(logged, "lb"), reps="6", rpe="", set_type="amrap")
    changes, errors = read_form(form, logged, "lb")
    assert errors == {}
    assert changes == SetChanges(unit="lb", reps=6, clear_rpe=True, set_type="amrap")
    changes, _ = read_form(replace(form_of(logged, "lb"), weight="230"), logged, "lb")
    assert changes == SetChanges(weight=230.0, unit="lb")


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("weight", "12kg", "weight must be a number in kg"),
        ("weight", "-5", "weight must be between 0 and 1000 kg"),
        ("weight", "", "weight is required"),
        ("reps", "0", "reps must be a whole number between 1 and 1000 (got 0)"),
        ("reps", "2.5", "reps must be a whole number"),
        ("rpe", "11", "RPE must be between 1 and 10"),
        ("rpe", "7.3", "steps of 0.5"),
        ("rpe", "hard", "RPE must be a number"),
        ("set_type", "giant", "unknown set type"),
        ("notation", "bw x 10", "this is a loaded set"),
        ("notation", "100x5x2", "exactly one set"),
    ],
)
def test_the_form_refuses_bad_entries_with_a_reason(field: str, value: str, reason: str) -> None:
    from dataclasses import replace

    from halterofit_tui.tui.screens.set_editor import form_of, read_form

    logged = a_set()
    changes, errors = read_form(replace(form_of(logged, "kg"), **{field: value}), logged, "kg")
    assert changes is None
    assert list(errors) == [field]
    assert reason in errors[field]


def test_formatting_helpers() -> None:
    from halterofit_tui.tui.widgets import format as fmt

    assert fmt.grouped(5525) == "5,525"
    assert fmt.grouped(1462.5) == "1,462.5"
    assert fmt.grouped(1234567.25, 2) == "1,234,567.25"
    assert fmt.volume_text(1000, "lb") == "2,204.6 lb"
    assert fmt.duration_text(55 * 60) == "55 min"
    assert fmt.duration_text(65 * 60 + 10) == "1 h 05"
    assert fmt.duration_text(None) == "-"
    assert fmt.week_header(date(2026, 3, 2), 2, 5525, "kg") == (
        "Week of 2 Mar 2026 — 2 sessions · 5,525 kg"
    )
    assert fmt.day_text(date(2026, 2, 26)) == "Thu 26 Feb"
    assert fmt.set_text(a_set(weight_kg=100.0), "kg") == "100 kg x 5 @8"
    bodyweight = a_set(is_bodyweight=True, weight_kg=20.0, rpe=None, set_type="failure")
    assert fmt.set_text(bodyweight, "kg") == "bw+20 kg x 5 (failure)"
    assert fmt.set_notation(bodyweight, "kg") == "bw+20x5"
    assert fmt.e1rm_text(bodyweight, "kg") == "-"
    assert fmt.fit("Barbell Back Squat", 8) == "Barbell…"
    assert fmt.fit("Squat", 8) == "Squat   "


async def test_the_mouse_works_too(seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.click(WorkoutList, offset=(5, 3))  # the Thursday row
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, WorkoutDetailScreen)
        assert detail.detail is not None and detail.detail.workout.date == MIDDLE


async def test_every_history_key_has_an_id_and_a_description() -> None:
    from halterofit_tui.tui.screens.history import ExerciseFilterScreen

    for screen in (
        HistoryScreen,
        WorkoutDetailScreen,
        SetEditorScreen,
        ConfirmScreen,
        ExerciseFilterScreen,
    ):
        for binding in screen.BINDINGS:
            assert not isinstance(binding, tuple)
            assert binding.id and binding.description, (screen.__name__, binding)  # type: ignore[union-attr]
