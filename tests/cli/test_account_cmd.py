"""`halterofit login`, `logout`, `whoami` against the test gateway (real HTTP, real PostgreSQL),
with a real in-memory keyring backend; and the promise that no token is ever written down."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from halterofit_tui.cli import account_cmd
from halterofit_tui.config import resolve_paths
from halterofit_tui.services.remote_config import RemoteConfig
from halterofit_tui.services.supabase_auth import KEYRING_SERVICE, SessionManager
from halterofit_tui.services.supabase_rest import RestClient, RetryPolicy, open_http_client
from tests.services.test_supabase_auth import MemoryKeyring

EMAIL = "lifter@example.com"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def use_keyring() -> Iterator[Callable[[KeyringBackend], None]]:
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(use_keyring: Callable[[KeyringBackend], None]) -> MemoryKeyring:
    backend = MemoryKeyring()
    use_keyring(backend)
    return backend


def login_args(gateway, *extra: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        "login",
        "--url",
        gateway.url,
        "--anon-key",
        gateway.anon_key,
        "--email",
        EMAIL,
        "--password-stdin",
        *extra,
    ]


def stored_session(backend: MemoryKeyring, gateway) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return json.loads(backend.entries[(KEYRING_SERVICE, gateway.url)])


def test_login_keeps_the_session_in_the_keyring_and_the_project_in_config(  # type: ignore[no-untyped-def]
    cli, home: Path, supabase, memory_keyring: MemoryKeyring
) -> None:
    user_id = supabase.create_user(EMAIL, PASSWORD)
    result = cli(*login_args(supabase), input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Signed in to {supabase.url} as {EMAIL}.\nSession kept in the OS keyring "
        f"({memory_keyring.name}).\n"
    )
    assert stored_session(memory_keyring, supabase)["user_id"] == user_id
    assert (home / "config.toml").read_text() == (
        f'[supabase]\nurl = "{supabase.url}"\nanon_key = "{supabase.anon_key}"\n'
    )

    shown = cli("whoami", "--json")
    assert shown.exit_code == 0, shown.stderr
    data = json.loads(shown.stdout)
    expires_at = datetime.fromtimestamp(
        int(stored_session(memory_keyring, supabase)["expires_at"]), UTC
    )
    assert data == {
        "email": EMAIL,
        "user_id": user_id,
        "project_url": supabase.url,
        "expires_at": expires_at.isoformat().replace("+00:00", "Z"),
        "keyring": memory_keyring.name,
    }
    text = cli("whoami").stdout.splitlines()
    assert text[:3] == [f"email    {EMAIL}", f"user id  {user_id}", f"project  {supabase.url}"]
    assert text[3] == (
        f"session  access token valid until {expires_at:%Y-%m-%d %H:%M:%S} UTC "
        "(renewed automatically)"
    )


def test_a_wrong_password_is_one_line_and_saves_nothing(  # type: ignore[no-untyped-def]
    cli, home: Path, supabase, memory_keyring: MemoryKeyring
) -> None:
    supabase.create_user(EMAIL, PASSWORD)
    result = cli(*login_args(supabase), input="not the password\n")
    assert result.exit_code == 1
    assert result.stderr == "halterofit: wrong email or password\n"
    assert memory_keyring.entries == {}
    assert not (home / "config.toml").exists()


def test_an_unreachable_server_is_one_line(  # type: ignore[no-untyped-def]
    cli, supabase, memory_keyring: MemoryKeyring
) -> None:
    supabase.refuse_connections()
    result = cli(*login_args(supabase), input=f"{PASSWORD}\n")
    host = supabase.url.removeprefix("http://")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"halterofit: cannot reach the Supabase server {host}: ")
    assert result.stderr.count("\n") == 1


def test_without_a_keyring_login_refuses_before_sending_the_password(  # type: ignore[no-untyped-def]
    cli, home: Path, supabase, use_keyring
) -> None:
    use_keyring(fail.Keyring())
    supabase.create_user(EMAIL, PASSWORD)
    result = cli(*login_args(supabase), input=f"{PASSWORD}\n")
    assert result.exit_code == 1
    assert result.stderr == (
        "halterofit: no OS keyring to keep your session in (keyring found no backend): install "
        "and unlock a Secret Service (e.g. gnome-keyring), or choose a keyrings.alt backend with "
        "PYTHON_KEYRING_BACKEND (e.g. keyrings.alt.file.EncryptedKeyring); Halterofit never "
        "writes your session to a plain file on its own\n"
    )
    assert not any(r.path.startswith("/auth/") for r in supabase.requests)
    for path in home.rglob("*"):
        assert not path.is_file() or PASSWORD.encode() not in path.read_bytes(), path


def test_signup_creates_the_account_and_signs_in_once(  # type: ignore[no-untyped-def]
    cli, supabase, memory_keyring: MemoryKeyring
) -> None:
    created = cli(*login_args(supabase, "--signup"), input=f"{PASSWORD}\n")
    assert created.exit_code == 0, created.stderr
    assert created.stdout.startswith(
        f"Created the account and signed in to {supabase.url} as {EMAIL}.\n"
    )
    again = cli(*login_args(supabase, "--signup"), input=f"{PASSWORD}\n")
    assert again.exit_code == 1
    assert again.stderr == (
        "halterofit: an account with this email already exists: log in without --signup\n"
    )


def test_at_a_terminal_the_password_is_asked_without_echo(  # type: ignore[no-untyped-def]
    cli, supabase, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    supabase.create_user(EMAIL, PASSWORD)
    monkeypatch.setattr(account_cmd, "_can_ask", lambda: True)
    result = cli(
        "login",
        "--url",
        supabase.url,
        "--anon-key",
        supabase.anon_key,
        input=f"{EMAIL}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "Password:" in result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    assert f"as {EMAIL}." in result.stdout


def test_without_a_terminal_the_password_must_come_from_stdin(  # type: ignore[no-untyped-def]
    cli, supabase, memory_keyring: MemoryKeyring
) -> None:
    result = cli("login", "--url", supabase.url, "--anon-key", supabase.anon_key, "--email", EMAIL)
    assert result.exit_code == 2
    assert result.stderr == (
        "halterofit: no terminal to ask your password: pipe it with --password-stdin\n"
    )


def test_a_piped_password_needs_the_email_as_an_option(  # type: ignore[no-untyped-def]
    cli, supabase, memory_keyring: MemoryKeyring
) -> None:
    result = cli(
        "login",
        "--url",
        supabase.url,
        "--anon-key",
        supabase.anon_key,
        "--password-stdin",
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 2
    assert result.stderr == "halterofit: with --password-stdin, give the email with --email\n"
    assert supabase.requests == []


def test_login_needs_a_project_the_first_time(cli, memory_keyring: MemoryKeyring) -> None:  # type: ignore[no-untyped-def]
    result = cli("login", "--email", EMAIL, "--password-stdin", input=f"{PASSWORD}\n")
    assert result.exit_code == 2
    assert result.stderr == (
        "halterofit: which Supabase project? pass --url and --anon-key "
        "(Project Settings → API in the Supabase dashboard)\n"
    )


def test_logout_ends_the_session_and_forgets_it(  # type: ignore[no-untyped-def]
    cli, supabase, memory_keyring: MemoryKeyring
) -> None:
    supabase.create_user(EMAIL, PASSWORD)
    assert cli(*login_args(supabase), input=f"{PASSWORD}\n").exit_code == 0
    result = cli("logout")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Signed out of {supabase.url}.\n"
    assert memory_keyring.entries == {}
    assert ("POST", "/auth/v1/logout", 204) in [
        (r.method, r.path, r.status) for r in supabase.requests
    ]
    whoami = cli("whoami")
    assert whoami.exit_code == 1
    assert whoami.stderr == f"halterofit: not signed in to {supabase.url}: halterofit login\n"
    assert cli("logout").stdout == "Not signed in.\n"


def test_logout_offline_still_forgets_the_session_here(  # type: ignore[no-untyped-def]
    cli, supabase, memory_keyring: MemoryKeyring
) -> None:
    supabase.create_user(EMAIL, PASSWORD)
    assert cli(*login_args(supabase), input=f"{PASSWORD}\n").exit_code == 0
    supabase.refuse_connections()
    result = cli("logout")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Signed out of {supabase.url} on this device; the server did not confirm, "
        "so the session may still be valid there.\n"
    )
    assert memory_keyring.entries == {}


def test_whoami_before_any_login(cli, memory_keyring: MemoryKeyring) -> None:  # type: ignore[no-untyped-def]
    result = cli("whoami", "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "halterofit: not signed in: halterofit login --url URL --anon-key KEY\n"


def test_no_token_reaches_the_data_directory_the_logs_or_the_output(  # type: ignore[no-untyped-def]
    cli, home: Path, supabase, memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    supabase.create_user(EMAIL, PASSWORD)
    outputs = [cli(*login_args(supabase), input=f"{PASSWORD}\n")]
    tokens: set[str] = set()
    refresh_tokens: set[str] = set()

    def remember_tokens() -> None:
        session = stored_session(memory_keyring, supabase)
        tokens.update({str(session["access_token"]), str(session["refresh_token"])})
        refresh_tokens.add(str(session["refresh_token"]))

    remember_tokens()
    config = RemoteConfig(supabase.url, supabase.anon_key)
    with open_http_client() as http:
        sessions = SessionManager(resolve_paths(), config, http)
        rest = RestClient(config, sessions, http, RetryPolicy(base_delay_s=0.01))
        rest.rpc("halterofit_server_info", {})
        supabase.expire_access_tokens()
        rest.select("workouts", {"select": "id", "limit": "1"})  # 401, refresh, retry
        remember_tokens()
        rest.select("workouts", {"select": "id", "limit": "1"})
    outputs += [cli("whoami"), cli("whoami", "--json"), cli("logout")]
    assert len(refresh_tokens) == 2  # the 401 made it refresh: a rotated session was stored

    anon_key = supabase.anon_key.encode()
    printed = "".join(o.stdout + o.stderr for o in outputs).encode()
    logged = "\n".join(
        f"{record.getMessage()} {record.args!r}" for record in caplog.records
    ).encode()
    assert any(b"/rest/v1/workouts" in record.getMessage().encode() for record in caplog.records)
    places = {"output": printed, "logs": logged}
    places |= {str(p): p.read_bytes() for p in home.rglob("*") if p.is_file()}
    assert str(home / "config.toml") in places
    for place, content in places.items():
        for token in tokens:
            assert token.encode() not in content, place
        # Every JWT starts "eyJ" (base64 of '{"'); the anon key, public, is the only one allowed.
        assert b"eyJ" not in content.replace(anon_key, b""), place
