"""The site's URLs plus the floor view; used only while ``bench`` runs."""

from django.urls import path

from benchmarks.views import floor
from config.urls import handler400, handler403, handler404, handler500, urlpatterns

urlpatterns = [path("_bench/floor/", floor, name="bench_floor"), *urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
