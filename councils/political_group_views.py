"""A council's political groups, for programme managers: each group, its leader and
its members over time (political group mentoring works with one group)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.decorators import programme_manager_required
from core.forms import add_errors
from councils.models import Council, PoliticalGroup, PoliticalGroupMember
from councils.political_group_forms import MemberAddForm, MemberEndForm, PoliticalGroupForm
from councils.political_groups import (
    political_group_member_add,
    political_group_member_end,
    political_group_save,
)


def _group(request, pk):
    return get_object_or_404(
        PoliticalGroup.objects.visible_to(request.user).select_related(
            "council", "party", "leader"
        ),
        pk=pk,
    )


@programme_manager_required
def political_group_create(request, pk):
    council = get_object_or_404(Council.objects.visible_to(request.user), pk=pk)
    return _group_form(request, PoliticalGroup(council=council))


@programme_manager_required
def political_group_edit(request, pk):
    return _group_form(request, _group(request, pk))


def _group_form(request, group):
    adding = group.pk is None
    form = PoliticalGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            group = political_group_save(form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{group.name} was {'added' if adding else 'saved'}.")
            return redirect("political_group_detail", group.pk)
    return render(
        request,
        "councils/political_group_form.html",
        {"form": form, "group": group, "council": group.council, "adding": adding},
    )


@programme_manager_required
def political_group_detail(request, pk):
    group = _group(request, pk)
    today = timezone.localdate()
    members = list(
        group.memberships.select_related("councillor__party").order_by(
            "councillor__full_name", "-joined_on"
        )
    )
    current = [m for m in members if m.joined_on <= today and (not m.left_on or m.left_on > today)]
    return render(
        request,
        "councils/political_group_detail.html",
        {
            "group": group,
            "current": current,
            "past": [m for m in members if m.left_on and m.left_on <= today],
            "future": [m for m in members if m.joined_on > today],
        },
    )


@programme_manager_required
def political_group_member_create(request, pk):
    group = _group(request, pk)
    form = MemberAddForm(request.POST or None, instance=PoliticalGroupMember(group=group))
    if request.method == "POST" and form.is_valid():
        try:
            member = political_group_member_add(form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{member.councillor} joined {group.name}.")
            return redirect("political_group_detail", group.pk)
    return render(
        request, "councils/political_group_member_form.html", {"form": form, "group": group}
    )


@programme_manager_required
def political_group_member_end_view(request, pk, member_pk):
    group = _group(request, pk)
    member = get_object_or_404(
        group.memberships.select_related("councillor"), pk=member_pk, left_on__isnull=True
    )
    form = MemberEndForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            political_group_member_end(member, left_on=form.cleaned_data["left_on"])
        except ValidationError as error:
            member.left_on = None
            add_errors(form, error)
        else:
            messages.success(request, f"{member.councillor} left {group.name}.")
            return redirect("political_group_detail", group.pk)
    return render(
        request,
        "councils/political_group_member_end.html",
        {"form": form, "group": group, "member": member},
    )
