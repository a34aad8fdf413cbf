"""Snapshots of Settings and the first-run welcome at 80x24 and 120x40.

Fixed data (seeded_home, UTC), a frozen clock and no blinking cursor: nothing random is visible.
Review a diff before running with --snapshot-update.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import settle
from tests.tui.test_settings import area_key

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def go_to(area: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(area_key(area))
        await settle(pilot)

    return run_before


async def still(pilot: Pilot[None]) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_settings(snap_compare, make_app, seeded_home, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=go_to("settings"))


@pytest.mark.parametrize("size", SIZES)
def test_settings_refusal(snap_compare, make_app, seeded_home, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await go_to("settings")(pilot)
        field = pilot.app.screen.query_one("#setting-plates", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"25", "enter")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_onboarding(snap_compare, make_app, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await still(pilot)

    assert snap_compare(make_app(onboarding=True), terminal_size=size, run_before=run_before)
