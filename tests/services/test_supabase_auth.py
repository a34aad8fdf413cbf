"""Sign-in, the keyring-held session and token refresh, against the test gateway (real HTTP,
real PostgreSQL) and a real in-memory keyring backend."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError

from halterofit_tui.config import Paths
from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.services.remote_config import (
    RemoteConfig,
    RemoteNotConfigured,
    load_remote_config,
    save_remote_config,
)
from halterofit_tui.services.supabase_auth import (
    KEYRING_SERVICE,
    AuthClient,
    AuthFailed,
    AuthSession,
    KeyringSessionStore,
    KeyringUnavailable,
    SessionManager,
    SignInRequired,
)
from halterofit_tui.services.supabase_rest import RetryPolicy, open_http_client

CONFIG = RemoteConfig("https://abcd.supabase.co", "anon-key")
SESSION = AuthSession(
    access_token="eyJaccess.payload.signature",
    refresh_token="refresh-secret-1",
    expires_at=1_800_000_000,
    user_id="6c1f0000-0000-4000-8000-000000000001",
    email="lifter@example.com",
)


class MemoryKeyring(KeyringBackend):
    """A complete keyring backend that keeps its secrets in this process only."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise PasswordDeleteError("no such password")
        del self.entries[(service, username)]


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")


@pytest.fixture
def use_keyring() -> Iterator[Callable[[KeyringBackend], None]]:
    """Selects a keyring backend for the test; the previous one comes back afterwards."""
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(use_keyring: Callable[[KeyringBackend], None]) -> MemoryKeyring:
    backend = MemoryKeyring()
    use_keyring(backend)
    return backend


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(data_dir=tmp_path / "data", config_dir=tmp_path / "config")


# --- the session and its keyring entry ---------------------------------------------------


def test_a_session_repr_shows_who_but_no_token() -> None:
    shown = repr(SESSION)
    assert "lifter@example.com" in shown
    assert "eyJ" not in shown
    assert "refresh-secret-1" not in shown


def test_the_session_round_trips_through_the_keyring_under_the_project_url(
    memory_keyring: MemoryKeyring,
) -> None:
    store = KeyringSessionStore(CONFIG)
    store.save(SESSION)
    assert list(memory_keyring.entries) == [("halterofit", "https://abcd.supabase.co")]
    assert store.load() == SESSION
    store.delete()
    assert store.load() is None
    store.delete()  # already gone: nothing to do, no error


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["none", "null"])
def test_no_usable_keyring_is_refused_with_the_ways_out(
    use_keyring: Callable[[KeyringBackend], None], backend: KeyringBackend
) -> None:
    use_keyring(backend)
    with pytest.raises(KeyringUnavailable) as refused:
        KeyringSessionStore(CONFIG).save(SESSION)
    message = str(refused.value)
    assert "Secret Service" in message
    assert "PYTHON_KEYRING_BACKEND" in message
    assert "keyrings.alt" in message
    assert "\n" not in message


def test_a_locked_keyring_says_so(use_keyring: Callable[[KeyringBackend], None]) -> None:
    use_keyring(LockedKeyring())
    with pytest.raises(KeyringUnavailable, match="locked: unlock it"):
        KeyringSessionStore(CONFIG).load()


def test_an_unreadable_keyring_entry_asks_to_sign_in_again(
    memory_keyring: MemoryKeyring,
) -> None:
    memory_keyring.entries[(KEYRING_SERVICE, CONFIG.url)] = "not json"
    with pytest.raises(SignInRequired, match="halterofit login"):
        KeyringSessionStore(CONFIG).load()


# --- remote configuration ------------------------------------------------------------------


