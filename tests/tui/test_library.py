"""The Library area driven by keys: search, filters, detail, favourites, custom exercises."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from halterofit_tui.services.context import open_store
from halterofit_tui.services.library import (
    add_custom_exercise,
    get_exercise,
    list_exercises,
    search_score,
)
from halterofit_tui.tui.screens.exercise_form import ExerciseFormScreen
from halterofit_tui.tui.screens.library import ExerciseTable, LibraryScreen
from halterofit_tui.tui.widgets.exercise_detail import ExerciseDetail
from tests.conftest import database_dump
from tests.tui.conftest import settle


async def open_library(pilot: Pilot[None]) -> LibraryScreen:
    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


async def search(pilot: Pilot[None], query: str) -> None:
    await pilot.press("slash", *query)
    await settle(pilot)


def table(screen: LibraryScreen) -> ExerciseTable:
    return screen.query_one(ExerciseTable)


def shown_names(screen: LibraryScreen) -> list[str]:
    """Names as the table's rows hold them (not just the backing list)."""
    rows = table(screen)
    return [str(rows.get_row_at(i)[1]).removesuffix(" ·") for i in range(rows.row_count)]


async def test_typing_filters_the_list_to_matches_best_first(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot)
        everything = table(screen).row_count
        await search(pilot, "bench")
        names = shown_names(screen)
        assert names[0] == "Barbell Bench Press"
        assert 1 < len(names) < everything
        assert all(search_score(e, "bench") >= 0.7 for e in table(screen).exercises)
        assert "Barbell Back Squat" not in names
        assert str(screen.query_one("#library-count").render()) == f"{len(names)} exercises"


async def test_escape_clears_the_search_and_returns_to_the_list(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot)
        everything = table(screen).row_count
        await search(pilot, "curl")
        assert table(screen).row_count < everything
        await pilot.press("escape")
        await settle(pilot)
        assert table(screen).row_count == everything
        assert app.focused is table(screen)


async def choose(pilot: Pilot[None], select_id: str, typed: str) -> None:
    """Open a filter with Enter, type to find the option, Enter to pick it (keys only)."""
    pilot.app.screen.query_one(f"#{select_id}").focus()
    await pilot.press("enter", *typed, "enter")
    await settle(pilot)


async def test_muscle_and_equipment_filters_combine(make_app) -> None:  # type: ignore[no-untyped-def]
    db = open_store()
    expected = [e.name for e in list_exercises(db, muscle="hamstrings", equipment="barbell")]
    only_muscle = list_exercises(db, muscle="hamstrings")
    db.dispose()
    assert 1 < len(expected) < len(only_muscle)  # the second filter must matter

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot)
        await choose(pilot, "filter-muscle", "hams")
        assert len(shown_names(screen)) == len(only_muscle)
        await choose(pilot, "filter-equipment", "barb")
        assert shown_names(screen) == expected
        await search(pilot, "romanian")  # the search applies within the filters
        assert shown_names(screen) == ["Romanian Deadlift"]


async def test_detail_shows_instructions_and_the_lifters_best(make_app, seeded_home: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot)
        await search(pilot, "squat")
        await pilot.press("enter")  # to the list
        await settle(pilot)
        assert table(screen).current is not None
        assert table(screen).current.name == "Barbell Back Squat"
        text = screen.query_one(ExerciseDetail).plain_text
        assert "1. Set the bar in a rack at about mid-chest height" in text
        assert "5. Drive up through the whole foot to stand tall." in text
        # Brzycki 105x5 = 118.125, shown rounded half up.
        assert "Best e1RM 118.13 kg (2 Mar 2026) · 5 working sets" in text
        assert "Mon 2 Mar  105 kg x 5 @8" in text
        assert "5RM 105 kg" in text

        await pilot.press("down")  # another exercise: its own text, no squat numbers
        await settle(pilot)
        text = screen.query_one(ExerciseDetail).plain_text
        assert table(screen).current.name in text
        assert "118.13" not in text


async def test_detail_weights_follow_the_profile_unit(make_app, seeded_home: Path) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.profile import set_setting

    db = open_store()
    set_setting(db, "unit", "lb")
    db.dispose()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot)
        await search(pilot, "back squat")
        text = screen.query_one(ExerciseDetail).plain_text
        assert "Best e1RM 260.42 lb" in text  # 118.125 kg / 0.45359237


