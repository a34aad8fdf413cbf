"""A seeded, realistic multi-year training history for `halterofit demo` and the benchmarks.

The generator also plants plateaus with known dates, so the plateau detector can be scored
against a ground truth. The schedule (days, programs, sets) depends only on the seed and the
target, so `plateaus=False` gives a control history with the same training calendar.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Final


@dataclass(frozen=True, slots=True)
class DemoSet:
    exercise_slug: str
    exercise_order: int  # position of the exercise in the workout, from 1
    set_number: int  # from 1 within that exercise
    set_type: str  # "warmup" | "working" | "amrap" | "drop" | "failure"
    weight_kg: float  # loadable (LOAD_STEP_KG); added load for bodyweight exercises
    reps: int
    rpe: float | None  # 6..10 in 0.5 steps; None on warm-ups and when the lifter forgot


@dataclass(frozen=True, slots=True)
class DemoWorkout:
    name: str  # "Upper A", "Push B", "Deload - Lower A"...
    started_at: datetime  # UTC
    ended_at: datetime
    notes: str
    # Check-in scores 1-5 and hours slept; all None when the check-in was skipped.
    sleep_quality: int | None
    sleep_hours: float | None
    stress: int | None
    motivation: int | None
    energy: int | None
    soreness: int | None
    sets: tuple[DemoSet, ...]


@dataclass(frozen=True, slots=True)
class PlantedPlateau:
    """A stretch of 6-12 weeks in which a main lift's best e1RM (Brzycki) does not improve."""

    exercise_slug: str
    start: date  # first day without improvement: the day after the lift's last new best
    end: date  # last day of the stall: progress resumes the next day with a new best


@dataclass(frozen=True, slots=True)
class DemoHistory:
    workouts: tuple[DemoWorkout, ...]  # chronological
    plateaus: tuple[PlantedPlateau, ...]  # by start date
    bodyweights: tuple[tuple[date, float], ...]  # weekend weigh-ins, kg


MAX_DEMO_SETS: Final = 200_000

# The lifts with a clean ground truth: a new best at least every _MAX_PR_GAP days outside
# planted plateaus. Every program trains each of them at least once a week.
MAIN_LIFTS: Final = (
    "barbell-back-squat",
    "barbell-bench-press",
    "conventional-deadlift",
    "overhead-press",
)
_SQ, _BP, _DL, _OHP = range(4)


@dataclass(frozen=True, slots=True)
class _Exercise:
    kind: str  # "main" | "variation" | "accessory" | "bodyweight"
    parent: int  # the main lift whose strength drives this exercise
    ratio: float  # e1RM of the moved load, as a fraction of the parent's e1RM
    step: float  # smallest load change (plates, dumbbell rack, pin stack)
    min_load: float  # empty bar, lightest dumbbell or stack plate
    offset: float = 0.0  # bodyweight exercises: capability = ratio * parent + offset * bodyweight
    bw_share: float = 0.0  # bodyweight exercises: part of the bodyweight that moves
    weighted_from: int = 0  # bodyweight exercises: add load once this many reps are possible


_EXERCISES: Final[dict[str, _Exercise]] = {
    "barbell-back-squat": _Exercise("main", _SQ, 1.0, 2.5, 20.0),
    "barbell-bench-press": _Exercise("main", _BP, 1.0, 2.5, 20.0),
    "conventional-deadlift": _Exercise("main", _DL, 1.0, 2.5, 20.0),
    "overhead-press": _Exercise("main", _OHP, 1.0, 2.5, 20.0),
    "front-squat": _Exercise("variation", _SQ, 0.80, 2.5, 20.0),
    "incline-barbell-bench-press": _Exercise("variation", _BP, 0.80, 2.5, 20.0),
    "close-grip-bench-press": _Exercise("variation", _BP, 0.88, 2.5, 20.0),
    "barbell-row": _Exercise("variation", _BP, 0.80, 2.5, 20.0),
    "romanian-deadlift": _Exercise("variation", _DL, 0.70, 2.5, 20.0),
    "sumo-deadlift": _Exercise("variation", _DL, 0.95, 2.5, 20.0),
    "power-clean": _Exercise("variation", _DL, 0.50, 2.5, 20.0),
    "hip-thrust": _Exercise("accessory", _SQ, 1.10, 2.5, 20.0),
    "leg-press": _Exercise("accessory", _SQ, 2.00, 2.5, 40.0),
    "bulgarian-split-squat": _Exercise("accessory", _SQ, 0.17, 2.0, 4.0),
    "walking-lunge": _Exercise("accessory", _SQ, 0.17, 2.0, 4.0),
    "goblet-squat": _Exercise("accessory", _SQ, 0.30, 2.0, 8.0),
    "leg-extension": _Exercise("accessory", _SQ, 0.55, 2.0, 10.0),
    "standing-calf-raise": _Exercise("accessory", _SQ, 0.90, 2.0, 20.0),
    "cable-crunch": _Exercise("accessory", _SQ, 0.30, 2.0, 10.0),
    "lying-leg-curl": _Exercise("accessory", _DL, 0.30, 2.0, 10.0),
    "dumbbell-row": _Exercise("accessory", _DL, 0.22, 2.0, 6.0),
    "seated-cable-row": _Exercise("accessory", _BP, 0.80, 2.0, 10.0),
    "lat-pulldown": _Exercise("accessory", _BP, 0.75, 2.0, 10.0),
    "kettlebell-swing": _Exercise("accessory", _DL, 0.25, 4.0, 8.0),
    "dumbbell-bench-press": _Exercise("accessory", _BP, 0.37, 2.0, 4.0),
    "incline-dumbbell-press": _Exercise("accessory", _BP, 0.32, 2.0, 4.0),
    "barbell-curl": _Exercise("accessory", _BP, 0.38, 2.5, 10.0),
    "dumbbell-curl": _Exercise("accessory", _BP, 0.17, 2.0, 4.0),
    "hammer-curl": _Exercise("accessory", _BP, 0.19, 2.0, 4.0),
    "triceps-pushdown": _Exercise("accessory", _BP, 0.45, 2.0, 10.0),
    "skull-crusher": _Exercise("accessory", _BP, 0.35, 2.5, 10.0),
    "dumbbell-shoulder-press": _Exercise("accessory", _OHP, 0.40, 2.0, 4.0),
    "lateral-raise": _Exercise("accessory", _OHP, 0.22, 2.0, 2.0),
    "face-pull": _Exercise("accessory", _OHP, 0.50, 2.0, 6.0),
    "rear-delt-fly": _Exercise("accessory", _OHP, 0.16, 2.0, 2.0),
    "pull-up": _Exercise("bodyweight", _BP, 0.55, 2.5, 0.0, 0.75, 1.0, 10),
    "chin-up": _Exercise("bodyweight", _BP, 0.55, 2.5, 0.0, 0.80, 1.0, 10),
    "dips": _Exercise("bodyweight", _BP, 0.60, 2.5, 0.0, 0.75, 0.95, 12),
    "hanging-leg-raise": _Exercise("bodyweight", _SQ, 0.10, 2.0, 0.0, 0.28, 0.30, 15),
}

