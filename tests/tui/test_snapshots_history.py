"""Snapshots of History: the week-grouped list, a workout's sets, the filter and the set editor.

Fixed data (the seeded store), a frozen clock and no blinking cursor make them stable. Review the
SVG diff before running with --snapshot-update.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import settle

SIZES = [(80, 24), (120, 40)]


def navigate(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_history_list(seeded_home: Path, make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=navigate())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_workout_detail(seeded_home: Path, make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=navigate("down", "enter"))


def test_history_filtered_by_exercise(seeded_home: Path, make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    # The oldest workout, its first exercise (squat), then "exercise history".
    keys = ("down", "down", "enter", "f")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=navigate(*keys))


def test_set_editor_refuses_rpe_11(seeded_home: Path, make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    keys = ("enter", "e", "tab", "tab", "backspace", "1", "1", "enter")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=navigate(*keys))
