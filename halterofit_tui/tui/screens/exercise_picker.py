"""Pick an exercise by typing a few letters: favourites and recent ones first, Enter to add."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from halterofit_tui.domain.records import Exercise
from halterofit_tui.services.library import search_score

MAX_SHOWN = 60


class ExercisePicker(ModalScreen[str | None]):
    """Dismisses with the chosen exercise's name, or None when cancelled."""

    DEFAULT_CSS = """
    ExercisePicker #picker { height: 20; max-height: 90%; }
    ExercisePicker OptionList { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next", id="picker.next", show=False),
        Binding("up", "move(-1)", "Previous", id="picker.previous", show=False),
    ]

    def __init__(
        self,
        choices: list[Exercise],
        in_workout: set[str],
        heading: str = "Add an exercise",
        placeholder: str = "type a few letters, Enter to add",
    ) -> None:
        super().__init__()
        self.choices = choices
        self.in_workout = in_workout
        self.heading = heading
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="dialog"):
            yield Static(self.heading, classes="dialog-title", markup=False)
            yield Input(placeholder=self.placeholder, id="picker-query")
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self.show_matches("")
        self.query_one(Input).focus()

    def show_matches(self, query: str) -> None:
        if query.strip():
            scored = [(search_score(e, query), e) for e in self.choices]
            matches = [e for score, e in sorted(scored, key=lambda p: -p[0]) if score > 0]
        else:
            matches = list(self.choices)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(self._label(e), id=e.name) for e in matches[:MAX_SHOWN])
        if matches:
            options.highlighted = 0

    def _label(self, exercise: Exercise) -> str:
        star = "★ " if exercise.is_favourite else "  "
        added = "  [dim](in workout)[/]" if exercise.id in self.in_workout else ""
        gear = ", ".join(exercise.equipment[:2])
        return f"{star}{exercise.name}  [dim]{gear}[/]{added}"

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_matches(event.value)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def _choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            self.notify("No exercise matches; add a custom one in the Library", severity="warning")
            return
        self.dismiss(options.get_option_at_index(options.highlighted).id)
