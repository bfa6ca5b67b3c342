"""The one place that reads the environment.

Every setting that can change between machines comes through here. A value
that cannot be understood stops the start with a message that names the
variable, instead of quietly falling back to something else.
"""

import contextlib
import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

_env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    return os.environ.get(name)


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be true or false (1/0, yes/no, on/off); got {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {number}.")
    return number


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    if value is None or value == "":
        return default
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_db(name: str, default: str) -> dict:
    value = env_str(name, default)
    try:
        config = _env.db_url_config(value)
    except Exception as exc:
        raise ImproperlyConfigured(f"{name} is not a database URL we understand: {exc}") from None
    if not str(config.get("ENGINE", "")).startswith("django.db.backends."):
        raise ImproperlyConfigured(f"{name} names an unknown database kind: {value!r}.")
    return config


def env_cache(name: str, default: str) -> dict:
    value = env_str(name, default)
    try:
        return _env.cache_url_config(value)
    except Exception as exc:
        raise ImproperlyConfigured(f"{name} is not a cache URL we understand: {exc}") from None


def env_email(name: str) -> dict | None:
    value = env_str(name)
    if value is None:
        return None
    try:
        return _env.email_url_config(value)
    except Exception as exc:
        raise ImproperlyConfigured(f"{name} is not an email URL we understand: {exc}") from None


def env_fernet_keys(name: str) -> list[str]:
    """Comma-separated Fernet keys. The message never repeats a key: it is a secret."""
    from cryptography.fernet import Fernet

    keys = env_list(name, [])
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"{name}: key {number} of {len(keys)} is not a Fernet key (44 characters of "
                'URL-safe base64). Make one with: python -c "from cryptography.fernet import '
                'Fernet; print(Fernet.generate_key().decode())"'
            ) from None
    return keys


def development_key(path: Path) -> str:
    """The Fernet key kept in ``path`` for development, made on first start.

    Readable by its owner only. Written under another name and linked into place,
    so two processes starting together agree on one key and neither reads half a file.
    """
    from cryptography.fernet import Fernet

    path = Path(path)
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w") as out:
                out.write(Fernet.generate_key().decode() + "\n")
            # If another process made it first, theirs is the key.
            with contextlib.suppress(FileExistsError):
                os.link(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    key = path.read_text().strip()
    try:
        Fernet(key)
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            f"{path} does not hold a Fernet key; if nothing was ever encrypted with it, "
            "delete it and start again."
        ) from None
    return key


SECRET_KEY_MISSING = (
    "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long "
    "random string, or set DEBUG=true for local development only."
)


def refuse_to_serve_without_keys() -> None:
    """Called as the web server (WSGI/ASGI, so runserver too) and the worker start:
    no signing key, or no key for the confidential text, and nothing is served."""
    from django.conf import settings

    from core.crypto import CONFIDENTIAL_KEYS_MISSING

    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:
        key = ""
    if not key:
        raise ImproperlyConfigured(SECRET_KEY_MISSING)
    if not settings.CONFIDENTIAL_KEYS:
        raise ImproperlyConfigured(CONFIDENTIAL_KEYS_MISSING)
