import pytest

from halterofit_tui.domain.hlc import Hlc, receive, tick


def test_tick_follows_wall_clock_when_it_moves_forward() -> None:
    assert tick(Hlc(1_000, 7), 2_000) == Hlc(2_000, 0)


def test_tick_in_same_millisecond_bumps_counter() -> None:
    assert tick(Hlc(1_000, 7), 1_000) == Hlc(1_000, 8)


def test_tick_with_clock_gone_backwards_still_increases() -> None:
    assert tick(Hlc(5_000, 2), 1_000) == Hlc(5_000, 3)


def test_counter_overflow_moves_to_next_millisecond() -> None:
    assert tick(Hlc(5_000, 9999), 5_000) == Hlc(5_001, 0)


def test_receive_moves_past_a_remote_stamp_from_a_fast_clock() -> None:
    after = receive(Hlc(1_000, 0), Hlc(9_000, 4), now_ms=2_000)
    assert after == Hlc(9_000, 5)
    assert tick(after, 2_000) > Hlc(9_000, 4)


def test_encoding_sorts_like_the_stamps() -> None:
    stamps = [Hlc(999, 5), Hlc(1_000, 0), Hlc(1_000, 12), Hlc(10_000, 1)]
    encoded = [s.encode() for s in stamps]
    assert sorted(encoded) == encoded
    assert [Hlc.decode(e) for e in encoded] == stamps


@pytest.mark.parametrize("bad", ["", "12", "abc-0001", "0001-x"])
def test_decode_rejects_garbage(bad: str) -> None:
    with pytest.raises(ValueError):
        Hlc.decode(bad)
