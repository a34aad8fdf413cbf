"""The app syncs in the background (on start, after a finished workout, on the interval and on
ctrl+y) and says how it went in the header; a server that is down never interrupts logging."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from halterofit_tui.config import Paths
from halterofit_tui.services import account
from halterofit_tui.services.remote_config import RemoteConfig, save_remote_config
from halterofit_tui.tui.app import HalterofitApp, utc_now
from halterofit_tui.tui.screens.finish_summary import FinishSummaryScreen
from halterofit_tui.tui.sync_runner import SyncRunner, SyncState, status_text
from halterofit_tui.tui.widgets.sync_status import SyncStatus
from tests.services.sync_devices import PASSWORD, MemoryKeyring, memory_keyring  # noqa: F401
from tests.sync_backend.gateway import Fault, Gateway
from tests.tui.conftest import FIXED_NOW, settle
from tests.tui.test_workout import log_set, start_with_two_exercises


def header_status(app: HalterofitApp) -> str:
    """The status in the header of the area shown (under any dialog)."""
    return str(app.screen_stack[0].query_one(SyncStatus).render())


def server_sets(dsn: str, user_id: str) -> list[tuple[float, int, float]]:
    """(weight_kg, reps, rpe) of the user's live sets on the server, lightest first."""
    import psycopg

    with psycopg.connect(dsn) as connection:
        rows = connection.execute(
            "SELECT weight_kg, reps, rpe FROM public.exercise_sets "
            "WHERE user_id = %s AND NOT deleted ORDER BY weight_kg",
            (user_id,),
        ).fetchall()
    return [(float(w), int(r), float(e)) for w, r, e in rows]


@pytest.fixture
def no_retry_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The back-off delays the app's syncs asked for, not waited (the app still gives up)."""
    delays: list[float] = []
    monkeypatch.setattr(SyncRunner, "_sleep", lambda _runner, seconds: delays.append(seconds))
    return delays


@pytest.fixture
def signed_in(home: Path, supabase: Gateway, memory_keyring: MemoryKeyring) -> str:  # noqa: F811
    """This home signed in to the gateway's project (as `halterofit login` does); the user id."""
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    user_id = supabase.create_user(email, PASSWORD)
    account.login(Paths(home, home), RemoteConfig(supabase.url, supabase.anon_key), email, PASSWORD)
    return user_id


# --- the words in the header -------------------------------------------------------------------


def test_the_status_says_how_long_ago_the_last_sync_completed() -> None:
    synced = SyncState("synced", last_sync=FIXED_NOW)
    assert status_text(synced, FIXED_NOW + timedelta(seconds=59)) == "synced just now"
    assert status_text(synced, FIXED_NOW + timedelta(minutes=7, seconds=59)) == "synced 7 min ago"
    assert status_text(synced, FIXED_NOW + timedelta(hours=2, minutes=30)) == "synced 2 h ago"
    assert status_text(synced, FIXED_NOW + timedelta(days=3, hours=1)) == "synced 3 d ago"
    # Another machine's clock ahead of ours: never "in -2 min".
    assert status_text(synced, FIXED_NOW - timedelta(minutes=2)) == "synced just now"


def test_the_status_counts_what_waits_and_what_the_server_refused() -> None:
    assert status_text(SyncState(), FIXED_NOW) == ""
    assert status_text(SyncState("syncing"), FIXED_NOW) == "syncing…"
    assert status_text(SyncState("pending", pending=4), FIXED_NOW) == "4 pending"
    assert status_text(SyncState("offline"), FIXED_NOW) == "offline"
    assert status_text(SyncState("offline", pending=12), FIXED_NOW) == "offline · 12 pending"
    assert status_text(SyncState("sign_in", pending=3), FIXED_NOW) == "sign-in needed · 3 pending"
    refused = SyncState("synced", refused=2, last_sync=FIXED_NOW)
    assert status_text(refused, FIXED_NOW) == "synced just now · 2 refused"


# --- the app -----------------------------------------------------------------------------------


