"""The lifter's profile and settings (`halterofit config get|set`).

Weights are typed and shown in the profile's unit and stored in kg. Setting the bodyweight also
records a body-metric entry for the day, so bodyweight has a history.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.plates import (
    DEFAULT_BAR_KG,
    DEFAULT_BAR_LB,
    DEFAULT_PLATES_KG,
    DEFAULT_PLATES_LB,
)
from halterofit_tui.domain.records import Profile
from halterofit_tui.domain.strength import E1RM_FORMULAS, parse_formula
from halterofit_tui.domain.units import Unit, format_number, from_kg, parse_unit, to_kg
from halterofit_tui.store.engine import Database
from halterofit_tui.store.repositories import profile_record, profile_row
from halterofit_tui.store.tables import BodyMetricRow, ProfileRow

EXPERIENCE_LEVELS = ("beginner", "novice", "intermediate", "advanced", "elite")
SEXES = ("female", "male", "other")
THEMES = ("dark", "light")


def _default_equipment(unit: Unit) -> tuple[float, dict[str, int]]:
    """A standard bar and plate set for the unit: kg gyms and lb gyms load differently."""
    if unit == "lb":
        bar, plates = to_kg(DEFAULT_BAR_LB, "lb"), DEFAULT_PLATES_LB
    else:
        bar, plates = DEFAULT_BAR_KG, DEFAULT_PLATES_KG
    return bar, {format_number(to_kg(k, unit), 6): v for k, v in plates.items()}


def ensure_profile(db: Database) -> None:
    with db.session() as session:
        if profile_row(session) is not None:
            return
        bar, plates = _default_equipment("kg")
        row = ProfileRow(unit="kg", bar_weight_kg=bar, plate_inventory=plates)
        db.stamp(session, row, created=True)


def get_profile(db: Database) -> Profile:
    with db.session() as session:
        row = profile_row(session)
        assert row is not None, "open_store() creates the profile"
        return profile_record(row)


def local_timezone(profile: Profile) -> tzinfo:
    if profile.timezone:
        from zoneinfo import ZoneInfo

        return ZoneInfo(profile.timezone)
    return datetime.now().astimezone().tzinfo or UTC


def local_today(profile: Profile, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(local_timezone(profile)).date()


def day_start(profile: Profile, day: date) -> datetime:
    """Local midnight of `day` in the lifter's time zone, as a UTC moment."""
    return datetime.combine(day, time(0), tzinfo=local_timezone(profile)).astimezone(UTC)


# --- settings: parse a typed value into the stored one, and show the stored one -------------


def _number(text: str, low: float, high: float, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(f"{what} must be a number (got '{text}')") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidInput(f"{what} must be between {format_number(low)} and {format_number(high)}")
    return value


def _integer(text: str, low: int, high: int, what: str) -> int:
    value = _number(text, low, high, what)
    if value != int(value):
        raise InvalidInput(f"{what} must be a whole number (got '{text}')")
    return int(value)


def _choice(text: str, choices: tuple[str, ...], what: str) -> str:
    value = text.strip().lower()
    if value not in choices:
        raise InvalidInput(f"{what} must be one of: {', '.join(choices)} (got '{text}')")
    return value


def _timezone(text: str) -> str | None:
    value = text.strip()
    if value.lower() in ("", "system", "local"):
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"unknown time zone '{value}' (use an IANA name like Europe/Paris)"
        ) from None
    return value


def _plates(text: str, unit: Unit) -> dict[str, int]:
    """'25:8, 20:2, 1.25:2' (plate weight in the profile's unit : plates owned) -> kg keys."""
    inventory: dict[str, int] = {}
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        weight_text, sep, count_text = part.partition(":")
        if not sep:
            raise InvalidInput(f"plates are 'weight:count' pairs like '25:8,20:2' (got '{part}')")
        weight = _number(weight_text, 0.25, 100, "plate weight")
        count = _integer(count_text, 0, 100, "plate count")
        inventory[format_number(to_kg(weight, unit), 6)] = count
    if not any(inventory.values()):
        raise InvalidInput("the plate inventory needs at least one pair of plates")
    return inventory


def _show_plates(inventory: dict[str, int], unit: Unit) -> str:
    pairs = sorted(((from_kg(float(k), unit), v) for k, v in inventory.items()), reverse=True)
    return ",".join(f"{format_number(w, 3)}:{c}" for w, c in pairs)


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_number(value, 3)
    if isinstance(value, list):
        return ",".join(value)
    return str(value)


@dataclass(frozen=True)
class Setting:
    column: str
    help: str
    parse: Callable[[str, Unit], Any]
    show: Callable[[Any, Unit], str] = lambda value, _unit: _show(value)


def _weight(what: str, low: float, high: float) -> Callable[[str, Unit], float]:
    return lambda text, unit: to_kg(_number(text, low, high, what), unit)


def _show_weight(value: Any, unit: Unit) -> str:
    return "" if value is None else format_number(from_kg(value, unit), 3)


def _text(limit: int) -> Callable[[str, Unit], str | None]:
    def parse(text: str, _unit: Unit) -> str | None:
        value = text.strip()
        if len(value) > limit:
            raise InvalidInput(f"at most {limit} characters")
        return value or None

    return parse


