"""Export the whole history from the palette: lossless JSON, or CSV in Strong's layout.

The file name defaults to ~/halterofit-export-YYYY-MM-DD.json, dated by the app's clock in the
lifter's time zone; choosing the other format swaps the suffix. The export is written beside
the target and moved into place (services.exporting), so a refusal leaves no half file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Final

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from halterofit_tui.domain.describe import plural
from halterofit_tui.services.exporting import ExportReport, export_to_file
from halterofit_tui.services.profile import local_today
from halterofit_tui.tui.screens.transfer import TransferScreen

FORMAT_CHOICES: Final = (
    ("JSON: everything, imports back exactly", "json"),
    ("CSV: Strong's layout, for other apps", "csv"),
)
SUFFIXES: Final = {"json": ".json", "csv": ".csv"}


def default_export_path(day: date, export_format: str = "json") -> str:
    return f"~/halterofit-export-{day.isoformat()}{SUFFIXES[export_format]}"


def exported_text(report: ExportReport, path: Path) -> str:
    """'Exported 3 workouts and 10 sets to PATH (json).', as `halterofit export` says it."""
    parts = [plural(report.workouts, "workout"), plural(report.sets, "set")]
    if report.body_metrics:
        parts.append(plural(report.body_metrics, "body metric"))
    what = ", ".join(parts[:-1]) + f" and {parts[-1]}"
    return f"Exported {what} to {path} ({report.format})."


class ExportScreen(TransferScreen):
    AUTO_FOCUS = "#export-path"

    def today(self) -> date:
        app = self.halterofit
        now = app.clock()
        return local_today(app.profile, now) if app.profile else now.astimezone().date()

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog transfer-dialog"):
            yield Static("Export your history", classes="dialog-title")
            with Horizontal(classes="transfer-line"):
                yield Label("File", classes="transfer-label")
                yield Input(default_export_path(self.today()), id="export-path", compact=True)
            with Horizontal(classes="transfer-line"):
                yield Label("Format", classes="transfer-label")
                yield Select(
                    FORMAT_CHOICES,
                    value="json",
                    allow_blank=False,
                    compact=True,
                    id="export-format",
                )
            yield Static("", classes="transfer-note error", id="export-error", markup=False)
            yield Static("", classes="transfer-note transfer-done", id="export-done", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", compact=True, id="export-run")
                yield Button("Close", compact=True, id="export-close")
            yield Static("Tab moves · Enter exports · Esc closes", classes="muted")

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        """Keep the file name's suffix in step with the format."""
        field = self.query_one("#export-path", Input)
        chosen = str(event.value)
        for export_format, suffix in SUFFIXES.items():
            if export_format != chosen and field.value.endswith(suffix):
                field.value = field.value.removesuffix(suffix) + SUFFIXES[chosen]

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.export()

    @on(Button.Pressed, "#export-run")
    def _export_pressed(self) -> None:
        self.export()

    @on(Button.Pressed, "#export-close")
    def _close_pressed(self) -> None:
        self.action_close()

    def export(self) -> None:
        if self.busy:
            return
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.show_note(error="Give the file to write, e.g. ~/halterofit-export.json")
            return
        path = Path(text).expanduser()
        export_format = str(self.query_one("#export-format", Select).value)
        self.show_note(done="Exporting…")
        self.run_job(
            export_to_file,
            path,
            export_format,
            now=self.halterofit.clock(),
            then=lambda report: self.show_note(done=exported_text(report, path)),
            failed=lambda error: self.show_note(error=str(error)),
        )

    def job_lost(self) -> None:
        self.show_note()
