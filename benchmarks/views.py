from django.shortcuts import render

from councils.models import Council


def floor(request):
    """The floor: the site's base layout with one query of its own. No page can be
    cheaper than this, so each page's time is compared with it."""
    return render(request, "benchmarks/floor.html", {"councils": Council.objects.count()})
