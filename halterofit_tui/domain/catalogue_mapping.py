"""Mapping an exercise catalogue in the free-exercise-db layout onto our vocabularies.

free-exercise-db (github.com/yuhonas/free-exercise-db, public domain) describes each exercise
with its own small vocabularies: three levels, a force (push/pull/static), a mechanic, thirteen
equipment values and seventeen muscles. Every value of each vocabulary is mapped here; what the
source does not say (movement pattern, plane of motion, how the lift progresses, which head of
the shoulder) is read from the force, the mechanic and words of the name, first rule wins.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from halterofit_tui.domain.catalogue import normalise_name

# Ids of imported exercises: UUIDv5 of the source id, so a second import finds them again.
CATALOGUE_IMPORT_NAMESPACE: Final = uuid.UUID("3c7d1f0a-8e2b-5c44-9b6d-667265656462")
MAX_NAME_LENGTH: Final = 100

SOURCE_LEVELS: Final = ("beginner", "intermediate", "expert")
SOURCE_FORCES: Final = ("push", "pull", "static")
SOURCE_MECHANICS: Final = ("compound", "isolation")

# Our 1-5 scale: 2 is a basic free-weight lift, 3 the big barbell lifts, 4 advanced variations.
LEVEL_DIFFICULTY: Final = {"beginner": 2, "intermediate": 3, "expert": 4}
DEFAULT_DIFFICULTY: Final = 3

CATEGORY_MAP: Final = {
    "strength": "strength",
    "powerlifting": "powerlifting",
    "olympic weightlifting": "olympic_weightlifting",
    "strongman": "strongman",
    "plyometrics": "plyometrics",
    "cardio": "cardio",
    "stretching": "stretching",
}

# None: the source value says nothing we can use, the name's words decide (else bodyweight).
# Foam rollers and exercise balls have no entry in our vocabulary: the load is the body's own.
EQUIPMENT_MAP: Final[dict[str, str | None]] = {
    "barbell": "barbell",
    "dumbbell": "dumbbell",
    "kettlebells": "kettlebell",
    "cable": "cable",
    "machine": "machine",
    "body only": "bodyweight",
    "bands": "bands",
    "medicine ball": "medicine_ball",
    "e-z curl bar": "ez_bar",
    "foam roll": "bodyweight",
    "exercise ball": "bodyweight",
    "other": None,
}

# "shoulders" is resolved to a head of the deltoid from the name and force (see _delts).
MUSCLE_MAP: Final = {
    "abdominals": "abs",
    "abductors": "abductors",
    "adductors": "adductors",
    "biceps": "biceps",
    "calves": "calves",
    "chest": "chest",
    "forearms": "forearms",
    "glutes": "glutes",
    "hamstrings": "hamstrings",
    "lats": "lats",
    "lower back": "lower_back",
    "middle back": "upper_back",
    "neck": "neck",
    "quadriceps": "quadriceps",
    "shoulders": "front_delts",
    "traps": "traps",
    "triceps": "triceps",
}

# Equipment named in the exercise's name, added to what the source's equipment field says.
_EQUIPMENT_WORDS: Final = (
    (r"\bsmith\b", "smith_machine"),
    (r"\bkettlebells?\b", "kettlebell"),
    (r"\bdumbbells?\b|\bdb\b", "dumbbell"),
    (r"\bbarbell\b", "barbell"),
    (r"\bcable\b|\bpulley\b", "cable"),
    (r"(?<!\bit )\bbands?\b|\bbanded\b", "bands"),
    (r"\btrap bar\b", "trap_bar"),
    (r"\bez bar\b|\bez curl\b", "ez_bar"),
    (r"\blandmine\b", "landmine"),
    (r"\bsled\b|\bprowler\b", "sled"),
    (r"\bmedicine ball\b", "medicine_ball"),
    (r"\bplate\b", "plate"),
    (r"\bbench\b", "bench"),
    (r"\bpull ?ups?\b|\bchin ?ups?\b|(?<!to )\bchins?\b(?! to)|\bmuscle up\b|\bhanging\b",
     "pull_up_bar"),
    (r"(?<!jerk )\bdips?\b|\bparallel bars\b", "dip_station"),
    (r"\baxle\b", "barbell"),
    (r"\brings?\b|\bsuspended\b", "rings"),
    (r"\bbox\b", "box"),
    (r"\btreadmill\b|\bbicycling\b|\bbike\b|\belliptical\b|\bstairmaster\b|\bstep mill\b"
     r"|\browing stationary\b", "cardio_machine"),
)  # fmt: skip
_EQUIPMENT_RULES: Final = tuple((re.compile(words), tool) for words, tool in _EQUIPMENT_WORDS)
# A specific tool named in the name replaces the generic one the source filed it under.
_REPLACES: Final = {
    "smith_machine": ("machine", "barbell"),
    "cardio_machine": ("machine",),
    "trap_bar": ("barbell",),
    "ez_bar": ("barbell",),
    "bench": ("dip_station",),
    "machine": ("dip_station",),
}
# What a bodyweight exercise may be done on without becoming a loaded lift.
_UNLOADED: Final = frozenset(
    {"bodyweight", "bench", "pull_up_bar", "dip_station", "rings", "box", "bands"}
)

_OBLIQUE_WORDS: Final = re.compile(
    r"\boblique|\bside bend|\btwist|\brussian\b|\bwood ?chop|\bwindmill|\bside (plank|bridge|jack)"
    r"|\bheel touch|\bside to side\b|\brotation\b|\bjudo flip\b|\blandmine 180"
)
_REAR_DELT_WORDS: Final = re.compile(
    r"\brear\b|\breverse fl|\bface pull\b|\bpull apart\b|\bexternal rotation\b|\bback fly"
)
_SIDE_DELT_WORDS: Final = re.compile(r"\blateral|\bside raise|\bupright\b|\bscaption\b")

# (name pattern, source primary muscles it applies to (empty: any), our movement pattern).
_PATTERN_RULES: Final[tuple[tuple[str, frozenset[str], str], ...]] = (
    (r"\bclean\b(?! grip)|\bsnatch\b|\bjerk\b", frozenset(), "olympic"),
    (r"\bget up\b|\bpallof\b", frozenset(), "core"),
    (r"\babduct|\badduct|\bhip (flexion|circles?)\b|\bkickbacks?\b|\bmonster walk\b"
     r"|\b(lateral|band) walk\b", frozenset(), "hip_isolation"),
    (r"\b(internal|external) rotation\b", frozenset(), "shoulder_isolation"),
    (r"\bpullovers?\b", frozenset(), "vertical_pull"),
    (r"\b(leg|hamstring) curls?\b|\bglute ham\b|\bnordic\b", frozenset(), "knee_flexion"),
    (r"\bleg extensions?\b", frozenset(), "knee_extension"),
    (r"\bcurls?\b", frozenset({"biceps", "forearms"}), "elbow_flexion"),
    (r"\bsplit squats?\b|\blunges?\b|\bstep ?ups?\b|\bbound\b", frozenset(), "lunge"),
    (r"\bsquats?\b|\bleg press\b|\bhack\b", frozenset(), "squat"),
    (r"\bupright\b", frozenset(), "vertical_pull"),
    (r"\b(reverse|back) fl(y|ye|yes)\b|\brear delt|\bface pull\b", frozenset(),
     "shoulder_isolation"),
    (
        r"\bdeadlifts?\b|\bgood ?mornings?\b|\bhip thrust|\bbridge\b|\bpull through\b"
        r"|\bhyperextensions?\b|\bback extensions?\b|\bswings?\b|\bhip lift\b",
        frozenset({"glutes", "hamstrings", "lower back", "quadriceps"}),
        "hinge",
    ),
    (r"\brows?\b", frozenset(), "horizontal_pull"),
    (r"\bpull ?ups?\b|\bpullups?\b|\bchin|\bpull ?downs?\b|\bpulldowns?\b|\bmuscle up\b",
     frozenset(), "vertical_pull"),
    (r"\bfly\b|\bflyes?\b|\bcrossover\b|\bbutterfly\b|\bpec deck\b", frozenset({"chest"}),
     "chest_isolation"),
    (r"\bshrugs?\b|\braises?\b", frozenset({"shoulders", "traps"}), "shoulder_isolation"),
    (r"\bdips?\b", frozenset(), "vertical_push"),
    (r"\bpress|\bpush ?ups?\b|\bpushups?\b|\bchest push\b", frozenset({"shoulders"}),
     "vertical_push"),
    (r"\bpress|\bpush ?ups?\b|\bpushups?\b|\bchest push\b", frozenset(), "horizontal_push"),
    (r"\btwists?\b|\bwood ?chop|\brotation\b|\bwindmills?\b|\bjudo flip\b|\blandmine 180",
     frozenset({"abdominals"}), "rotation"),
    (r"\bcarry\b|\bwalk\b|\byoke\b|\bfarmer", frozenset(), "carry"),
    (r"\bsled\b|\bprowler\b|\bsprint|\bdrag\b|\bcrawl\b|\bskating\b", frozenset(), "locomotion"),
    (r"\bjumps?\b|\bhops?\b|\bleap\b", frozenset(), "squat"),
)  # fmt: skip
_PATTERN_MATCHERS: Final = tuple(
    (re.compile(words), muscles, movement) for words, muscles, movement in _PATTERN_RULES
)
# The source's first primary muscle, when no rule of the name applies: (compound, isolation).
_MUSCLE_PATTERNS: Final = {
    "abdominals": ("core", "core"),
    "abductors": ("hip_isolation", "hip_isolation"),
    "adductors": ("hip_isolation", "hip_isolation"),
    "biceps": ("elbow_flexion", "elbow_flexion"),
    "calves": ("calf_raise", "calf_raise"),
    "chest": ("horizontal_push", "chest_isolation"),
    "forearms": ("elbow_flexion", "elbow_flexion"),
    "glutes": ("hinge", "hip_isolation"),
    "hamstrings": ("hinge", "knee_flexion"),
    "lats": ("vertical_pull", "vertical_pull"),
    "lower back": ("hinge", "hinge"),
    "middle back": ("horizontal_pull", "horizontal_pull"),
    "neck": ("core", "core"),
    "quadriceps": ("squat", "knee_extension"),
    "shoulders": ("vertical_push", "shoulder_isolation"),
    "traps": ("shoulder_isolation", "shoulder_isolation"),
    "triceps": ("horizontal_push", "elbow_extension"),
}
# Stretches and self-massage: the region they work, as our built-in stretches are filed.
_STRETCH_PATTERNS: Final = {
    "abdominals": "core",
    "abductors": "hip_isolation",
    "adductors": "hip_isolation",
    "biceps": "elbow_flexion",
    "calves": "calf_raise",
    "chest": "chest_isolation",
    "forearms": "elbow_flexion",
    "glutes": "hip_isolation",
    "hamstrings": "hip_isolation",
    "lats": "shoulder_isolation",
    "lower back": "core",
    "middle back": "core",
    "neck": "core",
    "quadriceps": "hip_isolation",
    "shoulders": "shoulder_isolation",
    "traps": "shoulder_isolation",
    "triceps": "elbow_extension",
}
_PATTERN_PLANES: Final = {"rotation": "transverse", "chest_isolation": "transverse"}
_MULTIPLANAR_WORDS: Final = re.compile(
    r"\bturkish\b|\bget up\b|\baround the worlds?\b|\bfigure 8\b|\bworld s greatest\b"
)
_TRANSVERSE_WORDS: Final = re.compile(
    r"\btwists?\b|\brotations?\b|\bwood ?chop|\brussian\b|\bfly\b|\bflyes?\b|\bcrossover\b"
    r"|\bbutterfly\b|\bpull apart\b|\bface pull\b|\bjudo flip\b|\blandmine 180"
)
_FRONTAL_WORDS: Final = re.compile(
    r"\blateral|\bside\b|\babduct|\badduct|\bwindmills?\b|\bstar jump\b|\bcarioca\b|\bshuffle\b"
    r"|\bupright\b|\bshrugs?\b"
)
_DISTANCE_WORDS: Final = re.compile(
    r"\brun|\bjog|\bwalk|\browing\b|\bbicycl|\bbike\b|\bsprint|\bskating\b|\bcarry\b|\bdrag\b"
)
_TIMED_WORDS: Final = re.compile(r"\bplank\b|\bhold\b|\bisometric\b|\bvacuum\b")

# Source qualifiers that name the standard way of doing a lift, dropped for matching only:
# "Barbell Bench Press - Medium Grip", "Triceps Pushdown - Rope Attachment", "Dips - Chest
# Version", "Stiff-Legged Barbell Deadlift" (our aliases say "Stiff Leg").
_NEUTRAL_QUALIFIERS: Final = (
    (re.compile(r"\s*-\s*medium grip\b", re.IGNORECASE), ""),
    (re.compile(r"\b(attachment|version)\b", re.IGNORECASE), ""),
    (re.compile(r"\blegged\b", re.IGNORECASE), "leg"),
)


class EntryProblem(ValueError):
    """Why one catalogue entry cannot be imported (one short clause)."""


@dataclass(frozen=True)
class MappedExercise:
    """One catalogue entry in our vocabularies, ready to become a custom exercise."""

    source_id: str
    name: str
    category: str
    subcategory: str
    equipment: tuple[str, ...]
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    movement_pattern: str
    plane_of_motion: str
    difficulty: int
    beginner_friendly: bool
    progression_type: str
    instructions: tuple[str, ...]

    @property
    def exercise_id(self) -> str:
        return str(uuid.uuid5(CATALOGUE_IMPORT_NAMESPACE, self.source_id))


def entry_name(entry: object) -> str | None:
    """The entry's name as written, when it has a usable one (for reports of bad entries)."""
    if isinstance(entry, dict):
        name = entry.get("name")
        if isinstance(name, str) and name.strip():
            return " ".join(name.split())
    return None


