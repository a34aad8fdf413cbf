"""The header of every area: the app's icon and title, and the sync status on the right.

The status follows the app's `sync_state` (set by the background sync) and redraws every
minute so "synced N min ago" stays true. When sync is not set up it is blank and takes the
place of Textual's clock space, so the header looks exactly as it did before sync existed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Header, Static

from halterofit_tui.tui.sync_runner import SyncState, status_text

if TYPE_CHECKING:
    from datetime import datetime


class SyncStatus(Static):
    DEFAULT_CSS = """
    SyncStatus {
        dock: right;
        width: auto;
        min-width: 10;
        padding: 0 1;
        text-wrap: nowrap;
    }
    SyncStatus.-quiet { color: $text-muted; }
    SyncStatus.-attention { color: $text-warning; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "sync_state", self.show_state)
        self.set_interval(60, self.redraw)

    def redraw(self) -> None:
        self.show_state(self.app.sync_state)  # type: ignore[attr-defined]

    def show_state(self, state: SyncState) -> None:
        now: datetime = self.app.clock()  # type: ignore[attr-defined]
        self.update(status_text(state, now))
        self.tooltip = state.reason or None
        attention = state.kind in ("sign_in", "failed")
        self.set_class(attention, "-attention")
        # No colour at all when off: the blank status then renders exactly as the clock space.
        self.set_class(not attention and state.kind != "off", "-quiet")


class AreaHeader(Header):
    """Textual's header with the sync status where its clock would be."""

    def compose(self) -> ComposeResult:
        # Textual's header is icon, title, then clock (or its blank space): keep the first two.
        icon, title, _clock = super().compose()
        yield icon
        yield title
        yield SyncStatus()
