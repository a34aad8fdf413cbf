"""The session through a real OS keyring: gnome-keyring's Secret Service on a private D-Bus.

`dbus-run-session` gives the child its own session bus; `gnome-keyring-daemon --unlock` creates
and unlocks a login keyring in a temporary HOME, so the user's own keyring is never touched.
Needs the Debian packages dbus-daemon (dbus-run-session) and gnome-keyring; skipped without them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json
import os
from pathlib import Path

import secretstorage
from halterofit_tui.services.remote_config import RemoteConfig
from halterofit_tui.services.supabase_auth import AuthSession, KeyringSessionStore

config = RemoteConfig("https://abcd.supabase.co", "anon-key")
session = AuthSession("eyJaccess.x.y", "refresh-1", 1800000000, "user-1", "lifter@example.com")
store = KeyringSessionStore(config)
connection = secretstorage.dbus_init()
collection = secretstorage.get_default_collection(connection)
attributes = {"service": "halterofit", "username": "https://abcd.supabase.co"}


def secrets_in_service():
    return [item.get_secret().decode() for item in collection.search_items(attributes)]


home = Path(os.environ["HOME"])


def files_holding_a_token():
    found = []
    for path in home.rglob("*"):
        if path.is_file() and any(token in path.read_bytes() for token in (b"eyJ", b"refresh-1")):
            found.append(str(path.relative_to(home)))
    return found


report = {"backend": store.backend_name()}
store.save(session)
report["stored_in_service"] = secrets_in_service() == [session.to_json()]
report["keyring_files"] = sorted(path.name for path in (home / "share/keyrings").iterdir())
report["files_holding_a_token"] = files_holding_a_token()
report["read_back"] = store.load() == session
store.delete()
report["after_delete"] = [store.load(), secrets_in_service()]
print(json.dumps(report))
"""


def test_the_session_is_stored_read_and_deleted_through_the_secret_service(
    tmp_path: Path,
) -> None:
    missing = [
        tool for tool in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(tool)
    ]
    if missing:
        pytest.skip(
            f"no {' and '.join(missing)} here: install the Debian packages dbus-daemon and "
            "gnome-keyring to run the Secret Service test"
        )
    pytest.importorskip("secretstorage", reason="keyring's SecretStorage dependency is missing")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DBUS_", "GNOME_KEYRING", "XDG_", "PYTHON_KEYRING"))
    }
    env |= {
        "HOME": str(tmp_path),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring",
        "KEYRING_PASSWORD": "test-keyring-password",
        "PROBE_PYTHON": sys.executable,
        "PROBE": PROBE,
    }
    result = subprocess.run(
        [
            "dbus-run-session",
            "--",
            "sh",
            "-c",
            'printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets'
            ' >/dev/null && exec "$PROBE_PYTHON" -c "$PROBE"',
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {
        "backend": "SecretService Keyring",
        "stored_in_service": True,
        # The daemon keeps the keyring encrypted on disk: no file shows a token.
        "keyring_files": ["login.keyring", "user.keystore"],
        "files_holding_a_token": [],
        "read_back": True,
        "after_delete": [None, []],
    }
