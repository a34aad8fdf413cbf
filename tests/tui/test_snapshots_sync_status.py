"""Snapshots of the sync status in the header, one per state, at 80x24 on an empty Home.

The state is set after start-up (no project is configured, so the start-up sync leaves "off");
the clock is frozen, so "synced 12 min ago" is fixed. Review a diff before --snapshot-update.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from textual.pilot import Pilot

from halterofit_tui.tui.sync_runner import SyncState
from tests.tui.conftest import FIXED_NOW, settle

STATES = [
    pytest.param(SyncState("syncing"), id="syncing"),
    pytest.param(
        SyncState("synced", last_sync=FIXED_NOW - timedelta(minutes=12, seconds=5)), id="synced"
    ),
    pytest.param(SyncState("offline", pending=5), id="offline"),
    pytest.param(SyncState("sign_in", reason="not signed in: halterofit login"), id="sign_in"),
]


def showing(state: SyncState) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.sync_state = state  # type: ignore[attr-defined]
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("state", STATES)
def test_sync_status_in_the_header(snap_compare, make_app, home, state) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=showing(state))
