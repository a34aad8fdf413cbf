"""How the Programs area draws a programme: its weeks × sessions, the week the lifter is in with
the next session's concrete weights, and a template's sets.

Pure text first (unit-tested through the screen), then the two panels that show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from halterofit_tui.domain.units import Unit, format_number, from_kg

if TYPE_CHECKING:
    from halterofit_tui.services.programs import (
        NextLift,
        NextSession,
        NextSet,
        ProgramDetail,
        ProgramStatus,
        WeekInfo,
    )
    from halterofit_tui.services.templates import PlannedExercise, TemplatePreview


def count_text(count: int, text: str) -> str:
    return f"{count} {text}{'' if count == 1 else 's'}"


def percent_text(rate: float | None) -> str:
    return "" if rate is None else f" ({format_number(rate * 100, 0)} %)"


def plates_text(plates: tuple[float, ...]) -> str:
    """Plates on each side of the bar: '25 + 15 + 1.25 a side', 'bar only'."""
    if not plates:
        return "bar only"
    return " + ".join(format_number(p) for p in plates) + " a side"


def reps_text(reps: int, reps_max: int | None, amrap: bool) -> str:
    text = f"{reps}-{reps_max}" if reps_max is not None and reps_max > reps else str(reps)
    return text + ("+" if amrap else "")


def next_set_text(s: NextSet, unit: Unit) -> str:
    """One prescribed set without its count: '5 102.5 kg', '8-12 @RPE 8', '5+ 85 kg'."""
    parts = [reps_text(s.reps, s.reps_max, s.amrap)]
    if s.weight is not None:
        parts.append(f"{format_number(s.weight)} {unit}")
    if s.rpe is not None:
        parts.append(f"@RPE {format_number(s.rpe, 1)}")
    return " ".join(parts)


def lift_sets_text(lift: NextLift, unit: Unit) -> str:
    """A lift's sets, identical neighbours folded: '3x5 102.5 kg', '1x5 65 kg, 1x5+ 85 kg'."""
    groups: list[tuple[str, int]] = []
    for s in lift.sets:
        text = next_set_text(s, unit)
        if groups and groups[-1][0] == text:
            groups[-1] = (text, groups[-1][1] + 1)
        else:
            groups.append((text, 1))
    return ", ".join(f"{count}x{text}" for text, count in groups)


def lift_plates_text(lift: NextLift) -> str:
    """The plates when every set of a barbell lift has the same weight, else nothing."""
    loads = {(s.weight, s.plates) for s in lift.sets}
    if len(loads) != 1:
        return ""
    (weight, plates), *_ = loads
    return plates_text(plates) if weight is not None and plates is not None else ""


def next_session_table(upcoming: NextSession) -> Table:
    """Exercise | sets with weights | plates, one row per lift."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    table.add_column(style="dim")
    for lift in upcoming.lifts:
        sets = lift_sets_text(lift, upcoming.unit)
        table.add_row(lift.exercise_name, sets, lift_plates_text(lift))
    return table


def position_text(status: ProgramStatus) -> str:
    """'week 1 of 2, day 2 of 3 · cycle 1' (cycle shown as 'cycle 1 of 3' when bounded)."""
    cycle = f"cycle {status.cycle}" + (f" of {status.cycles}" if status.cycles else "")
    return (
        f"week {status.week} of {status.weeks}, day {status.day} of {status.sessions_in_week}"
        f" · {cycle}"
    )


PLURAL_LABELS = {
    "working weight": "Working weights",
    "training max": "Training maxes",
    "estimated 1RM": "Estimated 1RMs",
}


def tracks_label(status: ProgramStatus) -> str:
    """What the numbers are, when they are all one kind: 'Working weights', 'Training maxes'."""
    labels = {track.label for track in status.tracks}
    return PLURAL_LABELS.get(labels.pop(), "Numbers") if len(labels) == 1 else "Numbers"


def tracks_text(status: ProgramStatus) -> str:
    """Each progression's number: 'squat 102.5 kg · bench 82.5 kg · ...' (misses noted)."""
    parts = []
    for track in status.tracks:
        value = (
            f"{format_number(from_kg(track.value_kg, status.unit))} {status.unit}"
            if track.value_kg is not None
            else "first log"
        )
        text = f"{track.key} {value}"
        if track.stage_scheme is not None:
            text += f" ({track.stage_scheme})"
        if track.failures:
            text += f" ({track.failures} miss{'es' if track.failures > 1 else ''} in a row)"
        parts.append(text)
    return " · ".join(parts)


def adherence_summary(status: ProgramStatus) -> str:
    a = status.adherence
    kept = sum(min(w.done, w.planned) for w in a.by_week)
    week = f"this week {a.this_week.done}/{a.this_week.planned} · " if a.this_week else ""
    return f"{week}{kept} of {a.planned} planned sessions done{percent_text(a.rate)}"


def week_line(status: ProgramStatus, week: WeekInfo | None) -> str:
    """The sessions of the programme week: done ✓, next ▶, to come ·: '✓ A  ▶ B  · A'."""
    names = [s.name for s in week.sessions] if week is not None else []
    if len(names) != status.sessions_in_week:
        # The programme's file no longer matches the one enrolled: name only the next one.
        return f"[b]▶ {status.next_session}[/b]"
    marks = []
    for index, name in enumerate(names):
        if index < status.day - 1:
            marks.append(f"[green]✓[/] [dim]{name}[/]")
        elif index == status.day - 1:
            marks.append(f"[b]▶ {name}[/b]")
        else:
            marks.append(f"[dim]· {name}[/]")
    return "  ".join(marks)


