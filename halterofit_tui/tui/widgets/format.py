"""Small, pure text helpers for the TUI: sets, loads, volumes, durations, dates, totals.

No textual import: these are plain functions, unit-tested on their own.
"""

from __future__ import annotations

from datetime import date

from halterofit_tui.domain import describe
from halterofit_tui.domain.describe import plural
from halterofit_tui.domain.records import LoggedSet, Workout
from halterofit_tui.domain.units import Unit, format_number, format_weight, from_kg

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def as_unit(unit: str) -> Unit:
    return "lb" if unit == "lb" else "kg"


def grouped(value: float, decimals: int = 1) -> str:
    """A number with thousands separators and no trailing zeros: 5525, 1462.5 -> '1,462.5'."""
    text = format_number(value, decimals)
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").partition(".")
    whole = f"{int(whole):,}"
    return ("-" if negative else "") + whole + (f".{fraction}" if fraction else "")


def volume_text(kg: float, unit: str) -> str:
    """A volume in the app unit with separators: '5,525 kg', '12,180.5 lb'."""
    return f"{grouped(from_kg(kg, as_unit(unit)))} {as_unit(unit)}"


def load_text(s: LoggedSet, unit: str) -> str:
    """The load of a set: '100 kg', 'bw', 'bw+20 kg'."""
    return describe.load_text(s, as_unit(unit))


def rpe_text(rpe: float | None) -> str:
    return format_number(rpe, 1) if rpe is not None else "-"


def set_text(s: LoggedSet, unit: str) -> str:
    """'100 kg x 5 @8', 'bw+20 kg x 8', 'bw x 12', with the set type when not a working set."""
    return describe.set_text(s, as_unit(unit))


def set_notation(s: LoggedSet, unit: str) -> str:
    """The set as the notation a lifter would type back: '100x5@8', 'bw+20x8', 'bw x 12'."""
    added = format_number(from_kg(s.weight_kg, as_unit(unit)), 6)
    load = ("bw" if s.weight_kg == 0 else f"bw+{added}") if s.is_bodyweight else added
    text = f"{load}x{s.reps}"
    return text + (f"@{format_number(s.rpe, 1)}" if s.rpe is not None else "")


def e1rm_text(s: LoggedSet, unit: str) -> str:
    if s.estimated_1rm is None or s.set_type == "warmup" or s.is_bodyweight:
        return "-"
    return format_weight(s.estimated_1rm, as_unit(unit))


def duration_text(seconds: int | None) -> str:
    """A workout's length: '55 min', '1 h 05', '-' when unknown."""
    if seconds is None:
        return "-"
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d}" if hours else f"{minutes} min"


def day_text(day: date) -> str:
    """'Mon 2 Mar'."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def long_date(day: date) -> str:
    """'2 Mar 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def week_header(start: date, sessions: int, volume_kg: float, unit: str) -> str:
    """'Week of 2 Mar 2026 — 2 sessions · 5,525 kg'."""
    return (
        f"Week of {long_date(start)} — {plural(sessions, 'session')} · "
        f"{volume_text(volume_kg, unit)}"
    )


def totals_line(workout: Workout, unit: str) -> str:
    """'5 sets · 25 reps · 1,322.5 kg · avg RPE 7.5 · 55 min'."""
    parts = [
        plural(workout.total_sets, "set"),
        plural(workout.total_reps, "rep"),
        volume_text(workout.total_volume_kg, unit),
    ]
    if workout.avg_rpe is not None:
        parts.append(f"avg RPE {format_number(workout.avg_rpe, 1)}")
    if workout.duration_s is not None:
        parts.append(duration_text(workout.duration_s))
    return " · ".join(parts)


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis, then padded to exactly `width`."""
    if width <= 0:
        return ""
    if len(text) > width:
        text = text[: width - 1] + "…" if width > 1 else text[:width]
    return text.ljust(width)
