"""The plate calculator: plates per side for the weight in the set logger (ctrl+l there)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from halterofit_tui.domain.programs import PlateKit
from halterofit_tui.domain.suggestions import load_text, plate_advice
from halterofit_tui.tui.widgets.plate_view import PlateView


class PlateScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,ctrl+l", "dismiss(None)", "Close", id="plates.close"),
    ]

    def __init__(self, weight: float, kit: PlateKit) -> None:
        super().__init__()
        self.weight = weight
        self.kit = kit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="plates-dialog"):
            yield Static(
                f"Plates for {load_text(self.weight, self.kit.unit)}",
                classes="dialog-title",
                id="plates-title",
            )
            yield PlateView(id="plate-view")
            yield Static(
                "[dim]Enter or Esc to close · bar and plates: Settings[/]", id="plates-hint"
            )

    def on_mount(self) -> None:
        advice = plate_advice(self.weight, self.kit)
        self.query_one(PlateView).show(advice, self.kit.unit, self.kit.bar)
