"""The set logger: weight, reps, RPE and type, or the CLI's set notation in one field.

Entries are checked here with the domain's validators, so a bad value is refused inline with
the reason before anything reaches the store; a good set is posted up as `Submitted`.
Up/down step the weight by the smallest loadable increment and the reps by one.
Under the fields, the suggested next set (ctrl+g takes it, ctrl+r says why); ctrl+l asks for
the plates of the weight typed and ctrl+t for warm-up sets up to it (posted up as messages).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Key
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.notation import (
    SET_TYPES,
    SetSpec,
    parse_sets,
    validate_reps,
    validate_rpe,
    validate_weight_kg,
)
from halterofit_tui.domain.suggestions import Suggestion
from halterofit_tui.domain.units import Unit, format_number, to_kg
from halterofit_tui.tui.widgets.rpe_selector import RpeSelector
from halterofit_tui.tui.widgets.suggestion_line import SuggestionLine


@dataclass(frozen=True)
class LoggedEntry:
    """What the lifter entered: parsed sets plus what applies to all of them."""

    specs: tuple[SetSpec, ...]
    set_type: str
    tempo: str | None = None
    technique_rating: int | None = None
    notes: str = ""


def parse_entry(
    weight: str, reps: str, rpe: float | None, notation: str, *, unit: Unit, bodyweight: bool
) -> tuple[SetSpec, ...]:
    """The sets described by the fields (notation wins when given), or InvalidInput."""
    if notation.strip():
        return tuple(parse_sets(notation, unit, rpe))
    weight_text = weight.strip() or ("0" if bodyweight else "")
    try:
        load = float(weight_text)
    except ValueError:
        raise InvalidInput(f"weight must be a number (got '{weight.strip()}')") from None
    if not math.isfinite(load) or load < 0:
        raise InvalidInput("weight must be zero or more")
    validate_weight_kg(to_kg(load, unit))
    try:
        count = int(reps.strip())
    except ValueError:
        raise InvalidInput(f"reps must be a whole number (got '{reps.strip()}')") from None
    validate_reps(count)
    if rpe is not None:
        validate_rpe(rpe)
    return (SetSpec(weight=load, unit=unit, reps=count, rpe=rpe, bodyweight=bodyweight),)


class SetLogger(Widget):
    DEFAULT_CSS = """
    SetLogger {
        height: auto;
        border: round $accent 60%;
        border-title-color: $text-accent;
        padding: 0 1;
    }
    SetLogger Horizontal { height: 1; margin-bottom: 1; }
    SetLogger #notation-row { margin-bottom: 0; }
    SetLogger #extras-row { margin-bottom: 0; margin-top: 1; }
    SetLogger #suggestion { margin-top: 1; }
    SetLogger #tempo { width: 15; margin-right: 1; }
    SetLogger #technique { width: 14; margin-right: 1; }
    SetLogger #set-notes { width: 1fr; }
    SetLogger RpeSelector { border: none; height: 1; margin: 0 1; background: $boost; }
    SetLogger RpeSelector:focus { border: none; background: $accent 35%; }
    SetLogger Select { width: 18; }
    SetLogger #weight { width: 12; margin-right: 1; }
    SetLogger #reps { width: 8; }
    SetLogger #notation { width: 1fr; }
    SetLogger #logger-error { color: $error; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Log set", id="logger.submit", priority=False),
        # ctrl keys: they work while typing in a field, where letters are text.
        Binding("ctrl+g", "take_suggestion", "Take suggestion", id="logger.take", show=False),
        Binding("ctrl+r", "toggle_reason", "Why this suggestion", id="logger.why", show=False),
        Binding("ctrl+l", "plates", "Plates per side", id="logger.plates", show=False),
        Binding("ctrl+t", "warmups", "Warm-up sets", id="logger.warmups", show=False),
    ]

    class Submitted(Message):
        def __init__(self, logger: SetLogger, entry: LoggedEntry) -> None:
            super().__init__()
            self.logger = logger
            self.entry = entry

    class PlatesRequested(Message):
        """The lifter wants the plates for `weight` (in the logger's unit)."""

        def __init__(self, weight: float) -> None:
            super().__init__()
            self.weight = weight

    class WarmupsRequested(Message):
        """The lifter wants warm-up sets up to `weight` x `reps` (the first working set; reps
        None when the field is empty)."""

        def __init__(self, weight: float, reps: int | None) -> None:
            super().__init__()
            self.weight = weight
            self.reps = reps

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.unit: Unit = "kg"
        self.increment = 2.5
        self.bodyweight = False

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Input(placeholder="weight", id="weight", compact=True)
            yield Input(placeholder="reps", id="reps", compact=True)
            yield RpeSelector(id="rpe")
            yield Select(
                [(t.replace("_", " "), t) for t in SET_TYPES],
                value="working",
                allow_blank=False,
                id="set-type",
                compact=True,
            )
        with Horizontal(id="notation-row"):
            yield Input(
                placeholder="or type sets: 100x5@8, 100x5x3, bw+20x8", id="notation", compact=True
            )
        with Horizontal(id="extras-row"):
            yield Input(placeholder="tempo 3-1-1-0", id="tempo", compact=True)
            yield Input(placeholder="technique 1-5", id="technique", compact=True)
            yield Input(placeholder="notes", id="set-notes", compact=True)
        yield SuggestionLine(id="suggestion")
        yield Static("", id="logger-error")

    def on_mount(self) -> None:
        self.border_title = "Log a set"
        self.border_subtitle = "↑/↓ step · ←/→ RPE · Enter log · ^l plates · ^t warm-up"

    def configure(self, unit: Unit, increment: float, bodyweight: bool) -> None:
        """The unit weights are typed in, the weight step, and whether load is added to bw."""
        self.unit = unit
        self.increment = increment
        self.bodyweight = bodyweight
        weight = self.query_one("#weight", Input)
        weight.placeholder = f"+{unit} on bw" if bodyweight else unit

    def prefill(
        self,
        weight: float | None,
        reps: int | None,
        rpe: float | None,
        set_type: str | None = None,
    ) -> None:
        """Fill the fields (clearing the rest); the set type changes only when given."""
        self.query_one("#weight", Input).value = format_number(weight, 3) if weight else ""
        self.query_one("#reps", Input).value = str(reps) if reps else ""
        self.query_one("#rpe", RpeSelector).value = rpe
        if set_type is not None:
            self.query_one("#set-type", Select).value = set_type
        for field in ("#notation", "#tempo", "#technique", "#set-notes"):
            self.query_one(field, Input).value = ""
        self.show_error("")

    def show_suggestion(self, suggestion: Suggestion | None) -> None:
        self.query_one(SuggestionLine).show(suggestion)

    def action_take_suggestion(self) -> None:
        """Put the suggested set into the fields (the set type is left as it is)."""
        suggestion = self.query_one(SuggestionLine).suggestion
        if suggestion is None:
            self.show_error("no suggestion yet: log a set or start from a plan")
            return
        self.query_one("#weight", Input).value = format_number(suggestion.weight, 3)
        self.query_one("#reps", Input).value = str(suggestion.reps)
        self.query_one("#rpe", RpeSelector).value = suggestion.rpe
        self.query_one("#notation", Input).value = ""
        self.show_error("")

    def action_toggle_reason(self) -> None:
        self.query_one(SuggestionLine).toggle_reason()

    def _typed_weight(self) -> float | None:
        """The weight field as a number, or None (with the reason shown)."""
        text = self.query_one("#weight", Input).value.strip()
        if not _is_number(text) or not math.isfinite(float(text)) or float(text) <= 0:
            self.show_error("type a weight first")
            return None
        self.show_error("")
        return float(text)

    def action_plates(self) -> None:
        weight = self._typed_weight()
        if weight is not None:
            self.post_message(self.PlatesRequested(weight))

    def action_warmups(self) -> None:
        weight = self._typed_weight()
        if weight is None:
            return
        reps_text = self.query_one("#reps", Input).value.strip()
        reps = int(reps_text) if reps_text.isdigit() and int(reps_text) > 0 else None
        self.post_message(self.WarmupsRequested(weight, reps))

    def show_error(self, message: str) -> None:
        self.query_one("#logger-error", Static).update(message)

    def focus_weight(self) -> None:
        self.query_one("#weight", Input).focus()

    def on_key(self, event: Key) -> None:
        """Arrow keys step the number in the weight and reps fields."""
        focused = self.screen.focused
        if event.key not in ("up", "down") or not isinstance(focused, Input):
            return
        direction = 1 if event.key == "up" else -1
        if focused.id == "weight":
            current = float(focused.value) if _is_number(focused.value) else 0.0
            stepped = max(0.0, round(current + direction * self.increment, 3))
            focused.value = format_number(stepped, 3)
        elif focused.id == "reps":
            current_reps = int(focused.value) if focused.value.strip().isdigit() else 0
            focused.value = str(max(1, current_reps + direction))
        else:
            return
        event.stop()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        try:
            specs = parse_entry(
                self.query_one("#weight", Input).value,
                self.query_one("#reps", Input).value,
                self.query_one("#rpe", RpeSelector).value,
                self.query_one("#notation", Input).value,
                unit=self.unit,
                bodyweight=self.bodyweight,
            )
            technique = parse_technique(self.query_one("#technique", Input).value)
        except InvalidInput as error:
            self.show_error(str(error))
            return
        self.show_error("")
        entry = LoggedEntry(
            specs,
            str(self.query_one("#set-type", Select).value),
            tempo=self.query_one("#tempo", Input).value.strip() or None,
            technique_rating=technique,
            notes=self.query_one("#set-notes", Input).value.strip(),
        )
        self.post_message(self.Submitted(self, entry))


def parse_technique(text: str) -> int | None:
    """The optional technique rating: empty, or a whole number from 1 to 5."""
    if not text.strip():
        return None
    if text.strip() not in ("1", "2", "3", "4", "5"):
        raise InvalidInput(f"technique rating must be 1 to 5 (got '{text.strip()}')")
    return int(text)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