DEMO_EXERCISE_SLUGS: Final[tuple[str, ...]] = tuple(_EXERCISES)

# Loadable increments, for callers that check or round demo weights.
LOAD_STEP_KG: Final[Mapping[str, float]] = {slug: ex.step for slug, ex in _EXERCISES.items()}

# Day templates. "H:" heavy day and "V:" volume day of a main lift; "a|b" means the block picks
# one option (an empty option drops the slot for that block).
_Template = tuple[tuple[str, tuple[str, ...]], ...]
_NOVICE: Final[_Template] = (
    (
        "Full Body A",
        (
            "H:barbell-back-squat",
            "H:barbell-bench-press",
            "barbell-row",
            "dumbbell-curl|barbell-curl",
            "dips|triceps-pushdown",
        ),
    ),
    (
        "Full Body B",
        (
            "H:barbell-back-squat",
            "H:overhead-press",
            "H:conventional-deadlift",
            "chin-up",
            "face-pull|lateral-raise",
        ),
    ),
)
_FULL_BODY: Final[_Template] = (
    (
        "Full Body A",
        (
            "H:barbell-back-squat",
            "V:barbell-bench-press",
            "romanian-deadlift|sumo-deadlift",
            "lat-pulldown|seated-cable-row",
            "lateral-raise",
            "barbell-curl|hammer-curl",
        ),
    ),
    (
        "Full Body B",
        (
            "power-clean||",
            "H:conventional-deadlift",
            "H:barbell-bench-press",
            "pull-up|chin-up",
            "face-pull|rear-delt-fly|",
            "triceps-pushdown|skull-crusher",
        ),
    ),
    (
        "Full Body C",
        (
            "V:barbell-back-squat",
            "H:overhead-press",
            "incline-barbell-bench-press|close-grip-bench-press|dumbbell-bench-press",
            "dumbbell-row|barbell-row",
            "lying-leg-curl|hip-thrust",
            "dips|hanging-leg-raise|cable-crunch",
        ),
    ),
)
_UPPER_LOWER: Final[_Template] = (
    (
        "Upper A",
        (
            "H:barbell-bench-press",
            "barbell-row|seated-cable-row",
            "V:overhead-press|dumbbell-shoulder-press",
            "pull-up|chin-up|lat-pulldown",
            "lateral-raise|face-pull",
            "triceps-pushdown|skull-crusher|barbell-curl",
        ),
    ),
    (
        "Lower A",
        (
            "H:barbell-back-squat",
            "romanian-deadlift",
            "leg-press|bulgarian-split-squat|walking-lunge",
            "lying-leg-curl",
            "standing-calf-raise",
            "hanging-leg-raise|cable-crunch",
        ),
    ),
    (
        "Upper B",
        (
            "H:overhead-press",
            "V:barbell-bench-press|incline-barbell-bench-press|close-grip-bench-press",
            "dumbbell-row|seated-cable-row",
            "lat-pulldown|chin-up",
            "face-pull|rear-delt-fly",
            "hammer-curl|dumbbell-curl",
            "dips|",
        ),
    ),
    (
        "Lower B",
        (
            "power-clean||",
            "H:conventional-deadlift",
            "front-squat|V:barbell-back-squat|leg-press",
            "hip-thrust|bulgarian-split-squat",
            "leg-extension",
            "standing-calf-raise|",
            "cable-crunch|kettlebell-swing",
        ),
    ),
)
_PPL: Final[_Template] = (
    (
        "Push A",
        (
            "H:barbell-bench-press",
            "V:overhead-press",
            "incline-dumbbell-press|dumbbell-bench-press",
            "lateral-raise",
            "triceps-pushdown|skull-crusher",
            "dips|",
        ),
    ),
    (
        "Pull A",
        (
            "H:conventional-deadlift",
            "pull-up|chin-up",
            "barbell-row|seated-cable-row",
            "face-pull|rear-delt-fly",
            "barbell-curl|hammer-curl",
        ),
    ),
    (
        "Legs A",
        (
            "H:barbell-back-squat",
            "romanian-deadlift",
            "leg-press|walking-lunge",
            "lying-leg-curl",
            "standing-calf-raise",
            "hanging-leg-raise|cable-crunch",
        ),
    ),
    (
        "Push B",
        (
            "H:overhead-press",
            "V:barbell-bench-press|incline-barbell-bench-press|close-grip-bench-press",
            "dumbbell-shoulder-press|incline-dumbbell-press",
            "lateral-raise",
            "triceps-pushdown|skull-crusher",
        ),
    ),
    (
        "Pull B",
        (
            "barbell-row|power-clean",
            "lat-pulldown|chin-up|pull-up",
            "seated-cable-row|dumbbell-row",
            "rear-delt-fly|face-pull",
            "dumbbell-curl|hammer-curl",
        ),
    ),
    (
        "Legs B",
        (
            "V:barbell-back-squat|front-squat",
            "hip-thrust|bulgarian-split-squat|goblet-squat",
            "leg-extension",
            "lying-leg-curl",
            "standing-calf-raise",
            "cable-crunch|kettlebell-swing",
        ),
    ),
)

