"""`halterofit login`, `logout` and `whoami`: the Supabase account this device syncs with."""

from __future__ import annotations

import sys

import typer


def _can_ask() -> bool:
    return sys.stdin.isatty()


def login(
    url: str | None = typer.Option(
        None, "--url", help="Project URL, https://<project>.supabase.co (saved for next time)."
    ),
    anon_key: str | None = typer.Option(
        None, "--anon-key", help="The project's anon (public) key (saved for next time)."
    ),
    email: str | None = typer.Option(None, "--email", help="Account email (asked when omitted)."),
    signup: bool = typer.Option(False, "--signup", help="Create the account first."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of stdin."
    ),
) -> None:
    """Sign in to your Supabase project; the session is kept in the OS keyring."""
    from halterofit_tui.config import resolve_paths
    from halterofit_tui.domain.errors import InvalidInput
    from halterofit_tui.services import account

    paths = resolve_paths()
    config = account.remote_for_login(paths, url, anon_key)
    if email is None:
        if password_stdin:
            raise InvalidInput("with --password-stdin, give the email with --email")
        if not _can_ask():
            raise InvalidInput("no terminal to ask your email: pass --email")
        email = typer.prompt("Email", err=True)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not _can_ask():
            raise InvalidInput("no terminal to ask your password: pipe it with --password-stdin")
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=signup, err=True)
    outcome = account.login(paths, config, email, password, create_account=signup)
    if outcome.account is None:
        typer.echo(
            f"Created the account {email} on {config.url}: open the confirmation link "
            "Supabase emailed you, then run `halterofit login`."
        )
        return
    signed_in = outcome.account
    done = "Created the account and signed in" if outcome.created else "Signed in"
    typer.echo(f"{done} to {signed_in.project_url} as {signed_in.email}.")
    typer.echo(f"Session kept in the OS keyring ({signed_in.keyring_backend}).")


def logout() -> None:
    """Sign out: end the session on the server (when reachable) and forget it here."""
    from halterofit_tui.config import resolve_paths
    from halterofit_tui.services import account

    outcome = account.logout(resolve_paths())
    if not outcome.was_signed_in:
        typer.echo("Not signed in.")
    elif outcome.server_confirmed:
        typer.echo(f"Signed out of {outcome.project_url}.")
    else:
        typer.echo(
            f"Signed out of {outcome.project_url} on this device; the server did not confirm, "
            "so the session may still be valid there."
        )


def whoami(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Who is signed in: email, user id, project and session expiry (never a token)."""
    from halterofit_tui.cli.output import emit_json, iso
    from halterofit_tui.config import resolve_paths
    from halterofit_tui.services import account

    signed_in = account.whoami(resolve_paths())
    if as_json:
        emit_json(
            {
                "email": signed_in.email,
                "user_id": signed_in.user_id,
                "project_url": signed_in.project_url,
                "expires_at": iso(signed_in.expires_at),
                "keyring": signed_in.keyring_backend,
            }
        )
        return
    expiry = signed_in.expires_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    typer.echo(f"email    {signed_in.email}")
    typer.echo(f"user id  {signed_in.user_id}")
    typer.echo(f"project  {signed_in.project_url}")
    typer.echo(f"session  access token valid until {expiry} (renewed automatically)")
    typer.echo(f"keyring  {signed_in.keyring_backend}")


def register(app: typer.Typer) -> None:
    app.command()(login)
    app.command()(logout)
    app.command()(whoami)
