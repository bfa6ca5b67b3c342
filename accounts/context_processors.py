from accounts.roles import roles_of


def programme_roles(request):
    """``roles`` in every template, for the navigation; worked out lazily."""
    user = getattr(request, "user", None)

    class _Lazy:
        def __getattr__(self, name):
            return getattr(roles_of(user), name)

    return {"roles": _Lazy()}
