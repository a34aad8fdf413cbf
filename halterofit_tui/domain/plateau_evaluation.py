"""Scores the plateau detector against the plateaus the demo generator plants.

For each seed, `generate_history` gives a history with planted plateaus and a control with the
same calendar and none. The detector is replayed day by day over each main lift
(`plateau_episodes`: as if the lifter opened the app every day); each episode is one detection.
A detection matches a planted plateau of the same lift when their start dates are at most
`match_days` apart (one-to-one, closest first).

    python -m halterofit_tui.domain.plateau_evaluation [--seeds 200] [--sets 8000]
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from statistics import fmean, median
from typing import Final

from halterofit_tui.domain.demo import MAIN_LIFTS, DemoHistory, generate_history
from halterofit_tui.domain.plateaus import (
    DEFAULT_SETTINGS,
    ExerciseSession,
    PlateauEpisode,
    PlateauSettings,
    plateau_episodes,
)
from halterofit_tui.domain.readiness import Readiness, readiness_score
from halterofit_tui.domain.strength import estimate_1rm

SEEDS: Final = 200
TARGET_SETS: Final = 8_000  # about 20 months of training: 2-5 planted plateaus each
MATCH_DAYS: Final = 7  # a training week
END: Final = date(2025, 6, 1)  # a fixed calendar, so the figures never change


@dataclass(frozen=True, slots=True)
class Evaluation:
    seeds: int
    target_sets: int
    match_days: int
    settings: PlateauSettings
    planted: int
    detections: int
    matched: int
    start_errors: tuple[int, ...]  # |detected - planted start| in days, per match
    report_lags: tuple[int, ...]  # planted start to first report, in days, per match
    confidences: tuple[float, ...]  # confidence at the first report, per match
    control_detections: int
    control_longest_stall: int  # most days any control lift went without a new best
    control_breaks: int  # gaps of 7 days or more between workouts, over all controls
    control_deload_workouts: int

    @property
    def precision(self) -> float:
        return self.matched / self.detections if self.detections else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.planted if self.planted else 1.0


def demo_sessions(history: DemoHistory, slug: str) -> tuple[ExerciseSession, ...]:
    """The series the app would build for `slug`: Brzycki e1RM of non-warm-up sets."""
    sessions: list[ExerciseSession] = []
    for workout in history.workouts:
        work = [s for s in workout.sets if s.exercise_slug == slug and s.set_type != "warmup"]
        e1rms = [e for s in work if (e := estimate_1rm(s.weight_kg, s.reps)) is not None]
        if not e1rms:
            continue
        rpes = [s.rpe for s in work if s.rpe is not None]
        readiness = readiness_score(
            Readiness(
                workout.sleep_quality,
                workout.sleep_hours,
                workout.stress,
                workout.motivation,
                workout.energy,
                workout.soreness,
            )
        )
        sessions.append(
            ExerciseSession(
                day=workout.started_at.date(),
                best_e1rm_kg=max(e1rms),
                avg_rpe=fmean(rpes) if rpes else None,
                working_reps=tuple(s.reps for s in work),
                readiness=readiness,
            )
        )
    return tuple(sessions)


def match(
    planted: Sequence[date], detected: Sequence[date], match_days: int
) -> list[tuple[date, date]]:
    """One-to-one (planted, detected) start pairs at most `match_days` apart, closest first."""
    candidates = sorted(
        (abs((d - p).days), i, j)
        for i, p in enumerate(planted)
        for j, d in enumerate(detected)
        if abs((d - p).days) <= match_days
    )
    used_p: set[int] = set()
    used_d: set[int] = set()
    pairs: list[tuple[date, date]] = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_d:
            used_p.add(i)
            used_d.add(j)
            pairs.append((planted[i], detected[j]))
    return pairs


def _episodes(history: DemoHistory, settings: PlateauSettings) -> dict[str, list[PlateauEpisode]]:
    return {
        slug: list(plateau_episodes(slug, demo_sessions(history, slug), settings=settings))
        for slug in MAIN_LIFTS
    }


def _longest_stall(history: DemoHistory, tolerance: float) -> int:
    longest = 0
    last_day = history.workouts[-1].started_at.date()
    for slug in MAIN_LIFTS:
        best, best_days = 0.0, []
        for s in demo_sessions(history, slug):
            if s.best_e1rm_kg > best * (1.0 + tolerance) + 1e-6:
                best = s.best_e1rm_kg
                best_days.append(s.day)
        gaps = [(b - a).days for a, b in pairwise([*best_days, last_day])]
        longest = max(longest, *gaps)
    return longest


def evaluate(
    seeds: Iterable[int] = range(SEEDS),
    target_sets: int = TARGET_SETS,
    settings: PlateauSettings = DEFAULT_SETTINGS,
    match_days: int = MATCH_DAYS,
) -> Evaluation:
    """Precision, recall and start-date error over seeded histories, and the controls."""
    seed_list = list(seeds)
    planted_total = detections = matched = 0
    errors: list[int] = []
    lags: list[int] = []
    confidences: list[float] = []
    control_detections = longest = breaks = deloads = 0
    for seed in seed_list:
        history = generate_history(target_sets, seed=seed, end=END)
        found = _episodes(history, settings)
        for slug in MAIN_LIFTS:
            planted = [p.start for p in history.plateaus if p.exercise_slug == slug]
            firsts = {e.first.start: e.first for e in found[slug]}
            pairs = match(planted, list(firsts), match_days)
            planted_total += len(planted)
            detections += len(firsts)
            matched += len(pairs)
            errors += [abs((d - p).days) for p, d in pairs]
            lags += [(firsts[d].as_of - p).days for p, d in pairs]
            confidences += [firsts[d].confidence for _, d in pairs]
        control = generate_history(target_sets, seed=seed, end=END, plateaus=False)
        control_detections += sum(len(e) for e in _episodes(control, settings).values())
        longest = max(longest, _longest_stall(control, settings.tolerance))
        days = [w.started_at.date() for w in control.workouts]
        breaks += sum((b - a).days >= 7 for a, b in pairwise(days))
        deloads += sum(w.name.startswith("Deload - ") for w in control.workouts)
    return Evaluation(
        seeds=len(seed_list),
        target_sets=target_sets,
        match_days=match_days,
        settings=settings,
        planted=planted_total,
        detections=detections,
        matched=matched,
        start_errors=tuple(errors),
        report_lags=tuple(lags),
        confidences=tuple(confidences),
        control_detections=control_detections,
        control_longest_stall=longest,
        control_breaks=breaks,
        control_deload_workouts=deloads,
    )


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (the smallest value with at least `fraction` of them at or
    below it); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(fraction * len(ordered)) - 1)])


def format_evaluation(result: Evaluation) -> str:
    errors, lags = result.start_errors, result.report_lags

    def stats(values: Sequence[int]) -> str:
        if not values:
            return "none"
        return (
            f"mean {fmean(values):.1f}, median {median(values):g}, "
            f"p90 {percentile(values, 0.9):g}, max {max(values)}"
        )

    confidence = "none"
    if result.confidences:
        values = result.confidences
        confidence = (
            f"mean {fmean(values):.2f}, p10 {percentile(values, 0.1):.2f}, "
            f"median {median(values):.2f}, min {min(values):.2f}"
        )

    s = result.settings
    lines = [
        f"Plateau detector vs planted plateaus: seeds 0..{result.seeds - 1}, "
        f"{result.target_sets} sets each, ended {END.isoformat()}",
        f"settings: window {s.window_days} d, at least {s.min_sessions} sessions over "
        f"{s.min_history_days} d, {s.min_window_sessions} sessions in the window, "
        f"tolerance {s.tolerance:g}; match within {result.match_days} d",
        f"planted plateaus      {result.planted}",
        f"detections            {result.detections}",
        f"matched               {result.matched}",
        f"precision             {result.precision:.3f}",
        f"recall                {result.recall:.3f}",
        f"start error (days)    {stats(errors)}",
        f"first report (days after the planted start)  {stats(lags)}",
        f"confidence at the first report  {confidence}",
        f"controls: plateaus reported {result.control_detections} "
        f"over {result.seeds} histories; longest stretch without a new best "
        f"{result.control_longest_stall} d; {result.control_breaks} breaks of 7+ days; "
        f"{result.control_deload_workouts} deload workouts",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m halterofit_tui.domain.plateau_evaluation",
        description="Score the plateau detector on demo histories.",
    )
    parser.add_argument("--seeds", type=int, default=SEEDS, help="seeds 0..N-1 (default 200)")
    parser.add_argument("--sets", type=int, default=TARGET_SETS, help="sets per history")
    parser.add_argument("--tolerance", type=float, default=0.0, help="new-best tolerance")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = evaluate(
        range(args.seeds), args.sets, PlateauSettings(tolerance=args.tolerance), MATCH_DAYS
    )
    print(format_evaluation(result))
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
