"""Matching another app's exercise names to the library, without false friends.

An importer that files "Incline Bench Press" under "Decline Bench Press" corrupts years of
records, while one that makes a custom copy of "Dumbbell Curls" merely clutters the library. So
the fuzzy step forgives only what does not change the movement: word order, plurals, filler
words, spacing ("Skull Crushers" / "Skullcrusher") and small typos inside a word, never a
different word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Final

from halterofit_tui.domain.catalogue import normalise_name

# Words that name no part of the movement ("Flat" is how FitNotes spells a plain bench press).
_FILLER: Final = frozenset({"a", "an", "and", "the", "of", "with", "on", "flat"})
# A typo inside one word still reads as that word at this similarity ("Benchpres", "Shrugg").
WORD_SIMILARITY: Final = 0.8
# Fuzzy matches below this overall similarity become custom exercises instead.
FUZZY_THRESHOLD: Final = 0.9


@dataclass(frozen=True)
class Match:
    exercise_id: str
    label: str  # the library name or alias that matched
    how: str  # "exact" | "reordered" | "fuzzy"
    score: float  # 1.0 for exact


def _word(token: str) -> str:
    # A crude singular is enough: both sides are folded the same way.
    return token[:-1] if len(token) > 3 and token.endswith("s") else token


def _tokens(label: str) -> list[str]:
    return [_word(t) for t in normalise_name(label).split() if t not in _FILLER]


def _words(label: str) -> tuple[str, ...]:
    return tuple(sorted(_tokens(label)))


def _joined(label: str) -> str:
    """Spacing forgiven: "Skull Crusher" and "Skullcrushers" both give "skullcrusher"."""
    return _word("".join(normalise_name(label).split()))


class ExerciseMatcher:
    """Finds the library exercise an imported name means, or None."""

    def __init__(self, exercises: Iterable[tuple[str, str, Sequence[str]]]) -> None:
        """`exercises`: (id, name, aliases) of every live exercise."""
        self._exact: dict[str, tuple[str, str]] = {}
        self._by_words: dict[tuple[str, ...], tuple[str, str]] = {}
        self._by_joined: dict[str, tuple[str, str]] = {}
        # Fuzzy candidates by word count: only names of as many words can match.
        self._labels: dict[int, list[tuple[tuple[str, ...], str, str]]] = {}
        for exercise_id, name, aliases in exercises:
            self.add(exercise_id, name, aliases)

    def add(self, exercise_id: str, name: str, aliases: Sequence[str] = ()) -> None:
        """Make one more exercise findable (one created during an import, say)."""
        for label in (name, *aliases):
            target = (exercise_id, label)
            words = _words(label)
            self._exact.setdefault(normalise_name(label), target)
            self._by_words.setdefault(words, target)
            self._by_joined.setdefault(_joined(label), target)
            self._labels.setdefault(len(words), []).append((words, exercise_id, label))

    def match(self, name: str) -> Match | None:
        exact = self._exact.get(normalise_name(name))
        if exact is not None:
            return Match(exact[0], exact[1], "exact", 1.0)
        words = _words(name)
        if not words:
            return None
        same_words = self._by_words.get(words) or self._by_joined.get(_joined(name))
        if same_words is not None:
            return Match(same_words[0], same_words[1], "reordered", 1.0)
        best: Match | None = None
        # SequenceMatcher indexes its second sequence: index the query once, not per candidate.
        whole = SequenceMatcher(None, "", " ".join(words))
        for label_words, exercise_id, label in self._labels.get(len(words), []):
            whole.set_seq1(" ".join(label_words))
            score = _similarity(words, label_words, whole)
            if score >= FUZZY_THRESHOLD and (best is None or score > best.score):
                best = Match(exercise_id, label, "fuzzy", round(score, 3))
        return best


def _similarity(
    words: tuple[str, ...], other: tuple[str, ...], whole: SequenceMatcher[str]
) -> float:
    """0 unless the two have the same words up to small typos; then their overall similarity
    (`whole` compares the two joined names)."""
    # Cheap upper bounds first: most candidates fail them.
    if whole.real_quick_ratio() < FUZZY_THRESHOLD or whole.quick_ratio() < FUZZY_THRESHOLD:
        return 0.0
    for mine, theirs in zip(words, other, strict=True):
        if mine != theirs and SequenceMatcher(None, mine, theirs).ratio() < WORD_SIMILARITY:
            return 0.0
    return whole.ratio()


@dataclass(frozen=True)
class GuessedFields:
    """What an imported name tells about a new custom exercise; a lifter can edit it later."""

    category: str
    subcategory: str
    equipment: tuple[str, ...]
    primary_muscles: tuple[str, ...]
    movement_pattern: str
    progression_type: str


# First matching keyword wins, so the specific come before the general ("leg curl" before "curl").
_EQUIPMENT_WORDS: Final = (
    ("smith", "smith_machine"),
    ("barbell", "barbell"),
    ("barbel", "barbell"),
    ("dumbbell", "dumbbell"),
    ("dumbell", "dumbbell"),
    ("kettlebell", "kettlebell"),
    ("cable", "cable"),
    ("machine", "machine"),
    ("plate loaded", "machine"),
    ("hammer strength", "machine"),
    ("band", "bands"),
    ("ez bar", "ez_bar"),
    ("trap bar", "trap_bar"),
    ("landmine", "landmine"),
)
_MOVEMENTS: Final[tuple[tuple[str, tuple[str, ...], str, str], ...]] = (
    ("leg curl", ("hamstrings",), "knee_flexion", "isolation"),
    ("leg extension", ("quadriceps",), "knee_extension", "isolation"),
    ("calf", ("calves",), "calf_raise", "isolation"),
    ("shin", ("calves",), "calf_raise", "isolation"),
    ("wrist", ("forearms",), "elbow_flexion", "isolation"),
    ("forearm", ("forearms",), "elbow_flexion", "isolation"),
    ("curl", ("biceps",), "elbow_flexion", "isolation"),
    ("tricep", ("triceps",), "elbow_extension", "isolation"),
    ("pushdown", ("triceps",), "elbow_extension", "isolation"),
    ("push down", ("triceps",), "elbow_extension", "isolation"),
    ("skull", ("triceps",), "elbow_extension", "isolation"),
    ("kickback", ("triceps",), "elbow_extension", "isolation"),
    ("lateral raise", ("side_delts",), "shoulder_isolation", "isolation"),
    ("front raise", ("front_delts",), "shoulder_isolation", "isolation"),
    ("rear delt", ("rear_delts",), "shoulder_isolation", "isolation"),
    ("fly", ("chest",), "chest_isolation", "isolation"),
    ("crossover", ("chest",), "chest_isolation", "isolation"),
    ("shrug", ("traps",), "shoulder_isolation", "isolation"),
    ("pulldown", ("lats",), "vertical_pull", "compound"),
    ("pull up", ("lats",), "vertical_pull", "compound"),
    ("chin up", ("lats",), "vertical_pull", "compound"),
    ("pullthrough", ("glutes", "hamstrings"), "hinge", "compound"),
    ("row", ("upper_back", "lats"), "horizontal_pull", "compound"),
    ("deadlift", ("hamstrings", "glutes", "lower_back"), "hinge", "compound"),
    ("hip thrust", ("glutes",), "hinge", "compound"),
    ("hip extension", ("glutes",), "hinge", "compound"),
    ("squat", ("quadriceps", "glutes"), "squat", "compound"),
    ("leg press", ("quadriceps", "glutes"), "squat", "compound"),
    ("lunge", ("quadriceps", "glutes"), "lunge", "compound"),
    ("bench", ("chest",), "horizontal_push", "compound"),
    ("chest press", ("chest",), "horizontal_push", "compound"),
    ("dip", ("chest", "triceps"), "vertical_push", "compound"),
    ("overhead press", ("front_delts",), "vertical_push", "compound"),
    ("shoulder press", ("front_delts",), "vertical_push", "compound"),
    ("crunch", ("abs",), "core", "isolation"),
    ("plank", ("abs",), "core", "isolation"),
    ("leg raise", ("abs",), "core", "isolation"),
    ("knee raise", ("abs",), "core", "isolation"),
)
# FitNotes' categories are body parts: (muscles, movement pattern).
_BODY_PARTS: Final[dict[str, tuple[tuple[str, ...], str]]] = {
    "chest": (("chest",), "horizontal_push"),
    "back": (("lats", "upper_back"), "horizontal_pull"),
    "legs": (("quadriceps",), "squat"),
    "biceps": (("biceps",), "elbow_flexion"),
    "triceps": (("triceps",), "elbow_extension"),
    "shoulders": (("front_delts", "side_delts"), "vertical_push"),
    "forearms": (("forearms",), "elbow_flexion"),
    "abs": (("abs",), "core"),
    "calves": (("calves",), "calf_raise"),
    "glutes": (("glutes",), "hinge"),
}
_CARDIO_WORDS: Final = ("run", "treadmill", "bike", "cycling", "walk", "elliptical", "rowing")


def guess_custom_fields(
    name: str,
    category_hint: str | None,
    *,
    loaded: bool,
    timed: bool,
    distance: bool,
) -> GuessedFields:
    """Best-effort fields for an exercise only known by name (and the source's category)."""
    text = normalise_name(name)
    hint = normalise_name(category_hint or "")
    equipment = tuple(dict.fromkeys(gear for word, gear in _EQUIPMENT_WORDS if word in text))
    if not equipment and not loaded:
        equipment = ("bodyweight",)
    if hint == "cardio" or distance or any(word in text for word in _CARDIO_WORDS):
        return GuessedFields(
            "cardio", "compound", equipment, (), "locomotion", "distance" if distance else "time"
        )
    if "stretch" in text or hint == "stretching":
        return GuessedFields("stretching", "isolation", equipment, (), "core", "time")
    progression = "weight" if loaded else ("time" if timed else "reps")
    for word, muscles, pattern, mechanic in _MOVEMENTS:
        if word in text:
            return GuessedFields("strength", mechanic, equipment, muscles, pattern, progression)
    # Unknown movement: the body part the source filed it under, else nothing claimed.
    muscles, pattern = _BODY_PARTS.get(hint, ((), "core"))
    return GuessedFields("strength", "compound", equipment, muscles, pattern, progression)
