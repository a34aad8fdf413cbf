"""The Programs area by keyboard: enrolling (with its refusals), the programme's next session
started, logged and finished through Workout, and the next session's weights after it; starting
a template; stopping; and the programme's adherence in Analytics.

Linear 3x5 (data/programs/linear-3x5.json), by hand: session A is squat, bench press and
barbell row at 3x5, session B squat, overhead press 3x5 and deadlift 1x5. Every rep done adds
2.5 kg (5 kg on the deadlift) to that lift for its next session; a missed rep repeats the
weight. Standard kg kit: a 20 kg bar, pairs of 25, 20, 15, 10, 5, 2.5 and 1.25 kg.
The clock is Wed 4 Mar 2026 18:30 UTC (tests/tui/conftest.py).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from halterofit_tui.services.context import open_store
from halterofit_tui.tui.app import HalterofitApp
from halterofit_tui.tui.screens.confirm import ConfirmScreen
from halterofit_tui.tui.screens.program_start import ProgramStartScreen
from halterofit_tui.tui.screens.programs import ProgramsScreen
from halterofit_tui.tui.screens.readiness import ReadinessScreen
from halterofit_tui.tui.screens.workout import WorkoutScreen
from halterofit_tui.tui.widgets.program_week import ThisWeekPanel
from tests.tui.conftest import FIXED_NOW, settle
from tests.tui.test_settings import area_key
from tests.tui.test_workout import log_set, type_text

MakeApp = Callable[..., HalterofitApp]
START_WEIGHTS = {"squat": "100", "bench": "80", "row": "60", "press": "50", "deadlift": "120"}


@pytest.fixture
def programs_home(home: Path) -> Path:
    """A lifter past onboarding (UTC) with one template, 'Push day'."""
    from halterofit_tui.services.profile import finish_onboarding, set_setting
    from halterofit_tui.services.templates import create_template

    db = open_store()
    set_setting(db, "timezone", "UTC")
    finish_onboarding(db, None)
    create_template(db, "Push day", ["bench press: 3x8 80kg", "overhead press: 2x5 @8"])
    db.dispose()
    return home


@pytest.fixture
def enrolled_home(programs_home: Path) -> Path:
    """Linear 3x5 started on Wed 4 Mar 2026 with the START_WEIGHTS."""
    from halterofit_tui.services.programs import start_program

    db = open_store()
    weights = {key: float(value) for key, value in START_WEIGHTS.items()}
    start_program(db, "linear-3x5", weights=weights, today=FIXED_NOW.date())
    db.dispose()
    return programs_home


def rendered_lines(widget: Static, width: int = 110) -> list[str]:
    """A panel's text as printed, runs of spaces as one."""
    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(widget.content)
    lines = [" ".join(line.split()) for line in console.export_text().splitlines()]
    return [line for line in lines if line]


def this_week(pilot: Pilot[None]) -> list[str]:
    panel = pilot.app.screen.query_one(ThisWeekPanel)
    assert panel.display, "the programme panel is hidden"
    return rendered_lines(panel)


def detail(pilot: Pilot[None]) -> list[str]:
    return rendered_lines(pilot.app.screen.query_one("#program-detail-text", Static))


def current_screen(pilot: Pilot[None]) -> Screen[object]:
    return pilot.app.screen


async def open_programs(pilot: Pilot[None]) -> ProgramsScreen:
    await settle(pilot)
    await pilot.press(area_key("programs"))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProgramsScreen)
    return screen


async def highlight_program(pilot: Pilot[None], name: str) -> None:
    programs = pilot.app.screen.query_one("#program-list", OptionList)
    programs.focus()
    await pilot.press("home")
    for _ in range(programs.option_count):
        if name in str(programs.get_option_at_index(programs.highlighted or 0).prompt):
            break
        await pilot.press("down")
    await settle(pilot)


async def enroll_in_linear(pilot: Pilot[None], weights: dict[str, str]) -> None:
    """e on Linear 3x5, then type each start weight (Tab between fields) and Enter."""
    await highlight_program(pilot, "Linear 3x5")
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProgramStartScreen)
    for key in ("squat", "bench", "row", "press", "deadlift"):
        assert pilot.app.screen.focused is pilot.app.screen.query_one(f"#start-{key}", Input)
        await type_text(pilot, weights[key])
        if key != "deadlift":
            await pilot.press("tab")
    await pilot.press("enter")
    await settle(pilot)


