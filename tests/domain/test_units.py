"""Units: parsing, exact kg <-> lb conversion and display."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.units import (
    KG_PER_LB,
    UNITS,
    Unit,
    format_weight,
    from_kg,
    parse_unit,
    to_kg,
)


def test_constants() -> None:
    assert UNITS == ("kg", "lb")
    assert KG_PER_LB == 0.45359237


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("kg", "kg"),
        ("KG", "kg"),
        (" kgs ", "kg"),
        ("kilo", "kg"),
        ("Kilos", "kg"),
        ("kilogram", "kg"),
        ("kilograms", "kg"),
        ("lb", "lb"),
        ("LBS", "lb"),
        ("pound", "lb"),
        ("Pounds\n", "lb"),
    ],
)
def test_parse_unit_accepts(text: str, unit: Unit) -> None:
    assert parse_unit(text) == unit


@pytest.mark.parametrize("text", ["", "g", "stone", "kgg", "l b", "pounds!"])
def test_parse_unit_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        parse_unit(text)
    assert str(excinfo.value) == f"unknown unit '{text.strip()}': use kg or lb"


def test_to_kg_is_unrounded() -> None:
    assert to_kg(225, "lb") == 225 * 0.45359237
    assert to_kg(1, "lb") == 0.45359237
    assert to_kg(102.5, "kg") == 102.5


def test_from_kg() -> None:
    assert from_kg(102.05828325, "lb") == 225.0
    assert from_kg(100, "lb") == 220.462262
    assert from_kg(102.5, "kg") == 102.5
    assert from_kg(1.23456789, "kg") == 1.234568


def test_rounding_is_what_makes_lb_round_trip() -> None:
    # A bare division does not give 0.029 back; the 6-decimal rounding does.
    assert (0.029 * 0.45359237) / 0.45359237 != 0.029
    assert from_kg(to_kg(0.029, "lb"), "lb") == 0.029


def test_from_kg_never_negative_zero() -> None:
    assert str(from_kg(-0.0, "kg")) == "0.0"
    assert str(from_kg(-1e-9, "lb")) == "0.0"


@given(st.integers(min_value=0, max_value=2_500_000))
@example(29)
@example(2_500_000)
def test_lb_round_trip_three_decimals(thousandths: int) -> None:
    pounds = thousandths / 1000
    assert from_kg(to_kg(pounds, "lb"), "lb") == pounds


@given(st.integers(min_value=0, max_value=2_500_000))
def test_kg_round_trip_three_decimals(thousandths: int) -> None:
    kilos = thousandths / 1000
    assert from_kg(to_kg(kilos, "kg"), "kg") == kilos


@pytest.mark.parametrize(
    ("kg", "unit", "text"),
    [
        (102.5, "kg", "102.5 kg"),
        (100, "kg", "100 kg"),
        (100.0, "kg", "100 kg"),
        (102.05828325, "lb", "225 lb"),
        (10.2875, "lb", "22.68 lb"),
        (100, "lb", "220.46 lb"),
        (1.255, "kg", "1.26 kg"),  # 1.255 is stored just below, so it rounds down
        (1.256, "kg", "1.26 kg"),
        (0.001, "kg", "0 kg"),
        (-0.001, "kg", "0 kg"),
        (0, "lb", "0 lb"),
        (62.5, "kg", "62.5 kg"),
        (1.1, "kg", "1.1 kg"),
    ],
)
def test_format_weight(kg: float, unit: Unit, text: str) -> None:
    assert format_weight(kg, unit) == text


def test_halves_round_up_as_lifters_expect() -> None:
    from halterofit_tui.domain.units import format_number

    assert format_number(118.125) == "118.13"
    assert format_number(2.675) == "2.68"
    assert format_number(-0.004) == "0"
