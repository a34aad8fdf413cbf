"""Programs: the built-in and the lifter's programmes, their templates, the week of the
programme in progress with the next session's weights, and starting a workout from either.

One worker reads the lists, the enrollment and its next session (`programs_overview`); the
detail of the highlighted programme or template is read when it is highlighted. Starting a
session or a template goes through the readiness check-in, like `n` in Workout, then opens
Workout with the planned sets in place; finishing it there applies the programme's rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from halterofit_tui.domain.errors import NotFound
from halterofit_tui.tui.screens.area import AreaScreen
from halterofit_tui.tui.services import call_service
from halterofit_tui.tui.widgets.program_week import (
    ThisWeekPanel,
    count_text,
    program_renderable,
    template_renderable,
)

if TYPE_CHECKING:
    from halterofit_tui.domain.readiness import Readiness
    from halterofit_tui.domain.records import Workout
    from halterofit_tui.services.programs import (
        NextSession,
        ProgramDetail,
        ProgramEntry,
        ProgramStatus,
        WeekInfo,
    )
    from halterofit_tui.services.templates import Template, TemplatePreview
    from halterofit_tui.store.engine import Database

PROGRAM, TEMPLATE = "program", "template"
# Starts a workout: (db, now, readiness) -> the workout started.
WorkoutStarter = Callable[["Database", datetime, "Readiness | None"], "Workout"]


@dataclass(frozen=True)
class ProgramsOverview:
    programs: list[ProgramEntry]
    templates: list[Template]
    status: ProgramStatus | None  # None: no programme in progress
    upcoming: NextSession | None
    week: WeekInfo | None  # the programme week the enrollment is in, as its file describes it


def lifter_today(db: Database, now: datetime) -> date:
    """The lifter's calendar day at `now` (their time zone setting)."""
    from halterofit_tui.services.profile import get_profile, local_today

    return local_today(get_profile(db), now)


def _week_of(db: Database, status: ProgramStatus) -> WeekInfo | None:
    from halterofit_tui.domain.errors import InvalidInput
    from halterofit_tui.services.programs import show_program

    try:
        detail = show_program(db, status.program_key)
    except (NotFound, InvalidInput):  # the file was removed or broken since it was started
        return None
    return next((w for w in detail.weeks if w.first_week <= status.week <= w.last_week), None)


def programs_overview(db: Database, now: datetime) -> ProgramsOverview:
    """Everything the area lists, in one worker call."""
    from halterofit_tui.services.programs import list_programs, program_status, upcoming_session
    from halterofit_tui.services.templates import list_templates

    today = lifter_today(db, now)
    try:
        status: ProgramStatus | None = program_status(db, today)
    except NotFound:
        status = None
    upcoming = upcoming_session(db) if status is not None else None
    return ProgramsOverview(
        programs=list_programs(db),
        templates=list_templates(db),
        status=status,
        upcoming=upcoming,
        week=_week_of(db, status) if status is not None else None,
    )


def program_prompt(entry: ProgramEntry) -> str:
    mark = "[green]●[/] " if entry.active else ""
    if entry.problems:
        return f"{mark}{entry.key} [red]invalid[/]"
    yours = " [dim]yours[/]" if not entry.builtin else ""
    return f"{mark}{entry.name}{yours}"


def template_prompt(template: Template) -> str:
    return f"{template.name} [dim]· {count_text(len(template.exercises), 'exercise')}[/]"