async def test_the_age_in_the_header_follows_the_clock(home: Path) -> None:
    clock = {"now": FIXED_NOW}
    app = HalterofitApp(clock=lambda: clock["now"], onboarding=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.sync_state = SyncState("synced", last_sync=FIXED_NOW - timedelta(minutes=1))
        await pilot.pause()
        assert header_status(app) == "synced 1 min ago"
        clock["now"] = FIXED_NOW + timedelta(minutes=3)
        app.screen.query_one(SyncStatus).redraw()  # what its one-minute interval calls
        assert header_status(app) == "synced 4 min ago"


async def test_without_a_project_the_header_shows_no_sync_status(home: Path) -> None:
    app = HalterofitApp(clock=lambda: FIXED_NOW, onboarding=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.sync_state == SyncState()
        assert header_status(app) == ""


async def test_a_project_without_a_session_asks_to_sign_in(
    home: Path,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> None:
    # Port 9 (discard): nothing may be sent anyway, the missing session is found first.
    save_remote_config(Paths(home, home), RemoteConfig("http://127.0.0.1:9", "anon"))
    app = HalterofitApp(clock=lambda: FIXED_NOW, onboarding=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.sync_state.kind == "sign_in"
        assert header_status(app) == "sign-in needed · 1 pending"  # the new device's profile
        assert list(app._notifications) == []


async def test_going_offline_mid_workout_changes_nothing_until_the_next_sync(
    home: Path, supabase: Gateway, signed_in: str, no_retry_waits: list[float]
) -> None:
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.workouts import history

    app = HalterofitApp(clock=utc_now, onboarding=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert header_status(app) == "synced just now"  # the sync on start

        supabase.refuse_connections()
        await start_with_two_exercises(pilot)
        await log_set(pilot, "100", "5", ["8"])
        await log_set(pilot, "102.5", "5", ["9"])
        await pilot.press("escape", "f")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        # The summary, as always, and no dialog or error about the server.
        assert isinstance(app.screen, FinishSummaryScreen)
        assert len(app.screen_stack) == 2
        assert [n.message for n in app._notifications if n.severity != "information"] == []
        # The finish started a sync, which found the server gone and kept everything queued:
        # the workout, its 2 exercises and 2 sets.
        assert no_retry_waits != []
        assert app.sync_state.kind == "offline"
        assert header_status(app) == "offline · 5 pending"

        await pilot.press("enter")
        supabase.accept_connections()
        app.sync_runner.request()  # what the 5-minute interval calls
        await settle(pilot)
        assert header_status(app) == "synced just now"
        assert app.sync_state.pending == 0

    db = open_store()
    (workout,) = history(db)
    db.dispose()
    assert workout.workout.total_sets == 2
    assert server_sets(supabase.dsn, signed_in) == [(100.0, 5, 8.0), (102.5, 5, 9.0)]


async def test_a_sync_asked_for_during_another_runs_once_after_it(
    home: Path, supabase: Gateway, signed_in: str
) -> None:
    # Hold the start-up sync's first REST request long enough to ask twice meanwhile.
    supabase.faults.add(Fault("delay", method=None, seconds=1.0))
    app = HalterofitApp(clock=utc_now, onboarding=False)
    async with app.run_test(size=(80, 24)) as pilot:
        while app.sync_state.kind != "syncing":
            await pilot.pause(0.02)
        assert header_status(app) == "syncing…"
        await pilot.press("ctrl+y")
        await pilot.press("ctrl+y")
        await settle(pilot, rounds=10)
        assert header_status(app) == "synced just now"
    profile_pulls = [
        r for r in supabase.requests if r.method == "GET" and r.path == "/rest/v1/profiles"
    ]
    assert len(profile_pulls) == 2  # the start-up sync and one more, never three


async def test_quitting_while_a_sync_waits_to_retry_does_not_wait_for_it(  # type: ignore[no-untyped-def]
    home: Path, supabase: Gateway, signed_in: str, monkeypatch
) -> None:
    from halterofit_tui.services.supabase_rest import RetryPolicy
    from halterofit_tui.tui import sync_runner

    ended = threading.Event()
    real_sync_once = sync_runner.sync_once

    def tracked(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return real_sync_once(*args, **kwargs)
        finally:
            ended.set()

    monkeypatch.setattr(sync_runner, "sync_once", tracked)
    monkeypatch.setattr(RetryPolicy, "backoff", lambda _policy, _failures: 30.0)
    supabase.refuse_connections()
    app = HalterofitApp(clock=utc_now, onboarding=False)
    async with app.run_test(size=(80, 24)) as pilot:
        while app.sync_state.kind != "syncing":
            await pilot.pause(0.02)
    # The first attempt was refused and the sync now waits 30 s to retry; closing the app
    # ends it at once (Python would otherwise wait for its thread before exiting).
    assert ended.wait(timeout=3)
