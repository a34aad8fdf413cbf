"""The readiness check-in at the start of a workout: six quick answers, all skippable."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.readiness import Readiness, readiness_score
from halterofit_tui.tui.widgets.scale_picker import ScalePicker

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
    ReadinessScreen .row { height: 1; }
    ReadinessScreen Label { width: 15; }
    ReadinessScreen .hint { padding-left: 1; color: $text-muted; }
    ReadinessScreen Input { width: 10; height: 1; border: none; padding: 0 1; }
    ReadinessScreen .buttons { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip check-in", id="readiness.skip"),
        Binding("ctrl+s,enter", "save", "Start", id="readiness.save"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                "How ready are you today? 1-5 or ←/→, Tab next, Enter start, Esc skip",
                classes="dialog-title",
            )
            for key, label, hint in QUESTIONS:
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield ScalePicker(id=key)
                    yield Static(hint, classes="hint")
            with Horizontal(classes="row"):
                yield Label("Sleep hours")
                yield Input(placeholder="7.5", id="sleep_hours")
            yield Static("", id="readiness-score")
            yield Static("", id="readiness-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Skip", id="skip")
                yield Button("Start", variant="primary", id="save")

    def on_mount(self) -> None:
        self.query_one("#sleep_quality", ScalePicker).focus()

    def answers(self) -> Readiness:
        values: dict[str, int | None] = {}
        for key, _, _ in QUESTIONS:
            values[key] = self.query_one(f"#{key}", ScalePicker).value
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

    def on_scale_picker_changed(self, _event: ScalePicker.Changed) -> None:
        try:
            score = readiness_score(self.answers())
        except InvalidInput:
            return
        text = f"Readiness {score:.0f}/100" if score is not None else ""
        self.query_one("#readiness-score", Static).update(text)
