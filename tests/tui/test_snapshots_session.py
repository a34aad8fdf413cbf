"""Snapshots of Home and the Workout session with fixed data and a frozen clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.tui.conftest import FIXED_NOW, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def workout_in_progress(seeded_home):  # type: ignore[no-untyped-def]
    """The seeded history plus a workout started 25 minutes ago with two exercises."""
    from halterofit_tui.domain.catalogue import exercise_id
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.rest import start_rest_after
    from halterofit_tui.services.workouts import add_exercise, log_sets, start_workout

    db = open_store()
    started = FIXED_NOW - timedelta(minutes=25)
    start_workout(db, "Heavy Lower", started)
    log_sets(db, "squat", notation="60x5 100x5@7", now=started + timedelta(minutes=5))
    log_sets(db, "squat", notation="110x5@8 110x5@8.5", now=started + timedelta(minutes=15))
    add_exercise(db, "romanian deadlift", now=started + timedelta(minutes=20))
    start_rest_after(db, exercise_id("barbell-back-squat"), "Squat", now=FIXED_NOW)
    db.dispose()
    return seeded_home


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, seeded_home, make_app, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_workout_and_rest(snap_compare, workout_in_progress, make_app, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_workout_session(snap_compare, workout_in_progress, make_app, size) -> None:  # type: ignore[no-untyped-def]
    async def open_squat(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("escape", "up")  # the exercise list, up to squat
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=open_squat)


@pytest.mark.parametrize("size", SIZES)
def test_workout_idle(snap_compare, seeded_home, make_app, size) -> None:  # type: ignore[no-untyped-def]
    async def open_workout(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=open_workout)


@pytest.mark.parametrize("size", SIZES)
def test_exercise_picker(snap_compare, seeded_home, make_app, size) -> None:  # type: ignore[no-untyped-def]
    async def pick(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"row")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=pick)


@pytest.mark.parametrize("size", SIZES)
def test_keys_screen(snap_compare, seeded_home, make_app, size) -> None:  # type: ignore[no-untyped-def]
    async def keys(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=keys)
