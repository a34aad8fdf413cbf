from datetime import UTC, datetime, timedelta

from halterofit_tui.domain.rest import start

T0 = datetime(2026, 5, 1, 18, 0, tzinfo=UTC)


def test_counts_down_to_zero_and_stays_there() -> None:
    timer = start(90, T0, "Bench")
    assert timer.remaining_s(T0) == 90
    assert timer.remaining_s(T0 + timedelta(seconds=30.2)) == 60
    assert timer.remaining_s(T0 + timedelta(minutes=5)) == 0
    assert timer.is_done(T0 + timedelta(seconds=90))


def test_add_and_remove_thirty_seconds() -> None:
    timer = start(90, T0).adjusted(30, T0 + timedelta(seconds=10))
    assert timer.remaining_s(T0 + timedelta(seconds=10)) == 110
    shorter = timer.adjusted(-300, T0 + timedelta(seconds=10))
    assert shorter.remaining_s(T0 + timedelta(seconds=10)) == 0


def test_pause_freezes_and_resume_continues() -> None:
    paused = start(120, T0).toggled(T0 + timedelta(seconds=20))
    assert paused.remaining_s(T0 + timedelta(hours=1)) == 100
    resumed = paused.toggled(T0 + timedelta(hours=1))
    assert resumed.remaining_s(T0 + timedelta(hours=1, seconds=40)) == 60


def test_length_is_clamped_to_an_hour() -> None:
    assert start(99_999, T0).total_s == 3600
    assert start(-5, T0).remaining_s(T0) == 0
