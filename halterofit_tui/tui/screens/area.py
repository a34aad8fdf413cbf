"""The frame every area (Home, Workout, ...) shares: header, body, rest timer, footer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header

from halterofit_tui.tui.widgets.rest_timer import RestTimerBar


class AreaScreen(Screen[None]):
    """Subclasses yield their content from `compose_body` and reload it in `refresh_data`."""

    AREA_TITLE = ""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
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
        """Load now if the store is open; otherwise the app calls refresh_data once it is."""
        if getattr(self.app, "store_ready", False):
            self.refresh_data()

    def refresh_data(self) -> None:
        """Reload what the screen shows from the store (in a worker)."""
