"""The frame every area (Home, Workout, ...) shares: header, body, rest timer, footer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from halterofit_tui.tui.widgets.rest_timer import RestTimerBar
from halterofit_tui.tui.widgets.sync_status import AreaHeader


class AreaScreen(Screen[None]):
    """Subclasses yield their content from `compose_body` and reload it in `refresh_data`."""

    AREA_TITLE = ""
    _load_scheduled = False

    def compose(self) -> ComposeResult:
        yield AreaHeader()
        yield from self.compose_body()
        yield RestTimerBar()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.sub_title = self.AREA_TITLE

    def on_screen_resume(self) -> None:
        self.load_when_ready()

    def load_when_ready(self) -> None:
        """Load if the store is open (else the app calls refresh_data once it is).

        Requests before the next refresh are coalesced: Textual resumes a mode's screen twice
        when it is first shown, and one load is enough.
        """
        if getattr(self.app, "store_ready", False) and not self._load_scheduled:
            self._load_scheduled = True
            self.call_after_refresh(self._load)

    def _load(self) -> None:
        self._load_scheduled = False
        self.refresh_data()

    def refresh_data(self) -> None:
        """Reload what the screen shows from the store (in a worker)."""