def matching_names(name: str) -> tuple[str, ...]:
    """The name, then (if different) the name without qualifiers that change nothing."""
    plain = name
    for pattern, replacement in _NEUTRAL_QUALIFIERS:
        plain = pattern.sub(replacement, plain)
    plain = " ".join(plain.split()).strip(" -")
    return (name, plain) if plain and plain != name else (name,)


def _choice(
    entry: dict[str, object], key: str, allowed: Collection[str], *, default: str | None
) -> str | None:
    value = entry.get(key)
    if value is None:
        return default
    if not isinstance(value, str) or value not in allowed:
        raise EntryProblem(f"unknown {key} {value!r}")
    return value


def _muscles(entry: dict[str, object], key: str) -> list[str]:
    value = entry.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise EntryProblem(f"{key} is not a list")
    for muscle in value:
        if not isinstance(muscle, str) or muscle not in MUSCLE_MAP:
            raise EntryProblem(f"unknown muscle {muscle!r} in {key}")
    return list(dict.fromkeys(value))


def _instructions(entry: dict[str, object]) -> tuple[str, ...]:
    value = entry.get("instructions", [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(step, str) for step in value):
        raise EntryProblem("instructions is not a list of text")
    return tuple(" ".join(step.split()) for step in value if step.strip())


def _delts(name: str, force: str | None) -> str:
    if _REAR_DELT_WORDS.search(name):
        return "rear_delts"
    if _SIDE_DELT_WORDS.search(name):
        return "side_delts"
    return "rear_delts" if force == "pull" else "front_delts"


def _our_muscles(source: list[str], name: str, force: str | None) -> list[str]:
    ours: list[str] = []
    for muscle in source:
        if muscle == "shoulders":
            mapped = _delts(name, force)
        elif muscle == "abdominals" and _OBLIQUE_WORDS.search(name):
            mapped = "obliques"
        else:
            mapped = MUSCLE_MAP[muscle]
        if mapped not in ours:
            ours.append(mapped)
    return ours


def _equipment(source: str | None, name: str) -> tuple[str, ...]:
    mapped = EQUIPMENT_MAP[source] if source is not None else None
    gear = [mapped] if mapped else []
    for pattern, tool in _EQUIPMENT_RULES:
        if pattern.search(name) and tool not in gear:
            gear.append(tool)
    for tool, generic in _REPLACES.items():
        if tool in gear:
            gear = [g for g in gear if g not in generic]
    return tuple(gear) or ("bodyweight",)


def _movement_pattern(name: str, category: str, primary: list[str], isolation: bool) -> str:
    first = primary[0]
    if category == "stretching":
        return _STRETCH_PATTERNS[first]
    if category == "olympic_weightlifting":
        return "olympic"
    if category == "cardio":
        return "locomotion"
    if first == "calves":
        return "calf_raise"
    if first == "triceps" and isolation:
        return "elbow_extension"
    for pattern, muscles, movement in _PATTERN_MATCHERS:
        if (not muscles or first in muscles) and pattern.search(name):
            return movement
    compound_pattern, isolation_pattern = _MUSCLE_PATTERNS[first]
    return isolation_pattern if isolation else compound_pattern


def _plane(name: str, pattern: str) -> str:
    if _MULTIPLANAR_WORDS.search(name):
        return "multiplanar"
    if _TRANSVERSE_WORDS.search(name):
        return "transverse"
    if _FRONTAL_WORDS.search(name):
        return "frontal"
    return _PATTERN_PLANES.get(pattern, "sagittal")


def _progression(
    name: str, category: str, pattern: str, force: str | None, equipment: tuple[str, ...]
) -> str:
    if category == "stretching":
        return "time"
    if category == "cardio":
        return "distance" if _DISTANCE_WORDS.search(name) else "time"
    if pattern in {"carry", "locomotion"}:
        return "distance"
    if force == "static" or _TIMED_WORDS.search(name):
        return "time"
    if category == "strongman":
        # Stones, logs, kegs, tyres: the implement gets heavier, whatever our gear list says.
        return "weight"
    if category == "plyometrics" or (set(equipment) <= _UNLOADED and "weighted" not in name):
        return "reps"
    return "weight"


def map_entry(entry: object) -> MappedExercise:
    """One source entry in our vocabularies, or EntryProblem saying what is wrong with it."""
    if not isinstance(entry, dict):
        raise EntryProblem("not a JSON object")
    name = entry_name(entry)
    if name is None:
        raise EntryProblem("has no name")
    if len(name) > MAX_NAME_LENGTH:
        raise EntryProblem(f"name longer than {MAX_NAME_LENGTH} characters")
    source_id = entry.get("id", name)
    if not isinstance(source_id, str) or not source_id.strip():
        raise EntryProblem("id is not text")
    level = _choice(entry, "level", SOURCE_LEVELS, default=None)
    force = _choice(entry, "force", SOURCE_FORCES, default=None)
    mechanic = _choice(entry, "mechanic", SOURCE_MECHANICS, default=None)
    source_equipment = _choice(entry, "equipment", EQUIPMENT_MAP, default=None)
    source_category = _choice(entry, "category", CATEGORY_MAP, default="strength")
    primary_source = _muscles(entry, "primaryMuscles")
    if not primary_source:
        raise EntryProblem("no primary muscle")
    secondary_source = _muscles(entry, "secondaryMuscles")
    instructions = _instructions(entry)

    words = normalise_name(name)
    category = CATEGORY_MAP[source_category or "strength"]
    # No mechanic: stretches work one region, cardio and jumps the whole body.
    subcategory = mechanic or ("isolation" if category == "stretching" else "compound")
    equipment = _equipment(source_equipment, words)
    primary = _our_muscles(primary_source, words, force)
    secondary = [m for m in _our_muscles(secondary_source, words, force) if m not in primary]
    pattern = _movement_pattern(words, category, primary_source, subcategory == "isolation")
    difficulty = LEVEL_DIFFICULTY[level] if level else DEFAULT_DIFFICULTY
    return MappedExercise(
        source_id=source_id.strip(),
        name=name,
        category=category,
        subcategory=subcategory,
        equipment=equipment,
        primary_muscles=tuple(primary),
        secondary_muscles=tuple(secondary),
        movement_pattern=pattern,
        plane_of_motion=_plane(words, pattern),
        difficulty=difficulty,
        beginner_friendly=difficulty <= 2,
        progression_type=_progression(words, category, pattern, force, equipment),
        instructions=instructions,
    )