def test_remote_config_is_saved_beside_other_settings_and_read_back(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HALTEROFIT_SUPABASE_URL", raising=False)
    monkeypatch.delenv("HALTEROFIT_SUPABASE_ANON_KEY", raising=False)
    paths.config_dir.mkdir()
    config_file = paths.config_dir / "config.toml"
    config_file.write_text(
        '[sync]\nauto = true\n\n[supabase]\nurl = "https://old.supabase.co"\n\n[ui]\nx = 1\n'
    )
    save_remote_config(paths, RemoteConfig("https://new.supabase.co", 'key"with\\quote'))
    assert config_file.read_text() == (
        "[sync]\nauto = true\n\n[ui]\nx = 1\n\n[supabase]\n"
        'url = "https://new.supabase.co"\nanon_key = "key\\"with\\\\quote"\n'
    )
    assert load_remote_config(paths) == RemoteConfig("https://new.supabase.co", 'key"with\\quote')


def test_the_environment_overrides_the_config_file(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_remote_config(paths, RemoteConfig("https://file.supabase.co", "file-key"))
    monkeypatch.setenv("HALTEROFIT_SUPABASE_URL", "https://env.supabase.co/")
    monkeypatch.delenv("HALTEROFIT_SUPABASE_ANON_KEY", raising=False)
    assert load_remote_config(paths) == RemoteConfig("https://env.supabase.co", "file-key")


def test_no_project_configured_names_the_command(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HALTEROFIT_SUPABASE_URL", raising=False)
    monkeypatch.delenv("HALTEROFIT_SUPABASE_ANON_KEY", raising=False)
    with pytest.raises(RemoteNotConfigured, match="halterofit login --url URL --anon-key KEY"):
        load_remote_config(paths)


@pytest.mark.parametrize(
    "url",
    ["http://abcd.supabase.co", "abcd.supabase.co", "ftp://abcd.supabase.co", "https://a.co?x=1"],
)
def test_project_urls_must_be_https_except_to_this_machine(
    paths: Paths, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("HALTEROFIT_SUPABASE_URL", url)
    monkeypatch.setenv("HALTEROFIT_SUPABASE_ANON_KEY", "key")
    with pytest.raises(InvalidInput):
        load_remote_config(paths)


def test_plain_http_is_accepted_on_the_loopback(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HALTEROFIT_SUPABASE_URL", "http://127.0.0.1:54321/")
    monkeypatch.setenv("HALTEROFIT_SUPABASE_ANON_KEY", "key")
    assert load_remote_config(paths).url == "http://127.0.0.1:54321"


# --- against the gateway -------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


def gateway_config(gateway) -> RemoteConfig:  # type: ignore[no-untyped-def]
    return RemoteConfig(gateway.url, gateway.anon_key)


def refresh_requests(gateway) -> int:  # type: ignore[no-untyped-def]
    return sum(
        1
        for request in gateway.requests
        if request.path == "/auth/v1/token" and "grant_type=refresh_token" in request.query
    )


def test_sign_in_returns_the_users_session(supabase) -> None:  # type: ignore[no-untyped-def]
    user_id = supabase.create_user("lifter@example.com", PASSWORD)
    with open_http_client() as http:
        session = AuthClient(gateway_config(supabase), http).sign_in("lifter@example.com", PASSWORD)
    assert session.user_id == user_id
    assert session.email == "lifter@example.com"
    assert session.access_token.startswith("eyJ")
    assert session.refresh_token


def test_a_wrong_password_is_one_plain_line(supabase) -> None:  # type: ignore[no-untyped-def]
    supabase.create_user("lifter@example.com", PASSWORD)
    with open_http_client() as http, pytest.raises(AuthFailed) as refused:
        AuthClient(gateway_config(supabase), http).sign_in("lifter@example.com", "wrong")
    assert str(refused.value) == "wrong email or password"


def test_signing_up_twice_says_the_account_exists(supabase) -> None:  # type: ignore[no-untyped-def]
    with open_http_client() as http:
        auth = AuthClient(gateway_config(supabase), http)
        created = auth.signup("new@example.com", PASSWORD)
        assert created is not None
        assert created.email == "new@example.com"
        with pytest.raises(AuthFailed, match="already exists"):
            auth.signup("new@example.com", PASSWORD)


def test_an_expiring_token_is_refreshed_and_stored_before_use(  # type: ignore[no-untyped-def]
    supabase, paths: Paths, memory_keyring: MemoryKeyring
) -> None:
    supabase.create_user("lifter@example.com", PASSWORD)
    config = gateway_config(supabase)
    now = [1_000_000.0]
    with open_http_client() as http:
        auth = AuthClient(config, http, clock=lambda: now[0])
        signed_in = auth.sign_in("lifter@example.com", PASSWORD)
        manager = SessionManager(paths, config, http, auth=auth, clock=lambda: now[0])
        manager.adopt(signed_in)
        assert signed_in.expires_at == 1_003_600  # the gateway's 3600 s, on our clock
        # 61 s before expiry: still good for a minute, no refresh.
        now[0] = 1_003_539
        assert manager.current() == signed_in
        assert refresh_requests(supabase) == 0
        # 59 s before expiry: inside the one-minute margin.
        now[0] = 1_003_541
        fresh = manager.current()
    assert fresh.refresh_token != signed_in.refresh_token
    assert fresh.expires_at == 1_003_541 + 3600
    assert refresh_requests(supabase) == 1
    assert KeyringSessionStore(config).load() == fresh


def test_concurrent_refreshers_share_one_refresh(  # type: ignore[no-untyped-def]
    supabase, paths: Paths, memory_keyring: MemoryKeyring
) -> None:
    supabase.create_user("lifter@example.com", PASSWORD)
    config = gateway_config(supabase)
    with open_http_client() as http:
        signed_in = AuthClient(config, http).sign_in("lifter@example.com", PASSWORD)
    expired = AuthSession(
        signed_in.access_token, signed_in.refresh_token, 0, signed_in.user_id, signed_in.email
    )
    KeyringSessionStore(config).save(expired)
    results: list[AuthSession] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def one_process() -> None:
        # Own manager and HTTP client each, like the CLI and the app side by side: only the
        # lock file in the data directory and the keyring are shared.
        try:
            with open_http_client() as own_http:
                manager = SessionManager(paths, config, own_http)
                start.wait()
                results.append(manager.current())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one_process) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert refresh_requests(supabase) == 1
    assert len({session.refresh_token for session in results}) == 1
    assert KeyringSessionStore(config).load() == results[0]


def test_a_revoked_session_asks_to_sign_in_again_and_is_forgotten(  # type: ignore[no-untyped-def]
    supabase, paths: Paths, memory_keyring: MemoryKeyring
) -> None:
    user_id = supabase.create_user("lifter@example.com", PASSWORD)
    config = gateway_config(supabase)
    with open_http_client() as http:
        manager = SessionManager(paths, config, http)
        signed_in = AuthClient(config, http).sign_in("lifter@example.com", PASSWORD)
        manager.adopt(signed_in)
        supabase.revoke_sessions(user_id)
        with pytest.raises(SignInRequired) as ended:
            manager.force_refresh(signed_in)
    assert str(ended.value) == (
        "your session has ended (refresh_token_not_found): sign in again: halterofit login"
    )
    assert KeyringSessionStore(config).load() is None


def test_force_refresh_takes_the_session_another_process_already_renewed(  # type: ignore[no-untyped-def]
    supabase, paths: Paths, memory_keyring: MemoryKeyring
) -> None:
    supabase.create_user("lifter@example.com", PASSWORD)
    config = gateway_config(supabase)
    with open_http_client() as http:
        auth = AuthClient(config, http)
        first = auth.sign_in("lifter@example.com", PASSWORD)
        renewed = auth.refresh(first.refresh_token)
        KeyringSessionStore(config).save(renewed)
        assert SessionManager(paths, config, http).force_refresh(first) == renewed
    assert refresh_requests(supabase) == 1


def test_get_user_and_logout_end_the_session(  # type: ignore[no-untyped-def]
    supabase, paths: Paths, memory_keyring: MemoryKeyring
) -> None:
    user_id = supabase.create_user("lifter@example.com", PASSWORD)
    config = gateway_config(supabase)
    with open_http_client() as http:
        auth = AuthClient(config, http, retry=RetryPolicy(max_attempts=1))
        session = auth.sign_in("lifter@example.com", PASSWORD)
        assert auth.get_user(session.access_token)["id"] == user_id
        manager = SessionManager(paths, config, http, auth=auth)
        manager.adopt(session)
        assert manager.sign_out() == "ended_on_server"
        assert KeyringSessionStore(config).load() is None
        with pytest.raises(SignInRequired):
            auth.refresh(session.refresh_token)
