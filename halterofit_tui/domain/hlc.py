"""Hybrid logical clock stamps for last-writer-wins sync.

A stamp is wall-clock milliseconds plus a counter, so two edits in the same millisecond (or on a
device whose clock went backwards) still get strictly increasing stamps. Encoded as fixed-width
text so the store and the server can compare stamps as strings.
"""

from __future__ import annotations

from dataclasses import dataclass

_MAX_COUNTER = 9999


@dataclass(frozen=True, order=True)
class Hlc:
    wall_ms: int
    counter: int = 0

    def encode(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:04d}"

    @classmethod
    def decode(cls, text: str) -> Hlc:
        wall, _, counter = text.partition("-")
        if not (wall.isdigit() and counter.isdigit()):
            raise ValueError(f"not a clock stamp: {text!r}")
        return cls(int(wall), int(counter))


def tick(last: Hlc | None, now_ms: int) -> Hlc:
    """The stamp for a local edit: later than `last` and than the wall clock."""
    if last is None or now_ms > last.wall_ms:
        return Hlc(now_ms)
    if last.counter >= _MAX_COUNTER:
        return Hlc(last.wall_ms + 1)
    return Hlc(last.wall_ms, last.counter + 1)


def receive(last: Hlc | None, remote: Hlc, now_ms: int) -> Hlc:
    """The clock after seeing a remote stamp: later than both, so our next edit wins over it."""
    newest = remote if last is None or remote > last else last
    return tick(newest, now_ms)