# Training weekdays (0 = Monday); repeats weight the more common patterns.
_SPLITS: Final[dict[str, tuple[_Template, tuple[tuple[int, ...], ...]]]] = {
    "novice": (_NOVICE, ((0, 2, 4), (0, 2, 4), (1, 3, 5), (0, 2, 5))),
    "full_body": (_FULL_BODY, ((0, 2, 4), (0, 2, 4), (1, 3, 5), (0, 3, 5))),
    "upper_lower": (_UPPER_LOWER, ((0, 1, 3, 4), (0, 1, 3, 4), (0, 1, 3, 5), (1, 2, 4, 5))),
    "ppl": (_PPL, ((0, 1, 2, 3, 4), (0, 1, 3, 4, 5), (0, 1, 2, 3, 4, 5), (0, 1, 2, 3, 4, 5))),
}
_SPLIT_LABELS: Final = {
    "novice": "full body, linear progression",
    "full_body": "full body 3x",
    "upper_lower": "upper/lower 4x",
    "ppl": "push/pull/legs",
}

_HEAVY, _VOLUME, _VARIATION, _ACCESSORY, _BODYWEIGHT = range(5)
_ROLE_OF_KIND: Final = {"variation": _VARIATION, "accessory": _ACCESSORY, "bodyweight": _BODYWEIGHT}

# Strength model per main lift: starting e1RM, then the total gain of the novice phase and of
# the intermediate years, each approached exponentially; a slow steady gain runs underneath.
_START_E1RM: Final = (57.5, 47.5, 72.5, 32.5)
_NOVICE_GAIN: Final = (2.0, 1.7, 2.0, 1.6)
_INTERMEDIATE_GAIN: Final = (1.3, 1.3, 1.35, 1.25)
_TAU_NOVICE: Final = 70.0  # days of training
_TAU_INTERMEDIATE: Final = 550.0
# Slow gains that never stop, in kg: the ground truth needs a new best every 6 weeks, and the
# smallest loadable ones (2.5 kg plates, a dozen rep counts) add up to about 4 kg a year.
_LATE_KG_PER_DAY: Final = 4.0 / 365.0

# Chance of a break before a training week, growing with the weeks since the last one, so
# holidays and sick weeks come three or four times a year without long stretches of none.
_P_GAP_BASE: Final = 0.03
_P_GAP_PER_WEEK: Final = 0.009
_GAP_WEEKS: Final = (1, 1, 1, 2, 2, 3)
_P_SKIP: Final = 0.05  # a single missed session
_MAX_PR_GAP: Final = 40  # days: a new best inside every 6-week window
_EPS: Final = 1e-6


@dataclass(slots=True)
class _Planned:
    slug: str
    role: int
    warmups: int
    work: int
    reps: int
    rir: float  # planned reps in reserve of the hardest set
    top: bool  # top set then back-offs (else straight sets)
    amrap: bool
    drop: bool


@dataclass(slots=True)
class _Session:
    day: int  # days since the Monday of the first training week
    name: str
    deload: bool
    block_label: str  # set on the first session of a block
    exercises: list[_Planned]
    n_sets: int
    keep: int  # sets actually logged (the last session may stop early)
    lifts: tuple[int, ...]  # main lifts trained
    nxt: list[int] = field(default_factory=lambda: [-1, -1, -1, -1])
    days_off: int = 0


@dataclass(slots=True)
class _Block:
    split: str
    focus: str  # "strength" | "hypertrophy"
    days: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    pattern: tuple[int, ...]
    mesos: list[int]  # loading weeks of each mesocycle; each is followed by a deload week
    reps: dict[str, int]


def _e1rm(weight: float, reps: int) -> float:
    # Brzycki, the formula the analytics (and the plateau detector) use.
    return weight * 36.0 / (37.0 - reps)


def generate_history(
    target_sets: int, *, seed: int = 42, end: date | None = None, plateaus: bool = True
) -> DemoHistory:
    """A training history of about `target_sets` sets whose last workout is on `end`."""
    if not 1 <= target_sets <= MAX_DEMO_SETS:
        raise ValueError(f"target_sets must be between 1 and {MAX_DEMO_SETS}, got {target_sets}")
    last_date = end if end is not None else date.today()
    # Independent streams: plateaus and check-ins never shift the schedule or the loads.
    sessions = _schedule(target_sets, random.Random(f"{seed}:schedule"))
    _shorten_breaks(sessions)
    first_monday = _align(sessions, last_date)
    last_day = sessions[-1].day
    eligible = _link(sessions)
    bw_weeks, bodyweights = _bodyweight(random.Random(f"{seed}:bodyweight"), first_monday, last_day)
    sim = _Simulation(random.Random(f"{seed}:loads"), bw_weeks, eligible, last_day)
    if plateaus:
        sim.plan_plateaus(random.Random(f"{seed}:plateaus"), sessions[0].day)
    all_sets = [sim.run(s) for s in sessions]
    workouts = _dress(seed, sessions, all_sets, sim, first_monday)
    planted = tuple(
        PlantedPlateau(
            MAIN_LIFTS[lift],
            first_monday + timedelta(days=start),
            first_monday + timedelta(days=stop),
        )
        for lift, start, stop in sorted(sim.planted, key=lambda p: (p[1], p[0]))
    )
    return DemoHistory(workouts, planted, bodyweights)


# --- schedule -------------------------------------------------------------------------------