SETTINGS: dict[str, Setting] = {
    "unit": Setting(
        "unit", "kg or lb: how weights are typed and shown", lambda t, _u: parse_unit(t)
    ),
    "bodyweight": Setting(
        "bodyweight_kg", "bodyweight in your unit", _weight("bodyweight", 20, 400), _show_weight
    ),
    "bar_weight": Setting(
        "bar_weight_kg", "barbell weight in your unit", _weight("bar weight", 0, 60), _show_weight
    ),
    "plates": Setting(
        "plate_inventory",
        "plates you own, weight:count in your unit, e.g. 25:8,20:2,10:2,5:2,2.5:2,1.25:2",
        _plates,
        _show_plates,
    ),
    "e1rm_formula": Setting(
        "e1rm_formula", f"one of {', '.join(E1RM_FORMULAS)}", lambda t, _u: parse_formula(t)
    ),
    "rest_compound": Setting(
        "rest_compound_s",
        "default rest after compound lifts, seconds",
        lambda t, _u: _integer(t, 0, 3600, "rest"),
    ),
    "rest_isolation": Setting(
        "rest_isolation_s",
        "default rest after isolation lifts, seconds",
        lambda t, _u: _integer(t, 0, 3600, "rest"),
    ),
    "theme": Setting("theme", "dark or light", lambda t, _u: _choice(t, THEMES, "theme")),
    "timezone": Setting("timezone", "IANA time zone, or 'system'", lambda t, _u: _timezone(t)),
    "first_name": Setting("first_name", "first name", _text(80)),
    "last_name": Setting("last_name", "last name", _text(80)),
    "display_name": Setting("display_name", "name shown in the app", _text(80)),
    "age": Setting("age", "age in years", lambda t, _u: _integer(t, 10, 110, "age")),
    "sex": Setting("sex", "female, male or other", lambda t, _u: _choice(t, SEXES, "sex")),
    "height_cm": Setting("height_cm", "height in cm", lambda t, _u: _number(t, 100, 250, "height")),
    "body_fat_pct": Setting(
        "body_fat_pct", "body fat %", lambda t, _u: _number(t, 2, 60, "body fat")
    ),
    "experience_level": Setting(
        "experience_level",
        ", ".join(EXPERIENCE_LEVELS),
        lambda t, _u: _choice(t, EXPERIENCE_LEVELS, "experience level"),
    ),
    "years_training": Setting(
        "years_training", "years of training", lambda t, _u: _number(t, 0, 80, "years training")
    ),
    "goals": Setting(
        "goals",
        "comma-separated goals, e.g. strength,hypertrophy",
        lambda t, _u: [g.strip().lower() for g in t.split(",") if g.strip()],
    ),
}


def _setting(key: str) -> Setting:
    setting = SETTINGS.get(key.strip().lower().replace("-", "_"))
    if setting is None:
        raise InvalidInput(f"unknown setting '{key}'; settings: {', '.join(SETTINGS)}")
    return setting


def get_settings(db: Database) -> dict[str, str]:
    with db.session() as session:
        row = profile_row(session)
        assert row is not None
        unit: Unit = parse_unit(row.unit)
        return {key: s.show(getattr(row, s.column), unit) for key, s in SETTINGS.items()}


def get_setting(db: Database, key: str) -> str:
    setting = _setting(key)
    return get_settings(db)[next(k for k, s in SETTINGS.items() if s is setting)]


def set_setting(db: Database, key: str, text: str, now: datetime | None = None) -> str:
    """Validate and store one setting; returns it as `config get` shows it."""
    setting = _setting(key)
    with db.session() as session:
        row = profile_row(session)
        assert row is not None
        unit: Unit = parse_unit(row.unit)
        value = setting.parse(text, unit)
        # Still on the old unit's standard bar and plates: move to the new unit's standard.
        standard_kit = (row.bar_weight_kg, row.plate_inventory) == _default_equipment(unit)
        if setting.column == "unit" and value != unit and standard_kit:
            row.bar_weight_kg, row.plate_inventory = _default_equipment(value)
        setattr(row, setting.column, value)
        db.stamp(session, row)
        if setting.column == "bodyweight_kg":
            metric = BodyMetricRow(
                measured_on=local_today(profile_record(row), now), bodyweight_kg=value
            )
            db.stamp(session, metric, created=True)
        return setting.show(value, parse_unit(row.unit))


ONBOARDED_META_KEY = "onboarded"


def needs_onboarding(db: Database) -> bool:
    """First run on this device: nobody has answered or skipped the welcome questions yet."""
    with db.session() as session:
        return db.meta(session, ONBOARDED_META_KEY) is None


def finish_onboarding(db: Database, answers: dict[str, str] | None = None) -> Profile:
    """Store the welcome answers (setting name -> typed value, validated like `config set`);
    None means the lifter skipped. Either way the questions are not asked again."""
    for key, value in (answers or {}).items():
        if value.strip():
            set_setting(db, key, value)
    with db.session() as session:
        db.set_meta(session, ONBOARDED_META_KEY, "skipped" if answers is None else "answered")
    return get_profile(db)
