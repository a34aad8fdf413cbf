"""Charts drawn with plotext, shared by `halterofit chart` and the app's Analytics area.

Each `draw_*` function draws one chart onto a plotext object `plt`: the `plotext` module itself
(its global figure) for the CLI, or a textual-plotext widget's `plt` in the app; both answer the
same calls. plotext keeps global state, so all drawing lives here, and `render_text` is the only
place that touches the global figure (importing plotext there, so `halterofit --help` never
does). Time axes are numbers (days or bars from the start) with date labels: plotext parses date
strings slowly, and a numeric axis shows the whole window even around a single point.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from halterofit_tui.domain.units import Unit, format_number, from_kg

# The plotext module or a textual-plotext `Plot`: untyped, with the same drawing methods.
Plt = Any

DATE_LABEL_WIDTH = 10  # "2026-03-04"
Y_AXIS_WIDTH = 8  # tick labels and the axis, roughly
MAX_DATE_TICKS = 6
BRAILLE_DOTS_PER_COLUMN = 2
# A series that varies by less than this share of its value is drawn within this much of its
# middle: a single point is not on an edge, and a 1 kg wobble does not fill the chart.
FLAT_MARGIN = 0.05


def render_text(
    draw: Callable[[Plt, int], None], title: str, width: int, height: int, colour: bool
) -> str:
    """`draw(plt, width)` on plotext's global figure at `width` x `height`; the text (CLI)."""
    import plotext

    # The module's calls go to its active figure, which a subplot drawn earlier may still be.
    plotext.main()
    plotext.clear_figure()
    plotext.plot_size(width, height)
    draw(plotext, width)
    plotext.main()
    plotext.title(title)
    text: str = plotext.build()
    return text if colour else plotext.uncolorize(text)


def date_ticks(start: date, end: date, width: int) -> tuple[list[int], list[str]]:
    """Positions (days from `start`) and ISO labels of evenly spread dates that fit `width`."""
    span = (end - start).days
    fit = (width - Y_AXIS_WIDTH) // (DATE_LABEL_WIDTH + 4)
    count = max(2, min(MAX_DATE_TICKS, fit))
    if span <= 0:
        return [0], [start.isoformat()]
    positions = sorted({round(span * i / (count - 1)) for i in range(count)})
    return positions, [(start + timedelta(days=p)).isoformat() for p in positions]


def _y_limits(plt: Plt, values: Sequence[float]) -> None:
    low, high = min(values), max(values)
    if high - low < abs(high) * FLAT_MARGIN:
        middle = (low + high) / 2
        margin = max(abs(middle) * FLAT_MARGIN, 1.0)
        plt.ylim(middle - margin, middle + margin)


def best_per_bucket(
    points: Sequence[tuple[int, float]], span: int, buckets: int
) -> list[tuple[int, float]]:
    """`points` (x from 0 to `span`, y) thinned to the highest in each of `buckets` equal slices
    of the x axis, so a long history costs what the screen can show; the line keeps its peaks."""
    if len(points) <= buckets or buckets < 1:
        return list(points)
    best: dict[int, tuple[int, float]] = {}
    for x, y in points:
        bucket = x * buckets // (span + 1)
        if bucket not in best or y > best[bucket][1]:
            best[bucket] = (x, y)
    return [best[bucket] for bucket in sorted(best)]


def draw_e1rm(
    plt: Plt,
    points: Sequence[tuple[date, float]],
    pr_days: Collection[date],
    unit: Unit,
    *,
    window: tuple[date, date],
    width: int,
) -> None:
    """Each training day's best e1RM as a line over the window, new bests marked with x."""
    start, end = window
    span = max((end - start).days, 1)
    days = [((day - start).days, from_kg(kg, unit)) for day, kg in points]
    line = best_per_bucket(days, span, BRAILLE_DOTS_PER_COLUMN * (width - Y_AXIS_WIDTH))
    plt.plot([x for x, _ in line], [y for _, y in line], marker="braille", label="e1RM")
    if len(points) == 1:  # a line of one point is a single braille dot
        plt.scatter([x for x, _ in days], [y for _, y in days], marker="●")
    best = [xy for (day, _), xy in zip(points, days, strict=True) if day in pr_days]
    if best:
        plt.scatter([x for x, _ in best], [y for _, y in best], marker="x", label="new best")
    ys = [y for _, y in days]
    plt.xlim(0, span)
    plt.xticks(*date_ticks(start, end, width))
    _y_limits(plt, ys)
    plt.ylabel(f"e1RM ({unit})")


