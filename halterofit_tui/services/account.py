"""Signing in to the Supabase project, signing out, and who is signed in on this device."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from halterofit_tui.config import Paths
from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.services.remote_config import (
    RemoteConfig,
    RemoteNotConfigured,
    load_remote_config,
    normalise_anon_key,
    normalise_url,
    save_remote_config,
)
from halterofit_tui.services.supabase_auth import (
    AuthClient,
    AuthSession,
    KeyringSessionStore,
    SessionManager,
    SignInRequired,
)
from halterofit_tui.services.supabase_rest import open_http_client


@dataclass(frozen=True)
class Account:
    """Who is signed in, and where the session is kept. No token: safe to print."""

    email: str
    user_id: str
    project_url: str
    expires_at: datetime
    keyring_backend: str


@dataclass(frozen=True)
class LoginOutcome:
    account: Account | None  # None: the account exists but its email must be confirmed first
    created: bool
    config_file: Path


@dataclass(frozen=True)
class LogoutOutcome:
    was_signed_in: bool
    server_confirmed: bool
    project_url: str | None


def remote_for_login(paths: Paths, url: str | None, anon_key: str | None) -> RemoteConfig:
    """The project to sign in to: the given URL and key, the saved ones filling any gap."""
    if url and anon_key:
        return RemoteConfig(normalise_url(url), normalise_anon_key(anon_key))
    try:
        saved = load_remote_config(paths)
    except RemoteNotConfigured:
        raise InvalidInput(
            "which Supabase project? pass --url and --anon-key "
            "(Project Settings → API in the Supabase dashboard)"
        ) from None
    return RemoteConfig(
        normalise_url(url) if url else saved.url,
        normalise_anon_key(anon_key) if anon_key else saved.anon_key,
    )


def validate_email(raw: str) -> str:
    email = raw.strip()
    local, at, domain = email.partition("@")
    if not (local and at and domain) or any(character.isspace() for character in email):
        raise InvalidInput(f"not an email address: {raw!r}")
    return email


def _account(config: RemoteConfig, session: AuthSession, backend: str) -> Account:
    return Account(
        email=session.email,
        user_id=session.user_id,
        project_url=config.url,
        expires_at=datetime.fromtimestamp(session.expires_at, UTC),
        keyring_backend=backend,
    )


def login(
    paths: Paths, config: RemoteConfig, email: str, password: str, *, create_account: bool = False
) -> LoginOutcome:
    """Sign in (or sign up), keep the session in the keyring and the project in config.toml."""
    email = validate_email(email)
    if not password:
        raise InvalidInput("the password is empty")
    store = KeyringSessionStore(config)
    # Before the password leaves this machine: a session we cannot keep is no use.
    backend = store.backend_name()
    with open_http_client() as http:
        auth = AuthClient(config, http)
        session = auth.signup(email, password) if create_account else auth.sign_in(email, password)
        if session is not None:
            SessionManager(paths, config, http, store, auth=auth).adopt(session)
    saved_to = save_remote_config(paths, config)
    account = None if session is None else _account(config, session, backend)
    return LoginOutcome(account=account, created=create_account, config_file=saved_to)


def logout(paths: Paths) -> LogoutOutcome:
    """End the session on the server when reachable, and delete it from the keyring anyway."""
    try:
        config = load_remote_config(paths)
    except RemoteNotConfigured:
        return LogoutOutcome(was_signed_in=False, server_confirmed=True, project_url=None)
    with open_http_client() as http:
        result = SessionManager(paths, config, http).sign_out()
    return LogoutOutcome(
        was_signed_in=result != "was_signed_out",
        server_confirmed=result != "forgotten_here_only",
        project_url=config.url,
    )


def whoami(paths: Paths) -> Account:
    """The signed-in account as stored on this device (no network call)."""
    try:
        config = load_remote_config(paths)
    except RemoteNotConfigured:
        raise SignInRequired("not signed in: halterofit login --url URL --anon-key KEY") from None
    store = KeyringSessionStore(config)
    session = store.load()
    if session is None:
        raise SignInRequired(f"not signed in to {config.url}: halterofit login")
    return _account(config, session, store.backend_name())
