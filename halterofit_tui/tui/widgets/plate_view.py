"""Plates per side for one weight, drawn as a loaded bar, and what is missing if it can't be."""

from __future__ import annotations

from textual.markup import escape
from textual.widgets import Static

from halterofit_tui.domain.suggestions import PlateAdvice, load_text
from halterofit_tui.domain.units import Unit, format_number


def plates_text(per_side: tuple[float, ...]) -> str:
    """'25 · 15 · 1.25' (heaviest first, as they go on), or 'nothing' for the bare bar."""
    return " · ".join(format_number(p, 3) for p in per_side) or "nothing"


def bar_drawing(per_side: tuple[float, ...], bar: float, unit: Unit) -> str:
    """' 1.25│15│25├── 20 kg ──┤25│15│1.25': the heaviest plates next to the sleeve's collar."""
    outer = [format_number(p, 3) for p in reversed(per_side)]
    left = "│".join(outer) + ("│" if outer else "")
    right = ("│" if outer else "") + "│".join(reversed(outer))
    return f"{left}├── {load_text(bar, unit)} ──┤{right}"


def advice_lines(advice: PlateAdvice, unit: Unit, bar: float) -> list[str]:
    load = advice.load
    side = (load.total - bar) / 2
    lines = [
        f"{load_text(load.total, unit)} = bar {load_text(bar, unit)}"
        + (f" + {load_text(side, unit)} per side" if load.per_side else ""),
        f"Per side: {plates_text(load.per_side)}",
        bar_drawing(load.per_side, bar, unit),
    ]
    if advice.missing is not None:
        lines.insert(0, f"{load_text(advice.target, unit)}: {advice.missing}")
    return lines


class PlateView(Static):
    DEFAULT_CSS = """
    PlateView { height: auto; }
    """

    def show(self, advice: PlateAdvice, unit: Unit, bar: float) -> None:
        lines = [escape(line) for line in advice_lines(advice, unit, bar)]
        if advice.missing is not None:
            lines[0] = f"[b $warning]{lines[0]}[/]"
        self.update("\n".join(lines))
