"""The `halterofit` command. Start-up is a feature: nothing heavy is imported at module level.

Every command imports the store and services inside its body, so `halterofit --help` loads
neither SQLAlchemy nor Textual. Errors meant for the user become one line on stderr and a
non-zero exit; anything else is reported as an internal error, still without a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from halterofit_tui import __version__
from halterofit_tui.domain.errors import HalterofitError

INTERNAL_ERROR_EXIT = 70


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"halterofit: {message}", err=True)
    return typer.Exit(code)


class GuardedGroup(TyperGroup):
    """Turns exceptions from any subcommand into one clear line and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except HalterofitError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except typer.TyperException as exc:
            # Usage errors (unknown option, bad value): one line instead of click's usage block.
            message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
            context = getattr(exc, "ctx", None)
            command = context.command_path if context is not None else "halterofit"
            raise fail(f"{message} (see `{command} --help`)", exc.exit_code) from None
        except Exception as exc:
            if os.environ.get("HALTEROFIT_DEBUG"):
                raise
            first_line = (str(exc).strip().splitlines() or [""])[0][:200]
            raise fail(
                f"internal error: {type(exc).__name__}: {first_line} "
                "(run with HALTEROFIT_DEBUG=1 for details)",
                INTERNAL_ERROR_EXIT,
            ) from None


app = typer.Typer(
    cls=GuardedGroup,
    # Rich help formatting costs ~150 ms of imports on every call; plain help keeps us fast.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=False,
    add_completion=True,
    help="Halterofit: a keyboard-driven workout logger for strength athletes.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"halterofit {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Log workouts from the shell; with no command, open the app."""
    if ctx.invoked_subcommand is not None:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        typer.echo(ctx.get_help())
        typer.echo("\n(Run `halterofit` in a terminal to open the app.)")
        return
    from halterofit_tui.tui.app import run_app

    run_app()


def _register() -> None:
    from halterofit_tui.cli import (
        account_cmd,
        analytics_cmd,
        backup_cmd,
        config_cmd,
        demo_cmd,
        exercises_cmd,
        export_cmd,
        import_cmd,
        plateaus_cmd,
        program_cmd,
        server_cmd,
        sync_cmd,
        template_cmd,
        workout_cmd,
    )

    workout_cmd.register(app)
    app.add_typer(exercises_cmd.app, name="exercises")
    app.add_typer(config_cmd.app, name="config")
    demo_cmd.register(app)
    analytics_cmd.register(app)
    backup_cmd.register(app)
    export_cmd.register(app)
    import_cmd.register(app)
    plateaus_cmd.register(app)
    app.add_typer(server_cmd.app, name="server")
    account_cmd.register(app)
    program_cmd.register(app)
    template_cmd.register(app)
    sync_cmd.register(app)


_register()


def run() -> None:
    """Console-script entry point."""
    code = 0
    try:
        app(prog_name="halterofit")
    except SystemExit as exit_request:
        code = exit_request.code if isinstance(exit_request.code, int) else 1
        if exit_request.code is not None and not isinstance(exit_request.code, int):
            typer.echo(str(exit_request.code), err=True)
    except KeyboardInterrupt:
        typer.echo("halterofit: interrupted", err=True)
        code = 130
    # Every command has committed (SQLite makes that durable) and closed its files by now, so
    # skip the interpreter's module teardown: ~25 ms of every call on a small machine.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
