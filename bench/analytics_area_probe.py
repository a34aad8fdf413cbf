"""Child process timing the app's Analytics area on HALTEROFIT_HOME (a 100k-set store).

`python bench/analytics_area_probe.py RUNS`: opens the app at 120x40 on Analytics, then RUNS
times per range (4 weeks, 12 weeks, 1 year, all) reloads the whole area the way the reload key
does, and times it from the key until the area's numbers and plateau cards are on screen and the
visible chart has been drawn with them. Prints JSON: {range key: [ms, ...], ...,
"first_open_ms": opening the area, whose first plateau read of the day refreshes them all}.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable

from halterofit_tui.tui.app import HalterofitApp
from halterofit_tui.tui.widgets.range_selector import RANGES


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def measure(runs: int) -> dict[str, object]:
    from halterofit_tui.tui.screens.analytics import AnalyticsScreen
    from halterofit_tui.tui.widgets.chart_panel import ChartPlot

    loop = asyncio.get_running_loop()
    waiting: dict[str, asyncio.Event] = {}
    show_view, show_plateaus = AnalyticsScreen.show_view, AnalyticsScreen.show_plateaus
    render = ChartPlot.render

    def timed_show_view(self, view):  # type: ignore[no-untyped-def]
        show_view(self, view)
        waiting.setdefault("view", asyncio.Event()).set()

    def timed_show_plateaus(self, reports):  # type: ignore[no-untyped-def]
        show_plateaus(self, reports)
        waiting.setdefault("plateaus", asyncio.Event()).set()

    def timed_render(self):  # type: ignore[no-untyped-def]
        result = render(self)
        if self.draw is not None and "view" in waiting and waiting["view"].is_set():
            loop.call_soon(waiting.setdefault("drawn", asyncio.Event()).set)
        return result

    AnalyticsScreen.show_view = timed_show_view  # type: ignore[method-assign]
    AnalyticsScreen.show_plateaus = timed_show_plateaus  # type: ignore[method-assign]
    ChartPlot.render = timed_render  # type: ignore[method-assign]

    async def timed(trigger: Callable[[], object]) -> float:
        waiting.clear()
        for name in ("view", "plateaus", "drawn"):
            waiting[name] = asyncio.Event()
        start = time.perf_counter()
        trigger()
        for name in ("view", "plateaus", "drawn"):
            await waiting[name].wait()
        return (time.perf_counter() - start) * 1000

    results: dict[str, object] = {}
    app = HalterofitApp(onboarding=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results["first_open_ms"] = await timed(lambda: app.action_switch_area("analytics"))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AnalyticsScreen)
        for choice in RANGES:
            screen.action_choose_range(choice.key)
            await settle(pilot)
            times = []
            for _ in range(runs):
                times.append(await timed(screen.action_reload))
                await settle(pilot)
            results[choice.key] = times
    return results


def main() -> None:
    print(json.dumps(asyncio.run(measure(int(sys.argv[1])))))


if __name__ == "__main__":
    main()
