"""Environment helpers for settings: each one fails loudly on a value it cannot read."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def load_dotenv(path) -> None:
    """Reads KEY=value lines from a local .env file into the environment, never overriding a
    variable already set. `make` writes one with DEBUG=true for a developer's checkout;
    deployments set real variables instead."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ImproperlyConfigured(f"{path}, line {number}: expected KEY=value")
        os.environ.setdefault(key.strip(), value.strip().strip("\"'"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_keys(name: str) -> list[tuple[str, str]]:
    """Named secrets, "id:secret" separated by commas, in the order given. Each id is unique
    and each secret at least 32 characters long: a short one would make the seal guessable."""
    keys: list[tuple[str, str]] = []
    for item in env_list(name, []):
        key_id, sep, secret = item.partition(":")
        key_id = key_id.strip()
        if not sep or not key_id or len(key_id) > 40:
            raise ImproperlyConfigured(
                f"{name} must be id:secret pairs separated by commas, each id at most 40 "
                "characters; one entry has no id."
            )
        if len(secret) < 32:
            raise ImproperlyConfigured(
                f"{name}: the secret of key {key_id!r} is shorter than 32 characters."
            )
        if any(key_id == known for known, _ in keys):
            raise ImproperlyConfigured(f"{name} names the key {key_id!r} twice.")
        keys.append((key_id, secret))
    return keys
