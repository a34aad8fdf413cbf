"""The readiness check-in at the start of a workout: six quick answers, all skippable."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.readiness import Readiness, readiness_score

SCALE = [(f"{n}", n) for n in range(1, 6)]
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("sleep_quality", "Sleep quality", "1 awful … 5 great"),
    ("stress", "Stress", "1 calm … 5 very stressed"),
    ("motivation", "Motivation", "1 none … 5 fired up"),
    ("energy", "Energy", "1 drained … 5 full of it"),
    ("soreness", "Soreness", "1 fresh … 5 very sore"),
)


class ReadinessScreen(ModalScreen[Readiness | None]):
    """Dismisses with the answers (some may be None), or None when skipped."""

    DEFAULT_CSS = """
    ReadinessScreen Horizontal { height: auto; }
    ReadinessScreen Label { width: 16; padding-top: 1; }
    ReadinessScreen Select { width: 12; }
    ReadinessScreen Input { width: 12; }
    ReadinessScreen .hint { padding-top: 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip check-in", id="readiness.skip"),
        Binding("ctrl+s", "save", "Save", id="readiness.save"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("How ready are you today? (Esc to skip)", classes="dialog-title")
            for key, label, hint in QUESTIONS:
                with Horizontal():
                    yield Label(label)
                    yield Select(SCALE, prompt="-", id=key)
                    yield Static(hint, classes="hint")
            with Horizontal():
                yield Label("Sleep hours")
                yield Input(placeholder="7.5", id="sleep_hours")
            yield Static("", id="readiness-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Skip", id="skip")
                yield Button("Start", variant="primary", id="save")

    def on_mount(self) -> None:
        self.query_one("#sleep_quality", Select).focus()

    def answers(self) -> Readiness:
        values: dict[str, int | None] = {}
        for key, _, _ in QUESTIONS:
            selected = self.query_one(f"#{key}", Select).value
            values[key] = selected if isinstance(selected, int) else None
        hours_text = self.query_one("#sleep_hours", Input).value.strip()
        try:
            hours = float(hours_text) if hours_text else None
        except ValueError:
            raise InvalidInput(f"sleep hours must be a number (got '{hours_text}')") from None
        return Readiness(sleep_hours=hours, **values).validated()

    def action_save(self) -> None:
        try:
            answers = self.answers()
        except InvalidInput as error:
            self.query_one("#readiness-error", Static).update(str(error))
            return
        self.dismiss(answers)

    def action_skip(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_skip()

    def on_select_changed(self, _event: Select.Changed) -> None:
        try:
            score = readiness_score(self.answers())
        except InvalidInput:
            return
        if score is not None:
            self.query_one("#readiness-error", Static).update(f"Readiness {score:.0f}/100")
