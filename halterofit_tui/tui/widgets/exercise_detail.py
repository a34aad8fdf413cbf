"""Everything about one exercise: what it is, how to do it, and the lifter's own numbers.

The text is built by pure functions (`detail_markup`) so it can be checked without an app; the
widget only scrolls it. Stats arrive later than the exercise (they are loaded in a worker), so
`show` accepts `stats=None` and says the numbers are loading.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.widgets import Static

from halterofit_tui.domain.describe import plural
from halterofit_tui.domain.records import Exercise
from halterofit_tui.domain.units import Unit, format_number, format_weight
from halterofit_tui.services.library import ExerciseSession, ExerciseStats
from halterofit_tui.tui.widgets.format import day_text, long_date

MAX_SESSIONS_SHOWN = 6


def words(value: str) -> str:
    """A vocabulary key as words: 'front_delts' -> 'front delts'."""
    return value.replace("_", " ")


def word_list(values: Iterable[str]) -> str:
    return ", ".join(words(v) for v in values) or "-"


def _facts(exercise: Exercise) -> list[str]:
    lines = [
        f"[b]{escape(exercise.name)}[/b]"
        + (" [$warning]★[/]" if exercise.is_favourite else "")
        + (" [dim](custom)[/]" if exercise.is_custom else "")
    ]
    lines.append(
        " · ".join(
            [
                words(exercise.category).capitalize(),
                exercise.subcategory,
                words(exercise.movement_pattern),
                f"{exercise.plane_of_motion} plane",
                f"difficulty {exercise.difficulty}/5",
            ]
        )
    )
    lines.append(f"[dim]Equipment:[/] {word_list(exercise.equipment)}")
    lines.append(f"[dim]Primary:[/] {word_list(exercise.primary_muscles)}")
    if exercise.secondary_muscles:
        lines.append(f"[dim]Secondary:[/] {word_list(exercise.secondary_muscles)}")
    rest = (
        f"{exercise.rest_seconds} s (your setting)"
        if exercise.rest_seconds is not None
        else f"{exercise.subcategory} default"
    )
    lines.append(f"[dim]Rest:[/] {rest}")
    return lines


def _top_set(session: ExerciseSession, unit: Unit) -> str:
    load = format_weight(session.weight_kg, unit)
    if session.bodyweight:
        load = "bw" if session.weight_kg == 0 else f"bw+{load}"
    rpe = f" @{format_number(session.rpe, 1)}" if session.rpe is not None else ""
    return f"{load} x {session.reps}{rpe}"


def _numbers(stats: ExerciseStats | None, unit: Unit) -> list[str]:
    lines = ["", "[b $text-accent]Your numbers[/]"]
    if stats is None:
        return [*lines, "[dim]loading…[/]"]
    if not stats.total_sets:
        return [*lines, "[dim]No sets logged yet. Enter adds it to your workout.[/]"]
    summary = [plural(stats.total_sets, "working set")]
    if stats.best_e1rm_kg is not None and stats.best_e1rm_date is not None:
        best = format_weight(stats.best_e1rm_kg, unit)
        summary.insert(0, f"Best e1RM [b]{best}[/b] ({long_date(stats.best_e1rm_date)})")
    lines.append(" · ".join(summary))
    for session in stats.sessions[:MAX_SESSIONS_SHOWN]:
        e1rm = format_weight(session.best_e1rm_kg, unit) if session.best_e1rm_kg else "-"
        sets = plural(session.sets, "set")
        lines.append(
            f"  {day_text(session.date):<10} {_top_set(session, unit):<18} "
            f"[dim]e1RM[/] {e1rm:<10} [dim]{sets}[/]"
        )
    if stats.rep_maxes:
        maxes = " · ".join(
            f"{m.reps}RM {format_weight(m.weight_kg, unit)} [dim]({long_date(m.date)})[/]"
            for m in stats.rep_maxes
        )
        lines.append(f"[dim]Rep maxes:[/] {maxes}")
    return lines


def _section(title: str, items: Iterable[str], numbered: bool = False) -> list[str]:
    entries = [
        f"  {f'{i}.' if numbered else '•'} {escape(item)}" for i, item in enumerate(items, 1)
    ]
    return ["", f"[b $text-accent]{title}[/]", *entries] if entries else []


def detail_markup(exercise: Exercise | None, stats: ExerciseStats | None, unit: Unit) -> str:
    """The detail pane's text as Textual markup (every user-supplied string escaped)."""
    if exercise is None:
        return "[dim]No exercise matches. Esc clears the search; n adds your own.[/]"
    lines = _facts(exercise)
    lines += _numbers(stats, unit)
    about = [escape(exercise.description)] if exercise.description else []
    if exercise.aliases:
        about.append(f"[dim]Also called:[/] {escape(', '.join(exercise.aliases))}")
    lines += ["", *about] if about else []
    lines += _section("How to", exercise.instructions, numbered=True)
    lines += _section("Tips", exercise.tips)
    lines += _section("Common mistakes", exercise.common_mistakes)
    return "\n".join(lines)


class ExerciseDetail(VerticalScroll):
    """A scrollable description of one exercise (Tab to focus it, arrows to scroll)."""

    DEFAULT_CSS = """
    ExerciseDetail {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    ExerciseDetail > Static { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.exercise: Exercise | None = None
        self.stats: ExerciseStats | None = None
        self._unit: Unit = "kg"

    def compose(self) -> ComposeResult:
        yield Static("[dim]Loading…[/]", id="detail-text")

    def show(self, exercise: Exercise | None, stats: ExerciseStats | None, unit: Unit) -> None:
        if exercise is None or self.exercise is None or exercise.id != self.exercise.id:
            self.scroll_home(animate=False)
        self.exercise, self.stats, self._unit = exercise, stats, unit
        self.query_one("#detail-text", Static).update(detail_markup(exercise, stats, unit))

    @property
    def plain_text(self) -> str:
        """What the pane says, without styles (for tests and screen readers)."""
        return Content.from_markup(detail_markup(self.exercise, self.stats, self._unit)).plain
