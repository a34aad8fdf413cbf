"""The readiness check-in: six quick answers turned into one 0-100 score.

Each answer is scaled to 0 (worst) .. 1 (best) and weighted; skipped answers drop out and the
remaining weights are renormalised, so a partial check-in still gives a fair score.

    score = 100 * sum(w_i * x_i) / sum(w_i)   over the answers given

| answer          | range | scaled x                    | weight |
| sleep quality   | 1-5   | (q - 1) / 4                 | 0.20   |
| sleep hours     | 0-14  | min(h, 8) / 8               | 0.20   |
| energy          | 1-5   | (e - 1) / 4                 | 0.20   |
| stress          | 1-5   | (5 - s) / 4  (high is bad)  | 0.15   |
| soreness        | 1-5   | (5 - s) / 4  (high is bad)  | 0.15   |
| motivation      | 1-5   | (m - 1) / 4                 | 0.10   |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from halterofit_tui.domain.errors import InvalidInput

WEIGHTS: Final = {
    "sleep_quality": 0.20,
    "sleep_hours": 0.20,
    "energy": 0.20,
    "stress": 0.15,
    "soreness": 0.15,
    "motivation": 0.10,
}
ENOUGH_SLEEP_H: Final = 8.0


@dataclass(frozen=True)
class Readiness:
    sleep_quality: int | None = None
    sleep_hours: float | None = None
    stress: int | None = None
    motivation: int | None = None
    energy: int | None = None
    soreness: int | None = None

    def validated(self) -> Readiness:
        for name in ("sleep_quality", "stress", "motivation", "energy", "soreness"):
            value = getattr(self, name)
            if value is not None and value not in (1, 2, 3, 4, 5):
                raise InvalidInput(f"{name.replace('_', ' ')} must be 1 to 5 (got {value})")
        if self.sleep_hours is not None and not 0 <= self.sleep_hours <= 14:
            raise InvalidInput(f"sleep hours must be between 0 and 14 (got {self.sleep_hours})")
        return self


def readiness_score(answers: Readiness) -> float | None:
    """0-100 from the answers given (see the module docstring), or None if all were skipped."""
    scaled: dict[str, float] = {}
    if answers.sleep_quality is not None:
        scaled["sleep_quality"] = (answers.sleep_quality - 1) / 4
    if answers.sleep_hours is not None:
        scaled["sleep_hours"] = min(answers.sleep_hours, ENOUGH_SLEEP_H) / ENOUGH_SLEEP_H
    if answers.energy is not None:
        scaled["energy"] = (answers.energy - 1) / 4
    if answers.stress is not None:
        scaled["stress"] = (5 - answers.stress) / 4
    if answers.soreness is not None:
        scaled["soreness"] = (5 - answers.soreness) / 4
    if answers.motivation is not None:
        scaled["motivation"] = (answers.motivation - 1) / 4
    if not scaled:
        return None
    total_weight = sum(WEIGHTS[name] for name in scaled)
    score = 100 * sum(WEIGHTS[name] * value for name, value in scaled.items()) / total_weight
    return round(score, 1)
