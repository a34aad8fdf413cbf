"""The chart drawing shared by `halterofit chart` and the app: axis labels, thinning, pooling,
and what the drawn text shows (plotext's global figure, colour off)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from halterofit_tui.charts import (
    best_per_bucket,
    date_ticks,
    draw_e1rm,
    draw_muscles,
    draw_weekly_volume,
    render_text,
    volume_bars,
)


def axis_values(text: str) -> list[float]:
    """The y-axis tick values: the numbers left of each ┤."""
    return [float(m) for m in re.findall(r"^\s*(-?[\d.]+)┤", text, flags=re.MULTILINE)]


def test_date_ticks_spread_over_the_window() -> None:
    # 55 days; (80 - 8) // 14 = 5 labels at 0, 13.75, 27.5, 41.25 and 55 days, rounded.
    positions, labels = date_ticks(date(2026, 1, 5), date(2026, 3, 1), 80)
    assert positions == [0, 14, 28, 41, 55]
    assert labels == ["2026-01-05", "2026-01-19", "2026-02-02", "2026-02-15", "2026-03-01"]
    # Narrow: never fewer than the two ends.
    assert date_ticks(date(2026, 1, 5), date(2026, 3, 1), 20)[0] == [0, 55]
    assert date_ticks(date(2026, 1, 5), date(2026, 1, 5), 80) == ([0], ["2026-01-05"])


def test_volume_bars_pool_the_oldest_weeks_first() -> None:
    weeks = [(date(2026, 1, 5) + timedelta(weeks=i), 1000.0 * (i + 1)) for i in range(5)]
    assert volume_bars(weeks, 5).bars == tuple(weeks)
    pooled = volume_bars(weeks, 2)
    # Three weeks a bar, counted back from the newest: weeks 3-5, then weeks 1-2.
    assert pooled.weeks_per_bar == 3
    assert pooled.bars == ((date(2026, 1, 5), 1500.0), (date(2026, 1, 19), 4000.0))


def test_best_per_bucket_keeps_the_peaks() -> None:
    points = [(0, 1.0), (1, 3.0), (2, 2.0), (3, 5.0)]
    assert best_per_bucket(points, 3, 4) == points
    assert best_per_bucket(points, 3, 2) == [(1, 3.0), (3, 5.0)]


def test_e1rm_chart_in_pounds_with_its_new_best() -> None:
    def draw(plt, width: int) -> None:  # type: ignore[no-untyped-def]
        draw_e1rm(
            plt,
            [(date(2026, 2, 2), 100.0)],
            {date(2026, 2, 2)},
            "lb",
            window=(date(2026, 1, 26), date(2026, 2, 18)),
            width=width,
        )

    text = render_text(draw, "Squat", 80, 20, colour=False)
    assert "e1RM (lb)" in text and "new best" in text
    assert "2026-01-26" in text and "2026-02-18" in text
    # 100 kg is 220.46 lb, in the middle of a flat line's +-5 % axis.
    values = axis_values(text)
    assert min(values) < 220.46 < max(values) < 240
    assert "\x1b[" not in text


def test_muscles_most_trained_on_top_and_the_cut_said() -> None:
    muscles = [("quadriceps", 10.0, 5000.0), ("chest", 5.0, 2000.0), ("calves", 1.0, 100.0)]
    text = render_text(lambda plt, _: draw_muscles(plt, muscles, "kg", 2), "", 80, 12, False)
    assert text.index("quadriceps") < text.index("chest")
    assert "calves" not in text
    assert "top 2/3" in text and "volume (1000 kg)" in text


def test_a_second_chart_starts_from_a_clean_figure() -> None:
    """plotext's module keeps state: the muscles' two panels must not linger."""
    muscles = [("quadriceps", 10.0, 5000.0)]
    render_text(lambda plt, _: draw_muscles(plt, muscles, "kg", 5), "", 80, 12, False)
    weeks = [(date(2026, 1, 5), 1000.0), (date(2026, 1, 12), 3000.0)]
    text = render_text(lambda plt, w: draw_weekly_volume(plt, weeks, "kg", w), "V", 60, 12, False)
    assert "quadriceps" not in text
    assert axis_values(text)[0] == 3.0  # thousands: 3000 kg is 3
