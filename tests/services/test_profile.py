"""Settings: typed in the profile's unit, validated, stored in kg."""

from __future__ import annotations

import pytest
from sqlmodel import select

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.services.profile import get_profile, get_setting, set_setting
from halterofit_tui.store.tables import BodyMetricRow


def test_defaults_are_a_kg_gym(db) -> None:  # type: ignore[no-untyped-def]
    assert get_setting(db, "unit") == "kg"
    assert get_setting(db, "bar_weight") == "20"
    assert get_setting(db, "plates") == "25:8,20:2,15:2,10:2,5:2,2.5:2,1.25:2"


def test_switching_to_lb_moves_standard_kit_to_lb(db) -> None:  # type: ignore[no-untyped-def]
    set_setting(db, "unit", "lbs")
    assert get_setting(db, "bar_weight") == "45"
    assert get_setting(db, "plates") == "45:8,35:2,25:2,10:2,5:2,2.5:2"


def test_custom_plates_are_kept_when_switching_units(db) -> None:  # type: ignore[no-untyped-def]
    set_setting(db, "plates", "20:6,10:2,5:2,2.5:2,0.5:2")
    set_setting(db, "unit", "lb")
    set_setting(db, "unit", "kg")
    assert get_setting(db, "plates") == "20:6,10:2,5:2,2.5:2,0.5:2"


def test_bodyweight_in_lb_is_stored_in_kg_and_logged_as_a_metric(db) -> None:  # type: ignore[no-untyped-def]
    set_setting(db, "unit", "lb")
    assert set_setting(db, "bodyweight", "181.5") == "181.5"
    assert get_profile(db).bodyweight_kg == pytest.approx(82.3270, abs=1e-4)
    with db.session() as session:
        (metric,) = session.exec(select(BodyMetricRow)).all()
    assert metric.bodyweight_kg == pytest.approx(82.3270, abs=1e-4)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("unit", "stone", "unknown unit"),
        ("bodyweight", "heavy", "number"),
        ("bodyweight", "4000", "between"),
        ("e1rm_formula", "guess", "brzycki"),
        ("plates", "25", "weight:count"),
        ("plates", "25:0", "at least one pair"),
        ("timezone", "Mars/Olympus", "time zone"),
        ("age", "12.5", "whole number"),
        ("sex", "x", "one of"),
        ("nonsense", "1", "unknown setting"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(
    db, key: str, value: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    before = get_profile(db)
    with pytest.raises(InvalidInput, match=message):
        set_setting(db, key, value)
    assert get_profile(db) == before
