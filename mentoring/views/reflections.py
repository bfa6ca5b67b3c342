"""A mentee's private reflections: written by them, read by them and their mentor(s)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters

from accounts.access import roles_of
from accounts.models import ConfidentialAccess
from accounts.services import confidential_access_record
from mentoring.access import memberships_of
from mentoring.forms import ReflectionForm
from mentoring.models import Reflection
from mentoring.selectors import with_people


def reflection_list(request):
    reflections = (
        Reflection.objects.readable_by(request.user)
        .select_related("mentee__councillor", "mentee__officer")
        # Only what the page shows: the date, the mentee's name and the text.
        .only(
            *("written_on", "text", "mentee__councillor", "mentee__officer"),
            *("mentee__councillor__full_name", "mentee__officer__full_name"),
        )
        .order_by("-written_on", "-pk")
    )
    page = Paginator(reflections, 20).get_page(request.GET.get("page"))
    confidential_access_record(
        user=request.user,
        kind=ConfidentialAccess.Kind.REFLECTION,
        object_ids=[r.pk for r in page.object_list],
    )
    return render(request, "mentoring/reflection_list.html", {"page": page})


@sensitive_post_parameters("text")
def reflection_create(request):
    r = roles_of(request.user)
    if not r.is_mentee:
        raise Http404
    # The user's own places as a mentee, never another member of their group.
    memberships = memberships_of(request.user)
    memberships = with_people(
        memberships.select_related("placement__council", "placement__mentoring_type")
    )
    form = ReflectionForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your reflection was saved.")
        return redirect("reflection_list")
    return render(request, "mentoring/reflection_form.html", {"form": form})
