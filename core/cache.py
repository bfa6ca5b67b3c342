"""Figures summed over many rows (the dashboard's, the budgets'), kept in the cache a
short while. Any change to the rows they count starts a new generation of them at once:
``figures_changed`` is connected to those models' saves and deletes (pages/apps.py), so
a cached figure is never older than the last change, and at most a minute old besides."""

from collections.abc import Callable

from django.core.cache import cache

CACHE_SECONDS = 60
GENERATION_KEY = "figures:generation"


def figures_changed(**kwargs) -> None:
    """A signal receiver: the cached figures are out of date."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache (evicted, or never set)
        cache.set(GENERATION_KEY, 1, None)


def cached_figures(name: str, compute: Callable[[], object]):
    """``compute()``, worked out at most once a minute while nothing it counts changes."""
    generation = cache.get_or_set(GENERATION_KEY, 0, None)
    key = f"figures:{generation}:{name}"
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, CACHE_SECONDS)
    return figures
