"""Edit one logged set: weight (in the app unit), reps, RPE, set type and notes.

The notation field ("100x5@8") is a shortcut: as soon as it reads as one set, it fills the
weight, reps and RPE fields, which are what gets saved. Everything is checked before the save;
a refused entry is shown under the form with its reason and nothing is written. Errors from the
store (the last word on validity) are shown the same way. Dismisses with the saved set, or None.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from halterofit_tui.domain.errors import HalterofitError, InvalidInput
from halterofit_tui.domain.notation import (
    MAX_WEIGHT_KG,
    SET_TYPES,
    parse_set_type,
    parse_sets,
    validate_reps,
    validate_rpe,
)
from halterofit_tui.domain.records import LoggedSet
from halterofit_tui.domain.units import format_number, from_kg, to_kg
from halterofit_tui.services.workouts import MAX_NOTES, SetChanges, edit_set
from halterofit_tui.tui.services import call_service
from halterofit_tui.tui.widgets.format import as_unit, set_notation, set_text

T = TypeVar("T")


@dataclass(frozen=True)
class SetForm:
    """What the editor's fields hold, as typed."""

    weight: str
    reps: str
    rpe: str
    set_type: str
    notes: str
    notation: str = ""


def form_of(s: LoggedSet, unit: str) -> SetForm:
    """The form pre-filled with a set's current values (weight in `unit`, notation empty)."""
    return SetForm(
        weight=format_number(from_kg(s.weight_kg, as_unit(unit)), 6),
        reps=str(s.reps),
        rpe=format_number(s.rpe, 1) if s.rpe is not None else "",
        set_type=s.set_type,
        notes=s.notes,
    )


def _weight(text: str, unit: str) -> float:
    text = text.strip()
    if not text:
        raise InvalidInput("weight is required (0 for no load)")
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(f"weight must be a number in {unit} (got '{text}')") from None
    limit = from_kg(MAX_WEIGHT_KG, as_unit(unit))
    if not math.isfinite(value) or not 0 <= value <= limit:
        raise InvalidInput(f"weight must be between 0 and {format_number(limit)} {unit}")
    return value


