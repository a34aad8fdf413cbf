"""`halterofit config`: read and change the profile and settings."""

from __future__ import annotations

import typer

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, help="Read and change settings.")


@app.command()
def get(
    key: str | None = typer.Argument(None, help="Setting name; all settings when omitted."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Show one setting, or all of them."""
    from halterofit_tui.cli.output import emit_json
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.profile import SETTINGS, get_setting, get_settings

    db = open_store()
    if key is not None:
        value = get_setting(db, key)
        if as_json:
            emit_json({key: value})
        else:
            typer.echo(value)
        return
    settings = get_settings(db)
    if as_json:
        emit_json(settings)
        return
    width = max(map(len, settings))
    for name, value in settings.items():
        typer.echo(f"{name:<{width}}  {value or '-':<22}  {SETTINGS[name].help}")


@app.command("set", context_settings={"ignore_unknown_options": True})
def set_command(
    key: str = typer.Argument(..., help="Setting name (see `halterofit config get`)."),
    value: str = typer.Argument(..., help="New value."),
) -> None:
    """Change a setting."""
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.profile import set_setting

    shown = set_setting(open_store(), key, value)
    typer.echo(f"{key} = {shown}")
