"""The site's URLs plus the floor view; used only while ``bench`` runs."""

from django.urls import include, path

from benchmarks.views import floor

urlpatterns = [
    path("_bench/floor/", floor, name="bench_floor"),
    # The site's own URLs, named by their dotted path: no app imports the project's config.
    path("", include("config.urls")),
]

# The root URLconf's error pages: Django reads them from this module, not the included one.
handler400 = "pages.views.bad_request"
handler403 = "pages.views.permission_denied"
handler404 = "pages.views.page_not_found"
handler500 = "pages.views.server_error"
