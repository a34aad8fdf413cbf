"""Import a history file (Strong, Hevy, FitNotes or a Halterofit JSON export) from the palette.

Preview is the dry run: the mapping of every exercise name and what would be added, nothing
written. Import takes a rolling backup first, as `halterofit import` does, and feeds the
progress bar from the service's callback (marshalled to the event loop). A refusal is one line
under the fields; after an import the app reloads the profile and exercise names, and the area
underneath reloads when it is shown again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Final

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.domain.imports.model import UnitNeeded
from halterofit_tui.domain.units import Unit
from halterofit_tui.services.importing import (
    JsonImportOutcome,
    import_data,
    json_summary_lines,
    mapping_lines,
    read_export,
    summary_lines,
)
from halterofit_tui.tui.screens.transfer import TransferScreen

if TYPE_CHECKING:
    from halterofit_tui.store.engine import Database

FORMAT_CHOICES: Final = (
    ("auto-detect", "auto"),
    ("Strong", "strong"),
    ("Hevy", "hevy"),
    ("FitNotes", "fitnotes"),
    ("Halterofit JSON", "json"),
)
FROM_THE_FILE: Final = "file"
UNIT_CHOICES: Final = (("from the file", FROM_THE_FILE), ("kg", "kg"), ("lb", "lb"))
HINT: Final = (
    "Preview shows how each exercise is matched and what would be added; "
    "nothing is written until Import."
)


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    source_format: str
    unit: Unit | None
    strict: bool


@dataclass(frozen=True)
class ImportOutcome:
    mapping: list[str]  # the dry run's table (empty for a JSON export)
    summary: list[str]


def run_import(
    db: Database,
    request: ImportRequest,
    *,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> ImportOutcome:
    """Read the file and import it (or preview it) as `halterofit import` does."""
    outcome = import_data(
        db,
        read_export(request.path),
        source_format=request.source_format,
        unit=request.unit,
        dry_run=dry_run,
        strict=request.strict,
        progress=progress,
    )
    if isinstance(outcome, JsonImportOutcome):
        return ImportOutcome([], json_summary_lines(outcome.result, outcome.backup))
    return ImportOutcome(mapping_lines(outcome) if dry_run else [], summary_lines(outcome))


class ImportScreen(TransferScreen):
    AUTO_FOCUS = "#import-path"

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog", classes="dialog transfer-dialog"):
            yield Static(
                "Import a history file (Strong, Hevy, FitNotes, JSON)", classes="dialog-title"
            )
            with Horizontal(classes="transfer-line"):
                yield Label("File", classes="transfer-label")
                yield Input(
                    placeholder="e.g. ~/Downloads/strong.csv", id="import-path", compact=True
                )
            with Horizontal(classes="transfer-line"):
                yield Label("Format", classes="transfer-label")
                yield Select(
                    FORMAT_CHOICES,
                    value="auto",
                    allow_blank=False,
                    compact=True,
                    id="import-format",
                )
                yield Label("Unit", classes="transfer-label")
                yield Select(
                    UNIT_CHOICES,
                    value=FROM_THE_FILE,
                    allow_blank=False,
                    compact=True,
                    id="import-unit",
                )
            yield Checkbox(
                "Strict: import nothing if any row is bad", compact=True, id="import-strict"
            )
            with Horizontal(classes="buttons"):
                yield Button("Preview", variant="primary", compact=True, id="import-preview")
                yield Button("Import", compact=True, id="import-run")
                yield Button("Close", compact=True, id="import-close")
            yield Static("", classes="transfer-note error", id="import-error", markup=False)
            yield ProgressBar(show_eta=False, id="import-progress")
            with ScrollableContainer(id="import-report"):
                yield Static(HINT, classes="muted", id="import-lines", markup=False)
            yield Static("Tab moves · Enter runs a button · Esc closes", classes="muted")

    # --- the request ---------------------------------------------------------------------

    def request(self) -> ImportRequest | None:
        """The fields as a request, or None (with the reason shown) when no file is given."""
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self.show_note(error="Give the file to import, e.g. ~/Downloads/strong.csv")
            return None
        unit = self.query_one("#import-unit", Select).value
        return ImportRequest(
            path=Path(text).expanduser(),
            source_format=str(self.query_one("#import-format", Select).value),
            unit="kg" if unit == "kg" else "lb" if unit == "lb" else None,
            strict=self.query_one("#import-strict", Checkbox).value,
        )

    def _show_lines(self, lines: list[str], *, muted: bool = False) -> None:
        shown = self.query_one("#import-lines", Static)
        shown.update("\n".join(lines))
        shown.set_class(muted, "muted")
        self.query_one("#import-report", ScrollableContainer).scroll_home(animate=False)

    # --- preview and import --------------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start(dry_run=True)

    @on(Button.Pressed, "#import-preview")
    def _preview_pressed(self) -> None:
        self.start(dry_run=True)

    @on(Button.Pressed, "#import-run")
    def _import_pressed(self) -> None:
        self.start(dry_run=False)

    @on(Button.Pressed, "#import-close")
    def _close_pressed(self) -> None:
        self.action_close()

    def start(self, *, dry_run: bool) -> None:
        """Preview (dry_run) or import the file the fields describe, in a worker."""
        if self.busy:
            return
        self.show_note()
        request = self.request()
        if request is None:
            return
        app = self.app
        bar = self.query_one("#import-progress", ProgressBar)
        bar.set_class(not dry_run, "-shown")
        bar.update(total=None, progress=0)

        def progress(done: int, total: int) -> None:
            # In the worker thread, after each batch of workouts is written.
            app.call_from_thread(bar.update, total=total, progress=done)

        self._show_lines(["Reading the file…" if dry_run else "Importing…"])
        self.run_job(
            run_import,
            request,
            dry_run=dry_run,
            progress=None if dry_run else progress,
            then=partial(self._finished, dry_run),
            failed=self._failed,
        )

    def _finished(self, dry_run: bool, outcome: ImportOutcome) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        if not dry_run:
            # Full, also when every workout was already there and no batch was written.
            done = bar.total or 1
            bar.update(total=done, progress=done)
        lines = [*outcome.mapping, ""] if outcome.mapping else []
        self._show_lines(lines + outcome.summary)
        if not dry_run:
            # New custom exercises and, from a JSON export, perhaps the profile.
            self.halterofit.reload_profile()
            self.halterofit.reload_exercise_names()

    def _failed(self, error: HalterofitError) -> None:
        self.job_lost()
        hint = ": choose kg or lb as the Unit" if isinstance(error, UnitNeeded) else ""
        self.show_note(error=f"{error}{hint}")

    def job_lost(self) -> None:
        self.query_one("#import-progress", ProgressBar).set_class(False, "-shown")
        self._show_lines([HINT], muted=True)
