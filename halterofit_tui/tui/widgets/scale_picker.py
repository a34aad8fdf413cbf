"""A one-line 1-to-5 answer: digits or left/right to choose, backspace to leave it empty."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

LOW, HIGH = 1, 5


class ScalePicker(Widget, can_focus=True):
    DEFAULT_CSS = """
    ScalePicker { width: 16; height: 1; padding: 0 1; background: $boost; }
    ScalePicker:focus { background: $accent 40%; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Lower", id="scale.lower", show=False),
        Binding("right", "step(1)", "Higher", id="scale.higher", show=False),
        Binding("backspace,delete", "clear", "Skip", id="scale.clear", show=False),
    ]

    value: reactive[int | None] = reactive(None)

    class Changed(Message):
        def __init__(self, picker: ScalePicker, value: int | None) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(self, value))

    def render(self) -> str:
        marks = " ".join("●" if n == self.value else "·" for n in range(LOW, HIGH + 1))
        return f"{marks}  {self.value if self.value is not None else '-'}"

    def action_step(self, delta: int) -> None:
        start = (LOW + HIGH) // 2 if self.value is None else self.value + delta
        self.value = min(HIGH, max(LOW, start))

    def action_clear(self) -> None:
        self.value = None

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit() and LOW <= int(event.character) <= HIGH:
            self.value = int(event.character)
            event.stop()
