"""Background sync for the app: on start, after each finished workout, and every few minutes.

A sync runs in a thread worker (group "sync"), one at a time: a request while one runs is kept
and run right after it, since a workout finished mid-sync has rows the running push may have
passed already. No outcome ever reaches the lifter as a dialog or an error: being offline, signed
out or refused becomes the status in the header, and logging goes on against the local store as
always. The sync services (httpx, keyring, the engine) are imported inside the worker, so
start-up pays nothing for them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from halterofit_tui.domain.errors import HalterofitError

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen

    from halterofit_tui.store.engine import Database
    from halterofit_tui.tui.app import HalterofitApp

# Often enough that another device shows this one's sets within minutes; rare enough that an
# idle app on a phone hotspot or a Raspberry Pi costs one small round of requests (an empty
# push, one empty page per table) every five minutes.
SYNC_INTERVAL_S = 5 * 60

SyncKind = Literal["off", "sign_in", "offline", "syncing", "pending", "synced", "failed"]


@dataclass(frozen=True)
class SyncState:
    """What the header says about sync. `off`: no Supabase project configured."""

    kind: SyncKind = "off"
    pending: int = 0  # rows waiting to be pushed
    refused: int = 0  # rows the server refused (quarantined until edited or retried)
    last_sync: datetime | None = None  # the last completed sync, if any
    reason: str = ""  # why it is signed out, offline or failing (the status's tooltip)


def age_text(seconds: float) -> str:
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} d ago"


def status_text(state: SyncState, now: datetime) -> str:
    """The header's words for `state` ("" when sync is not set up)."""
    if state.kind == "off":
        return ""
    if state.kind == "syncing":
        return "syncing…"
    if state.kind == "sign_in":
        text = "sign-in needed"
    elif state.kind == "failed":
        text = "sync failed"
    elif state.kind == "offline":
        text = "offline"
    elif state.kind == "pending" or state.last_sync is None:
        text = f"{state.pending} pending"
    else:
        text = f"synced {age_text(max(0.0, (now - state.last_sync).total_seconds()))}"
    if state.kind in ("sign_in", "failed", "offline") and state.pending:
        text += f" · {state.pending} pending"
    if state.refused:
        text += f" · {state.refused} refused"
    return text


class _Stopped(Exception):
    """The app is closing: abandon the sync (everything not pushed stays queued)."""


def sync_once(
    db: Database, *, started: Callable[[], None], sleep: Callable[[float], None]
) -> SyncState:
    """One sync of `db` with its configured project (blocking: call it from a thread).
    `started` is called once the server is about to be contacted."""
    from halterofit_tui.services.remote_config import RemoteNotConfigured, load_remote_config

    # Read the configuration first, so an app without sync never imports httpx or keyring.
    try:
        load_remote_config(db.paths)
    except RemoteNotConfigured:
        return SyncState()
    except HalterofitError as error:  # an unreadable config.toml
        return SyncState("failed", reason=str(error))

    from halterofit_tui.services.supabase_auth import SignInRequired
    from halterofit_tui.services.supabase_rest import ServerUnreachable
    from halterofit_tui.services.sync import SyncBusy, remote_client, sync

    try:
        with remote_client(db.paths, sleep=sleep) as rest:
            rest.user_id  # noqa: B018  (reads the session: SignInRequired before "syncing…")
            started()
            report = sync(db, rest)
    except RemoteNotConfigured:  # removed since the check above
        return SyncState()
    except SignInRequired as error:
        return _known(db, "sign_in", str(error))
    except ServerUnreachable as error:
        return _known(db, "offline", str(error))
    except SyncBusy:  # `halterofit sync` is at it: show where things stand
        return _known(db, None)
    except HalterofitError as error:
        return _known(db, "failed", str(error))
    if report.offline is not None:
        return _known(db, "offline", report.offline)
    return _known(db, None)


def _known(db: Database, kind: SyncKind | None, reason: str = "") -> SyncState:
    """The state with the store's counts; `kind` None: pending or synced, from the counts."""
    from halterofit_tui.services.sync import sync_status

    status = sync_status(db)
    pending = status.pending_total
    if kind is None:
        kind = "pending" if pending else "synced"
    return SyncState(kind, pending, len(status.quarantined), status.last_sync, reason)


class SyncRunner:
    """Starts syncs in the app's "sync" worker group and publishes their outcome."""

    def __init__(self, app: HalterofitApp) -> None:
        self._app = app
        self._stopping = threading.Event()
        self._running = False
        self._again = False

    def start(self) -> None:
        """Sync now, every SYNC_INTERVAL_S, and after each finished workout (once the store
        is open)."""
        self._app.set_interval(SYNC_INTERVAL_S, self.request, name="sync")
        self._app.screen_change_signal.subscribe(self._app, self._screen_changed)
        self.request()

    def request(self) -> None:
        """Sync as soon as possible: now, or right after the sync running now."""
        if self._stopping.is_set():
            return
        if self._running:
            self._again = True
            return
        self._running = True
        # Not `exclusive`: that cancels the running worker, which for a thread only flags it
        # (both would then run); the follow-up is queued above instead.
        self._app.run_worker(
            self._sync, thread=True, group="sync", name="sync", exit_on_error=False
        )

    def stop(self) -> None:
        """The app is closing: a sync waiting to retry gives up at once."""
        self._stopping.set()

    def _screen_changed(self, screen: Screen[object]) -> None:
        # The summary appears only once the finish is stored: the workout's rows are final.
        from halterofit_tui.tui.screens.finish_summary import FinishSummaryScreen

        if isinstance(screen, FinishSummaryScreen):
            self.request()

    def _sleep(self, seconds: float) -> None:
        if self._stopping.wait(seconds):
            raise _Stopped

    def _sync(self) -> None:
        app = self._app
        try:
            state = sync_once(
                app.store.wait(),
                started=lambda: app.call_from_thread(self._show_syncing),
                sleep=self._sleep,
            )
        except _Stopped:
            return
        except Exception as error:  # never into the app: the header says it
            state = SyncState("failed", reason=f"internal error: {type(error).__name__}: {error}")
        if not self._stopping.is_set():
            app.call_from_thread(self._finished, state)

    def _show_syncing(self) -> None:
        self._app.sync_state = SyncState("syncing", last_sync=self._app.sync_state.last_sync)

    def _finished(self, state: SyncState) -> None:
        self._running = False
        self._app.sync_state = state
        if self._again:
            self._again = False
            self.request()
