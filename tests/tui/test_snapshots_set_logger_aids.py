"""Snapshots of the set logger's aids: planned rows with the suggestion and its reason, and
the warm-up ramp (fixed data, frozen clock)."""

from __future__ import annotations

import pytest

from tests.tui.conftest import settle
from tests.tui.test_set_logger_aids import open_squat, start_planned_workout

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def planned_workout(seeded_home):  # type: ignore[no-untyped-def]
    start_planned_workout()
    return seeded_home


@pytest.mark.parametrize("size", SIZES)
def test_planned_sets_and_suggestion(snap_compare, planned_workout, make_app, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot):  # type: ignore[no-untyped-def]
        await open_squat(pilot)
        await pilot.press("ctrl+r")  # the reason under the suggestion
        await settle(pilot)
        pilot.app.focused.cursor_blink = False

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_warmup_ramp(snap_compare, planned_workout, make_app, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot):  # type: ignore[no-untyped-def]
        await open_squat(pilot)
        await pilot.press("ctrl+t")  # up to the prefilled 107.5 kg x 5
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
