"""Warm-up sets up to the first working set (ctrl+t in the set logger): log them or close.

Dismisses with the ramp to log as warm-up sets, or None.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from halterofit_tui.domain.plates import WarmupSet
from halterofit_tui.domain.programs import Loading, PlateKit
from halterofit_tui.domain.suggestions import load_text
from halterofit_tui.tui.widgets.warmup_view import WarmupView


class WarmupScreen(ModalScreen[list[WarmupSet] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,l", "log", "Log as warm-ups", id="warmups.log"),
        Binding("escape,ctrl+t", "dismiss(None)", "Close", id="warmups.close"),
    ]

    def __init__(
        self,
        ramp: list[WarmupSet],
        working_weight: float,
        working_reps: int | None,
        loading: Loading,
        kit: PlateKit,
    ) -> None:
        super().__init__()
        self.ramp = ramp
        self.working_weight = working_weight
        self.working_reps = working_reps
        self.loading_kind = loading
        self.kit = kit

    def compose(self) -> ComposeResult:
        reps = f" x {self.working_reps}" if self.working_reps else ""
        with Vertical(classes="dialog", id="warmups-dialog"):
            yield Static(
                f"Warm-up to {load_text(self.working_weight, self.kit.unit)}{reps}",
                classes="dialog-title",
                id="warmups-title",
            )
            yield WarmupView(id="warmup-view")
            hint = "Enter log them as warm-up sets · Esc close" if self.ramp else "Esc close"
            yield Static(f"[dim]{hint}[/]", id="warmups-hint")

    def on_mount(self) -> None:
        self.query_one(WarmupView).show(self.ramp, self.loading_kind, self.kit)

    def action_log(self) -> None:
        self.dismiss(self.ramp or None)
