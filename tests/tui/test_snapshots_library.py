"""Snapshots of the Library: a search with the detail pane, at both sizes, and the form.

Fixed data (the seeded store), a frozen clock and no blinking cursor make them stable. Review the
SVG diff before running with --snapshot-update.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import settle


def library(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return run_before


SEARCH_SQUAT = ("slash", *"squat", "enter")


def test_library_80x24(snap_compare, seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=library(*SEARCH_SQUAT))


def test_library_120x40(snap_compare, seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=library(*SEARCH_SQUAT))


def test_exercise_form_error_80x24(snap_compare, seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    keys = ("n", *"Zercher Carry", "tab", *"Zerch", "enter")  # no primary muscle: refused
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=library(*keys))
