"""Which Supabase project to talk to: its URL and anon key, from config.toml or the environment.

The anon key is public by design (every Supabase web app ships it to browsers); what protects a
lifter's rows is row-level security and the session, which lives in the OS keyring, never here.
"""

from __future__ import annotations

import ipaddress
import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from halterofit_tui.config import Paths, ensure_writable_dir
from halterofit_tui.domain.errors import HalterofitError, InvalidInput

CONFIG_FILE = "config.toml"
SECTION = "supabase"
URL_ENV = "HALTEROFIT_SUPABASE_URL"
ANON_KEY_ENV = "HALTEROFIT_SUPABASE_ANON_KEY"


class RemoteNotConfigured(HalterofitError):
    """No Supabase project URL and anon key are known yet."""


@dataclass(frozen=True)
class RemoteConfig:
    url: str
    anon_key: str

    @property
    def auth_url(self) -> str:
        return f"{self.url}/auth/v1"

    @property
    def rest_url(self) -> str:
        return f"{self.url}/rest/v1"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalise_url(raw: str) -> str:
    """The project URL without a trailing slash; https, or http only to this machine."""
    url = raw.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(
            f"the project URL must look like https://<project>.supabase.co (got {raw!r})"
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        # A password and session tokens would cross the network in clear.
        raise InvalidInput(f"the project URL must use https (got {url})")
    if parts.query or parts.fragment:
        raise InvalidInput(f"the project URL must not have a query or fragment (got {url})")
    return url


def normalise_anon_key(raw: str) -> str:
    key = raw.strip()
    if not key or any(character.isspace() for character in key):
        raise InvalidInput("the anon key must be one word (Project Settings → API → anon key)")
    return key


def config_file(paths: Paths) -> Path:
    return paths.config_dir / CONFIG_FILE


def _read_section(path: Path) -> dict[str, object]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path} is not valid TOML: {exc}") from exc
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from exc
    section = document.get(SECTION, {})
    if not isinstance(section, dict):
        raise InvalidInput(f"{path}: [{SECTION}] must be a table")
    return section


def load_remote_config(paths: Paths) -> RemoteConfig:
    """The project in use: config.toml [supabase], each value overridable by the environment."""
    section = _read_section(config_file(paths))
    url = os.environ.get(URL_ENV, "").strip() or section.get("url")
    anon_key = os.environ.get(ANON_KEY_ENV, "").strip() or section.get("anon_key")
    if not url or not anon_key:
        raise RemoteNotConfigured(
            "no Supabase project configured: run `halterofit login --url URL --anon-key KEY`"
        )
    if not isinstance(url, str) or not isinstance(anon_key, str):
        raise InvalidInput(f"{config_file(paths)}: [{SECTION}] url and anon_key must be strings")
    return RemoteConfig(url=normalise_url(url), anon_key=normalise_anon_key(anon_key))


def _without_section(text: str) -> list[str]:
    """The file's lines minus the [supabase] table (and its sub-tables); the rest kept as is."""
    kept: list[str] = []
    inside = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            header = stripped.lstrip("[").split("]", 1)[0].strip()
            inside = header == SECTION or header.startswith(f"{SECTION}.")
        if not inside:
            kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return kept


def save_remote_config(paths: Paths, config: RemoteConfig) -> Path:
    """Write [supabase] url and anon_key into config.toml, keeping every other setting."""
    path = config_file(paths)
    ensure_writable_dir(paths.config_dir)
    _read_section(path)  # refuse to rewrite a file we cannot parse
    try:
        existing = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        existing = ""
    lines = _without_section(existing)
    if lines:
        lines.append("")
    # JSON string escapes are valid TOML basic-string escapes.
    lines += [
        f"[{SECTION}]",
        f"url = {json.dumps(config.url)}",
        f"anon_key = {json.dumps(config.anon_key)}",
    ]
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    partial.replace(path)
    return path
