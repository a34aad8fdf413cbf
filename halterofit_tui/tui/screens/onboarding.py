"""First run: four quick answers (unit, bodyweight, experience, goals), or Esc to skip.

Answers are checked as they would be by `config set` before anything is stored, so a refusal
shows next to its field; then `finish_onboarding` stores them in a worker. Either way (answered
or skipped) the questions are not asked again on this device.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static

from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.domain.records import Profile
from halterofit_tui.domain.units import UNITS, Unit, parse_unit
from halterofit_tui.services.profile import EXPERIENCE_LEVELS, SETTINGS
from halterofit_tui.tui.services import call_service

QUESTIONS = ("unit", "bodyweight", "experience_level", "goals")

WELCOME = (
    "A few quick answers so loads, plates and advice fit you. All optional: "
    "change anything later in Settings."
)


def check_answers(answers: dict[str, str]) -> dict[str, str]:
    """The reason each answer would be refused (answer key -> reason); empty when all are fine.

    Weights are read in the unit answered just above them, as `finish_onboarding` stores them."""
    unit: Unit = parse_unit(answers.get("unit") or "kg")
    refusals: dict[str, str] = {}
    for key, text in answers.items():
        if not text.strip():
            continue
        try:
            SETTINGS[key].parse(text, unit)
        except HalterofitError as error:
            refusals[key] = str(error)
    return refusals


class OnboardingScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    OnboardingScreen { background: $background; }
    OnboardingScreen #onboarding-dialog { width: 72; overflow-y: auto; }
    OnboardingScreen #onboarding-welcome { margin-bottom: 1; }
    OnboardingScreen .answer { height: auto; margin-bottom: 1; }
    OnboardingScreen .answer-line { height: auto; }
    OnboardingScreen .answer-label { width: 14; text-style: bold; }
    OnboardingScreen .answer-control { width: 1fr; max-width: 32; }
    OnboardingScreen Input.answer-control { background: $background; }
    OnboardingScreen Select.answer-control > SelectCurrent { background: $background; }
    OnboardingScreen .answer-suffix { width: auto; padding-left: 1; color: $text-muted; }
    OnboardingScreen .answer-error { margin-left: 14; display: none; }
    OnboardingScreen .answer.-refused .answer-error { display: block; }
    OnboardingScreen .answer.-refused .answer-label { color: $error; }
    OnboardingScreen #onboarding-error { display: none; }
    OnboardingScreen #onboarding-error.-shown { display: block; }
    OnboardingScreen #onboarding-hint { margin-top: 0; }
    """
    AUTO_FOCUS = "#answer-unit"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip", id="onboarding.skip"),
        Binding("ctrl+s", "finish", "Continue", id="onboarding.continue"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="onboarding-dialog", classes="dialog"):
            yield Static("Welcome to Halterofit", classes="dialog-title")
            yield Static(WELCOME, id="onboarding-welcome", classes="muted")
            yield from self._answer(
                "unit",
                "Units",
                Select([(u, u) for u in UNITS], value="kg", allow_blank=False, compact=True),
            )
            yield from self._answer(
                "bodyweight", "Bodyweight", Input(placeholder="e.g. 80", compact=True), "kg"
            )
            yield from self._answer(
                "experience_level",
                "Experience",
                Select(
                    [(level, level) for level in EXPERIENCE_LEVELS],
                    prompt="choose…",
                    compact=True,
                ),
            )
            yield from self._answer(
                "goals", "Goals", Input(placeholder="e.g. strength, hypertrophy", compact=True)
            )
            yield Static("", id="onboarding-error", classes="error", markup=False)
            yield Static(
                "[b]Tab[/b] next · [b]Enter[/b] continue · [b]Esc[/b] skip",
                id="onboarding-hint",
                classes="muted",
            )
            with Horizontal(classes="buttons"):
                yield Button("Skip", id="onboarding-skip", compact=True)
                yield Button("Continue", variant="primary", id="onboarding-continue", compact=True)
        yield Footer()

    @staticmethod
    def _answer(key: str, label: str, control: Widget, suffix: str = "") -> ComposeResult:
        control.id = f"answer-{key}"
        control.add_class("answer-control")
        with Vertical(id=f"question-{key}", classes="answer"):
            with Horizontal(classes="answer-line"):
                yield Label(label, classes="answer-label")
                yield control
                yield Static(suffix, id=f"suffix-{key}", classes="answer-suffix")
            yield Static("", id=f"refusal-{key}", classes="answer-error error", markup=False)

    # --- answers -------------------------------------------------------------------------

    def answers(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for key in QUESTIONS:
            control = self.query_one(f"#answer-{key}")
            if isinstance(control, Select):
                value = control.value
                found[key] = "" if value == Select.NULL else str(value)
            elif isinstance(control, Input):
                found[key] = control.value.strip()
        return found

    def _show_refusals(self, refusals: dict[str, str]) -> None:
        for key in QUESTIONS:
            reason = refusals.get(key)
            self.query_one(f"#question-{key}").set_class(reason is not None, "-refused")
            self.query_one(f"#refusal-{key}", Static).update(f"✗ {reason}" if reason else "")
            self.query_one(f"#answer-{key}").set_class(reason is not None, "-invalid")

    def _show_error(self, message: str | None) -> None:
        error = self.query_one("#onboarding-error", Static)
        error.update(message or "")
        error.set_class(message is not None, "-shown")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "answer-unit":
            event.stop()
            self.query_one("#suffix-bodyweight", Static).update(str(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "onboarding-skip":
            self.action_skip()
        elif event.button.id == "onboarding-continue":
            self.action_finish()

    # --- finishing -----------------------------------------------------------------------

    def action_finish(self) -> None:
        if self._busy:
            return
        answers = self.answers()
        refusals = check_answers(answers)
        self._show_refusals(refusals)
        self._show_error(None)
        if refusals:
            self.query_one(f"#answer-{next(iter(refusals))}").focus()
            return
        self._store({key: text for key, text in answers.items() if text})

    def action_skip(self) -> None:
        if not self._busy:
            self._store(None)

    def _store(self, answers: dict[str, str] | None) -> None:
        from halterofit_tui.services.profile import finish_onboarding

        self._busy = True
        call_service(self, finish_onboarding, answers, then=self._done, failed=self._failed)

    def _done(self, profile: Profile) -> None:
        self.app.profile = profile  # type: ignore[attr-defined]  # the new unit, at once
        self.dismiss(None)

    def _failed(self, error: HalterofitError) -> None:
        self._busy = False
        self._show_error(f"✗ {error}")
