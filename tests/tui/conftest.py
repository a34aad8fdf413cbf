"""TUI test fixtures: a frozen clock, a seeded store with fixed data, and waiting for workers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from halterofit_tui.tui.app import HalterofitApp

FIXED_NOW = datetime(2026, 3, 4, 18, 30, tzinfo=UTC)


def navigate(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A snapshot `run_before`: settle, press each key (settling after each), stop blinking."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return run_before


async def settle(pilot: Pilot[None], rounds: int = 6) -> None:
    """Let workers finish and their results land (a result may start another worker)."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.fixture
def make_app(home: Path) -> Callable[..., HalterofitApp]:
    """Apps on the test home with a frozen clock; onboarding off unless asked for."""

    def make(*, onboarding: bool = False, now: datetime = FIXED_NOW) -> HalterofitApp:
        return HalterofitApp(clock=lambda: now, onboarding=onboarding)

    return make


@pytest.fixture
def seeded_home(home: Path) -> Path:
    """Three finished workouts over two weeks (UTC time zone so dates are fixed)."""
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.profile import finish_onboarding, set_setting
    from halterofit_tui.services.workouts import SetDetails, finish_workout, log_sets

    db = open_store()
    set_setting(db, "timezone", "UTC")
    finish_onboarding(db, None)
    sessions = [
        (
            FIXED_NOW - timedelta(days=9),
            [("squat", "100x5@7 100x5@7.5 100x5@8"), ("bench press", "80x5@7 80x5@8")],
        ),
        (FIXED_NOW - timedelta(days=6), [("deadlift", "140x5@8"), ("pull up", "bw x 10")]),
        (
            FIXED_NOW - timedelta(days=2),
            [("squat", "105x5@8 105x5@8.5"), ("bench press", "82.5x5@8")],
        ),
    ]
    for start, exercises in sessions:
        for offset, (exercise, notation) in enumerate(exercises):
            log_sets(
                db,
                exercise,
                details=SetDetails(),
                now=start + timedelta(minutes=10 * offset),
                notation=notation,
            )
        finish_workout(db, now=start + timedelta(minutes=55))
    db.dispose()
    return home
