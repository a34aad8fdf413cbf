"""Supabase Auth (GoTrue) sign-in and the session kept in the OS keyring.

The session (access and refresh token) is stored only through `keyring`, one entry per project
(service "halterofit", username the project URL). When keyring has no usable backend we refuse
with the ways out rather than fall back to a plaintext file.

Refresh tokens rotate and a used one dies, so two processes (the CLI and the app) must never
refresh the same token: refreshing happens under an exclusive lock on a file in the data
directory, re-reads the keyring first (the other process may have refreshed already) and stores
the new session before anyone uses it.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import httpx

from halterofit_tui.config import Paths, ensure_writable_dir
from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.services.file_lock import exclusive_lock
from halterofit_tui.services.remote_config import RemoteConfig
from halterofit_tui.services.supabase_rest import (
    RetryPolicy,
    error_body,
    send_with_retries,
    text_field,
)

log = logging.getLogger(__name__)

KEYRING_SERVICE = "halterofit"
REFRESH_MARGIN_S = 60
REFRESH_LOCK_FILE = "auth-refresh.lock"
API_VERSION = "2024-01-01"
SIGN_IN_AGAIN = "sign in again: halterofit login"
# Refresh answers meaning the session is over for good (revoked, rotated away, timed out).
DEAD_SESSION_CODES = frozenset(
    {
        "refresh_token_not_found",
        "refresh_token_already_used",
        "session_expired",
        "session_not_found",
    }
)
SignOutResult = Literal["was_signed_out", "ended_on_server", "forgotten_here_only"]
KEYRING_WAYS_OUT = (
    "install and unlock a Secret Service (e.g. gnome-keyring), or choose a keyrings.alt backend "
    "with PYTHON_KEYRING_BACKEND (e.g. keyrings.alt.file.EncryptedKeyring); Halterofit never "
    "writes your session to a plain file on its own"
)


class SignInRequired(HalterofitError):
    """No usable session: never signed in, signed out, or the server ended the session."""


class KeyringUnavailable(HalterofitError):
    """The OS keyring cannot hold the session (no backend, locked, or refusing)."""


class AuthFailed(HalterofitError):
    """Sign-in or sign-up refused: wrong password, existing account, weak password..."""


@dataclass(frozen=True)
class AuthSession:
    """A signed-in session. `expires_at`: the access token's expiry, Unix seconds, local clock."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: int
    user_id: str
    email: str

    def expires_within(self, seconds: float, now: float) -> bool:
        return self.expires_at - now <= seconds

    def to_json(self) -> str:
        return json.dumps(
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_at": self.expires_at,
                "user_id": self.user_id,
                "email": self.email,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> AuthSession:
        try:
            data = json.loads(text)
            return cls(
                access_token=str(data["access_token"]),
                refresh_token=str(data["refresh_token"]),
                expires_at=int(data["expires_at"]),
                user_id=str(data["user_id"]),
                email=str(data["email"]),
            )
        except (ValueError, TypeError, KeyError):
            raise SignInRequired(f"the stored session is unreadable: {SIGN_IN_AGAIN}") from None


class SessionStore(Protocol):
    def load(self) -> AuthSession | None: ...

    def save(self, session: AuthSession) -> None: ...

    def delete(self) -> None: ...


class KeyringSessionStore:
    """The session of one project in the OS keyring, as one JSON secret."""

    def __init__(self, config: RemoteConfig) -> None:
        self.username = config.url

    def backend_name(self) -> str:
        """The usable keyring backend's name, or KeyringUnavailable with the ways out."""
        import keyring
        from keyring.backends import chainer, fail, null

        backend = keyring.get_keyring()
        if isinstance(backend, null.Keyring):
            raise KeyringUnavailable(
                "the keyring backend chosen (null) stores nothing, so you would never stay "
                f"signed in: {KEYRING_WAYS_OUT}"
            )
        if isinstance(backend, fail.Keyring) or (
            isinstance(backend, chainer.ChainerBackend) and not backend.backends
        ):
            raise KeyringUnavailable(
                f"no OS keyring to keep your session in (keyring found no backend): "
                f"{KEYRING_WAYS_OUT}"
            )
        return str(backend.name)

    @contextmanager
    def _keyring_errors(self) -> Iterator[None]:
        from keyring.errors import KeyringError, KeyringLocked

        try:
            yield
        except KeyringLocked:
            raise KeyringUnavailable(
                f"the OS keyring is locked: unlock it, or {KEYRING_WAYS_OUT}"
            ) from None
        except KeyringError as exc:
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise KeyringUnavailable(
                f"the OS keyring failed ({reason}): {KEYRING_WAYS_OUT}"
            ) from None

    def load(self) -> AuthSession | None:
        import keyring

        self.backend_name()
        with self._keyring_errors():
            text = keyring.get_password(KEYRING_SERVICE, self.username)
        return None if text is None else AuthSession.from_json(text)

    def save(self, session: AuthSession) -> None:
        import keyring

        self.backend_name()
        with self._keyring_errors():
            keyring.set_password(KEYRING_SERVICE, self.username, session.to_json())

    def delete(self) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        self.backend_name()
        with self._keyring_errors():
            try:
                keyring.delete_password(KEYRING_SERVICE, self.username)
            except PasswordDeleteError:
                if keyring.get_password(KEYRING_SERVICE, self.username) is not None:
                    raise


class AuthClient:
    """The Supabase Auth endpoints Halterofit uses. Never logs a token or a password."""

    def __init__(
        self,
        config: RemoteConfig,
        http: httpx.Client,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._config = config
        self._http = http
        # Sign-in is interactive: a few quick tries, not the sync engine's patience.
        self._retry = retry or RetryPolicy(max_attempts=3, max_delay_s=4.0)
        self._sleep = sleep
        self._clock = clock

    def sign_in(self, email: str, password: str) -> AuthSession:
        response = self._post("token?grant_type=password", {"email": email, "password": password})
        if response.status_code != 200:
            raise self._refusal(response)
        return self._session(response)

    def signup(self, email: str, password: str) -> AuthSession | None:
        """Create the account; its session, or None when the project wants the email confirmed."""
        # Not idempotent: repeating after a lost answer would report "already exists".
        response = self._post("signup", {"email": email, "password": password}, idempotent=False)
        if response.status_code != 200:
            raise self._refusal(response)
        body = error_body(response)
        return self._session(response) if "access_token" in body else None

    def refresh(self, refresh_token: str) -> AuthSession:
        response = self._post("token?grant_type=refresh_token", {"refresh_token": refresh_token})
        if response.status_code == 200:
            return self._session(response)
        code = self._code(response)
        if code in DEAD_SESSION_CODES:
            raise SignInRequired(f"your session has ended ({code}): {SIGN_IN_AGAIN}")
        raise self._refusal(response)

    def logout(self, access_token: str) -> None:
        """End this session on the server (this device only: scope=local)."""
        response = self._post("logout?scope=local", None, access_token=access_token)
        if response.status_code not in (200, 204, 401, 403, 404):
            raise self._refusal(response)

    def get_user(self, access_token: str) -> dict[str, Any]:
        response = send_with_retries(
            self._http,
            "GET",
            f"{self._config.auth_url}/user",
            headers=self._headers(access_token),
            policy=self._retry,
            sleep=self._sleep,
        )
        if response.status_code in (401, 403):
            raise SignInRequired(f"the server does not accept this session: {SIGN_IN_AGAIN}")
        if response.status_code != 200:
            raise self._refusal(response)
        return error_body(response)

    def _headers(self, access_token: str | None) -> dict[str, str]:
        headers = {"apikey": self._config.anon_key, "X-Supabase-Api-Version": API_VERSION}
        if access_token is not None:
            headers["Authorization"] = f"Bearer {access_token}"
        return headers

    def _post(
        self,
        path: str,
        body: dict[str, str] | None,
        *,
        access_token: str | None = None,
        idempotent: bool = True,
    ) -> httpx.Response:
        return send_with_retries(
            self._http,
            "POST",
            f"{self._config.auth_url}/{path}",
            headers=self._headers(access_token),
            policy=self._retry,
            sleep=self._sleep,
            json_body=body,
            idempotent=idempotent,
        )

    @staticmethod
    def _code(response: httpx.Response) -> str:
        body = error_body(response)
        return (
            text_field(body, "code") or text_field(body, "error_code") or text_field(body, "error")
        )

    def _refusal(self, response: httpx.Response) -> AuthFailed:
        code = self._code(response)
        body = error_body(response)
        message = (
            text_field(body, "message")
            or text_field(body, "msg")
            or text_field(body, "error_description")
            or response.reason_phrase
        )
        known = {
            "invalid_credentials": "wrong email or password",
            "email_not_confirmed": "this account's email is not confirmed yet: open the link "
            "Supabase sent, then log in",
            "user_already_exists": "an account with this email already exists: log in "
            "without --signup",
            "email_exists": "an account with this email already exists: log in without --signup",
            "weak_password": f"the password is too weak: {message}",
            "signup_disabled": "this project does not accept new accounts",
            "over_request_rate_limit": "too many attempts: wait a minute and try again",
        }
        if code in known:
            return AuthFailed(known[code])
        label = f"HTTP {response.status_code}, {code}" if code else f"HTTP {response.status_code}"
        return AuthFailed(f"the sign-in server refused: {message} ({label})")

    def _session(self, response: httpx.Response) -> AuthSession:
        body = error_body(response)
        try:
            user = body["user"]
            # Expiry from expires_in on our own clock: a Pi with a wrong clock still refreshes
            # on time.
            expires_in = int(body["expires_in"])
            return AuthSession(
                access_token=str(body["access_token"]),
                refresh_token=str(body["refresh_token"]),
                expires_at=int(self._clock()) + expires_in,
                user_id=str(user["id"]),
                email=str(user.get("email") or ""),
            )
        except (KeyError, TypeError, ValueError):
            raise AuthFailed("the sign-in server sent an answer without a session") from None


class SessionManager:
    """The current session of one project: read from the keyring, refreshed before expiry."""

    def __init__(
        self,
        paths: Paths,
        config: RemoteConfig,
        http: httpx.Client,
        store: SessionStore | None = None,
        *,
        auth: AuthClient | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._paths = paths
        self._store: SessionStore = store or KeyringSessionStore(config)
        self._auth = auth or AuthClient(config, http, clock=clock)
        self._clock = clock
        self._cached: AuthSession | None = None
        self._memory_lock = threading.Lock()

    def current(self) -> AuthSession:
        """A session whose access token is good for at least another minute."""
        with self._memory_lock:
            session = self._cached or self._load()
            if not session.expires_within(REFRESH_MARGIN_S, self._clock()):
                self._cached = session
                return session
            with self._refresh_lock():
                latest = self._load()
                if latest.expires_within(REFRESH_MARGIN_S, self._clock()):
                    latest = self._refresh(latest)
                self._cached = latest
                return latest

    def force_refresh(self, stale: AuthSession) -> AuthSession:
        """A new session after the server rejected `stale` (unless another process replaced it)."""
        with self._memory_lock, self._refresh_lock():
            latest = self._load()
            if latest.refresh_token == stale.refresh_token:
                latest = self._refresh(latest)
            self._cached = latest
            return latest

    def adopt(self, session: AuthSession) -> None:
        """Keep a session from a fresh sign-in, replacing any previous one."""
        with self._memory_lock, self._refresh_lock():
            self._store.save(session)
            self._cached = session

    def sign_out(self) -> SignOutResult:
        """Delete the stored session, ending it on the server first when the server answers."""
        with self._memory_lock, self._refresh_lock():
            self._cached = None
            try:
                session = self._store.load()
            except SignInRequired:  # unreadable entry: nothing the server could end
                self._store.delete()
                return "forgotten_here_only"
            if session is None:
                return "was_signed_out"
            result: SignOutResult = "ended_on_server"
            try:
                if session.expires_within(REFRESH_MARGIN_S, self._clock()):
                    session = self._refresh(session)
                self._auth.logout(session.access_token)
            except SignInRequired:
                pass  # the server had already ended this session
            except HalterofitError as exc:
                log.info("logout not confirmed by the server: %s", exc)
                result = "forgotten_here_only"
            self._store.delete()
            return result

    def _load(self) -> AuthSession:
        session = self._store.load()
        if session is None:
            raise SignInRequired("not signed in: halterofit login")
        return session

    def _refresh(self, session: AuthSession) -> AuthSession:
        """Exchange the refresh token (caller holds the lock) and store the result before use."""
        log.debug("refreshing the access token of user %s", session.user_id)
        try:
            fresh = self._auth.refresh(session.refresh_token)
        except SignInRequired:
            self._store.delete()
            self._cached = None
            raise
        self._store.save(fresh)
        return fresh

    @contextmanager
    def _refresh_lock(self) -> Iterator[None]:
        """Exclusive across processes (and threads: each call opens its own file description)."""
        ensure_writable_dir(self._paths.data_dir)
        with exclusive_lock(self._paths.data_dir / REFRESH_LOCK_FILE):
            yield