async def log_exercise(pilot: Pilot[None], position: int, sets: list[tuple[str, str]]) -> None:
    """Pick the exercise at `position` in the workout's list (Esc, Home, ↓…, Enter) and log
    each (weight, reps) by typing it into the set logger."""
    await pilot.press("escape", "home", *["down"] * position, "enter")
    await settle(pilot)
    for weight, reps in sets:
        await log_set(pilot, weight, reps, [])


async def finish_workout(pilot: Pilot[None]) -> None:
    await pilot.press("escape", "f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press("y")
    await settle(pilot)
    await pilot.press("enter")  # close the summary
    await settle(pilot)


async def start_next_session(pilot: Pilot[None]) -> WorkoutScreen:
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReadinessScreen)
    await pilot.press("escape")  # skip the check-in
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WorkoutScreen)
    return screen


async def test_enroll_log_the_next_session_and_see_the_weights_advance(
    programs_home: Path, make_app: MakeApp
) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_programs(pilot)
        assert not screen.query_one(ThisWeekPanel).display  # nothing in progress yet
        await enroll_in_linear(pilot, START_WEIGHTS)
        assert isinstance(pilot.app.screen, ProgramsScreen)
        # 100 kg: 40 kg a side = 25 + 15; 80 kg: 30 = 25 + 5; 60 kg: 20.
        assert this_week(pilot) == [
            "Linear 3x5 · week 1 of 2, day 1 of 3 · cycle 1",
            "Week 1: ▶ A · B · A (n starts A)",
            "Barbell Back Squat 3x5 100 kg 25 + 15 a side",
            "Barbell Bench Press 3x5 80 kg 25 + 5 a side",
            "Barbell Row 3x5 60 kg 20 a side",
            "Working weights: squat 100 kg · bench 80 kg · row 60 kg · press 50 kg · "
            "deadlift 120 kg",
            "Adherence: this week 0/3 · 0 of 3 planned sessions done (0 %)",
        ]

        workout = await start_next_session(pilot)
        assert workout.detail is not None
        assert [e.name for e in workout.detail.exercises] == [
            "Barbell Back Squat",
            "Barbell Bench Press",
            "Barbell Row",
        ]
        await log_exercise(pilot, 0, [("100", "5")] * 3)
        await log_exercise(pilot, 1, [("80", "5")] * 3)
        await log_exercise(pilot, 2, [("60", "5")] * 3)
        assert workout.detail.workout.total_sets == 9
        assert not [p for p in workout.plan if not p.done]  # every planned set is done
        await finish_workout(pilot)

        await open_programs(pilot)
        # Every rep done: +2.5 kg on squat, bench and row. Session B: squat 102.5 kg (41.25 kg
        # a side = 25 + 15 + 1.25), overhead press still 50 kg (15 a side), deadlift 120 kg
        # (50 a side = 25 + 25): neither was trained yet.
        assert this_week(pilot) == [
            "Linear 3x5 · week 1 of 2, day 2 of 3 · cycle 1",
            "Week 1: ✓ A ▶ B · A (n starts B)",
            "Barbell Back Squat 3x5 102.5 kg 25 + 15 + 1.25 a side",
            "Overhead Press 3x5 50 kg 15 a side",
            "Conventional Deadlift 1x5 120 kg 25 + 25 a side",
            "Working weights: squat 102.5 kg · bench 82.5 kg · row 62.5 kg · press 50 kg · "
            "deadlift 120 kg",
            "Adherence: this week 1/3 · 1 of 3 planned sessions done (33 %)",
        ]


