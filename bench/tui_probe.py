"""Child process for in-app benchmarks on HALTEROFIT_HOME (a 100k-set store).

`python bench/tui_probe.py keystroke N`: start a workout, add an exercise, then N times press
Enter in the prefilled set logger and time until the set is committed; prints the times (ms).
`python bench/tui_probe.py memory`: open every area, wait for its data, print peak RSS (MiB).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time

from halterofit_tui.tui.app import AREAS, HalterofitApp


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def keystroke(count: int) -> list[float]:
    """Enter reaching the set logger -> log_sets' transaction committed, per set (ms)."""
    from halterofit_tui.services import workouts
    from halterofit_tui.tui.screens.workout import WorkoutScreen
    from halterofit_tui.tui.widgets.set_logger import SetLogger

    pressed: list[float] = []
    committed: list[float] = []
    submit, log_sets = SetLogger.action_submit, workouts.log_sets
    done = asyncio.Event()
    loop = asyncio.get_running_loop()

    def timed_submit(self: SetLogger) -> None:
        pressed.append(time.perf_counter())
        submit(self)

    def timed_log_sets(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = log_sets(*args, **kwargs)
        committed.append(time.perf_counter())
        loop.call_soon_threadsafe(done.set)
        return result

    SetLogger.action_submit = timed_submit  # type: ignore[method-assign]
    workouts.log_sets = timed_log_sets
    app = HalterofitApp(onboarding=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        if screen.detail is None:
            await pilot.press("n")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press(*"bench press", "enter")
            await settle(pilot)
        logger = screen.query_one("#weight")
        logger.value = "100"  # type: ignore[attr-defined]
        screen.query_one("#reps").value = "5"  # type: ignore[attr-defined]
        logger.focus()
        pressed.clear()
        committed.clear()
        for _ in range(count):
            before = screen.detail.workout.total_sets if screen.detail else 0
            done.clear()
            # A key event as a terminal would deliver it; Pilot.press would also busy-wait
            # for the screen, competing with the worker for the GIL and skewing the figure.
            app.simulate_key("enter")
            await done.wait()
            await settle(pilot)
            after = screen.detail.workout.total_sets if screen.detail else 0
            assert after == before + 1, (before, after)
    return [(done - start) * 1000 for start, done in zip(pressed, committed, strict=True)]


async def memory() -> float:
    app = HalterofitApp(onboarding=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for area in AREAS:
            app.action_switch_area(area)
            await settle(pilot)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    if sys.argv[1] == "keystroke":
        print(json.dumps(asyncio.run(keystroke(int(sys.argv[2])))))
    else:
        print(json.dumps(asyncio.run(memory())))


if __name__ == "__main__":
    main()
