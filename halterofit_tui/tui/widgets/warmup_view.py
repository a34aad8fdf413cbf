"""The warm-up ramp to the first working set: each set's weight, reps and plates per side."""

from __future__ import annotations

from textual.markup import escape
from textual.widgets import Static

from halterofit_tui.domain.plates import WarmupSet, load_plates
from halterofit_tui.domain.programs import Loading, PlateKit
from halterofit_tui.domain.suggestions import load_text
from halterofit_tui.tui.widgets.plate_view import plates_text


def warmup_lines(ramp: list[WarmupSet], loading: Loading, kit: PlateKit) -> list[str]:
    """'1  20 kg x 10   bar', '2  40 kg x 5    per side 10', ...; no plates off the bar."""
    lines = []
    for number, warmup in enumerate(ramp, start=1):
        line = f"{number}  {load_text(warmup.weight, kit.unit):>9} x {warmup.reps:<3}"
        if loading == "barbell":
            per_side = load_plates(warmup.weight, kit.bar, kit.plates).per_side
            line += f"  per side {plates_text(per_side)}" if per_side else "  the empty bar"
        lines.append(line.rstrip())
    return lines


class WarmupView(Static):
    DEFAULT_CSS = """
    WarmupView { height: auto; }
    """

    def show(self, ramp: list[WarmupSet], loading: Loading, kit: PlateKit) -> None:
        if not ramp:
            self.update("No warm-up sets: nothing loadable lies below this weight.")
            return
        self.update("\n".join(escape(line) for line in warmup_lines(ramp, loading, kit)))