async def test_a_missed_rep_repeats_the_weight(enrolled_home: Path, make_app: MakeApp) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await open_programs(pilot)
        await start_next_session(pilot)
        await log_exercise(pilot, 0, [("100", "5"), ("100", "5"), ("100", "4")])  # one short
        await log_exercise(pilot, 1, [("80", "5")] * 3)
        await log_exercise(pilot, 2, [("60", "5")] * 3)
        await finish_workout(pilot)
        await open_programs(pilot)
        lines = this_week(pilot)
        # The squat stays at 100 kg (one miss); bench and row move up 2.5 kg.
        assert lines[2] == "Barbell Back Squat 3x5 100 kg 25 + 15 a side"
        assert lines[5] == (
            "Working weights: squat 100 kg (1 miss in a row) · bench 82.5 kg · row 62.5 kg · "
            "press 50 kg · deadlift 120 kg"
        )


async def test_enrolling_in_pounds_rounds_to_the_lifters_plates(
    programs_home: Path, make_app: MakeApp
) -> None:
    from halterofit_tui.services.profile import set_setting
    from halterofit_tui.services.programs import start_next_session as start_session
    from halterofit_tui.services.workouts import finish_workout as finish
    from halterofit_tui.services.workouts import log_sets

    db = open_store()
    set_setting(db, "unit", "lb")  # 45 lb bar; pairs of 45, 35, 25, 10, 5 and 2.5 lb
    db.dispose()
    weights = {"squat": "225", "bench": "185", "row": "135", "press": "95", "deadlift": "275"}
    async with make_app().run_test(size=(120, 40)) as pilot:
        await open_programs(pilot)
        await enroll_in_linear(pilot, weights)
        # 225 lb: 90 a side = 45 + 45; 185: 70 = 45 + 25; 135: 45.
        assert this_week(pilot)[2:5] == [
            "Barbell Back Squat 3x5 225 lb 45 + 45 a side",
            "Barbell Bench Press 3x5 185 lb 45 + 25 a side",
            "Barbell Row 3x5 135 lb 45 a side",
        ]
        db = open_store()
        start_session(db, FIXED_NOW)
        for exercise, notation in (
            ("squat", "225lbx5x3"),
            ("bench", "185lbx5x3"),
            ("barbell row", "135lbx5x3"),
        ):
            log_sets(db, exercise, notation=notation, now=FIXED_NOW)
        finish(db, now=FIXED_NOW)
        db.dispose()
        await pilot.press("R")  # reload
        await settle(pilot)
        # +2.5 kg is +5 lb on these plates: 230 lb, 92.5 a side = 45 + 45 + 2.5.
        assert this_week(pilot)[2] == "Barbell Back Squat 3x5 230 lb 45 + 45 + 2.5 a side"


async def test_enrolling_refuses_missing_and_bad_numbers_inline(
    programs_home: Path, make_app: MakeApp
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_programs(pilot)
        await enroll_in_linear(pilot, {**START_WEIGHTS, "row": ""})
        dialog = pilot.app.screen
        assert isinstance(dialog, ProgramStartScreen)  # still open, nothing started
        error = dialog.query_one("#start-error", Static)
        assert str(error.render()) == "Barbell Row: your working weight in kg is needed to start"
        assert dialog.focused is dialog.query_one("#start-row", Input)
        await type_text(pilot, "6O")  # a letter O for a zero
        await pilot.press("enter")
        await settle(pilot)
        assert str(error.render()) == (
            "Barbell Row: your working weight in kg must be a number (got '6O')"
        )
        await pilot.press("backspace", "backspace", "minus", "5", "enter")
        await settle(pilot)
        assert (
            str(error.render())
            == "Barbell Row: your working weight in kg must be above 0 (got '-5')"
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ProgramsScreen)
        assert not pilot.app.screen.query_one(ThisWeekPanel).display

    from halterofit_tui.domain.errors import NotFound
    from halterofit_tui.services.programs import program_status

    with pytest.raises(NotFound):
        program_status(open_store())


async def test_enrolling_in_another_programme_stops_the_first(
    enrolled_home: Path, make_app: MakeApp
) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await open_programs(pilot)
        await highlight_program(pilot, "5/3/1")
        await pilot.press("e")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ProgramStartScreen)
        assert str(dialog.query_one("#start-replacing", Static).render()) == (
            "'Linear 3x5' is in progress: starting this one stops it (its workouts stay in your "
            "history)."
        )
        # 5/3/1 asks for one-rep maxes: the training max is 90 % of each.
        for value in ("60", "200", "100", "150"):  # press, deadlift, bench, squat
            await type_text(pilot, value)
            await pilot.press("tab")
        await pilot.press("ctrl+s")
        await settle(pilot)
        lines = this_week(pilot)
        assert lines[0] == "5/3/1 training max · week 1 of 4, day 1 of 4 · cycle 1"
        # Training maxes: 90 % of each: 54, 180, 90, 135 kg.
        assert lines[-2] == (
            "Training maxes: press 54 kg · deadlift 180 kg · bench 90 kg · squat 135 kg"
        )


