"""A plotext chart that redraws itself from its data at every render, or says why it is empty.

textual-plotext renders the plot at the widget's current size and theme, so drawing the data
inside `render` makes a resize or a theme change redraw the chart with nothing else to do. The
drawing itself lives in halterofit_tui/charts.py (plotext keeps global state: one module draws).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult, RenderResult
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot

from halterofit_tui.charts import Plt

# draw(plt, width, height): draws one chart onto a cleared plotext figure of that size.
Draw = Callable[[Plt, int, int], None]


class ChartPlot(PlotextPlot):
    """The plot itself: clears the figure and draws `draw` on every render."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.draw: Draw | None = None

    def render(self) -> RenderResult:
        self.plt.clear_figure()
        if self.draw is not None:
            self.draw(self.plt, self.size.width, self.size.height)
        return super().render()


class ChartPanel(Widget):
    """A chart, or a plain sentence in its place when there is nothing to draw."""

    DEFAULT_CSS = """
    ChartPanel { height: 1fr; }
    ChartPanel > ChartPlot { height: 1fr; }
    ChartPanel > .chart-empty { display: none; padding: 1 2; color: $text-muted; }
    ChartPanel.-empty > ChartPlot { display: none; }
    ChartPanel.-empty > .chart-empty { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield ChartPlot()
        yield Static("Loading…", classes="chart-empty", markup=False)

    def on_mount(self) -> None:
        self.add_class("-empty")

    def show(self, draw: Draw) -> None:
        """Draw this chart (now, and again at every resize or theme change)."""
        plot = self.query_one(ChartPlot)
        plot.draw = draw
        self.remove_class("-empty")
        # The plot's own refresh: its content changed although its size did not.
        plot.refresh()

    def show_empty(self, sentence: str) -> None:
        self.query_one(ChartPlot).draw = None
        self.query_one(".chart-empty", Static).update(sentence)
        self.add_class("-empty")
