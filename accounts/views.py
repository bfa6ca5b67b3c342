import time

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import services
from accounts.decorators import programme_manager_required
from accounts.forms import InvitationForm
from accounts.middleware import IdleTimeoutMiddleware, time_left
from accounts.models import Invitation, InvitationRole
from accounts.sign_in_forms import SetPasswordForm


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@programme_manager_required
def invitation_list(request):
    invitations = Invitation.objects.select_related("user", "invited_by").order_by("-sent_at")
    page = Paginator(invitations, 25).get_page(request.GET.get("page"))
    return render(request, "accounts/invitation_list.html", {"page": page})


@programme_manager_required
def invitation_create(request):
    form = InvitationForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invitation_create(
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                invited_by=request.user,
                base_url=_base_url(request),
                record=form.record,
                council=data.get("council"),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if invitation is None:
                role = InvitationRole(data["role"]).label.lower()
                messages.success(
                    request,
                    f"{data['email']} already has an account, so no invitation was sent: "
                    f"the {role} role is now linked to it.",
                )
            else:
                messages.success(request, f"Invitation sent to {data['email']}.")
            return redirect("invitation_list")
    return render(request, "accounts/invitation_form.html", {"form": form})


@programme_manager_required
@require_POST
def invitation_resend(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.invitation_resend(invitation=invitation, base_url=_base_url(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"A new link was sent to {invitation.user.email}.")
    return redirect("invitation_list")


@programme_manager_required
@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The invitation for {invitation.user.email} was revoked.")
    return redirect("invitation_list")


@login_not_required
def invitation_accept(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = SetPasswordForm(user=invitation.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password_form=form)
        except ValidationError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        messages.success(request, "Welcome. Your password is set and you are signed in.")
        return perform_login(request, user, redirect_url=reverse("home"))
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@login_not_required
@require_GET
def session_status(request):
    """How long the session has left, asked by the page before it warns or signs out:
    another tab may have kept the session going. Not counted as activity."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False})
    idle_left, ends_in = time_left(request.session)
    return JsonResponse({"signed_in": True, "idle_left": idle_left, "ends_in": ends_in})


@require_POST
def session_keep_alive(request):
    """The warning's "Stay signed in": activity, so the idle clock starts again
    (the 12 hours in all do not)."""
    request.session[IdleTimeoutMiddleware.KEY] = int(time.time())
    return HttpResponse(status=204)