def _schedule(target: int, rng: random.Random) -> list[_Session]:
    sessions: list[_Session] = []
    total = 0
    week = 0
    prev_kind = "none"
    since_break = 0  # loading weeks since the last break
    block: _Block | None = None
    novice_weeks_done = 0
    while True:
        block = _new_block(rng, block)
        rotation = 0
        label = _SPLIT_LABELS[block.split]
        loading_total = sum(block.mesos)
        for meso, length in enumerate(block.mesos):
            for k in range(length + 1):
                deload = k == length
                if deload and since_break <= 2:
                    continue  # the break was the rest
                p_gap = _P_GAP_BASE + _P_GAP_PER_WEEK * since_break
                if not deload and prev_kind == "load" and rng.random() < p_gap:
                    week += rng.choice(_GAP_WEEKS)
                    prev_kind = "gap"
                    since_break = 0
                if block.split == "novice":
                    rpe = 6.5 + 2.5 * novice_weeks_done / max(1, loading_total - 1)
                else:
                    rpe = 7.0 + 0.5 * meso + 2.0 * k / max(1, length - 1)
                rir = 3.5 if deload else 10.0 - min(9.5, rpe)
                last_loading = k == length - 1
                for weekday in block.pattern:
                    if rng.random() < _P_SKIP:
                        continue
                    name, slots = block.days[rotation % len(block.days)]
                    rotation += 1
                    session = _plan_session(
                        rng,
                        block,
                        name,
                        slots,
                        week=week,
                        weekday=weekday,
                        meso=meso,
                        rir=rir,
                        deload=deload,
                        last_loading=last_loading,
                    )
                    if label:
                        session.block_label, label = label, ""
                    sessions.append(session)
                    if total + session.n_sets >= target:
                        # Finish the workout if that stays within +2 %, else stop at the target.
                        over = total + session.n_sets - target
                        if target < 100 or over > target // 50:
                            session.keep = target - total
                        return sessions
                    total += session.n_sets
                if not deload:
                    since_break += 1
                    novice_weeks_done += block.split == "novice"
                week += 1
                prev_kind = "deload" if deload else "load"


def _new_block(rng: random.Random, prev: _Block | None) -> _Block:
    if prev is None:
        split, focus, weeks = "novice", "strength", rng.randint(12, 20)
    else:
        while True:
            split = rng.choices(("full_body", "upper_lower", "ppl"), weights=(15, 40, 45))[0]
            focus = rng.choice(("strength", "hypertrophy"))
            if (split, focus) != (prev.split, prev.focus):
                break
        weeks = rng.randint(8, 16)
    mesos: list[int] = []
    total = 0
    while total + 4 <= weeks:
        length = rng.randint(5, 7) if split == "novice" else rng.randint(3, 7)
        length = min(length, weeks - total - 1)
        mesos.append(length)
        total += length + 1
    template, patterns = _SPLITS[split]
    days = []
    for name, slots in template:
        chosen: list[tuple[str, int]] = []
        for slot in slots:
            option = rng.choice(slot.split("|"))
            if option.startswith(("H:", "V:")):
                chosen.append((option[2:], _HEAVY if option[0] == "H" else _VOLUME))
            elif option:
                chosen.append((option, _ROLE_OF_KIND[_EXERCISES[option].kind]))
        days.append((name, tuple(chosen)))
    strength = focus == "strength"
    reps: dict[str, int] = {}
    for slug, ex in _EXERCISES.items():
        if slug == "power-clean":
            reps[slug] = 3
        elif slug == "kettlebell-swing":
            reps[slug] = rng.choice((15, 20))
        elif slug == "hanging-leg-raise":
            reps[slug] = rng.choice((10, 12))
        elif ex.kind == "main":  # volume-day reps
            reps[slug] = rng.choice((6, 8)) if strength else rng.choice((10, 12))
        elif ex.kind == "variation":
            reps[slug] = rng.choice((5, 6)) if strength else rng.choice((8, 10))
        elif ex.kind == "bodyweight":  # reps once weighted
            reps[slug] = rng.choice((5, 6)) if strength else 8
        else:
            reps[slug] = rng.choice((8, 10, 12)) if strength else rng.choice((10, 12, 15))
    return _Block(split, focus, tuple(days), rng.choice(patterns), mesos, reps)


def _plan_session(
    rng: random.Random,
    block: _Block,
    name: str,
    slots: tuple[tuple[str, int], ...],
    *,
    week: int,
    weekday: int,
    meso: int,
    rir: float,
    deload: bool,
    last_loading: bool,
) -> _Session:
    novice = block.split == "novice"
    strength = block.focus == "strength"
    # More warm-up sets as the weights grow with training age.
    base_warmups = 2 if week < 12 else 3 if week < 60 else 4
    exercises: list[_Planned] = []
    lifts: list[int] = []
    n_sets = 0
    for slug, role in slots:
        top = amrap = drop = False
        if role == _HEAVY:
            lift = _EXERCISES[slug].parent
            lifts.append(lift)
            warmups = base_warmups + rng.randint(0, 1) - (lift == _OHP)
            if novice:
                reps, work = 5, (1 if week < 6 else 2) if lift == _DL else 3
            elif strength:
                reps, work, top = (5, 3, 4)[meso % 3], 3 if lift == _DL else 4, True
            else:
                reps, work = (8, 6, 7)[meso % 3], 3 if lift == _DL else 4
            amrap = not novice and (
                (last_loading and strength and rng.random() < 0.5) or rng.random() < 0.04
            )
            ex_rir = rir
        elif role == _VOLUME:
            lifts.append(_EXERCISES[slug].parent)
            warmups = 2 + rng.randint(0, 1)
            reps, work, ex_rir = block.reps[slug], 3, rir + 1.0
        elif role == _VARIATION:
            clean = slug == "power-clean"
            warmups = 2 if clean else 1 + rng.randint(0, 1)
            reps = block.reps[slug]
            work = 4 if clean else 3 + (rng.random() < 0.3)
            ex_rir = rir + (1.5 if clean else 0.5)
        elif role == _ACCESSORY:
            warmups = 0
            reps, work = block.reps[slug], 3 + (rng.random() < 0.3)
            ex_rir = max(0.5, rir - 0.5)
            drop = rng.random() < (0.05 if strength else 0.15)
        else:
            warmups = 0
            reps, work, ex_rir = block.reps[slug], 3 + (rng.random() < 0.3), rir
        if deload:
            warmups = max(1, warmups - 1) if warmups else 0
            work = max(2 if role >= _ACCESSORY else 1, round(work * 0.6))
            amrap = drop = False
            ex_rir = 3.5
        exercises.append(_Planned(slug, role, warmups, work, reps, ex_rir, top, amrap, drop))
        n_sets += warmups + work + drop
    label = f"Deload - {name}" if deload else name
    day = week * 7 + weekday
    return _Session(day, label, deload, "", exercises, n_sets, n_sets, tuple(lifts))