async def test_favourite_toggle_persists_and_keeps_the_cursor(make_app, home: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot)
        await pilot.press("down", "down", "down")
        await settle(pilot)
        before = table(screen).current
        assert before is not None and not before.is_favourite
        await pilot.press("f")
        await settle(pilot)
        assert table(screen).cursor_row == 3
        assert table(screen).current.id == before.id
        assert table(screen).current.is_favourite
        assert str(table(screen).get_row_at(3)[0]) == "★"
        assert "★" in screen.query_one(ExerciseDetail).plain_text
    db = open_store()
    assert get_exercise(db, before.name).is_favourite
    db.dispose()

    app = make_app()  # a restart lists favourites first
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot)
        assert shown_names(screen)[0] == before.name


async def fill(pilot: Pilot[None], field: str, text: str) -> None:
    pilot.app.screen.query_one(f"#form-{field}").focus()
    await pilot.press("end", *text)  # focusing selects the text; keep it


async def test_new_custom_exercise_through_the_form(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseFormScreen)
        await pilot.press(*"Zercher Carry")  # the name field has focus
        await fill(pilot, "aliases", "Zerch")
        await fill(pilot, "primary", "abs, upper back")
        await fill(pilot, "equipment", "barbell")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert table(screen).current is not None
        assert table(screen).current.name == "Zercher Carry"  # the cursor is on it
        assert "Zercher Carry" in app.exercise_names
    db = open_store()
    added = get_exercise(db, "zerch")
    db.dispose()
    assert added.is_custom and added.primary_muscles == ("abs", "upper_back")
    assert added.equipment == ("barbell",)


@pytest.mark.parametrize(
    ("name", "primary", "reason"),
    [
        ("Zercher Carry", "", "give at least one primary muscle"),
        ("Back Squat", "quadriceps", "'Back Squat' already names the exercise 'Barbell Back"),
        ("Thing", "wings", "unknown muscle 'wings'"),
    ],
)
async def test_invalid_custom_exercise_is_refused_inline(  # type: ignore[no-untyped-def]
    make_app, home: Path, name: str, primary: str, reason: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_library(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExerciseFormScreen)
        await pilot.press(*name)
        await fill(pilot, "primary", primary)
        before = database_dump(home)
        await pilot.press("enter")  # Enter in a field saves too
        await settle(pilot)
        assert app.screen is form  # still open, with the reason
        status = form.query_one("#form-status")
        assert reason in str(status.render())
        assert status.has_class("error")
        assert database_dump(home) == before


async def test_editing_a_custom_exercise_keeps_its_row(make_app) -> None:  # type: ignore[no-untyped-def]
    db = open_store()
    add_custom_exercise(db, "Zercher Carry", primary_muscles=["abs"])
    db.dispose()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot)
        await search(pilot, "zercher")
        await pilot.press("enter", "e")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseFormScreen)
        await fill(pilot, "name", " Hold")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert shown_names(screen)[table(screen).cursor_row] == "Zercher Carry Hold"
        assert "Zercher Carry Hold" in app.exercise_names


async def test_built_in_exercises_are_not_editable(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is screen
        assert any("built in" in n.message for n in app._notifications)


async def test_enter_adds_the_highlighted_exercise_to_the_workout(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    added: list[str] = []
    app.add_exercise_by_name = added.append
    async with app.run_test(size=(80, 24)) as pilot:
        await open_library(pilot)
        await search(pilot, "deadlift")
        await pilot.press("enter", "enter")  # to the list, then add
        await settle(pilot)
    assert added == ["Conventional Deadlift"]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_layout_fits_the_terminal(make_app, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_library(pilot)
        rows, detail = table(screen), screen.query_one(ExerciseDetail)
        screen_region = screen.region
        for widget in (rows, detail, screen.query_one("#library-search")):
            assert widget.region.area > 0
            assert screen_region.contains_region(widget.region)
        if size[0] >= 110:
            assert rows.region.y == detail.region.y  # side by side
        else:
            assert detail.region.y > rows.region.y  # stacked
        used = sum(column.width + 2 for column in rows.columns.values())
        assert used <= rows.region.width  # no column is pushed off screen


async def test_palette_command_opens_the_new_exercise_form(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.run_area_action("library", "new_exercise")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseFormScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_numbers_are_reloaded_when_coming_back(make_app) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.workouts import log_sets
    from tests.tui.conftest import FIXED_NOW

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot)
        await search(pilot, "front squat")
        await pilot.press("enter")
        assert "No sets logged yet" in screen.query_one(ExerciseDetail).plain_text
        db = open_store()
        log_sets(db, "front squat", notation="80x3", now=FIXED_NOW)  # e1RM 80*36/34
        db.dispose()
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert table(screen).current is not None
        assert table(screen).current.name == "Front Squat"  # still where we left it
        assert "Best e1RM 84.71 kg" in screen.query_one(ExerciseDetail).plain_text
