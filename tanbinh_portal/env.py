"""Typed readers for settings that come from the environment.

Each helper refuses ambiguous values instead of guessing: a typo in ``DEBUG=ture``
must stop the process, not silently turn debug mode off (or on).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


class EnvError(ValueError):
    """An environment variable holds a value the portal cannot interpret."""


def env_str(name: str, default: str | None = None, *, environ=None) -> str | None:
    environ = os.environ if environ is None else environ
    value = environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_bool(name: str, default: bool, *, environ=None) -> bool:
    raw = env_str(name, None, environ=environ)
    if raw is None:
        return default
    word = raw.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise EnvError(f"{name}={raw!r} is not a boolean; use one of {sorted(TRUE_WORDS | FALSE_WORDS)}")


def env_int(name: str, default: int, *, minimum: int | None = None, environ=None) -> int:
    raw = env_str(name, None, environ=environ)
    if raw is None:
        return default
    try:
        value = int(raw, 10)
    except ValueError:
        raise EnvError(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise EnvError(f"{name}={value} is below the minimum {minimum}")
    return value


def env_list(name: str, default: list[str], *, environ=None) -> list[str]:
    raw = env_str(name, None, environ=environ)
    if raw is None:
        return list(default)
    items = [item.strip() for item in raw.split(",")]
    if any(item == "" for item in items):
        raise EnvError(f"{name}={raw!r} has an empty item; separate values with single commas")
    return items


@dataclass(frozen=True)
class DatabaseConfig:
    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    options: dict | None = None

    def as_django(self) -> dict:
        config = {
            "ENGINE": self.engine,
            "NAME": self.name,
            "USER": self.user,
            "PASSWORD": self.password,
            "HOST": self.host,
            "PORT": self.port,
            "ATOMIC_REQUESTS": False,
            "CONN_MAX_AGE": 0,
        }
        if self.options:
            config["OPTIONS"] = self.options
        return config


def parse_database_url(url: str) -> DatabaseConfig:
    """Turn ``sqlite:////abs/path.sqlite3`` or ``postgres://user:pw@host:5432/name`` into settings."""
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme == "sqlite":
        # sqlite:////abs/path -> path "//abs/path" (netloc empty); sqlite:///rel -> "/rel".
        path = parsed.path
        if parsed.netloc:
            raise EnvError(f"DATABASE_URL {url!r}: a SQLite URL has no host; write sqlite:////absolute/path")
        if path.startswith("//") or path.startswith("/"):
            path = path[1:]
        if not path:
            raise EnvError(f"DATABASE_URL {url!r}: the SQLite file path is missing")
        if path == ":memory:":
            return DatabaseConfig(engine="django.db.backends.sqlite3", name=":memory:")
        return DatabaseConfig(engine="django.db.backends.sqlite3", name=str(Path(path)))
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parsed.path.lstrip("/"))
        if not name:
            raise EnvError(f"DATABASE_URL {url!r}: the database name is missing")
        query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        return DatabaseConfig(
            engine="django.db.backends.postgresql",
            name=name,
            user=unquote(parsed.username or ""),
            password=unquote(parsed.password or ""),
            host=parsed.hostname or "",
            port=str(parsed.port or ""),
            options=query or None,
        )
    raise EnvError(f"DATABASE_URL {url!r}: unsupported scheme {scheme!r}; use sqlite or postgres")


def main(argv: list[str] | None = None) -> int:
    """``python -m tanbinh_portal.env NAME [DEFAULT]``: print a boolean setting as ``true``/``false``.

    Shell scripts and the Makefile ask this instead of comparing strings themselves, so ``DEBUG=1``
    or ``DEBUG=yes`` means there exactly what the settings read; an unreadable value exits with 2.
    """
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2):
        print("usage: python -m tanbinh_portal.env NAME [true|false]", file=sys.stderr)
        return 2
    try:
        default = env_bool("default", False, environ={"default": args[1]}) if len(args) == 2 else False
        print("true" if env_bool(args[0], default) else "false")
    except EnvError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
