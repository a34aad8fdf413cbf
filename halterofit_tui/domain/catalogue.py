"""The exercise vocabulary shared by the built-in library, custom exercises and importers.

Fixed vocabularies keep muscle-group analytics honest: "quads" and "quadriceps" must not become
two muscles. Built-in exercises get deterministic ids so every device (and the server) agrees.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Final

CATEGORIES: Final = (
    "strength",
    "powerlifting",
    "olympic_weightlifting",
    "strongman",
    "plyometrics",
    "cardio",
    "stretching",
)

# Mechanic: compound lifts get the longer default rest.
SUBCATEGORIES: Final = ("compound", "isolation")

EQUIPMENT: Final = (
    "barbell",
    "dumbbell",
    "kettlebell",
    "machine",
    "cable",
    "smith_machine",
    "bodyweight",
    "bands",
    "ez_bar",
    "trap_bar",
    "landmine",
    "bench",
    "pull_up_bar",
    "dip_station",
    "rings",
    "plate",
    "medicine_ball",
    "box",
    "sled",
    "cardio_machine",
)

MUSCLES: Final = (
    "chest",
    "front_delts",
    "side_delts",
    "rear_delts",
    "triceps",
    "biceps",
    "forearms",
    "lats",
    "upper_back",
    "traps",
    "lower_back",
    "abs",
    "obliques",
    "glutes",
    "quadriceps",
    "hamstrings",
    "adductors",
    "abductors",
    "calves",
    "neck",
)

MOVEMENT_PATTERNS: Final = (
    "squat",
    "hinge",
    "lunge",
    "horizontal_push",
    "vertical_push",
    "horizontal_pull",
    "vertical_pull",
    "carry",
    "core",
    "rotation",
    "olympic",
    "elbow_flexion",
    "elbow_extension",
    "shoulder_isolation",
    "chest_isolation",
    "knee_flexion",
    "knee_extension",
    "hip_isolation",
    "calf_raise",
    "locomotion",
)

PLANES_OF_MOTION: Final = ("sagittal", "frontal", "transverse", "multiplanar")

PROGRESSION_TYPES: Final = ("weight", "reps", "time", "distance")

# Fixed namespace so a slug maps to the same UUID on every device and on the server.
EXERCISE_NAMESPACE: Final = uuid.UUID("5b0c6c1e-3f1d-5a7e-9a43-68616c746572")

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """ASCII words joined by hyphens: "Bench Press (Barbell)" -> "bench-press-barbell"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_name.lower()).strip("-")


# The columns a built-in exercise takes from data/exercises.json (besides its slug).
CATALOGUE_FIELDS: Final = (
    "name",
    "aliases",
    "category",
    "subcategory",
    "equipment",
    "primary_muscles",
    "secondary_muscles",
    "movement_pattern",
    "plane_of_motion",
    "difficulty",
    "beginner_friendly",
    "progression_type",
    "description",
    "instructions",
    "tips",
    "common_mistakes",
)


def exercise_id(slug: str) -> str:
    """The deterministic id of a built-in exercise (UUIDv5 of its slug)."""
    return str(uuid.uuid5(EXERCISE_NAMESPACE, slug))


def normalise_name(name: str) -> str:
    """The form names and aliases are compared in: case, accents, punctuation and spacing folded."""
    return " ".join(slugify(name).split("-"))
