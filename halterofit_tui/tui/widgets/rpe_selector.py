"""RPE selector: left/right in half steps, digits to jump, each value with its reps in reserve.

6 to 10 is where working sets live, so the selector starts there, but 1 to 10 is reachable and
it can be left empty (not every set gets an RPE).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from halterofit_tui.domain.units import format_number

MIN_RPE = 1.0
MAX_RPE = 10.0
FIRST_RPE = 6.0  # where stepping starts from an empty selector


def rpe_meaning(rpe: float | None) -> str:
    """'8 — 2 left', '8.5 — 1-2 left', '10 — max', '— (no RPE)'."""
    if rpe is None:
        return "— (no RPE)"
    reserve = MAX_RPE - rpe
    if reserve == 0:
        left = "max"
    elif reserve == int(reserve):
        left = f"{int(reserve)} left"
    else:
        left = f"{int(reserve)}-{int(reserve) + 1} left"
    return f"{format_number(rpe, 1)} — {left}"


class RpeSelector(Widget, can_focus=True):
    DEFAULT_CSS = """
    RpeSelector {
        width: 22;
        height: 3;
        border: tall $border-blurred;
        padding: 0 1;
        content-align: left middle;
    }
    RpeSelector:focus { border: tall $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-0.5)", "RPE -0.5", id="rpe.down", show=False),
        Binding("right", "step(0.5)", "RPE +0.5", id="rpe.up", show=False),
        Binding("backspace,delete", "clear", "No RPE", id="rpe.clear", show=False),
    ]

    value: reactive[float | None] = reactive(None)

    class Changed(Message):
        def __init__(self, selector: RpeSelector, value: float | None) -> None:
            super().__init__()
            self.selector = selector
            self.value = value

    def render(self) -> str:
        return f"RPE {rpe_meaning(self.value)}"

    def watch_value(self, value: float | None) -> None:
        self.post_message(self.Changed(self, value))

    def action_step(self, delta: float) -> None:
        if self.value is None:
            self.value = FIRST_RPE if delta > 0 else MAX_RPE
            return
        self.value = min(MAX_RPE, max(MIN_RPE, self.value + delta))

    def action_clear(self) -> None:
        self.value = None

    def on_key(self, event: Key) -> None:
        """Digits jump: 1-9 to that RPE, 0 to 10; '.' adds the half step (8 then . = 8.5)."""
        if event.character and event.character.isdigit():
            digit = int(event.character)
            self.value = 10.0 if digit == 0 else float(digit)
            event.stop()
        elif event.character in (".", ",") and self.value is not None and self.value < MAX_RPE:
            self.value = float(int(self.value)) + 0.5
            event.stop()