def this_week_renderable(
    status: ProgramStatus, upcoming: NextSession | None, week: WeekInfo | None
) -> RenderableType:
    """Where the lifter is: the week's sessions (done, next, to come), the next session's
    weights and plates, each lift's number and the adherence."""
    parts: list[RenderableType] = [
        Text.from_markup(f"[b]{status.program_name}[/b] · {position_text(status)}")
    ]
    if upcoming is not None:
        deload = " · deload" if upcoming.deload else ""
        parts.append(
            Text.from_markup(
                f"Week {status.week}: {week_line(status, week)}  "
                f"[dim](n starts {upcoming.name}{deload})[/]"
            )
        )
        parts.append(Padding(next_session_table(upcoming), (0, 0, 0, 4)))
    parts.append(Text.from_markup(f"[dim]{tracks_label(status)}:[/] {tracks_text(status)}"))
    parts.append(Text.from_markup(f"[dim]Adherence:[/] {adherence_summary(status)}"))
    return Group(*parts)


def weeks_table(weeks: Sequence[WeekInfo]) -> Table:
    """Week | session | its lifts with their sets, one row per session."""
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column("Week", no_wrap=True)
    table.add_column("Session")
    table.add_column("Lifts")
    for week in weeks:
        span = (
            str(week.first_week)
            if week.first_week == week.last_week
            else f"{week.first_week}-{week.last_week}"
        )
        for index, session in enumerate(week.sessions):
            label = (span + (" deload" if week.deload else "")) if index == 0 else ""
            lifts = "\n".join(f"{lift.exercise_name} {lift.scheme}" for lift in session.lifts)
            table.add_row(label, session.name, lifts, end_section=index == len(week.sessions) - 1)
    return table


def program_renderable(detail: ProgramDetail) -> RenderableType:
    """A programme: what it is, what starting it takes, its rules and its weeks × sessions."""
    e = detail.entry
    origin = "built-in" if e.builtin else f"yours: {e.path.name}"
    cycles = f"{e.cycles} cycles" if e.cycles else "repeats until stopped"
    head = Text.from_markup(f"[b]{e.name}[/b] · {e.level} · {origin}")
    if e.active:
        head.append(" · in progress", style="bold green")
    lines: list[RenderableType] = [
        head,
        Text(
            f"{count_text(e.sessions_per_week or 0, 'session')} a week · "
            f"{e.weeks}-week cycle · {cycles}"
        ),
    ]
    if e.based_on:
        lines.append(Text(f"Based on {e.based_on}", style="dim"))
    if e.description:
        lines.append(Text(e.description))
    lines.append(Text.from_markup(f"\n[b]To start[/b] (e), in {detail.unit}:"))
    for need in detail.needs:
        given = {"weight": "working weight", "training_max": "training max"}.get(
            need.given, "one-rep max"
        )
        share = (
            f", starts at {format_number(need.start_percent)} % of it"
            if need.start_percent != 100
            else ""
        )
        optional = " (optional: else your first logged weight)" if need.optional else ""
        lines.append(Text(f"  {need.exercise_name}: {given}{share}{optional}"))
    lines.append(Text.from_markup("\n[b]Progression[/b]"))
    for p in detail.progressions:
        lines.append(Text(f"  {p.exercise_name}: {p.rule_text}"))
    lines.append(Text(""))
    lines.append(weeks_table(detail.weeks))
    return Group(*lines)


def target_text(exercise: PlannedExercise, index: int, unit: Unit) -> str:
    """A template set as it would be planned now: '8-12 80 kg @RPE 8', '5 @75% 1RM'."""
    target = exercise.targets[index]
    weight = exercise.weights_kg[index]
    parts = [reps_text(target.reps_min, target.reps_max, target.amrap)]
    if weight is not None:
        parts.append(f"{format_number(from_kg(weight, unit))} {unit}")
    if target.percent_1rm is not None:
        parts.append(f"@{format_number(target.percent_1rm)}% 1RM")
    if target.rpe is not None:
        parts.append(f"@RPE {format_number(target.rpe, 1)}")
    return " ".join(parts)


def template_renderable(preview: TemplatePreview) -> RenderableType:
    """A template with the weights it would plan today."""
    template = preview.template
    lines: list[RenderableType] = [
        Text.from_markup(f"[b]{template.name}[/b] · template · u starts it")
    ]
    if template.notes:
        lines.append(Text(template.notes, style="dim"))
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    for exercise in preview.exercises:
        groups: list[tuple[str, int]] = []
        for index in range(len(exercise.targets)):
            text = target_text(exercise, index, preview.unit)
            if groups and groups[-1][0] == text:
                groups[-1] = (text, groups[-1][1] + 1)
            else:
                groups.append((text, 1))
        table.add_row(exercise.exercise_name, ", ".join(f"{n}x{t}" for t, n in groups))
    lines.append(Text(""))
    lines.append(table)
    lines.append(
        Text(
            "\nWeights: your last session of each exercise, a share of its latest e1RM for a "
            "percentage, else the template's own; rounded to your plates.",
            style="dim",
        )
    )
    return Group(*lines)


class ThisWeekPanel(Static):
    """The programme in progress; hidden when there is none."""

    DEFAULT_CSS = """
    ThisWeekPanel {
        height: auto;
        max-height: 14;
        border: round $accent 60%;
        border-title-color: $text-accent;
        padding: 0 1;
        display: none;
    }
    ThisWeekPanel.-shown { display: block; }
    """

    def on_mount(self) -> None:
        self.border_title = "Programme in progress"

    def show(
        self, status: ProgramStatus | None, upcoming: NextSession | None, week: WeekInfo | None
    ) -> None:
        self.set_class(status is not None, "-shown")
        if status is None:
            self.update("")
            return
        self.update(this_week_renderable(status, upcoming, week))
