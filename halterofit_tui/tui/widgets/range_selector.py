"""The Analytics range: 4 weeks, 12 weeks, 1 year or all history, the chosen one highlighted.

Each other range is a link to the screen's `choose_range` action (a click works like its key).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Static


@dataclass(frozen=True)
class Range:
    key: str
    label: str
    weeks: int | None  # calendar weeks up to this one; None: all history
    shortcut: str
    phrase: str  # "No sets in {phrase}."


RANGES = (
    Range("4w", "4 weeks", 4, "1", "the last 4 weeks"),
    Range("12w", "12 weeks", 12, "2", "the last 12 weeks"),
    Range("1y", "1 year", 52, "3", "the last year"),
    Range("all", "all", None, "4", "all your history"),
)
DEFAULT_RANGE = RANGES[1]


def range_named(key: str) -> Range:
    for choice in RANGES:
        if choice.key == key:
            return choice
    raise ValueError(f"no range {key!r}")


def selector_markup(chosen: Range) -> str:
    parts = []
    for choice in RANGES:
        if choice == chosen:
            parts.append(f"[reverse b] {choice.label} [/]")
        else:
            parts.append(f"[@click=screen.choose_range('{choice.key}')]{choice.label}[/]")
    return "Range  " + "  ".join(parts)


class RangeSelector(Static):
    DEFAULT_CSS = """
    RangeSelector { width: auto; height: 1; }
    """

    def __init__(self, chosen: Range = DEFAULT_RANGE, *, id: str | None = None) -> None:
        super().__init__(selector_markup(chosen), id=id)

    def select(self, chosen: Range) -> None:
        self.update(selector_markup(chosen))
