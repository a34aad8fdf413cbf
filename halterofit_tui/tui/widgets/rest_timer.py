"""The rest timer bar, shown at the bottom of every area screen.

It renders the app's current timer (the app owns the state and its persistence); at zero it
rings the terminal bell once and posts `RestTimerBar.Finished`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ProgressBar, Static

from halterofit_tui.domain.rest import RestTimer


def clock_text(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


class RestTimerBar(Widget):
    DEFAULT_CSS = """
    RestTimerBar {
        height: 1;
        layout: horizontal;
        display: none;
        background: $panel;
    }
    RestTimerBar.-running { display: block; }
    RestTimerBar > #rest-label { width: auto; padding: 0 1; }
    RestTimerBar > ProgressBar { width: 1fr; }
    RestTimerBar.-done > #rest-label { color: $success; text-style: bold; }
    """

    class Finished(Message):
        """The rest is over."""

    def compose(self) -> ComposeResult:
        yield Static(id="rest-label")
        yield ProgressBar(show_eta=False, show_percentage=False, id="rest-progress")

    def on_mount(self) -> None:
        self.set_interval(1, self.refresh_timer)
        self.refresh_timer()

    def refresh_timer(self) -> None:
        timer: RestTimer | None = getattr(self.app, "rest_timer", None)
        self.set_class(timer is not None, "-running")
        if timer is None:
            return
        now = self.app.clock()  # type: ignore[attr-defined]
        remaining = timer.remaining_s(now)
        paused = " (paused)" if timer.paused_remaining_s is not None else ""
        done = remaining == 0
        self.set_class(done, "-done")
        label = f"{timer.label} · " if timer.label else ""
        status = "Rest over, go!" if done else f"Rest {clock_text(remaining)}{paused}"
        self.query_one("#rest-label", Static).update(
            f"{label}{status}  [dim]+/- 30s, p pause, x skip[/]"
        )
        bar = self.query_one(ProgressBar)
        bar.update(total=max(timer.total_s, 1), progress=timer.total_s - remaining)