def _shorten_breaks(sessions: list[_Session]) -> None:
    """Cut a break short where a main lift would go more than _MAX_PR_GAP days untrained.

    A break, then a week whose rotation misses the lift, then a deload can leave no session to
    set a new best in. Moving later sessions by whole weeks keeps weekdays and set counts.
    """
    seen = [-1, -1, -1, -1]  # last non-deload session day of each main lift
    offset = 0
    last = len(sessions) - 1
    for i, s in enumerate(sessions):
        s.day -= offset
        lifts: tuple[int, ...] = s.lifts
        day = s.day
        if i == last:
            # The last workout moves up to 6 days later (see _align); every lift counts.
            lifts, day = (0, 1, 2, 3), day + 6
        elif s.deload:
            continue
        for lift in lifts:
            excess = day - seen[lift] - _MAX_PR_GAP
            if seen[lift] < 0 or excess <= 0:
                continue
            j, room = _widest_break(sessions, i, seen[lift])
            if j < 0:
                continue
            cut = min(room, -(-excess // 7) * 7)
            moved_from = sessions[j].day
            for k in range(j, i + 1):
                sessions[k].day -= cut
            seen = [d - cut if d >= moved_from else d for d in seen]
            offset += cut
            day -= cut
        for lift in lifts:
            seen[lift] = day


def _widest_break(sessions: list[_Session], i: int, after: int) -> tuple[int, int]:
    """The session ending the longest break between day `after` and session i, and the whole
    weeks that break can lose."""
    best, widest = -1, 0
    k = i
    while k > 0 and sessions[k - 1].day >= after:
        gap = sessions[k].day - sessions[k - 1].day
        room = (gap - 1) // 7 * 7
        if room > widest:
            best, widest = k, room
        k -= 1
    return best, widest


def _align(sessions: list[_Session], last_date: date) -> date:
    """The Monday of the first week, chosen so the last workout falls on `last_date`."""
    last = sessions[-1]
    week, weekday = divmod(last.day, 7)
    if weekday > last_date.weekday():
        week += 1
    # Moving the (possibly unfinished) last workout forward keeps everything else on its day.
    last.day = week * 7 + last_date.weekday()
    return last_date - timedelta(days=last.day)


def _link(sessions: list[_Session]) -> list[list[int]]:
    """Days off before each session, and the days each main lift can next set a new best."""
    prev_day = sessions[0].day
    for s in sessions:
        s.days_off = s.day - prev_day
        prev_day = s.day
    eligible: list[list[int]] = [[], [], [], []]
    upcoming = [-1, -1, -1, -1]
    # The last workout may be cut short, so it never has to carry a new best.
    for s in reversed(sessions[:-1]):
        if s.deload:
            continue
        for lift in s.lifts:
            s.nxt[lift] = upcoming[lift]
            upcoming[lift] = s.day
            eligible[lift].append(s.day)
    for days in eligible:
        days.reverse()
    return eligible


# --- bodyweight -----------------------------------------------------------------------------


def _bodyweight(
    rng: random.Random, first_monday: date, last_day: int
) -> tuple[list[float], tuple[tuple[date, float], ...]]:
    """Smooth weekly bodyweight (for bodyweight exercises) and the weigh-in log."""
    base = rng.uniform(68.0, 82.0)
    gain = rng.uniform(4.0, 8.0)  # a beginner fills out over the first couple of years
    season = rng.uniform(1.2, 2.8)  # bulk through winter, cut before summer
    wander = 0.0
    weeks: list[float] = []
    log: list[tuple[date, float]] = []
    end = first_monday + timedelta(days=last_day)
    for week in range(last_day // 7 + 1):
        monday = first_monday + timedelta(weeks=week)
        wander = 0.97 * wander + rng.gauss(0.0, 0.25)
        doy = monday.timetuple().tm_yday
        bw = (
            base
            + gain * (1.0 - math.exp(-week / 60.0))
            + season * math.cos(2.0 * math.pi * (doy - 80) / 365.25)
            + wander
        )
        weeks.append(bw)
        weigh_in = monday + timedelta(days=rng.choice((5, 6, 6, 6)))  # weekend mornings
        if rng.random() < 0.88 and weigh_in <= end:
            log.append((weigh_in, round(bw + rng.gauss(0.0, 0.4), 1)))
    return weeks, tuple(log)


# --- loads ----------------------------------------------------------------------------------


_FLOOR_PULLS: Final = frozenset(("conventional-deadlift", "sumo-deadlift", "romanian-deadlift"))


def _floor_step(x: float, step: float) -> float:
    return math.floor(x / step + 1e-9) * step


def _rpe(load: float, reps: int, cap: float) -> float:
    # RPE 10 minus reps in reserve, with Brzycki's max reps at this load.
    rpe = 10.0 - (37.0 - reps - 36.0 * load / cap)
    return min(10.0, max(6.0, round(rpe * 2.0) / 2.0))


class _Simulation:
    """Walks the schedule forward, turning planned sets into logged weights, reps and RPE."""

    def __init__(
        self, rng: random.Random, bw_weeks: list[float], eligible: list[list[int]], last_day: int
    ) -> None:
        self.rng = rng
        self.bw_weeks = bw_weeks
        self.eligible = eligible
        self.last_day = last_day
        # Capability (e1RM) = exp(ln_cap) + late: novice and intermediate gains compound, the
        # late gains are linear.
        self.ln_cap = [math.log(c * rng.uniform(0.85, 1.15)) for c in _START_E1RM]
        self.late = [0.0, 0.0, 0.0, 0.0]
        self.novice_gain = [math.log(g) * rng.uniform(0.9, 1.1) for g in _NOVICE_GAIN]
        self.inter_gain = [math.log(g) * rng.uniform(0.9, 1.1) for g in _INTERMEDIATE_GAIN]
        self.age = 0.0  # days of training, breaks counted short
        self.prev_day: int | None = None
        self.best = [0.0, 0.0, 0.0, 0.0]
        self.last_pr = [0, 0, 0, 0]
        self.weighted: set[str] = set()
        self.dip = 0.0
        self.dip_day = 0
        self.dip_len = 1.0
        # Plateau state per lift: 0 idle, 1 waiting for a new best to start, 2 stalled.
        self.plateau_lifts: set[int] = set()
        self.state = [0, 0, 0, 0]
        self.trigger = [0, 0, 0, 0]
        self.p_start = [0, 0, 0, 0]
        self.resume = [0, 0, 0, 0]
        self.p_rng = random.Random(0)
        self.planted: list[tuple[int, int, int]] = []
        # Per session, for check-ins and notes: (sleep, life) moods, new bests, failed lifts.
        self.moods: list[tuple[float, float]] = []
        self.prs: list[list[tuple[str, float, int]]] = []
        self.failed: list[list[str]] = []

    def plan_plateaus(self, rng: random.Random, first_day: int) -> None:
        self.p_rng = rng
        self.plateau_lifts = set(rng.sample(range(4), rng.randint(2, 3)))
        for lift in self.plateau_lifts:
            self.trigger[lift] = first_day + rng.randint(180, 420)

    def _grow(self, day: int) -> None:
        dt = 0.0 if self.prev_day is None else float(min(day - self.prev_day, 7))
        self.prev_day = day
        a0, a1 = self.age, self.age + dt
        self.age = a1
        novice = math.exp(-a0 / _TAU_NOVICE) - math.exp(-a1 / _TAU_NOVICE)
        inter = math.exp(-a0 / _TAU_INTERMEDIATE) - math.exp(-a1 / _TAU_INTERMEDIATE)
        for lift in range(4):
            if self.state[lift] != 2:
                self.ln_cap[lift] += self.novice_gain[lift] * novice + self.inter_gain[lift] * inter
                self.late[lift] += _LATE_KG_PER_DAY * dt

    def run(self, s: _Session) -> list[DemoSet]:
        rng = self.rng
        day = s.day
        self._grow(day)
        if s.days_off >= 10:  # detrained after a break, regained over a couple of weeks
            self.dip = min(0.1, 0.004 * s.days_off)
            self.dip_day = day
            self.dip_len = max(7.0, 0.6 * s.days_off)
        ready = 1.0 - self.dip * max(0.0, 1.0 - (day - self.dip_day) / self.dip_len)
        # A good night and a calm day show in the bar speed and in the check-in.
        z_sleep, z_life = rng.gauss(0.0, 1.0), rng.gauss(0.0, 1.0)
        self.moods.append((z_sleep, z_life))
        form = ready * (1.0 + 0.012 * (0.6 * z_sleep + 0.8 * z_life))
        if s.deload:
            form *= 0.95
        caps = [(math.exp(c) + late) * form for c, late in zip(self.ln_cap, self.late, strict=True)]
        for lift in self.plateau_lifts:
            if self.state[lift] == 0 and day >= self.trigger[lift]:
                self.state[lift] = 1
            elif self.state[lift] == 2 and day < self.resume[lift]:
                progress = (day - self.p_start[lift]) / (self.resume[lift] - self.p_start[lift])
                caps[lift] *= 1.0 - 0.015 * progress  # stalled, even sliding a little
        bw = self.bw_weeks[min(day // 7, len(self.bw_weeks) - 1)]
        self.prs.append([])
        self.failed.append([])
        out: list[DemoSet] = []
        for order, p in enumerate(s.exercises, start=1):
            ex = _EXERCISES[p.slug]
            if p.role == _ACCESSORY:
                self._accessory(out, order, p, ex, caps[ex.parent] * ex.ratio)
            elif p.role == _BODYWEIGHT:
                cap = caps[ex.parent] * ex.ratio + ex.offset * bw
                self._bodyweight(out, order, p, ex, cap=cap, bw=bw)
            else:
                self._barbell(out, order, p, ex, cap=caps[ex.parent] * ex.ratio, s=s)
            if len(out) >= s.keep:
                break
        return out[: s.keep]

    # The set builders append straight to `out`: this is the per-set hot path.

    def _accessory(
        self, out: list[DemoSet], order: int, p: _Planned, ex: _Exercise, cap: float
    ) -> None:
        rng = self.rng
        slug, step = p.slug, ex.step
        weight = max(ex.min_load, _floor_step(cap * (37 - p.reps - p.rir) / 36.0, step))
        # The weight is rounded down, so reps creep up until the next weight: double progression.
        reps0 = int(37.0 - 36.0 * weight / cap - p.rir)
        reps0 = 1 if reps0 < 1 else min(reps0, p.reps + 2)
        forgot = rng.random() < 0.2
        rpe0 = _rpe(weight, reps0, cap)
        lost = 0
        tired = p.rir < 2.0
        for i in range(p.work):
            if i and tired and rng.random() < 0.45:
                lost += 1  # fatigue: fewer reps, and the set is harder
            rpe = None if forgot else min(10.0, rpe0 + 0.5 * lost)
            reps = reps0 - lost
            out.append(DemoSet(slug, order, i + 1, "working", weight, reps if reps > 1 else 1, rpe))
        if p.drop:
            light = max(ex.min_load, _floor_step(weight * 0.7, step))
            reps = max(1, min(p.reps + 4, int(37.0 - 36.0 * light / cap) - 2))
            rpe = None if forgot else 10.0
            out.append(DemoSet(slug, order, p.work + 1, "drop", light, reps, rpe))

    def _bodyweight(
        self, out: list[DemoSet], order: int, p: _Planned, ex: _Exercise, *, cap: float, bw: float
    ) -> None:
        rng = self.rng
        body = bw * ex.bw_share
        if 37.0 - 36.0 * body / cap >= ex.weighted_from:
            self.weighted.add(p.slug)  # once strong enough, the belt stays on
        added = 0.0
        if p.slug in self.weighted:
            added = max(0.0, _floor_step(cap * (37 - p.reps - p.rir) / 36.0 - body, ex.step))
        load = body + added
        reps0 = max(1, min(25, int(37.0 - 36.0 * load / cap - p.rir)))
        if added:
            reps0 = min(reps0, p.reps + 2)
        forgot = rng.random() < 0.2
        rpe0 = _rpe(load, reps0, cap)
        lost = 0
        for i in range(p.work):
            if i and rng.random() < 0.3:
                lost += 1
            rpe = None if forgot else min(10.0, rpe0 + 0.5 * lost)
            out.append(DemoSet(p.slug, order, i + 1, "working", added, max(1, reps0 - lost), rpe))

    def _barbell(
        self,
        out: list[DemoSet],
        order: int,
        p: _Planned,
        ex: _Exercise,
        *,
        cap: float,
        s: _Session,
    ) -> None:
        rng = self.rng
        slug, step = p.slug, ex.step
        r = p.reps
        n = p.work
        weight = max(ex.min_load, _floor_step(cap * (37 - r - p.rir) / 36.0, step))
        weights = [weight] * n
        if p.top:
            weights[1:] = [max(ex.min_load, _floor_step(weight * 0.9, step))] * (n - 1)
        reps = [r] * n
        kinds = ["working"] * n
        tired, fail, forgot = rng.random(), rng.random(), rng.random() < 0.2
        if not p.top and p.rir < 1.5 and n >= 3 and tired < 0.35:
            reps[-1] -= 1  # ground out one rep short on the last hard set
            kinds[-1] = "short"
        if p.amrap:
            i = 0 if p.top else n - 1
            reps[i] = max(r, min(r + 8, int(37.0 - 36.0 * weights[i] / cap)))
            kinds[i] = "amrap"
        elif p.rir <= 2.0 and fail < 0.06:
            i = 0 if p.top else n - 1
            reps[i] = max(1, r - 1 - (fail < 0.02))
            kinds[i] = "failure"
        if ex.kind == "main":
            self._main_lift(ex.parent, weights, reps, kinds, step=step, s=s)
        top = max(weights)
        # Ramp from the empty bar; a short ramp later in the session starts higher.
        start = ex.min_load
        if order > 1 and p.warmups < 3 and top * 0.45 > start:
            start = top * 0.45
        if slug in _FLOOR_PULLS:
            start = max(start, 60.0 if top >= 100.0 else 40.0 if top >= 60.0 else 20.0)
        hi = top * 0.85
        nw = p.warmups
        for i in range(nw):
            w = max(start, top * 0.6) if nw == 1 else start + (hi - start) * i / (nw - 1)
            w = min(top, max(ex.min_load, _floor_step(w, step)))
            # Fewer reps as the warm-ups get heavy: never near the working sets' e1RM.
            frac = w / top
            wr = 2 if frac >= 0.8 else 3 if frac >= 0.65 else 10 if w <= 20.0 and frac < 0.5 else 5
            out.append(DemoSet(slug, order, i + 1, "warmup", w, wr, None))
        for i in range(n):
            w, rr, kind = weights[i], reps[i], kinds[i]
            if forgot:
                rpe = None
            elif kind in {"short", "failure"}:
                rpe = 10.0
            else:
                rpe = _rpe(w, rr, cap)
            if kind == "short":
                kind = "working"
            out.append(DemoSet(slug, order, nw + i + 1, kind, w, rr, rpe))

    def _main_lift(
        self,
        lift: int,
        weights: list[float],
        reps: list[int],
        kinds: list[str],
        *,
        step: float,
        s: _Session,
    ) -> None:
        """Keep the ground truth: no new best while stalled or deloading, one when due."""
        day = s.day
        best = self.best[lift]
        state = self.state[lift]
        es = [_e1rm(w, r) for w, r in zip(weights, reps, strict=True)]
        new = max(es)
        if s.deload or (state == 2 and day < self.resume[lift]):
            if new > best + _EPS:
                for i, e in enumerate(es):
                    if e <= best + _EPS:
                        continue
                    fit = int(37.0 - 36.0 * weights[i] / best)
                    if state == 2 and fit >= 1:
                        # A missed attempt at a new best.
                        if fit < reps[i] and kinds[i] == "working":
                            kinds[i] = "failure"
                        reps[i] = fit
                    else:
                        weights[i] = _floor_step(best * (37 - reps[i]) / 36.0, step)
                new = max(_e1rm(w, r) for w, r in zip(weights, reps, strict=True))
        else:
            horizon = s.nxt[lift] if s.nxt[lift] >= 0 else self.last_day
            due = state == 2 or (
                s.day != self.last_day and horizon - self.last_pr[lift] > _MAX_PR_GAP
            )
            if due and new <= best + _EPS:
                top = es.index(new)
                weights[top], reps[top] = _smallest_pr(best, reps[top], step)
                kinds[top] = "working"
                new = _e1rm(weights[top], reps[top])
        if new > best + _EPS:
            top = max(range(len(es)), key=lambda i: _e1rm(weights[i], reps[i]))
            self.prs[-1].append((MAIN_LIFTS[lift], weights[top], reps[top]))
            self.best[lift] = new
            self.last_pr[lift] = day
            if state == 2:
                self.planted.append((lift, self.p_start[lift], day - 1))
                self.state[lift] = 0
                self.trigger[lift] = day + self.p_rng.randint(140, 420)
            elif state == 1 and day != self.last_day:
                self._stall(lift, day, new)
        elif "failure" in kinds:
            self.failed[-1].append(MAIN_LIFTS[lift])

    def _stall(self, lift: int, day: int, best: float) -> None:
        """Start a planted plateau the day after this new best, if the history has room."""
        start = day + 1
        days = self.eligible[lift]
        lo = bisect.bisect_left(days, start + 42)
        hi = bisect.bisect_left(days, start + 84)
        if lo >= hi:
            self.state[lift] = 0
            self.trigger[lift] = day + 10_000  # too close to the end: no more plateaus
            return
        self.state[lift] = 2
        self.p_start[lift] = start
        self.resume[lift] = days[self.p_rng.randrange(lo, hi)]
        stuck = best * 1.03 - self.late[lift]  # capability stops at what was just lifted
        if stuck < math.exp(self.ln_cap[lift]):
            self.ln_cap[lift] = math.log(max(1.0, stuck))


def _smallest_pr(best: float, reps: int, step: float) -> tuple[float, int]:
    """The loadable set nearest above `best` e1RM, within a few reps of the plan."""
    choice = (0.0, reps)
    lowest = math.inf
    # Heavy singles to rep PRs: fewer reps give finer e1RM steps, so look further down.
    for r in range(max(1, reps - 6), min(12, reps + 4) + 1):
        k = 36.0 / (37.0 - r)
        w = (math.floor((best + 2 * _EPS) / (k * step)) + 1) * step
        e = w * k
        if e < lowest - 1e-9 or (abs(e - lowest) <= 1e-9 and abs(r - reps) < abs(choice[1] - reps)):
            lowest, choice = e, (w, r)
    return choice


# --- dates, check-ins, notes ----------------------------------------------------------------

_LIFT_NAMES: Final = ("Squat", "Bench", "Deadlift", "OHP")
_BACK_NOTES: Final = (
    "First session back after {weeks} weeks off, felt rusty",
    "Back from holiday, kept the top sets honest",
    "Back after being sick, strength a bit down",
)
_GENERIC_NOTES: Final = (
    "Gym was packed, had to wait for the rack",
    "Short on time, rushed the accessories",
    "Felt strong today",
    "Lower back a bit tight",
    "Left knee cranky on the warm-ups",
    "Great pump",
    "Shoulder felt off, went lighter on presses",
    "Trained with a friend",
    "Hot in the gym today",
    "New shoes, felt more stable",
)


def _utc_offset(day: date, cache: dict[int, tuple[date, date]]) -> int:
    """Hours ahead of UTC in Central Europe: summer time from late March to late October."""
    if day.year not in cache:
        march, october = date(day.year, 3, 31), date(day.year, 10, 31)
        cache[day.year] = (
            march - timedelta(days=(march.weekday() + 1) % 7),
            october - timedelta(days=(october.weekday() + 1) % 7),
        )
    summer_start, summer_end = cache[day.year]
    return 2 if summer_start <= day < summer_end else 1


def _clamp(value: float, lo: int = 1, hi: int = 5) -> int:
    return min(hi, max(lo, round(value)))


def _dress(
    seed: int,
    sessions: list[_Session],
    all_sets: list[list[DemoSet]],
    sim: _Simulation,
    first_monday: date,
) -> tuple[DemoWorkout, ...]:
    """Dates and times, check-ins and notes around the simulated sets."""
    # Notes depend on new bests; their own stream keeps the clock equal to the control's.
    clock = random.Random(f"{seed}:clock")
    rng = random.Random(f"{seed}:life")
    jot = random.Random(f"{seed}:notes")
    offsets: dict[int, tuple[date, date]] = {}
    workouts: list[DemoWorkout] = []
    evening = True
    block_day = 0
    prev_deload = False
    for i, s in enumerate(sessions):
        sets = all_sets[i]
        day = first_monday + timedelta(days=s.day)
        if s.block_label:
            evening = clock.random() < 0.8  # training-time habits change with jobs and programs
            block_day = s.day
        if day.weekday() >= 5:
            minutes = min(14 * 60.0, max(7.5 * 60, clock.gauss(10 * 60, 70)))
        elif clock.random() < 0.05:
            minutes = clock.gauss(12 * 60 + 10, 15)  # lunch break
        elif evening:
            minutes = min(21 * 60.0, max(16.5 * 60, clock.gauss(18 * 60 + 15, 40)))
        else:
            minutes = min(8 * 60.0, max(5.75 * 60, clock.gauss(6 * 60 + 40, 20)))
        local = datetime.combine(day, time()) + timedelta(
            minutes=int(minutes), seconds=clock.randrange(60)
        )
        started = (local - timedelta(hours=_utc_offset(day, offsets))).replace(tzinfo=UTC)
        ended = started + timedelta(
            seconds=round(60 * (len(sets) * clock.uniform(2.0, 3.0) + clock.uniform(3.0, 10.0)))
        )
        z_sleep, z_life = sim.moods[i]
        back = s.days_off >= 10
        checked_in = rng.random() < 0.6
        hours = round(min(10.0, max(4.0, 7.1 + 0.8 * z_sleep + rng.gauss(0.0, 0.3))) * 4) / 4
        if checked_in:
            sleep_quality: int | None = _clamp(3.2 + 0.9 * z_sleep + rng.gauss(0.0, 0.5))
            sleep_hours: float | None = hours
            stress: int | None = _clamp(2.6 - 0.6 * z_life + rng.gauss(0.0, 0.7))
            energy: int | None = _clamp(
                3.1 + 0.5 * z_sleep + 0.6 * z_life + rng.gauss(0.0, 0.5) - 0.7 * back
            )
            motivation: int | None = _clamp(
                3.5
                + 0.4 * z_life
                + rng.gauss(0.0, 0.7)
                + 0.6 * (bool(s.block_label) or back)
                - 0.4 * s.deload
            )
            soreness: int | None = _clamp(
                2.2
                + rng.gauss(0.0, 0.8)
                + 0.5 * (s.days_off == 1)
                + 0.8 * (s.day - block_day < 7)
                - 0.8 * back
                - 0.5 * s.deload
            )
        else:
            sleep_quality = sleep_hours = stress = energy = motivation = soreness = None
        notes = ""
        prs, failed = sim.prs[i], sim.failed[i]
        if back and jot.random() < 0.6:
            notes = jot.choice(_BACK_NOTES).format(weeks=s.days_off // 7)
        elif s.block_label and jot.random() < 0.5:
            notes = f"New block: {s.block_label}"
        elif prs and jot.random() < 0.45:
            slug, weight, reps = prs[0]
            notes = f"{_LIFT_NAMES[MAIN_LIFTS.index(slug)]} PR: {weight:g} kg x {reps}"
        elif failed and jot.random() < 0.4:
            notes = f"Missed reps on {_LIFT_NAMES[MAIN_LIFTS.index(failed[0])].lower()}"
        elif s.deload and not prev_deload and jot.random() < 0.3:
            notes = "Deload week, kept it light"
        elif hours < 6.0 and jot.random() < 0.3:
            notes = "Slept badly, everything felt heavy"
        elif jot.random() < 0.05:
            notes = jot.choice(_GENERIC_NOTES)
        prev_deload = s.deload
        workouts.append(
            DemoWorkout(
                s.name,
                started,
                ended,
                notes,
                sleep_quality,
                sleep_hours,
                stress,
                motivation,
                energy,
                soreness,
                tuple(sets),
            )
        )
    return tuple(workouts)
