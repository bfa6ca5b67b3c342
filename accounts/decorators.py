from functools import wraps

from django.http import Http404

from accounts.access import roles_of


def programme_manager_required(view):
    """Pages for programme managers only; to anyone else they do not exist (404)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not roles_of(request.user).is_programme_manager:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
