from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin signs in through allauth: the same rate limits and MFA.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Councillor mentoring programme: administration"
admin.site.site_title = "Councillor mentoring administration"

urlpatterns = [
    path("", include("pages.urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("councils.urls")),
    path("", include("funding.urls")),
    path("", include("mentoring.urls")),
    path("", include("reviews.urls")),
    path("", include("induction.urls")),
    path("", include("cohorts.urls")),
    path("", include("notifications.urls")),
    path("", include("reports.urls")),
    path("", include("calendars.urls")),
    path("", include("privacy.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "pages.views.bad_request"
handler403 = "pages.views.permission_denied"
handler404 = "pages.views.page_not_found"
handler500 = "pages.views.server_error"
