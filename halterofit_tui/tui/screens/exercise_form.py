"""Add or edit a custom exercise. The service validates; its refusal is shown inline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from halterofit_tui.domain.catalogue import (
    CATEGORIES,
    EQUIPMENT,
    MOVEMENT_PATTERNS,
    MUSCLES,
    PLANES_OF_MOTION,
    PROGRESSION_TYPES,
    SUBCATEGORIES,
)
from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.domain.records import Exercise
from halterofit_tui.tui.services import call_service
from halterofit_tui.tui.widgets.exercise_detail import words


class CommaListSuggester(Suggester):
    """Completes the last item of a comma-separated list from a vocabulary (→ accepts)."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.vocabulary = [words(v) for v in vocabulary]

    async def get_suggestion(self, value: str) -> str | None:
        last = value.rpartition(",")[2].lstrip().lower()
        if not last:
            return None
        for word in self.vocabulary:
            if word.startswith(last) and word != last:
                return value + word[len(last) :]
        return None


DIFFICULTIES = ("1", "2", "3", "4", "5")


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


class ExerciseFormScreen(ModalScreen[Exercise | None]):
    """Dismisses with the saved exercise, or None when cancelled."""

    DEFAULT_CSS = """
    ExerciseFormScreen #form-fields { height: auto; max-height: 9; }
    ExerciseFormScreen .field { height: 1; }
    ExerciseFormScreen .field Label { width: 12; color: $text-muted; }
    ExerciseFormScreen .field .pair { margin-left: 1; }
    ExerciseFormScreen .field Input { width: 1fr; background: $boost; }
    ExerciseFormScreen .field Select { width: 1fr; }
    ExerciseFormScreen .field SelectCurrent { background: $boost; }
    ExerciseFormScreen #form-status { margin-top: 1; height: auto; max-height: 4; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="exercise_form.cancel"),
        Binding("ctrl+s", "save", "Save", id="exercise_form.save"),
    ]
    HINT = "Tab next field · → completes a list · Enter save · Esc cancel"

    def __init__(self, exercise: Exercise | None = None, name: str = "") -> None:
        super().__init__()
        self.exercise = exercise
        self.initial = initial_values(exercise, name)
        self.saving = False

    def compose(self) -> ComposeResult:
        title = f"Edit {self.exercise.name}" if self.exercise else "New custom exercise"
        with Vertical(classes="dialog", id="exercise-form"):
            yield Static(title, classes="dialog-title", markup=False)
            with VerticalScroll(id="form-fields"):
                yield self._row(("Name", self._input("name", "required")))
                yield self._row(("Aliases", self._input("aliases", "optional, comma separated")))
                yield self._row(
                    (
                        "Primary",
                        self._input("primary", "required, e.g. glutes, hamstrings", MUSCLES),
                    )
                )
                yield self._row(
                    ("Secondary", self._input("secondary", "optional, e.g. lower back", MUSCLES))
                )
                yield self._row(
                    ("Equipment", self._input("equipment", "none: bodyweight", EQUIPMENT))
                )
                yield self._row(
                    ("Category", self._select("category", CATEGORIES)),
                    ("Mechanic", self._select("mechanic", SUBCATEGORIES)),
                )
                yield self._row(
                    ("Pattern", self._select("pattern", MOVEMENT_PATTERNS)),
                    ("Plane", self._select("plane", PLANES_OF_MOTION)),
                )
                yield self._row(
                    ("Progression", self._select("progression", PROGRESSION_TYPES)),
                    ("Difficulty", self._select("difficulty", DIFFICULTIES)),
                )
                yield self._row(("Description", self._input("description", "optional")))
            yield Static(self.HINT, id="form-status", classes="muted", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="form-cancel", compact=True)
                yield Button("Save", id="form-save", variant="primary", compact=True)

    def _row(self, *fields: tuple[str, Widget]) -> Horizontal:
        children: list[Widget] = []
        for index, (label, field) in enumerate(fields):
            children += [Label(label, classes="pair" if index else ""), field]
        return Horizontal(*children, classes="field")

    def _input(self, key: str, placeholder: str, vocabulary: Sequence[str] = ()) -> Input:
        return Input(
            self.initial[key],
            placeholder=placeholder,
            id=f"form-{key}",
            compact=True,
            suggester=CommaListSuggester(vocabulary) if vocabulary else None,
        )

    def _select(self, key: str, vocabulary: Sequence[str]) -> Select[str]:
        return Select(
            [(words(v), v) for v in vocabulary],
            value=self.initial[key],
            allow_blank=False,
            id=f"form-{key}",
            compact=True,
        )

    def on_mount(self) -> None:
        self.query_one("#form-name", Input).focus()

    def text(self, key: str) -> str:
        return self.query_one(f"#form-{key}", Input).value

    def choice(self, key: str) -> str:
        return str(self.query_one(f"#form-{key}", Select).value)

    def fields(self) -> dict[str, Any]:
        """The form as keyword arguments of add/update_custom_exercise."""
        return {
            "primary_muscles": split_list(self.text("primary")),
            "secondary_muscles": split_list(self.text("secondary")),
            "equipment": split_list(self.text("equipment")) or None,
            "aliases": split_list(self.text("aliases")),
            "category": self.choice("category"),
            "subcategory": self.choice("mechanic"),
            "movement_pattern": self.choice("pattern"),
            "plane_of_motion": self.choice("plane"),
            "progression_type": self.choice("progression"),
            "difficulty": int(self.choice("difficulty")),
            "description": self.text("description"),
        }

    def action_save(self) -> None:
        if self.saving:
            return
        from halterofit_tui.services.library import add_custom_exercise, update_custom_exercise

        self.saving = True
        if self.exercise is None:
            call_service(
                self,
                add_custom_exercise,
                self.text("name"),
                **self.fields(),
                then=self.saved,
                failed=self.show_error,
            )
        else:
            call_service(
                self,
                update_custom_exercise,
                self.exercise.id,
                self.text("name"),
                **self.fields(),
                then=self.saved,
                failed=self.show_error,
            )

    def saved(self, exercise: Exercise) -> None:
        self.dismiss(exercise)

    def show_error(self, error: HalterofitError) -> None:
        self.saving = False
        status = self.query_one("#form-status", Static)
        status.update(str(error))
        status.set_classes("error")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "form-save":
            self.action_save()
        else:
            self.action_cancel()


def word_text(values: Sequence[str]) -> str:
    return ", ".join(words(v) for v in values)


def initial_values(exercise: Exercise | None, name: str = "") -> dict[str, str]:
    """What the form starts with: the exercise's fields, or a new exercise's defaults."""
    if exercise is None:
        return {
            "name": name,
            **dict.fromkeys(("aliases", "primary", "secondary", "equipment", "description"), ""),
            "category": "strength",
            "mechanic": "compound",
            "pattern": "core",
            "plane": "sagittal",
            "progression": "weight",
            "difficulty": "3",
        }
    return {
        "name": exercise.name,
        "aliases": ", ".join(exercise.aliases),
        "primary": word_text(exercise.primary_muscles),
        "secondary": word_text(exercise.secondary_muscles),
        "equipment": word_text(exercise.equipment),
        "description": exercise.description,
        "category": exercise.category,
        "mechanic": exercise.subcategory,
        "pattern": exercise.movement_pattern,
        "plane": exercise.plane_of_motion,
        "progression": exercise.progression_type,
        "difficulty": str(exercise.difficulty),
    }
