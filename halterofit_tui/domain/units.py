"""Weight units: parsing, kg <-> lb conversion and display.

Weights are stored in kilograms as full doubles; conversion back to pounds is rounded just enough
(6 decimals) that a weight typed in pounds always reads back exactly as typed.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

from halterofit_tui.domain.errors import InvalidInput

Unit = Literal["kg", "lb"]
UNITS: Final = ("kg", "lb")

# Exact by definition (International yard and pound agreement, 1959).
KG_PER_LB: Final = 0.45359237

# 6 decimals is far below any real plate and far above float noise, so lb values survive a trip.
_STORAGE_DECIMALS: Final = 6
_DISPLAY_DECIMALS: Final = 2

_UNIT_ALIASES: Final[dict[str, Unit]] = {
    "kg": "kg",
    "kgs": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "lb": "lb",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
}


def parse_unit(text: str) -> Unit:
    """Return the unit named by `text` (kg, kgs, kilos, lb, lbs, pounds, ... in any case)."""
    unit = _UNIT_ALIASES.get(text.strip().lower())
    if unit is None:
        raise InvalidInput(f"unknown unit '{text.strip()}': use kg or lb")
    return unit


def to_kg(value: float, unit: Unit) -> float:
    """Convert `value` in `unit` to kilograms, unrounded (we store the full double)."""
    if unit == "lb":
        return value * KG_PER_LB
    return float(value)


def from_kg(kg: float, unit: Unit) -> float:
    """Convert kilograms to `unit`, rounded to 6 decimals so typed lb values round-trip exactly."""
    value = kg / KG_PER_LB if unit == "lb" else kg
    return round(value, _STORAGE_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def format_number(value: float, decimals: int = _DISPLAY_DECIMALS) -> str:
    """Format with at most `decimals` decimals (halves rounded up), trailing zeros trimmed and
    never "-0"."""
    if not math.isfinite(value):
        return str(value)
    # Half up, as people round (118.125 -> 118.13); repr() keeps the float's shortest form.
    step = Decimal(1).scaleb(-decimals)
    text = f"{Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text


def format_weight(kg: float, unit: Unit) -> str:
    """Display a stored kg weight in `unit`: "102.5 kg", "225 lb", "22.68 lb"."""
    return f"{format_number(from_kg(kg, unit))} {unit}"


def format_duration(seconds: int | None) -> str:
    """'52:10', '1:24:16', '-' when unknown."""
    if seconds is None:
        return "-"
    hours, rest = divmod(max(int(seconds), 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
