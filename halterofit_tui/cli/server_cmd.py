"""`halterofit server`: the Supabase side of sync."""

from __future__ import annotations

import typer

app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="The server schema for syncing through your own Supabase project.",
)


@app.command()
def sql(
    as_json: bool = typer.Option(
        False, "--json", help="Print the migrations as JSON instead of one SQL script."
    ),
) -> None:
    """Print the server schema: paste it into the Supabase SQL editor and run it.

    Tables, triggers and row-level security, then the built-in exercises. Safe to run again,
    e.g. after upgrading Halterofit. The same files are in supabase/migrations for
    `supabase db push`.
    """
    from halterofit_tui.services.server_schema import (
        SERVER_SCHEMA_VERSION,
        schema_script,
        server_migrations,
    )

    migrations = server_migrations()
    if as_json:
        from halterofit_tui.cli.output import emit_json

        emit_json(
            {
                "schema_version": SERVER_SCHEMA_VERSION,
                "migrations": [{"name": m.name, "sql": m.sql} for m in migrations],
            }
        )
        return
    typer.echo(schema_script(migrations), nl=False)
