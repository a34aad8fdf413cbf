"""Settings: units, theme, rest defaults, e1RM formula, equipment and the lifter's profile.

Every field shows the stored value in the lifter's unit with the service's help text. Editing
commits on Enter (or when the field loses focus) through `set_setting` in a worker: a refused
value stays in the field with the service's reason next to it and nothing is stored; a saved one
is confirmed with a notification and the app reloads the profile so every screen follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.domain.strength import E1RM_FORMULAS
from halterofit_tui.services.profile import EXPERIENCE_LEVELS, SETTINGS, SEXES, THEMES
from halterofit_tui.tui.screens.area import AreaScreen
from halterofit_tui.tui.services import call_service

UNIT_SUFFIX = "@unit"  # a suffix that follows the lifter's unit (kg or lb)


@dataclass(frozen=True)
class Field:
    key: str  # the `set_setting` key
    label: str
    choices: tuple[str, ...] = ()  # a Select when given, else an Input
    suffix: str = ""  # shown after the control: "s", "cm", or UNIT_SUFFIX
    optional_choice: bool = False  # a Select that may be unset (shows a blank entry)
    placeholder: str = ""


SECTIONS: tuple[tuple[str, str, tuple[Field, ...]], ...] = (
    (
        "units",
        "Units & display",
        (
            Field("unit", "Units", choices=("kg", "lb")),
            Field("theme", "Theme", choices=THEMES),
            Field("timezone", "Time zone", placeholder="system"),
        ),
    ),
    (
        "training",
        "Training",
        (
            Field("rest_compound", "Rest, compound", suffix="s"),
            Field("rest_isolation", "Rest, isolation", suffix="s"),
            Field("e1rm_formula", "e1RM formula", choices=E1RM_FORMULAS),
        ),
    ),
    (
        "equipment",
        "Equipment",
        (
            Field("bar_weight", "Bar weight", suffix=UNIT_SUFFIX),
            Field("plates", "Plates", suffix=UNIT_SUFFIX),
        ),
    ),
    (
        "profile",
        "Profile",
        (
            Field("display_name", "Display name"),
            Field("first_name", "First name"),
            Field("last_name", "Last name"),
            Field("bodyweight", "Bodyweight", suffix=UNIT_SUFFIX),
            Field("age", "Age", suffix="years"),
            Field("sex", "Sex", choices=SEXES, optional_choice=True),
            Field("height_cm", "Height", suffix="cm"),
            Field("body_fat_pct", "Body fat", suffix="%"),
            Field(
                "experience_level", "Experience", choices=EXPERIENCE_LEVELS, optional_choice=True
            ),
            Field("years_training", "Years training", suffix="years"),
            Field("goals", "Goals", placeholder="strength,hypertrophy"),
        ),
    ),
)

FIELDS: dict[str, Field] = {f.key: f for _id, _title, fields in SECTIONS for f in fields}


def help_text(key: str, unit: str) -> str:
    return SETTINGS[key].help.replace("your unit", unit)


class SettingField(Vertical):
    """One setting: label, control and suffix on a line; help below; the refusal under that."""

    DEFAULT_CSS = """
    SettingField { height: auto; }
    SettingField > .field-line { height: auto; }
    SettingField .field-label { width: 18; padding-right: 1; text-style: bold; }
    SettingField .field-control { width: 1fr; max-width: 44; }
    SettingField .field-suffix { width: auto; min-width: 6; padding-left: 1; color: $text-muted; }
    SettingField > .field-help { margin-left: 18; color: $text-muted; }
    SettingField > .field-error { margin-left: 18; display: none; }
    SettingField.-refused > .field-error { display: block; }
    SettingField.-refused .field-label { color: $error; }
    """

    def __init__(self, field: Field) -> None:
        super().__init__(id=f"field-{field.key}")
        self.field = field

    def compose(self) -> ComposeResult:
        field = self.field
        control: Widget
        if field.choices:
            control = Select(
                [(choice, choice) for choice in field.choices],
                allow_blank=field.optional_choice,
                prompt="not set",
                compact=True,
                id=f"setting-{field.key}",
                classes="field-control",
            )
        else:
            control = Input(
                placeholder=field.placeholder,
                compact=True,
                id=f"setting-{field.key}",
                classes="field-control",
            )
        with Horizontal(classes="field-line"):
            yield Label(field.label, classes="field-label")
            yield control
            yield Static("", classes="field-suffix", id=f"suffix-{field.key}")
        yield Static("", classes="field-help", id=f"help-{field.key}", markup=False)
        yield Static("", classes="field-error error", id=f"error-{field.key}", markup=False)


class SettingsScreen(AreaScreen):
    AREA_TITLE = "Settings"
    AUTO_FOCUS = "#settings-body"
    DEFAULT_CSS = """
    SettingsScreen #settings-body > .panel { padding: 0 1; }
    SettingsScreen #settings-intro { padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save_field", "Save", id="settings.save"),
        Binding("escape", "revert_field", "Revert", id="settings.revert"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown: dict[str, str] = {}  # key -> stored value as the service shows it
        self.unit = "kg"
        self._saving: dict[str, str] = {}  # key -> text being saved right now
        self._refused_text: dict[str, str] = {}  # key -> the text whose refusal is showing

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="settings-body", classes="body"):
            yield Static(
                "Tab: next field · Enter: save · Esc: revert and leave the field",
                id="settings-intro",
            )
            for section_id, title, fields in SECTIONS:
                with Vertical(id=f"section-{section_id}", classes="panel") as section:
                    section.border_title = title
                    for field in fields:
                        yield SettingField(field)

    # --- loading -------------------------------------------------------------------------

    def refresh_data(self) -> None:
        from halterofit_tui.services.profile import get_settings

        call_service(self, get_settings, then=self.show_settings, group="settings-load")

    def show_settings(self, values: dict[str, str]) -> None:
        self.unit = values.get("unit", "kg")
        self.shown = dict(values)
        self._refused_text.clear()
        for key in FIELDS:
            self._show_value(key, values.get(key, ""))
            self._set_refusal(key, None)

    def _show_value(self, key: str, shown: str) -> None:
        field = FIELDS[key]
        control = self.query_one(f"#setting-{key}")
        if isinstance(control, Select):
            control.value = shown if shown in field.choices else Select.NULL
        elif isinstance(control, Input):
            control.value = shown
        suffix = self.unit if field.suffix == UNIT_SUFFIX else field.suffix
        self.query_one(f"#suffix-{key}", Static).update(suffix)
        self.query_one(f"#help-{key}", Static).update(help_text(key, self.unit))

    def _set_refusal(self, key: str, reason: str | None) -> None:
        self.query_one(f"#field-{key}", SettingField).set_class(reason is not None, "-refused")
        self.query_one(f"#error-{key}", Static).update(f"✗ {reason}" if reason else "")
        control = self.query_one(f"#setting-{key}")
        control.set_class(reason is not None, "-invalid")
        if reason is not None:
            self.call_after_refresh(self.query_one(f"#field-{key}").scroll_visible, animate=False)

    # --- committing ----------------------------------------------------------------------

    @staticmethod
    def _key_of(widget: Widget | None) -> str | None:
        if widget is None or widget.id is None or not widget.id.startswith("setting-"):
            return None
        key = widget.id.removeprefix("setting-")
        return key if key in FIELDS else None

    def commit(self, key: str, text: str) -> None:
        """Store `text` for `key` through the service unless it is already stored or on its way."""
        if key not in self.shown or self._saving.get(key) == text:
            return  # not loaded yet, or the same text is being saved
        if text == self.shown[key]:
            self._refused_text.pop(key, None)
            self._set_refusal(key, None)  # typed back to the stored value: nothing to save
            return
        if self._refused_text.get(key) == text:
            return  # this exact text was refused and its reason is still showing
        from halterofit_tui.services.profile import set_setting

        self._saving[key] = text
        call_service(
            self,
            set_setting,
            key,
            text,
            then=lambda shown: self._saved(key, text, shown),
            failed=lambda error: self._refused(key, text, error),
            group=f"setting-{key}",
        )

    def _saved(self, key: str, text: str, shown: str) -> None:
        self._saving.pop(key, None)
        self._refused_text.pop(key, None)
        self.shown[key] = shown
        self._set_refusal(key, None)
        control = self.query_one(f"#setting-{key}")
        if not (isinstance(control, Input) and control.value != text):
            self._show_value(key, shown)  # normalised ("25:8,20:2"), unless typed over since
        field = FIELDS[key]
        suffix = self.unit if field.suffix == UNIT_SUFFIX else field.suffix
        self.notify(
            f"{field.label}: {f'{shown} {suffix}'.strip() if shown else 'cleared'}", timeout=3
        )
        self.app.reload_profile()  # type: ignore[attr-defined]
        if key == "unit":
            self.refresh_data()  # every weight is now shown in the other unit

    def _refused(self, key: str, text: str, error: HalterofitError) -> None:
        self._saving.pop(key, None)
        self._refused_text[key] = text
        control = self.query_one(f"#setting-{key}")
        if isinstance(control, Select):  # a choice cannot be typed wrong; show the stored one
            self._show_value(key, self.shown[key])
        self._set_refusal(key, str(error))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        key = self._key_of(event.input)
        if key is not None:
            event.stop()
            self.commit(key, event.value)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        key = self._key_of(event.input)
        if key is not None:
            self.commit(key, event.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        key = self._key_of(event.select)
        if key is None or key not in self.shown:
            return
        event.stop()
        if event.value == Select.NULL:
            if self.shown[key]:
                self._show_value(key, self.shown[key])  # a set choice cannot be unset here
            return
        if str(event.value) != self.shown[key]:
            self.commit(key, str(event.value))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Bring the whole field (help and any refusal too) into view, not just its control."""
        key = self._key_of(event.widget)
        if key is not None:
            self.query_one(f"#field-{key}").scroll_visible(animate=False)

    # --- keys ----------------------------------------------------------------------------

    def action_save_field(self) -> None:
        key = self._key_of(self.focused)
        if key is not None and isinstance(self.focused, Input):
            self.commit(key, self.focused.value)

    def action_revert_field(self) -> None:
        """Put the stored value back in the focused field and leave it (so area keys work)."""
        key = self._key_of(self.focused)
        if key is not None and key in self.shown:
            self._show_value(key, self.shown[key])
            self._refused_text.pop(key, None)
            self._set_refusal(key, None)
        self.query_one("#settings-body").focus()
