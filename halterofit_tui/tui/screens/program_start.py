"""Enrol in a programme: the numbers it starts from, in the lifter's unit, checked inline.
(Opened from the Programs area only, once the store is open: importing the services is cheap.)

One field per progression (working weight, training max or one-rep max, as the programme
asks). A field left empty, or not a positive number, is refused under the fields before
anything is written; so is whatever the service refuses. Dismisses with the new status.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from halterofit_tui.domain.errors import HalterofitError, InvalidInput
from halterofit_tui.domain.units import format_number
from halterofit_tui.services.programs import ProgramStatus, start_program
from halterofit_tui.tui.services import call_service

if TYPE_CHECKING:
    from halterofit_tui.services.programs import ProgramDetail, StartNeed

GIVEN_TEXT = {"weight": "working weight", "training_max": "training max", "one_rep_max": "1RM"}


def need_hint(need: StartNeed, unit: str) -> str:
    """'working weight, kg', '1RM, kg · starts at 90 %', '... · optional'."""
    hint = f"{GIVEN_TEXT.get(need.given, need.given)}, {unit}"
    if need.start_percent != 100:
        hint += f" · starts at {format_number(need.start_percent)} %"
    if need.optional:
        hint += " · optional"
    return hint


def read_value(text: str, need: StartNeed, unit: str) -> float | None:
    """The number typed for a need (None for an optional one left empty), or InvalidInput."""
    cleaned = text.strip()
    what = f"{need.exercise_name}: your {GIVEN_TEXT.get(need.given, need.given)} in {unit}"
    if not cleaned:
        if need.optional:
            return None
        raise InvalidInput(f"{what} is needed to start")
    try:
        value = float(cleaned)
    except ValueError:
        raise InvalidInput(f"{what} must be a number (got '{cleaned}')") from None
    if not math.isfinite(value) or value <= 0:
        raise InvalidInput(f"{what} must be above 0 (got '{cleaned}')")
    return value


class ProgramStartScreen(ModalScreen[ProgramStatus | None]):
    DEFAULT_CSS = """
    ProgramStartScreen .start-row { height: 1; }
    ProgramStartScreen .start-row Label { width: 24; }
    ProgramStartScreen .start-row Input { width: 12; background: $boost; }
    ProgramStartScreen .start-hint { padding-left: 1; color: $text-muted; width: 1fr; }
    ProgramStartScreen #start-replacing { color: $warning; margin-bottom: 1; height: auto; }
    ProgramStartScreen #start-error { height: auto; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="program_start.cancel"),
        Binding("ctrl+s", "start", "Start programme", id="program_start.start"),
    ]

    def __init__(self, detail: ProgramDetail, replacing: str | None, today: date) -> None:
        super().__init__()
        self.detail = detail
        self.replacing = replacing
        self.today = today
        self.starting = False

    def compose(self) -> ComposeResult:
        unit = self.detail.unit
        with Vertical(classes="dialog", id="program-start"):
            yield Static(
                f"Start {self.detail.entry.name}: your numbers in {unit}",
                classes="dialog-title",
                markup=False,
            )
            if self.replacing:
                yield Static(
                    f"'{self.replacing}' is in progress: starting this one stops it "
                    "(its workouts stay in your history).",
                    id="start-replacing",
                    markup=False,
                )
            for need in self.detail.needs:
                with Horizontal(classes="start-row"):
                    yield Label(need.exercise_name, markup=False)
                    yield Input(id=f"start-{need.key}", compact=True)
                    yield Static(need_hint(need, unit), classes="start-hint", markup=False)
            yield Static(
                "Tab next field · Enter start · Esc cancel",
                id="start-error",
                classes="muted",
                markup=False,
            )
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="start-cancel", compact=True)
                yield Button("Start", id="start-go", variant="primary", compact=True)

    def on_mount(self) -> None:
        if self.detail.needs:
            self.query_one(f"#start-{self.detail.needs[0].key}", Input).focus()

    def values(self) -> dict[str, dict[str, float]]:
        """{given kind: {progression key: value}}; InvalidInput (with the field focused) for
        the first field that does not read."""
        given: dict[str, dict[str, float]] = {}
        for need in self.detail.needs:
            field = self.query_one(f"#start-{need.key}", Input)
            try:
                value = read_value(field.value, need, self.detail.unit)
            except InvalidInput:
                field.focus()
                raise
            if value is not None:
                given.setdefault(need.given, {})[need.key] = value
        return given

    def action_start(self) -> None:
        if self.starting:
            return
        try:
            given = self.values()
        except InvalidInput as error:
            self.show_error(error)
            return
        self.starting = True
        call_service(
            self,
            start_program,
            self.detail.entry.key,
            weights=given.get("weight"),
            training_maxes=given.get("training_max"),
            one_rep_maxes=given.get("one_rep_max"),
            unit=self.detail.unit,
            replace=self.replacing is not None,
            today=self.today,
            then=self.dismiss,
            failed=self.show_error,
        )

    def show_error(self, error: HalterofitError) -> None:
        self.starting = False
        status = self.query_one("#start-error", Static)
        status.update(str(error))
        status.set_classes("error")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "start-go":
            self.action_start()
        else:
            self.action_cancel()
