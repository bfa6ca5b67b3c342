from allauth.account.forms import ResetPasswordForm
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """People's accounts. Nobody sets another person's password or email address
    here: that would let one person sign in as another and read their pairs'
    confidential notes under their name. A person is sent a reset link instead."""

    ordering = ["full_name", "email"]
    list_display = [
        "email",
        "full_name",
        "is_programme_manager",
        "is_staff",
        "is_active",
        "last_login",
    ]
    list_filter = ["is_programme_manager", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email",)}),
        ("Person", {"fields": ("full_name",)}),
        ("Roles", {"fields": ("is_programme_manager",)}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    actions = ["send_password_reset_link"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("email")
        return fields

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied(
            "Another person's password is not set here: send them a reset link instead."
        )

    @admin.action(description="Send a password reset link to the selected people")
    def send_password_reset_link(self, request, queryset):
        sent = 0
        for user in queryset.filter(is_active=True):
            form = ResetPasswordForm(data={"email": user.email})
            if form.is_valid():
                form.save(request)
                sent += 1
        messages.success(
            request,
            f"A password reset link was sent to {sent} "
            f"{'person' if sent == 1 else 'people'}, at their own email address.",
        )
