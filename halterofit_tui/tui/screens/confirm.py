"""A yes/no question: y or Enter answers yes, n or Esc answers no. Dismisses with the answer.

Reusable anywhere: `self.app.push_screen(ConfirmScreen("Delete this set?"), callback)`;
`danger=True` paints the yes button red for destructive answers.
The buttons are for the mouse only (not focusable), so Enter always means the default answer.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(
        self,
        question: str,
        detail: str = "",
        *,
        yes: str = "Yes",
        no: str = "No",
        danger: bool = False,
    ) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes
        self.no_label = no
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-dialog"):
            yield Static(self.question, classes="dialog-title", id="confirm-question", markup=False)
            if self.detail:
                yield Static(self.detail, classes="muted", id="confirm-detail", markup=False)
            with Horizontal(classes="buttons"):
                yes = Button(
                    f"{self.yes_label} (y)",
                    variant="error" if self.danger else "primary",
                    id="confirm-yes",
                )
                no = Button(f"{self.no_label} (n)", id="confirm-no")
                for button in (yes, no):
                    button.can_focus = False
                    yield button

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)
