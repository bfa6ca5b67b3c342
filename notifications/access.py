"""Who may see which notifications: every visibility rule of this app."""


def notifications_visible_to(qs, user):
    """Each person sees their own notifications, whatever their roles."""
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(recipient=user)
