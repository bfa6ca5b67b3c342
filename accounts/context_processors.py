from django.utils.functional import SimpleLazyObject

from accounts.access import roles_of


def programme_roles(request):
    """``roles`` in every template, for the navigation: worked out at the first use,
    then kept for the rest of the page (a table may ask it once per row)."""
    user = getattr(request, "user", None)
    return {"roles": SimpleLazyObject(lambda: roles_of(user))}