async def test_start_a_template_from_the_area(programs_home: Path, make_app: MakeApp) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_programs(pilot)
        templates = screen.query_one("#template-list", OptionList)
        await pilot.press("tab")  # from the programmes to the templates
        await settle(pilot)
        assert screen.focused is templates
        assert detail(pilot)[:3] == [
            "Push day · template · u starts it",
            "Barbell Bench Press 3x8 80 kg",
            "Overhead Press 2x5 @RPE 8",
        ]
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("escape")  # no check-in
        await settle(pilot)
        workout = pilot.app.screen
        assert isinstance(workout, WorkoutScreen)
        assert workout.detail is not None
        assert workout.detail.workout.name == "Push day"
        planned = [(p.exercise_name, p.set_number, p.weight_kg) for p in workout.plan]
        assert planned == [
            ("Barbell Bench Press", 1, 80.0),
            ("Barbell Bench Press", 2, 80.0),
            ("Barbell Bench Press", 3, 80.0),
            ("Overhead Press", 1, None),
            ("Overhead Press", 2, None),
        ]


async def test_stop_the_programme(enrolled_home: Path, make_app: MakeApp) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_programs(pilot)
        assert screen.query_one(ThisWeekPanel).display
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert not screen.query_one(ThisWeekPanel).display
        assert screen.status is None
        assert not screen.check_action("start_next", ())
        await pilot.press("n")  # no programme: nothing starts
        await settle(pilot)
        assert current_screen(pilot) is screen


async def test_the_palette_starts_the_next_session_before_the_area_was_opened(
    enrolled_home: Path, make_app: MakeApp
) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pilot.app.run_area_action("programs", "start_next")  # type: ignore[attr-defined]
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReadinessScreen)


async def test_analytics_shows_the_programme_adherence(
    enrolled_home: Path, make_app: MakeApp
) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await open_programs(pilot)
        await start_next_session(pilot)
        await log_exercise(pilot, 0, [("100", "5")] * 3)
        await finish_workout(pilot)
        await pilot.press(area_key("analytics"))
        await settle(pilot)
        line = pilot.app.screen.query_one("#analytics-programme", Static)
        assert line.display
        # Started today (Wed 4 Mar): the first 7-day block plans session A, B and A; one done.
        assert str(line.render()) == (
            "Programme: Linear 3x5 — 1 of 3 planned sessions done (33 %), this week 1/3"
        )


async def test_analytics_has_no_programme_line_without_one(
    programs_home: Path, make_app: MakeApp
) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(area_key("analytics"))
        await settle(pilot)
        assert not pilot.app.screen.query_one("#analytics-programme", Static).display


async def test_an_invalid_programme_file_says_why_and_cannot_be_started(
    programs_home: Path, make_app: MakeApp
) -> None:
    from halterofit_tui.services.programs import user_programs_dir

    db = open_store()
    folder = user_programs_dir(db.paths)
    db.dispose()
    folder.mkdir(parents=True)
    (folder / "mine.json").write_text('{"format": 1, "name": "Mine"}', encoding="utf-8")
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_programs(pilot)
        programs = screen.query_one("#program-list", OptionList)
        # Built-ins first, then the lifter's files by name.
        assert str(programs.get_option_at_index(programs.option_count - 1).prompt) == (
            "mine [red]invalid[/]"
        )
        await highlight_program(pilot, "mine")
        assert detail(pilot) == [
            "mine.json is not a valid programme: level: missing; progressions: missing; "
            "weeks: missing"
        ]
        await pilot.press("e")
        await settle(pilot)
        assert current_screen(pilot) is screen  # no dialog
