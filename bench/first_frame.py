"""Child process for the first-frame benchmark: prints the wall time of the first painted frame.

`python bench/first_frame.py minimal|halterofit` runs that app headless. Textual posts `Ready`
right after the first screen's first compositor refresh; the probe prints time.time() then and
exits at once, so what follows the first frame (loading the store) is not counted.
"""

from __future__ import annotations

import os
import sys
import time

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Hello")
        yield Footer()


class FirstFrameProbe:
    def on_ready(self) -> None:
        sys.stdout.write(f"{time.time()}\n")
        sys.stdout.flush()
        os._exit(0)


def main() -> None:
    if sys.argv[1] == "minimal":

        class ProbedMinimal(FirstFrameProbe, MinimalApp):
            pass

        app: App[None] = ProbedMinimal()
    else:
        from halterofit_tui.tui.app import HalterofitApp

        class ProbedHalterofit(FirstFrameProbe, HalterofitApp):
            pass

        app = ProbedHalterofit(onboarding=False)
    app.run(headless=True)


if __name__ == "__main__":
    main()