class ProgramsScreen(AreaScreen):
    AREA_TITLE = "Programs"
    DEFAULT_CSS = """
    ProgramsScreen #programs-main { height: 1fr; }
    ProgramsScreen #programs-lists { width: 32; height: 100%; }
    ProgramsScreen #program-list { height: 1fr; border: round $primary 50%; }
    ProgramsScreen #template-list {
        height: auto; min-height: 3; max-height: 8; border: round $primary 50%;
    }
    ProgramsScreen #program-list:focus, ProgramsScreen #template-list:focus {
        border: round $accent;
    }
    ProgramsScreen #program-detail {
        width: 1fr; height: 100%; border: round $primary 50%; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "enroll", "Enroll", id="programs.enroll"),
        Binding("n", "start_next", "Next session", id="programs.next"),
        Binding("u", "use_template", "Use template", id="programs.template"),
        Binding("S", "stop_program", "Stop programme", id="programs.stop", show=False),
        Binding("R", "reload", "Reload", id="programs.reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.overview: ProgramsOverview | None = None
        self.selected: tuple[str, str] | None = None  # (PROGRAM, key) or (TEMPLATE, id)
        self.program_detail: ProgramDetail | None = None
        self._detail_requests = 0
        self._overview_requests = 0
        # An action asked for (from the palette) before the first load: run once loaded.
        self._pending_action: Callable[[], None] | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body"):
            yield ThisWeekPanel(id="this-week")
            with Horizontal(id="programs-main"):
                with Vertical(id="programs-lists"):
                    yield OptionList(id="program-list")
                    yield OptionList(id="template-list")
                with VerticalScroll(id="program-detail"):
                    yield Static("Loading…", id="program-detail-text")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#program-list").border_title = "Programmes"
        self.query_one("#template-list").border_title = "Templates"
        self.query_one("#program-detail").border_title = "Details"
        self.query_one("#program-list").focus()

    # --- loading ---------------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Read everything again; a result older than the latest request is dropped (coming
        back from a dialog reloads while the dialog's own change may still be on its way)."""
        self._overview_requests += 1
        call_service(
            self,
            programs_overview,
            self.app.clock(),  # type: ignore[attr-defined]
            then=partial(self._overview_loaded, self._overview_requests),
            group="programs",
        )

    def _overview_loaded(self, request: int, overview: ProgramsOverview) -> None:
        if request == self._overview_requests:
            self.show_overview(overview)

    def show_overview(self, overview: ProgramsOverview) -> None:
        self.overview = overview
        self.query_one(ThisWeekPanel).show(overview.status, overview.upcoming, overview.week)
        programs = self.query_one("#program-list", OptionList)
        highlighted = self.selected
        programs.clear_options()
        programs.add_options(
            Option(program_prompt(e), id=f"{PROGRAM}:{e.key}") for e in overview.programs
        )
        templates = self.query_one("#template-list", OptionList)
        templates.clear_options()
        if overview.templates:
            templates.add_options(
                Option(template_prompt(t), id=f"{TEMPLATE}:{t.id}") for t in overview.templates
            )
        else:
            hint = "[dim]none yet: `halterofit template save` after a workout[/]"
            templates.add_option(Option(hint, disabled=True))
        self._restore_highlight(highlighted)
        self.refresh_bindings()
        if self._pending_action is not None:
            action, self._pending_action = self._pending_action, None
            action()

    def _not_loaded_yet(self, action: Callable[[], None]) -> bool:
        """True (and the action kept for later) when the area has not loaded yet."""
        if self.overview is None:
            self._pending_action = action
            return True
        return False

    def _restore_highlight(self, wanted: tuple[str, str] | None) -> None:
        """Highlight what was highlighted before a reload (if still there), else the
        programme in progress, else the first one."""
        assert self.overview is not None
        lists = {
            PROGRAM: self.query_one("#program-list", OptionList),
            TEMPLATE: self.query_one("#template-list", OptionList),
        }
        choices = [wanted] if wanted is not None else []
        choices += [(PROGRAM, e.key) for e in self.overview.programs if e.active]
        choices += [(PROGRAM, e.key) for e in self.overview.programs[:1]]
        for kind, value in choices:
            try:
                index = lists[kind].get_option_index(f"{kind}:{value}")
            except OptionDoesNotExist:  # gone since (a template deleted from the CLI)
                continue
            lists[kind].highlighted = index
            self.select(kind, value, force=True)
            return

    def select(self, kind: str, value: str, *, force: bool = False) -> None:
        """Show the detail of a programme or template (read in a worker)."""
        if (kind, value) == self.selected and not force:
            return
        self.selected = (kind, value)
        self._detail_requests += 1
        request = self._detail_requests
        if kind == PROGRAM:
            from halterofit_tui.services.programs import show_program

            call_service(
                self,
                show_program,
                value,
                then=partial(self._program_loaded, request),
                failed=partial(self._detail_failed, request),
                group="program-detail",
            )
        else:
            from halterofit_tui.services.templates import preview_template

            call_service(
                self,
                preview_template,
                value,
                then=partial(self._template_loaded, request),
                failed=partial(self._detail_failed, request),
                group="program-detail",
            )
        self.refresh_bindings()

    def _program_loaded(self, request: int, detail: ProgramDetail) -> None:
        if request == self._detail_requests:
            self.program_detail = detail
            self._show_detail(detail.entry.name, program_renderable(detail))

    def _template_loaded(self, request: int, preview: TemplatePreview) -> None:
        if request == self._detail_requests:
            self.program_detail = None
            self._show_detail(preview.template.name, template_renderable(preview))

    def _detail_failed(self, request: int, error: Exception) -> None:
        if request == self._detail_requests:
            self.program_detail = None
            self.query_one("#program-detail-text", Static).update(str(error))

    def _show_detail(self, title: str, content: RenderableType) -> None:
        pane = self.query_one("#program-detail", VerticalScroll)
        if pane.border_title != title:  # another item: from its top; a reload keeps the place
            pane.scroll_home(animate=False)
        pane.border_title = title
        self.query_one("#program-detail-text", Static).update(content)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            kind, _, value = event.option.id.partition(":")
            self.select(kind, value)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Moving to the other list shows its highlighted item (the first one at first)."""
        widget = event.widget
        if not isinstance(widget, OptionList) or widget.option_count == 0:
            return
        if widget.highlighted is None:
            widget.highlighted = 0
        option = widget.get_option_at_index(widget.highlighted or 0)
        if option.id is not None and not option.disabled:
            kind, _, value = option.id.partition(":")
            self.select(kind, value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter: enroll in a programme, start a template."""
        if self.selected is None:
            return
        if self.selected[0] == PROGRAM:
            self.action_enroll()
        else:
            self.action_use_template()

    # --- actions ---------------------------------------------------------------------------

    @property
    def status(self) -> ProgramStatus | None:
        return self.overview.status if self.overview is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Each action is offered (in the footer too) only where it applies.
        kind = self.selected[0] if self.selected else None
        if action == "enroll":
            return kind == PROGRAM
        if action == "use_template":
            return kind == TEMPLATE
        if action in {"start_next", "stop_program"}:
            return self.overview is None or self.status is not None
        return True

    def action_reload(self) -> None:
        self.refresh_data()

    def _today(self) -> date:
        from halterofit_tui.services.profile import local_today

        profile = self.app.profile  # type: ignore[attr-defined]
        now: datetime = self.app.clock()  # type: ignore[attr-defined]
        return local_today(profile, now) if profile is not None else now.date()

    def action_enroll(self) -> None:
        detail = self.program_detail
        if self.selected is None or self.selected[0] != PROGRAM:
            return
        if detail is None or detail.entry.key != self.selected[1]:
            # Its details are still being read, or it did not validate (they say why).
            self.notify("Not ready to start: see its details", severity="warning")
            return
        if detail.entry.active:
            self.notify(f"{detail.entry.name} is already in progress: n starts its next session")
            return
        from halterofit_tui.tui.screens.program_start import ProgramStartScreen

        status = self.status
        replacing = status.program_name if status is not None else None

        def started(new_status: ProgramStatus | None) -> None:
            if new_status is None:
                return
            self.notify(
                f"Started {new_status.program_name}: next is {new_status.next_session} "
                "(n starts it)",
                timeout=5,
            )
            self.refresh_data()
            self.select(PROGRAM, new_status.program_key, force=True)

        self.app.push_screen(ProgramStartScreen(detail, replacing, self._today()), callback=started)

    def _start_workout_with(self, start: WorkoutStarter) -> None:
        """The readiness check-in, then `start(db, now, readiness)` and on to Workout."""
        from halterofit_tui.tui.screens.readiness import ReadinessScreen

        def answered(readiness: Readiness | None) -> None:
            call_service(
                self,
                start,
                self.app.clock(),  # type: ignore[attr-defined]
                readiness,
                then=self._workout_started,
            )

        self.app.push_screen(ReadinessScreen(), callback=answered)

    def _workout_started(self, workout: Workout) -> None:
        self.notify(f"Started '{workout.name}'", timeout=4)
        self.app.action_switch_area("workout")  # type: ignore[attr-defined]

    def action_start_next(self) -> None:
        if self._not_loaded_yet(self.action_start_next):
            return
        if self.status is None:
            self.notify("No programme in progress: highlight one and press e", severity="warning")
            return
        from halterofit_tui.services.programs import start_next_session

        self._start_workout_with(start_next_session)

    def action_use_template(self) -> None:
        if self.selected is None or self.selected[0] != TEMPLATE:
            return
        from halterofit_tui.services.templates import start_template

        template_id = self.selected[1]

        def start(db: Database, now: datetime, readiness: Readiness | None) -> Workout:
            return start_template(db, template_id, now, readiness)

        self._start_workout_with(start)

    def action_stop_program(self) -> None:
        if self._not_loaded_yet(self.action_stop_program):
            return
        status = self.status
        if status is None:
            return
        from halterofit_tui.services.programs import stop_program
        from halterofit_tui.tui.screens.confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def stopped(_: ProgramStatus) -> None:
                self.notify(f"Stopped {status.program_name}", timeout=4)
                self.refresh_data()

            call_service(self, stop_program, self._today(), then=stopped)

        question = f"Stop {status.program_name}?"
        detail = (
            f"{count_text(status.sessions_done, 'session')} done; its workouts stay in your "
            "history, and you can start a programme again."
        )
        self.app.push_screen(ConfirmScreen(question, detail, danger=True), callback=confirmed)