def _reps(text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        raise InvalidInput(f"reps must be a whole number between 1 and 1000 (got '{text}')")
    return validate_reps(int(text))


def _rpe(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(f"RPE must be a number from 1 to 10 (got '{text}')") from None
    return validate_rpe(value)


def notation_fields(text: str, original: LoggedSet, unit: str) -> tuple[str, str, str]:
    """(weight, reps, RPE) texts from one set in notation, or InvalidInput with the reason."""
    specs = parse_sets(text, as_unit(unit))
    if len(specs) != 1 or specs[0].count != 1:
        raise InvalidInput("the notation must describe exactly one set, e.g. 100x5@8")
    spec = specs[0]
    if spec.bodyweight != original.is_bodyweight:
        kind = "a bodyweight set (bw x 10, bw+20x8)" if original.is_bodyweight else "a loaded set"
        raise InvalidInput(f"this is {kind}; that cannot change here")
    weight = from_kg(spec.weight_kg, as_unit(unit))
    rpe = format_number(spec.rpe, 1) if spec.rpe is not None else ""
    return format_number(weight, 6), str(spec.reps), rpe


def _check(errors: dict[str, str], field: str, check: Callable[[], T]) -> T | None:
    try:
        return check()
    except HalterofitError as error:
        errors[field] = str(error)
        return None


def read_form(
    form: SetForm, original: LoggedSet, unit: str
) -> tuple[SetChanges | None, dict[str, str]]:
    """The changes the form asks for (None if nothing changed) and each refused field's reason.

    Only fields that differ from the set are sent, so an untouched weight typed in pounds never
    drifts through a kg round trip.
    """
    errors: dict[str, str] = {}
    before = form_of(original, unit)
    if form.notation.strip():
        _check(errors, "notation", lambda: notation_fields(form.notation, original, unit))
    weight = _check(errors, "weight", lambda: _weight(form.weight, unit))
    reps = _check(errors, "reps", lambda: _reps(form.reps))
    rpe = _check(errors, "rpe", lambda: _rpe(form.rpe))
    set_type = _check(errors, "set_type", lambda: parse_set_type(form.set_type))
    notes = form.notes.strip()
    if len(notes) > MAX_NOTES:
        errors["notes"] = f"notes are limited to {MAX_NOTES} characters"
    if errors:
        return None, errors
    assert weight is not None and reps is not None and set_type is not None
    same_weight = form.weight.strip() == before.weight or math.isclose(
        to_kg(weight, as_unit(unit)), original.weight_kg, rel_tol=0, abs_tol=1e-9
    )
    changes = SetChanges(
        weight=None if same_weight else weight,
        unit=as_unit(unit),
        reps=None if reps == original.reps else reps,
        rpe=None if rpe == original.rpe else rpe,
        clear_rpe=rpe is None and original.rpe is not None,
        set_type=None if set_type == original.set_type else set_type,
        notes=None if notes == original.notes else notes,
    )
    if changes == SetChanges(unit=as_unit(unit)):
        return None, {}
    return changes, {}


FIELD_LABELS = {
    "notation": "Notation",
    "weight": "Weight",
    "reps": "Reps",
    "rpe": "RPE",
    "set_type": "Type",
    "notes": "Notes",
    "save": "Not saved",
}


class SetEditorScreen(ModalScreen[LoggedSet | None]):
    DEFAULT_CSS = """
    SetEditorScreen > .dialog { width: 72; padding: 1 2 0 2; }
    SetEditorScreen .form-row { height: 1; margin-bottom: 1; }
    SetEditorScreen .form-row Label { width: 11; }
    SetEditorScreen .form-row .short-label { width: 6; margin-left: 2; }
    SetEditorScreen .form-row Input { width: 1fr; }
    SetEditorScreen .form-row .number { width: 10; }
    SetEditorScreen .form-row Select { width: 1fr; }
    SetEditorScreen #set-errors { height: auto; display: none; margin-bottom: 1; }
    SetEditorScreen #set-errors.-shown { display: block; }
    SetEditorScreen #set-footer { height: 1; }
    SetEditorScreen #set-hint { width: 1fr; }
    SetEditorScreen #set-footer Button { margin-left: 1; min-width: 8; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="set_editor.cancel"),
        Binding("ctrl+s", "save", "Save", id="set_editor.save"),
    ]

    def __init__(self, logged: LoggedSet, unit: str) -> None:
        super().__init__()
        self.logged = logged
        self.unit = as_unit(unit)
        self.saving = False

    def compose(self) -> ComposeResult:
        s, form = self.logged, form_of(self.logged, self.unit)
        weight_label = f"Added {self.unit}" if s.is_bodyweight else f"Weight {self.unit}"
        with Vertical(classes="dialog", id="set-editor"):
            yield Static(
                f"Edit {s.exercise_name} · set {s.set_number}  ({set_text(s, self.unit)})",
                classes="dialog-title",
                markup=False,
            )
            with Horizontal(classes="form-row"):
                yield Label("Notation")
                yield Input(
                    placeholder=f"e.g. {set_notation(s, self.unit)}  (fills the fields below)",
                    id="set-notation",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label(weight_label)
                yield Input(form.weight, id="set-weight", classes="number", compact=True)
                yield Label("Reps", classes="short-label")
                yield Input(form.reps, id="set-reps", classes="number", compact=True)
                yield Label("RPE", classes="short-label")
                yield Input(
                    form.rpe, placeholder="none", id="set-rpe", classes="number", compact=True
                )
            with Horizontal(classes="form-row"):
                yield Label("Type")
                yield Select(
                    [(t, t) for t in SET_TYPES],
                    value=s.set_type if s.set_type in SET_TYPES else Select.NULL,
                    allow_blank=False,
                    id="set-type",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Notes")
                yield Input(form.notes, placeholder="optional", id="set-notes", compact=True)
            yield Static("", classes="error", id="set-errors", markup=False)
            with Horizontal(id="set-footer"):
                yield Static("Enter saves · Esc cancels", classes="muted", id="set-hint")
                yield Button("Save", variant="primary", id="set-save", compact=True)
                yield Button("Cancel", id="set-cancel", compact=True)

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False
        self.query_one("#set-weight", Input).focus()

    # --- reading and saving --------------------------------------------------------------

    def current_form(self) -> SetForm:
        select = self.query_one("#set-type", Select)
        value = select.value
        return SetForm(
            weight=self.query_one("#set-weight", Input).value,
            reps=self.query_one("#set-reps", Input).value,
            rpe=self.query_one("#set-rpe", Input).value,
            set_type=str(value) if isinstance(value, str) else self.logged.set_type,
            notes=self.query_one("#set-notes", Input).value,
            notation=self.query_one("#set-notation", Input).value,
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        for field in ("notation", "weight", "reps", "rpe", "notes"):
            self.query_one(f"#set-{field}", Input).set_class(field in errors, "-invalid")
        box = self.query_one("#set-errors", Static)
        box.update(
            "\n".join(
                f"{FIELD_LABELS.get(field, field)}: {reason}" for field, reason in errors.items()
            )
        )
        box.set_class(bool(errors), "-shown")

    @on(Input.Changed, "#set-notation")
    def _notation_changed(self, event: Input.Changed) -> None:
        """Fill weight, reps and RPE as soon as the notation reads as one set."""
        if not event.value.strip():
            return
        try:
            weight, reps, rpe = notation_fields(event.value, self.logged, self.unit)
        except HalterofitError:
            return
        self.query_one("#set-weight", Input).value = weight
        self.query_one("#set-reps", Input).value = reps
        self.query_one("#set-rpe", Input).value = rpe

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#set-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#set-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        if self.saving:
            return
        changes, errors = read_form(self.current_form(), self.logged, self.unit)
        self.show_errors(errors)
        if errors:
            return
        if changes is None:
            self.dismiss(None)
            return
        self.saving = True
        call_service(self, edit_set, self.logged.id, changes, then=self._saved, failed=self._failed)

    def _saved(self, logged: LoggedSet) -> None:
        self.saving = False
        self.dismiss(logged)

    def _failed(self, error: HalterofitError) -> None:
        self.saving = False
        self.show_errors({"save": str(error)})
