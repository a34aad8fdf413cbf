"""The rest timer's state. Stored as an end time, so it survives screen switches and restarts."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Final

MIN_REST_S: Final = 0
MAX_REST_S: Final = 3600


@dataclass(frozen=True)
class RestTimer:
    ends_at: datetime
    total_s: int
    label: str = ""
    paused_remaining_s: int | None = None

    def remaining_s(self, now: datetime) -> int:
        if self.paused_remaining_s is not None:
            return self.paused_remaining_s
        return max(0, math.ceil((self.ends_at - now).total_seconds()))

    def is_done(self, now: datetime) -> bool:
        return self.remaining_s(now) == 0

    def adjusted(self, delta_s: int, now: datetime) -> RestTimer:
        """Add (or remove, with a negative delta) time; never below zero or above an hour."""
        remaining = min(MAX_REST_S, max(MIN_REST_S, self.remaining_s(now) + delta_s))
        total = max(self.total_s + delta_s, remaining)
        if self.paused_remaining_s is not None:
            return replace(self, total_s=total, paused_remaining_s=remaining)
        return replace(self, total_s=total, ends_at=now + timedelta(seconds=remaining))

    def toggled(self, now: datetime) -> RestTimer:
        """Pause a running timer, or resume a paused one where it stopped."""
        if self.paused_remaining_s is None:
            return replace(self, paused_remaining_s=self.remaining_s(now))
        return replace(
            self, paused_remaining_s=None, ends_at=now + timedelta(seconds=self.paused_remaining_s)
        )


def start(seconds: int, now: datetime, label: str = "") -> RestTimer:
    seconds = min(MAX_REST_S, max(MIN_REST_S, seconds))
    return RestTimer(ends_at=now + timedelta(seconds=seconds), total_s=seconds, label=label)
