"""The RPE heatmap: one column per week, one row per weekday, each day coloured by its average
RPE, with month labels above and a legend below.

Cells are as wide as lets every week fit (up to four characters); when even one-character cells
do not fit, the newest weeks are shown and a line says how many. The colours are saturated
enough to read on the dark and the light theme alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.console import RenderableType
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from halterofit_tui.tui.widgets.format import MONTHS, WEEKDAYS

LABEL_WIDTH = 4  # "Mon "
# (average RPE the band ends below, legend label, colour), lowest first, the last band taking
# the rest: an average rounds to the nearest whole RPE (8.5 and up is 9).
BANDS: tuple[tuple[float, str, str], ...] = (
    (6.5, "≤6", "#3b82f6"),
    (7.5, "7", "#22c55e"),
    (8.5, "8", "#eab308"),
    (9.5, "9", "#f97316"),
    (10.0, "10", "#dc2626"),
)
NO_RPE = "·"  # a day without any RPE logged, trained or not
CELL_WIDTHS = (4, 3, 2, 1)
GAP_FROM = 3  # cells this wide keep their last column blank, so the weeks stand apart


def band(avg_rpe: float) -> tuple[str, str]:
    """(legend label, colour) of an average RPE."""
    for upper, label, colour in BANDS[:-1]:
        if avg_rpe < upper:
            return label, colour
    return BANDS[-1][1], BANDS[-1][2]


@dataclass(frozen=True)
class HeatmapData:
    first_week: date  # the Monday of the window's first week
    weeks: int
    today: date  # days after it are not drawn
    cells: dict[tuple[date, int], float]  # (Monday, weekday 0-6) -> average RPE


def layout(weeks: int, width: int) -> tuple[int, int]:
    """(cell width, weeks shown) for `weeks` in `width` columns: the widest cells (up to
    CELL_WIDTHS[0]) that let every week fit, else 1-wide cells and the newest weeks."""
    room = max(1, width - LABEL_WIDTH)
    for cell in CELL_WIDTHS:
        if weeks * cell <= room:
            return cell, weeks
    return 1, min(weeks, room)


def cell_text(cell: int, mark: str) -> str:
    """A cell of `mark`, with a gap after it when the cell is wide enough to spare one."""
    return mark * (cell - 1) + " " if cell >= GAP_FROM else mark * cell


def heatmap_lines(data: HeatmapData, width: int) -> list[Text]:
    """The month header, seven weekday rows, an optional "earlier weeks" note and the legend."""
    cell, shown = layout(data.weeks, width)
    first = data.first_week + timedelta(weeks=data.weeks - shown)
    mondays = [first + timedelta(weeks=i) for i in range(shown)]
    header = [" "] * (LABEL_WIDTH + shown * cell)
    previous_month = None
    for index, monday in enumerate(mondays):
        if monday.month != previous_month:
            column = LABEL_WIDTH + index * cell
            label = MONTHS[monday.month - 1]
            if all(c == " " for c in header[max(0, column - 1) : column + len(label)]):
                header[column : column + len(label)] = label
            previous_month = monday.month
    lines = [Text("".join(header).rstrip(), style="dim")]
    for weekday, name in enumerate(WEEKDAYS):
        row = Text(f"{name} ", style="dim")
        for monday in mondays:
            day = monday + timedelta(days=weekday)
            rpe = data.cells.get((monday, weekday))
            if day > data.today:
                row.append(" " * cell)
            elif rpe is None:
                row.append(NO_RPE.ljust(cell), style="dim")
            else:
                row.append(cell_text(cell, "█"), style=band(rpe)[1])
        lines.append(row)
    if shown < data.weeks:
        note = f"The last {shown} of {data.weeks} weeks: a wider terminal shows more."
        lines.append(Text(note, style="dim"))
    legend = Text("Average RPE ", style="dim")
    for _, label, colour in BANDS:
        legend.append("██", style=colour)
        legend.append(f" {label}  ")
    legend.append(f"{NO_RPE} none logged", style="dim")
    lines.append(legend)
    return lines


class RpeHeatmap(Widget):
    """Weeks by weekdays, coloured by average RPE; it lays itself out again at every render."""

    DEFAULT_CSS = """
    RpeHeatmap { height: auto; padding: 0 1; text-wrap: nowrap; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: HeatmapData | None = None

    def show(self, data: HeatmapData) -> None:
        self.data = data
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(heatmap_lines(self.data, width)) if self.data else 0

    def render(self) -> RenderableType:
        if self.data is None:
            return Text()
        return Text("\n").join(heatmap_lines(self.data, self.content_size.width))