@dataclass(frozen=True)
class VolumeBars:
    weeks_per_bar: int
    bars: tuple[tuple[date, float], ...]  # (first Monday, mean weekly volume in kg)


def volume_bars(weeks: Sequence[tuple[date, float]], max_bars: int) -> VolumeBars:
    """At most `max_bars` bars: consecutive weeks pooled (their mean), the newest week last and
    complete, so a long history still fits the screen and the unit stays volume per week."""
    per_bar = max(1, -(-len(weeks) // max(1, max_bars)))
    bars = []
    for end in range(len(weeks), 0, -per_bar):
        group = weeks[max(0, end - per_bar) : end]
        bars.append((group[0][0], sum(volume for _, volume in group) / len(group)))
    return VolumeBars(per_bar, tuple(reversed(bars)))


def draw_weekly_volume(
    plt: Plt, weeks: Sequence[tuple[date, float]], unit: Unit, width: int
) -> None:
    """Volume load of each week (Monday to Sunday), in thousands so the axis reads 12.5, not
    1.2e4."""
    pooled = volume_bars(weeks, width - Y_AXIS_WIDTH)
    values = [from_kg(kg, unit) / 1000 for _, kg in pooled.bars]
    plt.bar(list(range(len(values))), values, width=0.6)
    # Half a bar of room at each end, or plotext cuts the first and the last bar in half.
    plt.xlim(-0.5, len(values) - 0.5)
    fit = max(2, min(MAX_DATE_TICKS, (width - Y_AXIS_WIDTH) // (DATE_LABEL_WIDTH + 4)))
    step = max(1, -(-len(values) // fit))
    ticks = list(range(len(values) - 1, -1, -step))[::-1]
    plt.xticks(ticks, [pooled.bars[i][0].isoformat() for i in ticks])
    per_week = "" if pooled.weeks_per_bar == 1 else f", mean of {pooled.weeks_per_bar} weeks a bar"
    plt.ylabel(f"volume (1000 {unit}){per_week}")
    plt.xlabel("week from Monday")


def draw_muscle_hard_sets(plt: Plt, muscles: Sequence[tuple[str, float]]) -> None:
    """Horizontal bars of hard sets per week, `muscles` given most trained first (drawn on
    top)."""
    rows = list(reversed(muscles))
    plt.bar([name for name, _ in rows], [v for _, v in rows], orientation="h")
    plt.xlabel("hard sets per week")


def draw_muscles(
    plt: Plt, muscles: Sequence[tuple[str, float, float]], unit: Unit, max_rows: int
) -> None:
    """Two panels sharing the muscle rows: hard sets per week, then volume (in thousands).
    `muscles` holds (name, hard sets per week, volume kg), most trained first; past `max_rows`
    the least trained are left out and the axis label says so."""
    shown = list(muscles[: max(1, max_rows)])
    rows = list(reversed(shown))
    names = [name for name, _, _ in rows]
    plt.subplots(1, 2)
    hard = plt.subplot(1, 1)
    hard.bar(names, [h for _, h, _ in rows], orientation="h", width=0.6)
    # plotext drops a label wider than its panel: keep this one short.
    left_out = f", top {len(shown)}/{len(muscles)}" if len(shown) < len(muscles) else ""
    hard.xlabel(f"hard sets/week{left_out}")
    volume = plt.subplot(1, 2)
    volume.bar(names, [from_kg(kg, unit) / 1000 for _, _, kg in rows], orientation="h", width=0.6)
    volume.yticks([], [])
    volume.xlabel(f"volume (1000 {unit})")


def draw_rpe_distribution(plt: Plt, buckets: Sequence[tuple[float, int]]) -> None:
    """Sets logged at each RPE (the first bucket holds everything below it too)."""
    plt.bar([format_number(rpe) for rpe, _ in buckets], [count for _, count in buckets])
    plt.xlabel("RPE")
    plt.ylabel("sets")
