"""The one place that reads the environment.

Every setting that can change between machines comes through here. A value
that cannot be understood stops the start with a message that names the
variable, instead of quietly falling back to something else.
"""

import os

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


SECRET_KEY_MISSING = (
    "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long "
    "random string, or set DEBUG=true for local development only."
)


def refuse_to_serve_without_secret_key() -> None:
    """Called as the web server (WSGI/ASGI, so runserver too) and the worker start."""
    from django.conf import settings

    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:
        key = ""
    if not key:
        raise ImproperlyConfigured(SECRET_KEY_MISSING)
